/**
 * Our cells over a department's (an adopted 绩效指标 sheet's columns, the 评分表's sum of the rows' 得分) compute
 * in LibreOffice exactly what the engine caches for them, whatever the department's cell holds: an error value of
 * each kind, a date or a time, a number of many digits, text that reads as a number, a boolean, white space.
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { basename, join } from "path";
import ExcelJS from "exceljs";
import { applyPlan, readWorkbook, writeWorkbook } from "../src/hosts/xlsx";
import { recomputeWorkbook } from "../src/workbook/recompute";
import { address, cellValue, getSheet } from "../src/workbook/snapshot";
import {
  dateSerial,
  joinedFormula,
  joinedValue,
  numberTerm,
  numberText,
  showFormula,
  shownValue,
} from "../src/workbook/table/departmentCells";
import { libreOfficeProblems, type Cached } from "./support/fuzzInvariants";
import { recalculate } from "./support/libreoffice";

jest.setTimeout(180_000);

/** A cell's value as LibreOffice saved it: a formula's result. */
const computed = (c: ExcelJS.Cell) => (c.type === ExcelJS.ValueType.Formula ? c.result : c.value);

const ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"];

/** The department's cells, one a row in column A (column B an operator beside some). */
const DEPARTMENT: { value: ExcelJS.CellValue; numFmt?: string; op?: string }[] = [
  { value: 5 },
  { value: 1 / 3 },
  { value: -2.5 },
  { value: 123456789012 },
  { value: 0.1 + 0.2 },
  { value: "≥95%", op: "" },
  { value: 95, op: "≥" },
  { value: 1 / 3, op: "≤" },
  { value: "5分" },
  { value: " 7 " },
  { value: "全面提升" },
  { value: "   " },
  { value: null, op: "≥" },
  { value: true },
  { value: new Date(Date.UTC(2018, 4, 11)), numFmt: "yyyy-mm-dd", op: "≥" },
  { value: new Date(Date.UTC(2024, 4, 1, 8, 30)), numFmt: "yyyy-mm-dd hh:mm" },
  { value: { richText: [{ text: "1" }, { text: "0" }] } },
  ...ERRORS.map((error) => ({ value: { error } as ExcelJS.CellErrorValue, op: "≥" })),
  { value: 12, op: "#DIV/0!" },
];

test("dates read as text are the serial numbers the sheet holds", () => {
  expect(dateSerial("2018-05-11")).toBe(43231);
  expect(dateSerial("1900-03-01")).toBe(61);
  expect(dateSerial("2024-05-01 08:30")).toBeCloseTo(45413 + 8.5 / 24, 10);
  expect(dateSerial("12:00")).toBe(0.5);
  expect(dateSerial("2018-5-11")).toBeUndefined();
  expect(dateSerial("≥95%")).toBeUndefined();
  expect(numberText(1 / 3)).toBe("0.333333333333333");
  expect(numberText(1e20)).toBe("1E+20");
  expect(numberText(0.1 + 0.2)).toBe("0.3");
});

