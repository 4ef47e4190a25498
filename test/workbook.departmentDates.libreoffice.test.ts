/**
 * Dates, scores out of range and text where a department's workbook (or our template) holds a figure or a self
 * score — the fuzz's failures, made fixed cases: what we cache on 基础数据, the 评分表 and beside a department's
 * own score sheet is what LibreOffice computes from the formulas we write. A date is read as the engine reads it
 * (its text, an input to check), never as its serial number; a 自评得分 the engine does not take (out of 0 to
 * the 分值, a date, unreadable text) has no 差异 and adds nothing to the self total.
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import {
  recomputeAllWithLibreOffice,
  type MutatedCase,
  type MutatedOutcome,
} from "./support/mutatedExamples";

jest.setTimeout(240_000);

const dir = mkdtempSync(join(tmpdir(), "selfeval-department-dates-"));

/** A cell shown as a date, in a style of its own (ExcelJS shares one style object among the cells read with it). */
function dateFormatted(cell: ExcelJS.Cell, numFmt = "yyyy-mm-dd"): void {
  cell.style = { ...cell.style, numFmt };
}

const cases: MutatedCase[] = [
  {
    // 刑事案件破案数's 得分 −9.99e15 (seed 457969631); 全年预算数 a date (seed 457969959).
    example: "部门整体-自评表.xlsx",
    name: "department-form",
    mutate: (w) => {
      const sheet = w.getWorksheet("部门整体支出绩效自评表")!;
      sheet.getCell("H16").value = -9.99e15;
      sheet.getCell("D8").value = new Date(Date.UTC(2027, 8, 21));
      dateFormatted(sheet.getCell("D8"));
    },
  },
  {
    // The 预算执行率's 得分 8.43 shown as a date (seed 457969703).
    example: "项目-一体化导出.xlsx",
    name: "project-export",
    mutate: (w) => dateFormatted(w.getWorksheet("预算执行情况")!.getCell("G2")),
  },
  {
    // 广州's own 自评得分 50 and 3 shown as dates, beside its own score sheet (seed 457969847).
    example: "广州-自评表-绩效指标.xlsx",
    name: "guangzhou",
    mutate: (w) => {
      const sheet = w.getWorksheet("自评表")!;
      dateFormatted(sheet.getCell("D4"), 'yyyy"年"m"月"d"日"');
      dateFormatted(sheet.getCell("E7"), 'yyyy"年"m"月"d"日"');
    },
  },
  {
    // A huge actual and target in a department's 绩效指标 table, joined into our text cells (seed 460649132).
    example: "部门整体-一体化导出.xlsx",
    name: "huge-table-figures",
    mutate: (w) => {
      const sheet = w.getWorksheet("部门整体绩效指标")!;
      sheet.getCell("G6").value = -9.99e15;
      sheet.getCell("E5").value = 1e20;
    },
  },
  {
    // Our own template's 自评得分: above the 分值, text that reads as a number, a date, a boolean.
    example: "深圳-seed001-模板.xlsx",
    name: "template",
    mutate: (w) => {
      const sheet = w.getWorksheet("评分表")!;
      sheet.getCell("J5").value = 60;
      sheet.getCell("J6").value = "2分";
      dateFormatted(sheet.getCell("J7"));
      sheet.getCell("J8").value = true;
      // No 自评总分 typed: ours is the sum of the self scores.
      sheet.getCell("J26").value = null;
    },
  },
  {
    // Our own 基础数据 inputs shown as dates (seeds 461585855, 461925926): 年初预算数 in 2024年5月1日's format,
    // 调整后预算数 a number past Excel's last date (########: a number, too large), 绩效指标明确性 2's 1 as yyyy-mm-dd.
    example: "深圳-seed001-模板.xlsx",
    name: "template-inputs",
    mutate: (w) => {
      const sheet = w.getWorksheet("基础数据")!;
      dateFormatted(sheet.getCell("B21"), 'yyyy"年"m"月"d"日"');
      sheet.getCell("B22").value = 5e9;
      dateFormatted(sheet.getCell("B22"));
      dateFormatted(sheet.getCell("B16"));
    },
  },
  {
    // A department's 全年预算数 of −9.99e15 shown as a date: ######## in Excel, a number all the same.
    example: "部门整体-自评表.xlsx",
    name: "department-past-dates",
    mutate: (w) => {
      const sheet = w.getWorksheet("部门整体支出绩效自评表")!;
      sheet.getCell("D8").value = -9.99e15;
      dateFormatted(sheet.getCell("D8"));
    },
  },
];

let outcomes: MutatedOutcome[];
let problems: Map<string, string[]>;

