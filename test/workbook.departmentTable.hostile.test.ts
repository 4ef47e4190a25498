/**
 * A department's 绩效指标 table under hostile cells (the fuzz's failures, made fixed cases): what we cache on our
 * 绩效指标 sheet and on the 评分表 is what LibreOffice computes from the formulas we write, and the engine names
 * a department's cell showing an error.
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { address } from "../src/workbook/snapshot";
import { TABLE_COLS } from "../src/workbook/table/layout";
import {
  recomputeAllWithLibreOffice,
  type MutatedCase,
  type MutatedOutcome,
} from "./support/mutatedExamples";
import { writeSeed001Workbook } from "./support/seed001Workbook";

jest.setTimeout(240_000);

const dir = mkdtempSync(join(tmpdir(), "selfeval-department-hostile-"));

/** A date in a cell, formatted as one in a style of its own. */
function dated(cell: ExcelJS.Cell, d: Date): void {
  cell.value = d;
  cell.style = { ...cell.style, numFmt: "yyyy-mm-dd" };
}

/** Not an example file: seed 001's workbook with its 绩效指标 table (13 rows share 25 points), written here. */
const SEED001_WITH_TABLE = join(dir, "seed001-table.xlsx");

const cases: MutatedCase[] = [
  { example: "项目-一体化导出.xlsx", name: "project", mutate: () => undefined },
  {
    example: "项目-一体化导出.xlsx",
    name: "project-errors",
    mutate: (w) => {
      const sheet = w.getWorksheet("绩效指标")!;
      sheet.getCell("E7").value = { error: "#NUM!" } as ExcelJS.CellErrorValue;
      sheet.getCell("D10").value = { error: "#DIV/0!" } as ExcelJS.CellErrorValue;
      sheet.getCell("C6").value = new Date(Date.UTC(2018, 4, 11));
      sheet.getCell("C6").numFmt = "yyyy-mm-dd";
    },
  },
  {
    example: "部门整体-一体化导出.xlsx",
    name: "department-text-score",
    mutate: (w) => {
      const sheet = w.getWorksheet("部门整体绩效指标")!;
      sheet.getCell("I3").value = { richText: [{ text: "1" }, { text: "0" }] };
      sheet.getCell("I4").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    },
  },
  { example: SEED001_WITH_TABLE, name: "seed001-table", mutate: () => undefined },
  {
    // Dates and errors typed on our own 绩效指标 sheet: a date is the text the engine reads, not a number.
    example: "深圳-seed001-模板.xlsx",
    name: "template-dates",
    mutate: (w) => {
      const sheet = w.getWorksheet("绩效指标")!;
      // A style of its own: ExcelJS shares one style object among the cells read with it.
      const date = (a: string, d: Date) => dated(sheet.getCell(a), d);
      date("E5", new Date(Date.UTC(2029, 2, 27)));
      date("G6", new Date(Date.UTC(2020, 0, 1)));
      date("D7", new Date(Date.UTC(2029, 2, 27)));
      sheet.getCell("H8").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
      sheet.getCell("D9").value = { error: "#VALUE!" } as ExcelJS.CellErrorValue;
      sheet.getCell("G10").value = { error: "#REF!" } as ExcelJS.CellErrorValue;
    },
  },
];

let outcomes: MutatedOutcome[];
let problems: Map<string, string[]>;

beforeAll(async () => {
  await writeSeed001Workbook(SEED001_WITH_TABLE, { indicatorTable: true });
  ({ outcomes, problems } = await recomputeAllWithLibreOffice(dir, cases));
});

test("LibreOffice computes every formula we write as we cached it", () => {
  for (const o of outcomes)
    expect([o.cached.file, problems.get(o.cached.file)]).toEqual([o.cached.file, []]);
});

test("weights and completions are cached unrounded, as the formulas compute them", () => {
  // Seed 001's 13 rows share 25 points: 25/13 each, not 1.9231.
  const weights = [...outcomes[3].cached.results]
    .filter(([key]) => /^绩效指标!N\d+$/.test(key))
    .map(([, v]) => v);
  expect(weights.length).toBeGreaterThan(10);
  expect(weights.filter((w) => w !== 0 && w !== null && w !== 25 / 13)).toEqual([]);
  // 发放及时率: 90% of a 95% target, not 0.9474.
  const completion = outcomes[0].cached.results.get("绩效指标 (2)!M6");
  expect(completion).toBeCloseTo(18 / 19, 12);
  expect(completion).not.toBe(0.9474);
});

test("a department's error shows as its code on our sheet, and the engine names the department's cell", () => {
  const { cached, result } = outcomes[1];
  const target = `绩效指标 (2)!${address(8, TABLE_COLS.target)}`;
  expect(cached.results.get(target)).toBe("#NUM!");
  expect(cached.results.get(`绩效指标 (2)!${address(11, TABLE_COLS.target)}`)).toBe("#DIV/0!");
  // A date in the name column shows the date the engine read, not its serial number.
  expect(cached.results.get(`绩效指标 (2)!${address(7, TABLE_COLS.name)}`)).toBe("2018-05-11");
  const named = result.report.breaches.filter((b) => b.metric === "cellError");
  expect(named.map((b) => b.cell).sort()).toEqual(["绩效指标!D10", "绩效指标!E7"]);
  expect(named.every((b) => /显示错误值 #(NUM|DIV\/0)!，请检查原表/.test(b.message))).toBe(true);
  // Neither row is scored (an error is no prose for a tier): the indicators they feed stay unscored.
  const rows = result.report.indicatorTable!;
  expect(rows.filter((r) => r.score === null)).toHaveLength(2);
});

test("dates and errors typed on our own sheet: the rows are not stale, the weight is 1", () => {
  const { cached, result } = outcomes[4];
  for (const row of [4, 5, 6, 8, 9])
    expect([row, cached.results.get(`绩效指标!J${row + 1}`)]).not.toEqual([row, "请重新计算"]);
  expect(cached.results.get("绩效指标!Q6")).toBe(1);
  expect(cached.results.get("绩效指标!Q10")).toBe(1);
  expect(result.report.breaches.filter((b) => b.metric === "cellError").map((b) => b.cell)).toEqual(
    expect.arrayContaining(["绩效指标!H8", "绩效指标!G10"])
  );
});

test("the 评分表 self score of a table-fed indicator sums the 得分 that read as numbers, text too", () => {
  const { cached } = outcomes[2];
  // 产出指标's rows: 15 + "10" (text) + #N/A (no number) + 15.
  expect(cached.results.get("评分表!J6")).toBe(40);
});