test("LibreOffice computes what the engine caches for our cells over a department's", async () => {
  const dir = mkdtempSync(join(tmpdir(), "selfeval-department-cells-"));
  const workbook = new ExcelJS.Workbook();
  const dept = workbook.addWorksheet("部门 表");
  DEPARTMENT.forEach((d, i) => {
    const cell = dept.getCell(i + 1, 1);
    cell.value = d.value;
    if (d.numFmt) cell.numFmt = d.numFmt;
    if (d.op !== undefined)
      dept.getCell(i + 1, 2).value = d.op.startsWith("#") ? { error: d.op as never } : d.op;
  });
  const input = join(dir, "in.xlsx");
  await workbook.xlsx.writeFile(input);
  // The department's cells as the engine reads them (a date as its text, an error as an error value).
  const snapshot = (await readWorkbook(input)).snapshot;
  const sheet = getSheet(snapshot, "部门 表")!;
  const ours = workbook.addWorksheet("ours");
  const expected = new Map<string, unknown>();
  const put = (address: string, formula: string, result: unknown) => {
    ours.getCell(address).value = {
      formula: formula.replace(/^=/, ""),
    } as ExcelJS.CellFormulaValue;
    expected.set(address, result);
  };
  const terms: ReturnType<typeof numberTerm>[] = [];
  DEPARTMENT.forEach((d, i) => {
    const row = i + 1;
    const [a, b] = [`'部门 表'!A${row}`, `'部门 表'!B${row}`];
    const v = cellValue(sheet, i, 0);
    put(`A${row}`, showFormula(a, v), shownValue(v));
    const parts = d.op === undefined ? [a] : [b, a];
    const values = d.op === undefined ? [v] : [cellValue(sheet, i, 1), v];
    put(`B${row}`, joinedFormula(parts, values), joinedValue(values));
    const term = numberTerm(a, v);
    terms.push(term);
    put(`C${row}`, `=IF(${term.counts},${term.value},"none")`, term.read ?? "none");
  });
  const read = terms.flatMap((t) => (t.read === undefined ? [] : [t.read]));
  put(
    "D1",
    `=IF(OR(${terms.map((t) => t.counts).join(",")}),${terms.map((t) => t.value).join("+")},"")`,
    read.reduce((s, x) => s + x, 0)
  );
  const file = join(dir, "cells.xlsx");
  await workbook.xlsx.writeFile(file);
  const [out] = await recalculate([file], join(dir, "out"));
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(out);
  const sheetBack = back.getWorksheet("ours")!;
  const got = [...expected.keys()].map((address) => {
    const v = computed(sheetBack.getCell(address));
    const plain =
      v && typeof v === "object" && "error" in v ? `error ${String(v.error)}` : (v ?? "");
    // LibreOffice saves 15 significant digits.
    const want = expected.get(address);
    return [
      address,
      typeof plain === "number" &&
      typeof want === "number" &&
      Math.abs(plain - want) <= 1e-12 * Math.max(1, Math.abs(want))
        ? want
        : plain,
    ];
  });
  expect(got).toEqual([...expected.entries()].map(([address, v]) => [address, v]));
  // No cell of ours shows an error, whatever the department's shows.
  expect(got.filter(([, v]) => String(v).startsWith("error"))).toEqual([]);
  // An error's code, a date's text, a number's 15 digits, as the engine reads them.
  expect(expected.get(`A${DEPARTMENT.length - ERRORS.length}`)).toBe("#N/A");
  expect(expected.get("A15")).toBe("2018-05-11");
  expect(expected.get("B15")).toBe("≥2018-05-11");
  expect(expected.get("B8")).toBe("≤0.333333333333333");
  expect(expected.get(`B${DEPARTMENT.length}`)).toBe("#DIV/0!");
});

/** An example recomputed with some cells made errors; the plan's formula cells and their cached results. */
async function recomputedWithErrors(
  dir: string,
  example: string,
  sheetName: string,
  errors: Record<string, string>
): Promise<Cached> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(__dirname, "..", "examples", example));
  const sheet = workbook.getWorksheet(sheetName)!;
  for (const [at, error] of Object.entries(errors))
    sheet.getCell(at).value = { error } as ExcelJS.CellErrorValue;
  const input = join(dir, `${basename(example)}-in.xlsx`);
  await workbook.xlsx.writeFile(input);
  const read = await readWorkbook(input);
  const { plan } = recomputeWorkbook(read.snapshot, undefined);
  applyPlan(read.workbook, plan);
  const file = join(dir, basename(example));
  await writeWorkbook(read.workbook, file);
  const results = new Map<string, unknown>();
  for (const s of plan.sheets)
    for (const c of s.cells)
      if (c.formula !== undefined)
        results.set(
          `${s.name}!${address(c.row, c.col)}`,
          c.result === "" || c.result === undefined ? null : c.result
        );
  return { file, results };
}

/**
 * #NULL! read from a file: Excel's ERROR.TYPE gives 1, LibreOffice's fails (an error). Our formulas take an error
 * whose ERROR.TYPE fails as #NULL!, so both compute what we cache: a row whose cell held #NULL! when Recompute read
 * it is not 请重新计算 while it still does (fuzz: a #NULL! typed on the template's own sheet; seed 1000, a
 * department's 得分 showing #NULL!).
 */
test("LibreOffice computes what we cache over cells holding #NULL! and the other errors", async () => {
  const dir = mkdtempSync(join(tmpdir(), "selfeval-null-error-"));
  const template = await recomputedWithErrors(dir, "深圳-seed001-模板.xlsx", "绩效指标", {
    ...Object.fromEntries(ERRORS.map((error, i) => [`D${4 + i}`, error])),
    E11: "#NULL!",
    H13: "#NULL!",
    F17: "#NULL!",
    G18: "#NULL!",
  });
  const project = await recomputedWithErrors(dir, "项目-一体化导出.xlsx", "绩效指标", {
    I6: "#NULL!",
    E7: "#NULL!",
  });
  // As Excel computes them (ERROR.TYPE(#NULL!) is 1): no row is stale, the department's errors show as codes.
  for (const row of [4, 10, 11, 13, 17, 18])
    expect([row, template.results.get(`绩效指标!J${row}`)]).not.toEqual([row, "请重新计算"]);
  expect(template.results.get("绩效指标!J18")).toBe("反向 ≤");
  expect(project.results.get("绩效指标 (2)!R8")).toBe("#NULL!");
  expect(project.results.get("绩效指标 (2)!D9")).toBe("#NULL!");
  const problems = await libreOfficeProblems([template, project], join(dir, "lo"));
  expect([...problems]).toEqual([
    [template.file, []],
    [project.file, []],
  ]);
});
