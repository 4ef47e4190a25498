/**
 * Recompute on real .xlsx files through the ExcelJS host: idempotence, inputs never written, 撤销 restoring
 * exactly, and a department's own score sheet (seed 001's layout) recognized whole and left intact.
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs } from "../src/domain/model";
import { applyPlan, readWorkbook, snapshotOf, writeWorkbook } from "../src/hosts/xlsx";
import { readBackup, restorePlan } from "../src/workbook/backup";
import { namedCells } from "../src/workbook/bindTemplate";
import { BACKUP_SHEET } from "../src/workbook/layout";
import { FRAMEWORK_SHEET } from "../src/workbook/frameworkChoice";
import { recompute } from "../src/workbook/recompute";
import { recognizeScoreSheet } from "../src/workbook/recognize";
import { address, parseRef, type WorkbookSnapshot } from "../src/workbook/snapshot";
import { templatePlan } from "../src/workbook/template";
import type { WritePlan } from "../src/workbook/writePlan";
import { SEED001_SELF_TOTAL, SEED001_SHEET, writeSeed001Workbook } from "./support/seed001Workbook";
import { exampleInputs } from "./support/seeds";
import { contents } from "./support/snapshotContents";
import { recomputeFile } from "./support/recomputeFile";

const dir = mkdtempSync(join(tmpdir(), "selfeval-recompute-"));

/** A scored template written to disk, as `selfeval template --input` makes it. */
async function templateFile(name: string, inputs: Record<string, unknown>): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  applyPlan(workbook, templatePlan(shenzhen, inputs));
  applyPlan(workbook, recompute(snapshotOf(workbook), shenzhen, { backup: false }).plan);
  const path = join(dir, name);
  await writeWorkbook(workbook, path);
  return path;
}

/** Recompute a file into another, as `selfeval recompute` does. */

const writesTo = (plan: WritePlan) =>
  new Set(plan.sheets.flatMap((s) => s.cells.map((c) => `${s.name}!${address(c.row, c.col)}`)));