beforeAll(async () => {
  ({ outcomes, problems } = await recomputeAllWithLibreOffice(dir, cases));
});

test("LibreOffice computes every formula we write as we cached it", () => {
  for (const o of outcomes)
    expect([o.cached.file, problems.get(o.cached.file)]).toEqual([o.cached.file, []]);
});

test("a self score out of range has no 差异; a date in a figure is the engine's input to check", () => {
  const { cached, result } = outcomes[0];
  // 产出指标's self score, the sum of its rows' 得分, is −9.99e15: the engine refuses it, in figures a person
  // reads, and compares nothing: the 差异 is blank.
  const refused = result.report.errors.find((e) => e.cell === "评分表!J6");
  expect(refused?.message).toMatch(/应在 0 到 50 分之间，现为“-9\.99×10¹⁵”/);
  expect(cached.results.get("评分表!K6")).toBeNull();
  // 全年预算数 shows the date as the engine read it, and its 状态 says to check it.
  expect(cached.results.get("基础数据!B8")).toBe("2027-09-21");
  expect(cached.results.get("基础数据!D8")).toBe("请检查");
  const error = result.report.errors.find((e) => e.cell === "基础数据!B8");
  expect(error?.message).toMatch(/单元格中是日期 2027-09-21/);
});

test("a self score shown as a date is its text on our 评分表, never its serial number", () => {
  const { cached } = outcomes[1];
  expect(cached.results.get("评分表!J5")).toBe("1900-01-07 10:19:12");
  expect(cached.results.get("评分表!K5")).toBeNull();
});

test("a deduction over a 分值 or a 自评得分 shown as a date shows that date, to check", () => {
  const { cached, result } = outcomes[2];
  const basics = [...cached.results].filter(([key]) => key.startsWith("基础数据!"));
  const dates = basics.filter(([, v]) => typeof v === "string" && /^1900-/.test(v));
  expect(dates.map(([, v]) => v).sort()).toEqual(["1900-01-02", "1900-02-18"]);
  for (const [key] of dates)
    expect(result.report.errors.find((e) => e.cell === key)?.message).toMatch(/是日期/);
});

test("our own 自评得分: one out of range, a date or a boolean has no 差异 and adds nothing to the self total", () => {
  const { cached, result } = outcomes[4];
  expect(cached.results.get("评分表!K5")).toBeNull();
  // "2分" reads as 2, as the engine reads it.
  const h6 = result.report.indicators[1].score!;
  expect(cached.results.get("评分表!K6")).toBe(Math.round((2 - h6) * 100) / 100);
  expect(cached.results.get("评分表!K7")).toBeNull();
  expect(cached.results.get("评分表!K8")).toBeNull();
  const taken = result.report.indicators.flatMap((r) =>
    r.selfScore === undefined ? [] : [r.selfScore]
  );
  expect(taken).not.toContain(60);
  expect(taken).toContain(2);
  const sum = Math.round(taken.reduce((a, b) => a + b, 0) * 100) / 100;
  expect(result.selfTotal).toBe(sum);
  expect(cached.results.get("评分表!J26")).toBe(sum);
});

test("a figure of 10^15 or more joins into our 绩效指标 text as Excel writes it, in LibreOffice too", () => {
  const texts = [...outcomes[3].cached.results.values()].filter(
    (v): v is string => typeof v === "string" && /E\+/.test(v)
  );
  expect(texts.sort()).toEqual(["-9.99E+15", "≤1E+20"]);
});

test("a number shown as a date in our own 基础数据 is the engine's input to check while the cell holds it", () => {
  const { cached, result } = outcomes[5];
  for (const cell of ["B21", "B22", "B16"]) {
    expect([cell, cached.results.get(`基础数据!D${cell.slice(1)}`)]).toEqual([cell, "请检查"]);
    expect([cell, cached.results.get(`基础数据!G${cell.slice(1)}`)]).toEqual([cell, false]);
    expect(result.report.errors.some((e) => e.cell === `基础数据!${cell}`)).toBe(true);
  }
});

test("a department's number past Excel's last date stays that number, in its cell and as read", async () => {
  const { cached, result } = outcomes[6];
  // ExcelJS made it an invalid Date and wrote it back as NaN (LibreOffice: #NUM!); now the number is kept.
  const written = new ExcelJS.Workbook();
  await written.xlsx.readFile(cached.file);
  expect(written.getWorksheet("部门整体支出绩效自评表")!.getCell("D8").value).toBe(-9.99e15);
  expect(cached.results.get("基础数据!B8")).toBe(-9.99e15);
  expect(cached.results.get("基础数据!D8")).toBe("请检查");
  expect(result.report.errors.some((e) => e.cell === "基础数据!B8")).toBe(true);
});
