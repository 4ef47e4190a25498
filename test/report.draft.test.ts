/**
 * The 自评报告 drafted from a workbook's recompute (src/report/draft.ts), checked on its document model: the
 * conclusion in the seeds' words, one 存在的主要问题 item per breach with its figure and rule, the department's own
 * words quoted as written, the narrative left as places to fill, a missing name or year asked for; and the command
 * line's refusals. The Word file itself is checked through LibreOffice in report.docx.test.ts.
 */
import { existsSync, mkdtempSync, readdirSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PRESETS } from "../src/domain/frameworks";
import { formatPoints } from "../src/domain/i18n";
import { readWorkbook } from "../src/hosts/xlsx";
import { documentText, placeholdersOf, type ReportDocument } from "../src/report/document";
import { draftReport } from "../src/report/draft";
import { recomputeWorkbook } from "../src/workbook/recompute";
import { workbookFacts } from "../src/workbook/reportFacts";
import { runCli } from "./support/cli";

const EXAMPLES = join(__dirname, "..", "examples");
const dir = mkdtempSync(join(tmpdir(), "selfeval-report-draft-"));

async function drafted(file: string, lang: "zh" | "en" = "zh") {
  const { snapshot } = await readWorkbook(join(EXAMPLES, file));
  const result = recomputeWorkbook(snapshot, undefined, { lang, backup: false });
  const framework = result.choice.framework;
  const facts = workbookFacts(snapshot, result, framework, lang);
  const doc = draftReport(result.report, framework, facts, lang);
  return { report: result.report, framework, facts, doc, text: documentText(doc) };
}

/** The paragraphs numbered 1. 2. … (the problems found), as text. */
const numbered = (doc: ReportDocument) =>
  doc.blocks.flatMap((b) =>
    b.kind === "paragraph" && "text" in b.runs[0] && /^\d+\. /.test(b.runs[0].text)
      ? [b.runs.map((r) => ("text" in r ? r.text : "")).join("")]
      : []
  );

const SEED001 = "深圳-seed001-模板.xlsx";
const SEED004 = "项目-自评表.xlsx";

describe("存在的主要问题: one item per breach, with its figure and the rule it breaks", () => {
  it.each([SEED001, SEED004, "广州-自评表.xlsx"])("%s", async (file) => {
    const { report, framework, doc, text } = await drafted(file);
    const items = numbered(doc);
    expect(items).toHaveLength(report.breaches.length);
    report.breaches.forEach((b, i) => {
      expect(items[i]).toContain(b.message.replace(/[。.]$/, ""));
      const def = framework.indicators.find((d) => d.id === b.indicator);
      if (def) expect(items[i]).toContain(def.criteria.zh.replace(/[。.]$/, ""));
    });
    if (!report.breaches.length) expect(text).toContain("未发现");
  });

  it("seed 001's figures break the 10% adjustment limit and the 编外人员 limit, among others", async () => {
    const { report } = await drafted(SEED001);
    expect(report.breaches.map((b) => b.metric)).toEqual(
      expect.arrayContaining(["adjustmentRate", "contractStaffRate"])
    );
  });
});

describe("自评结论 and the tables, from the recompute", () => {
  it.each([
    [SEED001, "深圳市公安局刑事警察支队2023年度部门整体支出绩效自评报告"],
    [SEED004, "广州市越秀区公安分局2023年部门整体支出绩效自评报告"],
  ])(
    "%s: the title from the workbook, the total and the grade in the seeds' words",
    async (file, title) => {
      const { report, doc, text } = await drafted(file);
      expect(report.complete).toBe(true);
      expect(text.split("\n")[0]).toBe(title);
      expect(placeholdersOf(doc)).not.toContain("部门名称");
      expect(text).toContain(
        `2023年度部门整体支出绩效自评结果为 ${formatPoints(report.total)} 分，评价等级为${report.grade}。`
      );
      for (const r of report.indicators)
        expect(text).toContain(`${r.name}\t${formatPoints(r.max)}\t${formatPoints(r.score!)}`);
      expect(text).toContain(`合计\t\t\t100\t${formatPoints(report.total)}`);
    }
  );

  it("a row not met is listed in words with its figures and the department's 偏差原因, quoted as written", async () => {
    const { report, facts, text } = await drafted(SEED004);
    const unmet = report.indicatorTable!.filter((r) => r.met === false);
    expect(unmet.map((r) => r.name)).toEqual(["发放及时率"]);
    const written = facts.tableRows!.find((r) => r.name === "发放及时率")!;
    expect(text).toContain(
      `（1）发放及时率：年度指标值 ${String(written.target)}，实际完成值 ${String(written.actual)}，完成 94.74%，得 ${formatPoints(unmet[0].score!)} 分`
    );
    expect(text).toContain(`偏差原因：“${String(written.reason)}”。`);
  });

  it("the department's 扣分原因 stand in the 评分表 as it typed them", async () => {
    const { report, facts, text } = await drafted("广州-自评表.xlsx");
    const reasons = Object.entries(facts.values).filter(
      ([key, v]) => key.endsWith("DeductionReason") && typeof v === "string" && v.trim()
    );
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    for (const [key, reason] of reasons) {
      const id = key.replace(/DeductionReason$/, "");
      const row = report.indicators.find((r) => r.id === id)!;
      expect(text).toContain(
        `${row.name}\t${formatPoints(row.max)}\t${formatPoints(row.score!)}\t${reason}`
      );
    }
  });
});

