/**
 * Property: for random 绩效指标 tables — every operator and unit, numbers typed as text or as numbers, 万元,
 * percentages, weights or none, tiers, 不适用, reasons — the live formulas LibreOffice recalculates show the
 * engine's completion and score on every row, the table's total, 效果性 and the workbook total. All tables
 * go through one LibreOffice run. Seeded, so a failure reproduces.
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import fc from "fast-check";
import type { IndicatorRowInput } from "../src/domain/indicatorTable/scoreTable";
import type { Report } from "../src/domain/types";
import { readWorkbook } from "../src/hosts/xlsx";
import { namedCells } from "../src/workbook/bindTemplate";
import { TABLE_COLS, TABLE_FIRST_ROW, TABLE_SHEET, tableNames } from "../src/workbook/table/layout";
import { address, cellValue, getSheet, type WorkbookSnapshot } from "../src/workbook/snapshot";
import { totalCellValue } from "../src/workbook/liveFormulas";
import { recalculate } from "./support/libreoffice";
import { exampleInputs } from "./support/seeds";
import {
  emptyTextResults,
  stripCachedResults,
  templateFromInputs,
} from "./support/templateWorkbook";

const TABLES = 24;
const dir = mkdtempSync(join(tmpdir(), "selfeval-table-prop-"));

const UNITS = ["", "张", "次", "人次", "小时", "万元", "%"] as const;
const OPS = ["≥", "≤", "=", "", ">=", "<=", "不低于", "不超过"] as const;
const GROUPS = [
  "产出指标 · 数量指标",
  "效益指标 · 社会效益指标",
  "满意度指标 · 服务对象满意度指标",
];

/** A number as a finance user writes it: hundredths, sometimes with a thousands separator. */
const amount = fc.integer({ min: 0, max: 2_000_000 }).map((n) => n / 100);
const written = (v: number, unit: string) =>
  unit === "%" ? `${v}%` : `${v >= 1000 ? v.toLocaleString("en-US") : v}${unit}`;

const numericRow = fc
  .record({
    op: fc.constantFrom(...OPS),
    unit: fc.constantFrom(...UNITS),
    target: amount,
    // Often exactly on the target, the boundary the comparisons must agree on.
    actual: fc.oneof(amount, fc.constant(-1)),
    typedAsNumber: fc.boolean(),
  })
  .map(({ op, unit, target, actual, typedAsNumber }) => {
    const a = actual < 0 ? target : actual;
    // A number typed in a cell: the fraction for a percentage; no unit otherwise (万元 needs its unit).
    const cellNumber = typedAsNumber && unit !== "万元";
    return {
      target: `${op}${written(target, unit)}`,
      actual: cellNumber ? (unit === "%" ? a / 100 : a) : written(a, unit),
    };
  });

// Without a tier, a row is met by the same words or the same trend, else unscored (the table's total blank).
const qualitativeRow = fc
  .record({
    target: fc.constantFrom("提升", "全面提升", "有效提供", "保持稳定", "同比下降"),
    actual: fc.constantFrom("有所提升", "全面提升", "已提供", "同比下降 5%"),
    tier: fc.constantFrom("达成", "部分达成", "未达成", 0.8, undefined),
  })
  .map(({ tier, ...row }) => (tier === undefined ? row : { ...row, tier }));

const row = fc
  .record({
    body: fc.oneof(
      { weight: 6, arbitrary: numericRow },
      { weight: 2, arbitrary: qualitativeRow },
      { weight: 1, arbitrary: fc.constant({ target: "不适用", actual: "不适用" }) }
    ),
    group: fc.constantFrom(...GROUPS),
    weight: fc.option(
      fc.integer({ min: 0, max: 40 }).map((n) => n / 4),
      { nil: undefined }
    ),
    reason: fc.option(fc.constant("受疫情影响"), { nil: undefined }),
  })
  .map(({ body, group, weight, reason }): Omit<IndicatorRowInput, "name"> => ({
    group,
    ...body,
    ...(weight === undefined ? {} : { weight }),
    ...(reason === undefined ? {} : { reason }),
  }));