describe("recompute on the standard template", () => {
  it("is idempotent: a second run changes no cell and writes no backup", async () => {
    const input = await templateFile("idem.xlsx", exampleInputs("seed001"));
    const first = await recomputeFile(input, join(dir, "idem-1.xlsx"));
    const second = await recomputeFile(join(dir, "idem-1.xlsx"), join(dir, "idem-2.xlsx"));
    expect(first.changedCells).toBe(0); // the template already holds these formulas and explanations
    expect(second.changedCells).toBe(0);
    expect(second.plan.sheets.some((s) => s.name === BACKUP_SHEET)).toBe(false);
    const a = (await readWorkbook(join(dir, "idem-1.xlsx"))).snapshot;
    const b = (await readWorkbook(join(dir, "idem-2.xlsx"))).snapshot;
    expect(contents(b)).toEqual(contents(a));
    expect(b.names).toEqual(a.names);
    expect(second.report.total).toBe(95.22);
  });

  it("never writes an input cell, and leaves every input exactly as it was", async () => {
    const input = await templateFile("inputs.xlsx", exampleInputs("seed000"));
    const before = (await readWorkbook(input)).snapshot;
    const result = await recomputeFile(input, join(dir, "inputs-out.xlsx"));
    const after = (await readWorkbook(join(dir, "inputs-out.xlsx"))).snapshot;
    const cells = namedCells(before);
    const written = writesTo(result.plan);
    for (const def of frameworkInputs(shenzhen)) {
      const ref = cells.get(def.key)!;
      const label = `${ref.sheet}!${address(ref.row, ref.col)}`;
      expect(written.has(label)).toBe(false);
      const sheetBefore = before.sheets.find((s) => s.name === ref.sheet)!;
      const sheetAfter = after.sheets.find((s) => s.name === ref.sheet)!;
      expect([def.key, sheetAfter.values[ref.row][ref.col]]).toEqual([
        def.key,
        sheetBefore.values[ref.row][ref.col],
      ]);
    }
  });

  it("puts back a score the user typed over the formula, and 撤销 restores the user's number exactly", async () => {
    const input = await templateFile("typed-over.xlsx", exampleInputs("seed001"));
    const { workbook } = await readWorkbook(input);
    const cells = namedCells(snapshotOf(workbook));
    const fc = cells.get("score_financialCompliance")!;
    workbook.getWorksheet(fc.sheet)!.getCell(fc.row + 1, fc.col + 1).value = 3; // the user's own "3"
    await writeWorkbook(workbook, join(dir, "typed-over-user.xlsx"));
    const before = (await readWorkbook(join(dir, "typed-over-user.xlsx"))).snapshot;

    const result = await recomputeFile(
      join(dir, "typed-over-user.xlsx"),
      join(dir, "typed-over-recomputed.xlsx")
    );
    expect(result.changedCells).toBe(1);
    const recomputed = await readWorkbook(join(dir, "typed-over-recomputed.xlsx"));
    const sheet = recomputed.snapshot.sheets.find((s) => s.name === fc.sheet)!;
    expect(sheet.formulas[fc.row][fc.col]).toMatch(/^=IF\(AND\(ok_/);
    expect(sheet.values[fc.row][fc.col]).toBe(2.24);
    expect(recomputed.snapshot.sheets.find((s) => s.name === BACKUP_SHEET)?.hidden).toBe(true);

    const entries = readBackup(recomputed.snapshot)!;
    applyPlan(recomputed.workbook, restorePlan(recomputed.snapshot, entries));
    await writeWorkbook(recomputed.workbook, join(dir, "typed-over-restored.xlsx"));
    const restored = (await readWorkbook(join(dir, "typed-over-restored.xlsx"))).snapshot;
    expect(contents(restored)).toEqual(contents(before));
    expect(restored.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
  });

  it("撤销 puts back an error value left over a formula as the error, not its text (fuzz seed 461051733)", async () => {
    const input = await templateFile("error-over.xlsx", exampleInputs("seed001"));
    const { workbook } = await readWorkbook(input);
    const fc = namedCells(snapshotOf(workbook)).get("score_financialCompliance")!;
    workbook.getWorksheet(fc.sheet)!.getCell(fc.row + 1, fc.col + 1).value = { error: "#NULL!" };
    await writeWorkbook(workbook, join(dir, "error-over-user.xlsx"));
    const before = (await readWorkbook(join(dir, "error-over-user.xlsx"))).snapshot;
    await recomputeFile(join(dir, "error-over-user.xlsx"), join(dir, "error-over-recomputed.xlsx"));
    const recomputed = await readWorkbook(join(dir, "error-over-recomputed.xlsx"));
    applyPlan(
      recomputed.workbook,
      restorePlan(recomputed.snapshot, readBackup(recomputed.snapshot)!)
    );
    await writeWorkbook(recomputed.workbook, join(dir, "error-over-restored.xlsx"));
    const restored = (await readWorkbook(join(dir, "error-over-restored.xlsx"))).snapshot;
    const sheet = restored.sheets.find((s) => s.name === fc.sheet)!;
    expect(sheet.values[fc.row][fc.col]).toEqual({ error: "#NULL!" });
    expect(sheet.formulas[fc.row][fc.col]).toBeNull();
    expect(contents(restored)).toEqual(contents(before));
  });
});

describe("a department's own score sheet in seed 001's layout", () => {
  const original = join(dir, "seed001-own.xlsx");
  let before: WorkbookSnapshot;

  beforeAll(async () => {
    await writeSeed001Workbook(original);
    before = (await readWorkbook(original)).snapshot;
  });

  it("is recognized whole: all 21 indicators, names broken over lines or spaced, the self-reported scores and total", () => {
    const recognized = recognizeScoreSheet(before, shenzhen)!;
    expect(recognized.sheet).toBe(SEED001_SHEET);
    expect(recognized.missing).toEqual([]);
    expect(recognized.rows.map((r) => r.indicatorId)).toEqual(shenzhen.indicators.map((i) => i.id));
    expect(recognized.rows.find((r) => r.indicatorId === "financialCompliance")?.selfScore).toBe(3);
    expect(recognized.selfTotal).toBe(SEED001_SELF_TOTAL);
    expect(recognized.department).toBe("深圳市公安局刑事警察支队");
  });

  it("recompute adds 基础数据 and three columns beside the department's own, and changes none of its cells", async () => {
    const result = await recomputeFile(original, join(dir, "seed001-adopted.xlsx"));
    const after = (await readWorkbook(join(dir, "seed001-adopted.xlsx"))).snapshot;
    const kept = contents(before);
    const now = contents(after);
    for (const [cell, content] of Object.entries(kept))
      expect([cell, now[cell]]).toEqual([cell, content]);
    expect(after.sheets.map((s) => s.name)).toEqual([
      "自评表",
      SEED001_SHEET,
      "附件",
      "基础数据",
      FRAMEWORK_SHEET,
      BACKUP_SHEET,
    ]);
    const sheet = after.sheets.find((s) => s.name === SEED001_SHEET)!;
    // On the last header row (名称 / 参考分值), right above the first indicator.
    expect(sheet.values[3].slice(9, 12)).toEqual(["计算得分", "差异", "计算说明"]);
    // Inputs are blank: nothing can be scored yet, and the report says what is missing.
    expect(result.report.indicators.every((r) => r.score === null)).toBe(true);
    expect(result.report.errors.length).toBeGreaterThan(20);
    expect(result.selfTotal).toBe(SEED001_SELF_TOTAL);
    expect(result.department).toBe("深圳市公安局刑事警察支队");
  });

  it("once 基础数据 is filled, scores 财务合规性 2.24 beside the department's 3 and flags the difference", async () => {
    const adopted = await readWorkbook(join(dir, "seed001-adopted.xlsx"));
    const cells = namedCells(adopted.snapshot);
    const inputs = exampleInputs("seed001");
    const values = templatePlan(shenzhen, inputs).sheets[0]; // the normalized values the template would hold
    const layoutValue = new Map(
      values.cells.filter((c) => c.col === 1).map((c) => [c.row, c.value])
    );
    for (const def of frameworkInputs(shenzhen)) {
      const ref = cells.get(def.key)!;
      const value = layoutValue.get(ref.row);
      if (value !== undefined && value !== null)
        adopted.workbook.getWorksheet(ref.sheet)!.getCell(ref.row + 1, ref.col + 1).value = value;
    }
    await writeWorkbook(adopted.workbook, join(dir, "seed001-filled.xlsx"));
    const result = await recomputeFile(
      join(dir, "seed001-filled.xlsx"),
      join(dir, "seed001-scored.xlsx")
    );
    expect(result.report.total).toBe(95.22);
    expect(result.report.errors).toEqual([]);
    const fc = result.report.indicators.find((r) => r.id === "financialCompliance")!;
    expect(fc).toMatchObject({ score: 2.24, selfScore: 3 });
    const scored = (await readWorkbook(join(dir, "seed001-scored.xlsx"))).snapshot;
    const ref = parseRef(scored.names.find((n) => n.name === "score_financialCompliance")!.ref)!;
    const sheet = scored.sheets.find((s) => s.name === ref.sheet)!;
    expect([ref.sheet, ref.col]).toEqual([SEED001_SHEET, 9]);
    expect(sheet.values[ref.row][9]).toBe(2.24); // 计算得分
    expect(sheet.values[ref.row][10]).toBe(0.76); // 差异
    expect(sheet.values[ref.row][8]).toBe(3); // the department's own score, untouched
    expect(String(sheet.values[ref.row][11])).toContain("超出 10% 上限 7.63 个百分点");
    expect(
      result.report.breaches.find((b) => b.metric === "selfScore_financialCompliance")?.cell
    ).toBe(`${SEED001_SHEET}!I${ref.row + 1}`);
    // The department's sheet keeps its own scores and total; ours sit beside them.
    const original = contents(before);
    const now = contents(scored);
    for (const [cell, content] of Object.entries(original))
      expect([cell, now[cell]]).toEqual([cell, content]);
  });

  it("撤销 after adopting removes 基础数据, the three columns, the names and the backup: the workbook is as it was", async () => {
    const adopted = await readWorkbook(join(dir, "seed001-adopted.xlsx"));
    applyPlan(adopted.workbook, restorePlan(adopted.snapshot, readBackup(adopted.snapshot)!));
    await writeWorkbook(adopted.workbook, join(dir, "seed001-restored.xlsx"));
    const restored = (await readWorkbook(join(dir, "seed001-restored.xlsx"))).snapshot;
    expect(contents(restored)).toEqual(contents(before));
    expect(restored.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
    expect(restored.names).toEqual(before.names);
  });

  it("flags a reported total that is not the sum of the reported scores", async () => {
    const { workbook } = await readWorkbook(original);
    const sheet = workbook.getWorksheet(SEED001_SHEET)!;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === "综合评分") row.getCell(9).value = 96.5;
    });
    const result = recompute(snapshotOf(workbook), shenzhen);
    const breach = result.report.breaches.find((b) => b.metric === "selfTotal");
    expect(breach?.message).toBe("自评总分 96.5 与各项自评得分之和 95.98 不一致");
    expect(breach?.cell).toMatch(new RegExp(`^${SEED001_SHEET}!I\\d+$`));
  });
});

describe("a workbook with no score sheet", () => {
  it("fails with a plain Chinese message", () => {
    const snapshot: WorkbookSnapshot = {
      sheets: [{ name: "Sheet1", values: [["预算", 1]], formulas: [[null, null]], merges: [] }],
      names: [],
    };
    expect(() => recompute(snapshot, shenzhen)).toThrow("没有找到评分表");
  });
});

describe("cached results round as the sheet's ROUND does", () => {
  it("a self-reported 0.015 against 2.24 caches the difference −2.23 (Excel's ROUND, half away from zero), not −2.22", () => {
    const { applyToSnapshot, EMPTY_WORKBOOK } =
      require("../src/workbook/applyToSnapshot") as typeof import("../src/workbook/applyToSnapshot");
    const snapshot = applyToSnapshot(
      EMPTY_WORKBOOK,
      templatePlan(shenzhen, exampleInputs("seed001"), undefined, "zh", {
        financialCompliance: 0.015,
      })
    );
    const result = recompute(snapshot, shenzhen, { backup: false });
    const cells = result.plan.sheets.find((s) => s.name === "评分表")!.cells;
    // K10: the 差异 of 财务合规性's row, over its 自评得分 J10 and 得分 H10.
    const difference = cells.find((c) => c.row === 9 && c.col === 10);
    expect(difference?.formula).toContain("ROUND(J10-H10,2)");
    expect(difference?.result).toBe(-2.23);
    expect(result.selfTotal).toBe(0.02); // ROUND(SUM(…),2) of the one reported score
  });
});
