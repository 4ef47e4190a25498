/**
 * `selfeval recompute` on a department's own workbook says what it recognized: the table read, the self scores'
 * column and total, the 绩效指标 table, the figures taken by reference, and every row that matched no indicator
 * with what to do about it — in the text report (Chinese, English) and in the JSON (`recognized`).
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { renderRecognized, rowSpan, unmatchedLine } from "../src/cli/textReport";
import { PRESETS } from "../src/domain/frameworks";
import type { RecognizedReport } from "../src/domain/types";
import { runCli } from "./support/cli";
import { buildShenzhenScoreSheet } from "./support/departmentWorkbooks";

const EXAMPLES = join(__dirname, "..", "examples");
const dir = mkdtempSync(join(tmpdir(), "selfeval-cli-recognized-"));
const UNMATCHED = join(EXAMPLES, "深圳-评分表-未匹配行.xlsx");
const PROJECT = join(EXAMPLES, "项目-自评表.xlsx");
const SHEET = "部门整体支出绩效评分表";

async function recompute(input: string, ...flags: string[]) {
  const out = join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
  return runCli(["recompute", input, "-o", out, ...flags]);
}

/** The report's lines before the first blank line: the framework's name, then what was recognized. */
const head = (stdout: string) => stdout.split("\n\n")[0].split("\n");

describe("recompute on a department's own workbook says what it recognized", () => {
  it("the unmatched example: the score sheet, its header rows, 20 of 21 rows, the self scores and total, and C15 not matched", async () => {
    const { stdout } = await recompute(UNMATCHED);
    expect(head(stdout)).toEqual([
      "深圳市部门整体支出绩效评价共性指标体系",
      `识别：${SHEET} 第 3–4 行表头，21 项指标中读到 20 项，自评得分在 D 列，自评合计在 D27`,
      "未能对应的行（1）：",
      `  ${SHEET}!C15 “办公用房管理”——框架中没有相近的指标；如果它是一项指标，请改用框架中的名称，或在框架文件的 aliases 中加入这个名称`,
    ]);
  });

  it("the same in English", async () => {
    const { stdout } = await recompute(UNMATCHED, "--lang", "en");
    expect(head(stdout).slice(1)).toEqual([
      `Recognized: ${SHEET}, header rows 3–4, 20 of 21 indicators, self scores in column D, self total in D27`,
      "Rows not matched (1):",
      `  ${SHEET}!C15 "办公用房管理" — no indicator of the framework is close; if it is one, use the framework's name, or add this name to the aliases in the framework file`,
    ]);
  });

  it("--json carries `recognized`: sheet, header rows, column roles, each row's match, the self total, C15 unmatched", async () => {
    const { stdout } = await recompute(UNMATCHED, "--json");
    const recognized = JSON.parse(stdout).recognized as RecognizedReport;
    expect(recognized).toMatchObject({
      sheet: SHEET,
      headerRows: [3, 4],
      selfTotal: `${SHEET}!D27`,
      inputs: [],
      unmatched: [{ cell: `${SHEET}!C15`, text: "办公用房管理" }],
    });
    // 办公用房管理 is near no indicator's name: no nearest is offered rather than a wrong one.
    expect(recognized.unmatched[0].nearest).toBeUndefined();
    expect(recognized.columns).toContainEqual({
      column: "D",
      role: "selfScore",
      header: "自评得分",
    });
    expect(recognized.rows).toHaveLength(20);
    expect(recognized.rows.map((r) => r.cell)).not.toContain(`${SHEET}!C15`);
    expect(recognized.rows[0]).toEqual({
      cell: `${SHEET}!C5`,
      matched: "budgetRationality（预算编制合理性）",
      selfScore: 5,
    });
  });

  it("a name near an indicator's gets the nearest name; a second row naming the same indicator is a duplicate", async () => {
    const { workbook } = buildShenzhenScoreSheet();
    const ws = workbook.getWorksheet(SHEET)!;
    const name = (cell: string) => String(ws.getCell(cell).value).replace(/\s+/g, "");
    expect(name("C15")).toBe("固定资产利用率");
    ws.getCell("C15").value = "固定资产利用";
    expect(name("C14")).toBe("资产管理安全性");
    ws.getCell("C16").value = "资产管理安全性";
    const input = join(dir, "近似与重复.xlsx");
    await workbook.xlsx.writeFile(input);

    const json = JSON.parse((await recompute(input, "--json")).stdout)
      .recognized as RecognizedReport;
    expect(json.unmatched).toEqual([
      { cell: `${SHEET}!C15`, text: "固定资产利用", nearest: "固定资产利用率" },
      { cell: `${SHEET}!C16`, text: "资产管理安全性", duplicateOf: `${SHEET}!C14` },
    ]);
    const lines = head((await recompute(input)).stdout);
    expect(lines.slice(2)).toEqual([
      "未能对应的行（2）：",
      `  ${SHEET}!C15 “固定资产利用”——最接近的指标是“固定资产利用率”，请改用框架中的名称，或在框架文件的 aliases 中加入这个名称`,
      `  ${SHEET}!C16 “资产管理安全性”——与 ${SHEET}!C14 重复，只读取了先出现的一行`,
    ]);
    const en = head((await recompute(input, "--lang", "en")).stdout);
    expect(en.slice(3)).toEqual([
      `  ${SHEET}!C15 "固定资产利用" — the nearest indicator is "固定资产利用率"; use the framework's name, or add this name to the aliases in the framework file`,
      `  ${SHEET}!C16 "资产管理安全性" — repeats ${SHEET}!C14; only the first is read`,
    ]);
  });

  it("项目-自评表: the 绩效指标 table read and the three budget figures adopted by reference, in text and JSON", async () => {
    const { stdout } = await recompute(PROJECT);
    const sheet = "项目支出绩效自评表";
    expect(head(stdout).slice(1)).toEqual([
      `识别：绩效指标表 ${sheet} 第 12 行表头，9 行，自评得分在 H 列（表头“得分”），自评合计在 H22`,
      `  引用原表数据：年初预算数 ← ${sheet}!C6、全年预算数 ← ${sheet}!D6、全年执行数 ← ${sheet}!E6`,
    ]);
    const en = head((await recompute(PROJECT, "--lang", "en")).stdout);
    expect(en[2]).toBe(
      `  Figures taken from the workbook: initial budget ← ${sheet}!C6, full-year budget ← ${sheet}!D6, full-year spending ← ${sheet}!E6`
    );
    const recognized = JSON.parse((await recompute(PROJECT, "--json")).stdout)
      .recognized as RecognizedReport;
    expect(recognized.inputs).toEqual([
      { input: "projectBudgetInitial", cell: `${sheet}!C6` },
      { input: "projectBudget", cell: `${sheet}!D6` },
      { input: "projectSpent", cell: `${sheet}!E6` },
    ]);
    expect(recognized.indicatorTable).toEqual({ sheet, headerRows: [12], rows: 9 });
    expect(recognized.unmatched).toEqual([]);
  });

  it("广州's 自评表 with its 绩效指标 sheet: both tables, one line each", async () => {
    const { stdout } = await recompute(join(EXAMPLES, "广州-自评表-绩效指标.xlsx"));
    expect(head(stdout).slice(1)).toEqual([
      "识别：自评表 第 3 行表头，8 项指标，自评得分在 E 列，自评合计在 E12",
      "  绩效指标表：绩效指标 第 2 行表头，10 行",
    ]);
  });

  it("the standard template has no such section", async () => {
    const template = join(dir, "模板.xlsx");
    await runCli(["template", "--input", join(EXAMPLES, "seed000.json"), "-o", template]);
    const { stdout } = await recompute(template);
    expect(stdout).not.toContain("识别：");
    expect(JSON.parse((await recompute(template, "--json")).stdout).recognized).toBeUndefined();
  });
});