const tables = fc.sample(
  fc
    .array(row, { minLength: 1, maxLength: 12 })
    .map((rows) => rows.map((r, i) => ({ ...r, name: `指标${i + 1}` }) as IndicatorRowInput)),
  { numRuns: TABLES, seed: 20261202 }
);

/** What the recalculated sheet shows: "" where it computed the empty text, null for no value. */
function shown(
  snapshot: WorkbookSnapshot,
  emptyText: Set<string>,
  sheet: string,
  row: number,
  col: number
) {
  if (sheet === TABLE_SHEET && emptyText.has(address(row, col))) return "";
  const v = cellValue(getSheet(snapshot, sheet)!, row, col);
  return v !== null && typeof v === "object" ? v.error : v;
}

let reports: Report[] = [];
let outputs: string[] = [];

beforeAll(async () => {
  const { effectivenessScore, ...inputs } = exampleInputs("seed000");
  void effectivenessScore;
  const files: string[] = [];
  for (const [i, table] of tables.entries()) {
    const file = join(dir, `table${i}.xlsx`);
    reports.push(
      (await templateFromInputs({ ...inputs, indicators: table }, join(dir, `t${i}.json`), file))
        .report
    );
    await stripCachedResults(file);
    files.push(file);
  }
  outputs = await recalculate(files, join(dir, "lo"));
}, 240_000);

it.each(tables.map((_, i) => i))(
  "random table %i: LibreOffice shows the engine's completion and score on every row, the totals and 效果性",
  async (i) => {
    const report = reports[i];
    const { snapshot } = await readWorkbook(outputs[i]);
    const emptyText = await emptyTextResults(outputs[i], TABLE_SHEET);
    const at = (row: number, col: number) => shown(snapshot, emptyText, TABLE_SHEET, row, col);
    for (const [k, r] of report.indicatorTable!.entries()) {
      const row = TABLE_FIRST_ROW + k;
      const blank = r.direction === "na" && r.weight === 0 ? null : "";
      const label = `${tables[i][k].target} / ${String(tables[i][k].actual)}`;
      expect([label, at(row, TABLE_COLS.score)]).toEqual([label, r.score ?? blank]);
      const completion = at(row, TABLE_COLS.completion);
      if (r.completion === null) expect([label, completion]).toEqual([label, blank]);
      else expect(completion as number).toBeCloseTo(r.completion, 4);
    }
    const named = namedCells(snapshot);
    const value = (name: string) => {
      const ref = named.get(name)!;
      return shown(snapshot, emptyText, ref.sheet, ref.row, ref.col);
    };
    const effectiveness = report.indicators.find((r) => r.id === "effectiveness")!.score;
    // 效果性 from the table when every row that counts is scored; the engine and the sheet agree either way.
    expect(value(tableNames.total("effectivenessScore")) ?? "").toEqual(effectiveness ?? "");
    expect(value("score_effectiveness") ?? "").toEqual(effectiveness ?? "");
    // A total over an unscored indicator reads 未完整, never the partial sum.
    expect(value("score_total")).toBe(totalCellValue(report.total, report.complete));
  }
);

it("the sample covers what it claims: met and unmet rows, each direction, tables that score 效果性 and tables that cannot", () => {
  const rows = reports.flatMap((r) => r.indicatorTable!);
  for (const direction of ["forward", "reverse", "equal", "qualitative", "na"])
    expect(rows.some((r) => r.direction === direction)).toBe(true);
  expect(rows.some((r) => r.met === true)).toBe(true);
  expect(rows.some((r) => r.met === false)).toBe(true);
  expect(
    reports.some((r) => r.indicators.find((x) => x.id === "effectiveness")!.score !== null)
  ).toBe(true);
});