describe("what only the department knows is left to fill, highlighted", () => {
  const narrative = ["部门职能", "年度总体工作", "履职效能分析", "改进措施", "结果应用"];

  it.each(["shenzhen", "guangzhou", "project"])(
    "%s: 部门职能, 年度总体工作, 履职效能分析, 改进措施, 结果应用",
    async (id) => {
      const { report, facts } = await drafted(SEED004);
      const asks = placeholdersOf(draftReport(report, PRESETS[id], facts));
      for (const word of narrative) expect(asks.some((a) => a.includes(word))).toBe(true);
    }
  );

  it("county: its seed's sections ask for the year's work, the analysis, the improvements and the use of the results", async () => {
    const { report, facts } = await drafted(SEED004);
    const asks = placeholdersOf(draftReport(report, PRESETS.county, facts));
    for (const word of ["年度部门总目标", "履职效能分析", "改进措施", "结果应用"])
      expect(asks.some((a) => a.includes(word))).toBe(true);
  });

  it("a workbook without its department's name or year: the title asks for them", async () => {
    const { report, framework, facts } = await drafted(SEED004);
    const doc = draftReport(report, framework, {
      ...facts,
      department: undefined,
      year: undefined,
    });
    expect(doc.title).toEqual([
      { ask: "部门名称" },
      { ask: "年度" },
      { text: "年部门整体支出绩效自评报告" },
    ]);
  });

  it("a workbook whose figures are missing: the scores so far, what they wait for, the grade left open", async () => {
    const { report, doc, text } = await drafted("深圳-seed001.xlsx");
    expect(report.complete).toBe(false);
    expect(text).toContain(`已计分的 ${report.scored} 项指标（共 ${report.indicatorCount} 项）`);
    expect(text).toContain(`其余 ${report.indicatorCount - report.scored} 项指标缺少数据`);
    expect(text).toContain(`部门在评分表中填报的自评总分为 95.98 分`);
    expect(placeholdersOf(doc)).toContain("评价等级");
    expect(placeholdersOf(doc).some((a) => a.includes(report.toFill[0].label))).toBe(true);
  });

  it("in English with --lang en", async () => {
    const { doc, text } = await drafted(SEED004, "en");
    expect(text).toContain("Under the indicators of");
    expect(placeholdersOf(doc)).toContain("the department's functions");
    expect(text).not.toContain("待填写");
  });
});

describe("selfeval report on the command line", () => {
  const input = join(EXAMPLES, SEED004);

  it("writes the document, says what it holds, and leaves no temporary file", async () => {
    const out = join(dir, "written", "报告.docx");
    const { code, stdout, stderr } = await runCli([
      "report",
      input,
      "-o",
      out,
      "--department",
      "越秀区分局",
    ]);
    expect(stderr).toBe(""); // the workbook gives its year; the department is given
    // One line, the framework on it (as recompute says it).
    expect([code, stdout.split("\n").filter(Boolean).length]).toEqual([0, 1]);
    expect(stdout).toMatch(
      /^已写入 .*报告\.docx：自评结果 97\.38 分，优，存在的主要问题 2 项，待部门填写 \d+ 处.*；评分框架：.+\n$/
    );
    expect(readdirSync(join(dir, "written"))).toEqual(["报告.docx"]);
  });

  it.each([
    [
      "-o 报告.xlsx",
      ["report", input, "-o", join(dir, "报告.xlsx")],
      "输出文件须以 .docx 结尾（现为",
    ],
    ["no workbook", ["report", "-o", join(dir, "报告.docx")], "report 需要一个输入工作簿"],
    [
      "--year 去年",
      ["report", input, "-o", join(dir, "x.docx"), "--year", "去年"],
      "--year 应为年份，如 2023",
    ],
    ["a second file without -o", ["report", input, join(dir, "x.docx")], "多余的参数"],
    ["--json", ["report", input, "-o", join(dir, "x.docx"), "--json"], "report 不接受选项 --json"],
  ])("refuses %s in plain words (exit 2), writing nothing", async (_what, args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(existsSync(join(dir, "x.docx"))).toBe(false);
  });
});
