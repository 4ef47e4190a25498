/**
 * Every department layout end to end in a spreadsheet: recompute adds our sheets beside the department's (基础数据
 * referring to its figures, reasons and implied deductions; a 绩效指标 sheet referring to its rows), every cached
 * result is stripped, LibreOffice recalculates, and every adopted input, every score, the total and the grade are
 * the engine's — so the live sheet follows the department's cells as the engine read them.
 */
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { frameworkById } from "../src/domain/frameworks";
import type { Framework, Report } from "../src/domain/types";
import { applyPlan, snapshotOf, writeWorkbook } from "../src/hosts/xlsx";
import { names } from "../src/workbook/layout";
import { gradeCellValue, totalCellValue } from "../src/workbook/liveFormulas";
import { readWorkbook } from "../src/workbook/recognize";
import { recompute } from "../src/workbook/recompute";
import { ALL_DEPARTMENT_WORKBOOKS, type Expected } from "./support/departmentWorkbooks";
import { recalculate, type CellValue } from "./support/libreoffice";
import { shownNames } from "./support/shownNames";
import { stripCachedResults } from "./support/templateWorkbook";

const dir = mkdtempSync(join(tmpdir(), "selfeval-layouts-"));

interface Done {
  file: string;
  expected: Expected;
  framework: Framework;
  report: Report;
  /** The inputs adopted by reference, and the deductions implied (分值 − 自评得分), as the engine read them. */
  adopted: Map<string, unknown>;
}

const done: Done[] = [];
const shown = new Map<string, (name: string) => CellValue | undefined>();

beforeAll(async () => {
  for (const [i, { build }] of ALL_DEPARTMENT_WORKBOOKS.entries()) {
    const { workbook: built, expected } = build();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await built.xlsx.writeBuffer()) as ArrayBuffer);
    const snapshot = snapshotOf(workbook);
    const framework = frameworkById(expected.framework)!;
    const reading = readWorkbook(snapshot, framework);
    const result = recompute(snapshot, framework);
    applyPlan(workbook, result.plan);
    const file = join(dir, `layout${i}.xlsx`);
    await writeWorkbook(workbook, file);
    await stripCachedResults(file);
    const adopted = new Map<string, unknown>();
    for (const [key, ref] of reading.inputs) {
      const v = snapshot.sheets.find((s) => s.name === ref.sheet)!.values[ref.row]?.[ref.col];
      adopted.set(key, v);
    }
    for (const [key, { max, self }] of reading.deductions) {
      const at = (r: typeof self) =>
        snapshot.sheets.find((s) => s.name === r.sheet)!.values[r.row]?.[r.col];
      const m = typeof max === "number" ? max : Number(at(max));
      adopted.set(key, Math.round((m - Number(at(self))) * 1e6) / 1e6);
    }
    done.push({ file, expected, framework, report: result.report, adopted });
  }
  const outputs = await recalculate(
    done.map((d) => d.file),
    join(dir, "lo")
  );
  for (const [i, d] of done.entries()) shown.set(d.file, await shownNames(outputs[i]));
  writeFileSync(join(dir, "done"), "");
}, 240_000);

describe.each(ALL_DEPARTMENT_WORKBOOKS.map((w, i) => [w.file, i] as const))("%s", (_, i) => {
  it("LibreOffice shows the engine's every score, the total and the grade", () => {
    const { report, file } = done[i];
    const at = shown.get(file)!;
    for (const r of report.indicators)
      expect([r.id, at(names.score(r.id))]).toEqual([r.id, r.score ?? ""]);
    // A total over an unscored indicator reads 未完整 (a score sheet with no 基础数据 filled: every one).
    expect(at(names.total)).toBe(totalCellValue(report.total, report.complete));
    expect(at(names.grade)).toBe(gradeCellValue(report.grade));
    // Where our 评分表 has a self-total cell beside the department's own 总分, it shows that 总分.
    const { expected } = done[i];
    if (expected.selfTotal && at(names.selfTotal) !== undefined)
      expect(at(names.selfTotal)).toBe(expected.selfTotal.value);
  });

  it("every input adopted from the department's cells computes to the figure the engine read", () => {
    const { adopted, file, expected } = done[i];
    const at = shown.get(file)!;
    for (const [key, cell] of Object.entries(expected.inputs))
      expect([key, at(key)]).toEqual([key, cell.value]);
    for (const [key, value] of adopted) expect([key, at(key)]).toEqual([key, value]);
  });
});

test("the layouts adopt figures and deductions at all (the test above is not empty)", () => {
  const adoptedKeys = done.flatMap((d) => [...d.adopted.keys()]);
  expect(adoptedKeys).toEqual(
    expect.arrayContaining([
      "projectBudget",
      "projectSpent",
      "disclosureDeduction",
      "procurementManagementDeduction",
    ])
  );
  // 广州: 信息公开 4 − 3 and 采购管理 10 − 9 are the deductions, with their reasons: 98 优 as the seed.
  const guangzhou = done.find((d) => d.expected.framework === "guangzhou")!;
  expect(guangzhou.adopted.get("disclosureDeduction")).toBe(1);
  expect([guangzhou.report.total, guangzhou.report.grade]).toEqual([98, "优"]);
});