describe("the recognized section's words", () => {
  it("an ambiguous row names both indicators", () => {
    const row = {
      cell: "评分表!C9",
      text: "预算编制",
      ambiguous: ["预算编制合理性", "预算编制规范性"],
    };
    expect(unmatchedLine(row, "zh")).toBe(
      "评分表!C9 “预算编制”——同时符合“预算编制合理性”“预算编制规范性”，请改用框架中的完整名称，或在框架文件的 aliases 中加入能区分它们的名称"
    );
    expect(unmatchedLine(row, "en")).toMatch(
      /^评分表!C9 "预算编制" — matches "预算编制合理性" and "预算编制规范性" alike;/
    );
  });

  it("header rows as a span", () => {
    expect(rowSpan([3], "zh")).toBe("第 3 行");
    expect(rowSpan([4, 3], "zh")).toBe("第 3–4 行");
    expect(rowSpan([2, 4], "en")).toBe("rows 2, 4");
  });

  it("several self-score columns (一级 / 二级 得分): none is named", () => {
    const recognized: RecognizedReport = {
      sheet: "自评表",
      headerRows: [3],
      columns: [
        { column: "B", role: "selfScore", header: "一级指标 / 得分" },
        { column: "D", role: "selfScore", header: "二级指标 / 得分" },
      ],
      rows: [{ cell: "自评表!C4", matched: "x" }],
      inputs: [],
      unmatched: [],
    };
    expect(renderRecognized(recognized, PRESETS.guangzhou, "zh")).toEqual([
      "识别：自评表 第 3 行表头，8 项指标中读到 1 项",
    ]);
  });
});
