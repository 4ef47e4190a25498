/**
 * The 绩效指标 sheet's formulas follow the framework's `tableScoring`: workbooks written by `selfeval template
 * --input` under national (财预〔2020〕10号), linear (the provincial rule) and a city's tier ranges, recalculated by
 * LibreOffice with every cached result stripped, show the engine's completion and score on every row, the table's
 * total, 效果性 and the workbook total — for the boundary cases of each set and for random tables with tiers, 得分
 * and weights. The breaches name their cells, and the sheet stays live when a 得分 or a tier is changed.
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import type { IndicatorRowInput } from "../src/domain/indicatorTable/scoreTable";
import type { TableScoringSpec } from "../src/domain/indicatorTable/tableScoring";
import type { Framework, Report } from "../src/domain/types";
import { readWorkbook, snapshotOf } from "../src/hosts/xlsx";
import { namedCells } from "../src/workbook/bindTemplate";
import { recompute } from "../src/workbook/recompute";
import { totalCellValue } from "../src/workbook/liveFormulas";
import {
  STALE_ROW,
  STALE_TABLE,
  TABLE_COLS,
  TABLE_FIRST_ROW,
  TABLE_SHEET,
  tableNames,
} from "../src/workbook/table/layout";
import { address, cellValue, getSheet } from "../src/workbook/snapshot";
import { recalculate } from "./support/libreoffice";
import { exampleInputs } from "./support/seeds";
import {
  emptyTextResults,
  stripCachedResults,
  templateFromInputs,
} from "./support/templateWorkbook";

const dir = mkdtempSync(join(tmpdir(), "selfeval-table-scoring-"));
const FED = tableNames.total("effectivenessScore");

const under = (tableScoring: TableScoringSpec): Framework => ({ ...shenzhen, tableScoring });
const FRAMEWORKS: Record<string, Framework> = {
  national: shenzhen,
  linear: under("linear"),
  city: under({ tiers: { 达成: [0.8, 1], 部分达成: [0.5, 0.8], 未达成: [0, 0.5] } }),
};

/** seed 000's inputs with 效果性 left blank, so the table feeds it. */
const inputs = () => {
  const { effectivenessScore, ...rest } = exampleInputs("seed000");
  void effectivenessScore;
  return rest;
};

const G = "产出指标 · 数量指标";
const Q = "效益指标 · 社会效益指标";
/** The boundary cases of every set, each row of 分值 10 (so a 得分 of 8 is 80 % of it). */
const BOUNDARY: IndicatorRowInput[] = [
  ...["100起", "101起", "199起", "200起", "201起", "300起"].map((actual) => ({
    target: "≤100起",
    actual,
  })),
  { target: "≤0起", actual: "1起" },
  { target: "0 发生", actual: "0 发生" },
  { target: "=0%", actual: "0.3%" },
  { target: "=0%", actual: "-1%" },
  { target: "=100%", actual: "99.5%" },
  { target: "≥100场次", actual: "99场次" },
  { target: "≥100场次", actual: "129.9场次" },
  { target: "≥100场次", actual: "130场次", reason: "—" },
  { target: "≥100场次", actual: "135场次", reason: "无" },
  ...(
    [
      ["部分达成", 8],
      ["部分达成", 7.99],
      ["部分达成", 6],
      ["部分达成", 5.99],
      ["部分达成", 5],
      ["达成", 7.99],
      ["达成", "9分"],
      ["未达成", 6],
      ["未达成", undefined],
      [undefined, 8],
      [undefined, 5.99],
      [undefined, 4.99],
      [undefined, 12],
    ] as [string | undefined, number | string | undefined][]
  ).map(([tier, selfScore]) => ({
    group: Q,
    target: "有效提供",
    actual: "为案件提供线索",
    ...(tier === undefined ? {} : { tier }),
    ...(selfScore === undefined ? {} : { selfScore }),
  })),
  // A quantitative row whose 得分 is above its 分值.
  { target: "≥1次", actual: "1次", selfScore: 10.5 },
].map((row, i) => ({
  group: G,
  name: `边界${i + 1}`,
  weight: 10,
  reason: "已说明",
  ...row,
}));

/* ---------- random tables, as the existing property test draws them, with 得分 and tiers ---------- */

const amount = fc.integer({ min: 0, max: 2_000_000 }).map((n) => n / 100);
const UNITS = ["", "张", "次", "小时", "万元", "%"] as const;
const OPS = ["≥", "≤", "=", "", "不低于", "不超过"] as const;
const written = (v: number, unit: string) =>
  unit === "%" ? `${v}%` : `${v >= 1000 ? v.toLocaleString("en-US") : v}${unit}`;
const numericRow = fc
  .record({
    op: fc.constantFrom(...OPS),
    unit: fc.constantFrom(...UNITS),
    target: amount,
    // Often on the target, at twice it, or at 130 % of it: the boundaries the sets differ on.
    actual: fc.oneof(
      { weight: 1, arbitrary: amount },
      { weight: 1, arbitrary: fc.constantFrom(-1, -2, -2.5, -1.3, -1.5) }
    ),
    typedAsNumber: fc.boolean(),
  })
  .map(({ op, unit, target, actual, typedAsNumber }) => {
    const a = actual >= 0 ? actual : Math.round(target * -actual * 100) / 100;
    const cellNumber = typedAsNumber && unit !== "万元";
    return {
      target: `${op}${written(target, unit)}`,
      actual: cellNumber ? (unit === "%" ? a / 100 : a) : written(a, unit),
    };
  });
const qualitativeRow = fc
  .record({
    target: fc.constantFrom("提升", "全面提升", "有效提供", "同比下降"),
    actual: fc.constantFrom("有所提升", "全面提升", "已提供", "同比下降 5%"),
    tier: fc.constantFrom("达成", "部分达成", "未达成", 0.8, "75%", undefined),
  })
  .map(({ tier, ...row }) => (tier === undefined ? row : { ...row, tier }));
const row = fc
  .record({
    body: fc.oneof(
      { weight: 5, arbitrary: numericRow },
      { weight: 4, arbitrary: qualitativeRow },
      { weight: 1, arbitrary: fc.constant({ target: "不适用", actual: "不适用" }) }
    ),
    weight: fc.option(
      fc.integer({ min: 0, max: 40 }).map((n) => n / 4),
      { nil: undefined }
    ),
    // A 得分 in points: inside the tiers, on their edges, above the 分值, typed as text.
    selfScore: fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 120 }).map((n) => n / 10),
        fc.constantFrom(0.6, 0.8, 1.2, 1.6, 2, 4.8, 6, 8),
        fc.integer({ min: 0, max: 10 }).map((n) => `${n}分`)
      ),
      { nil: undefined }
    ),
    reason: fc.option(fc.constantFrom("受疫情影响", "无"), { nil: undefined }),
  })
  .map(({ body, weight, selfScore, reason }): Omit<IndicatorRowInput, "name"> => ({
    group: G,
    ...body,
    ...(weight === undefined ? {} : { weight }),
    ...(selfScore === undefined ? {} : { selfScore }),
    ...(reason === undefined ? {} : { reason }),
  }));
const randomTables = (seed: number, count: number) =>
  fc.sample(
    fc
      .array(row, { minLength: 1, maxLength: 10 })
      .map((rows) => rows.map((r, i) => ({ ...r, name: `指标${i + 1}` }) as IndicatorRowInput)),
    { numRuns: count, seed }
  );

interface Case {
  name: string;
  set: string;
  rows: IndicatorRowInput[];
}
const CASES: Case[] = [
  ...Object.keys(FRAMEWORKS).map((set) => ({ name: `boundary-${set}`, set, rows: BOUNDARY })),
  ...randomTables(20261204, 10).map((rows, i) => ({
    name: `national-${i}`,
    set: "national",
    rows,
  })),
  ...randomTables(20261205, 10).map((rows, i) => ({ name: `linear-${i}`, set: "linear", rows })),
  ...randomTables(20261206, 4).map((rows, i) => ({ name: `city-${i}`, set: "city", rows })),
];

/** What the recalculated sheet shows: "" where it computed the empty text, null for no value. */
async function shownOf(file: string) {
  const { snapshot } = await readWorkbook(file);
  const emptyText = await emptyTextResults(file, TABLE_SHEET);
  const at = (sheet: string, row: number, col: number) => {
    if (sheet === TABLE_SHEET && emptyText.has(address(row, col))) return "";
    const v = cellValue(getSheet(snapshot, sheet)!, row, col);
    return v !== null && typeof v === "object" ? v.error : v;
  };
  const named = (name: string) => {
    const ref = namedCells(snapshot).get(name)!;
    return at(ref.sheet, ref.row, ref.col);
  };
  return { at: (row: number, col: number) => at(TABLE_SHEET, row, col), named, snapshot };
}

interface Built {
  report: Report;
  file: string;
  shown: Awaited<ReturnType<typeof shownOf>>;
}
const built = new Map<string, Built>();

beforeAll(async () => {
  const files: string[] = [];
  const reports: Report[] = [];
  for (const c of CASES) {
    const file = join(dir, `${c.name}.xlsx`);
    const { report } = await templateFromInputs(
      { ...inputs(), indicators: c.rows },
      join(dir, `${c.name}.json`),
      file,
      FRAMEWORKS[c.set]
    );
    await stripCachedResults(file);
    files.push(file);
    reports.push(report);
  }
  const outputs = await recalculate(files, join(dir, "lo"));
  for (const [i, c] of CASES.entries())
    built.set(c.name, { report: reports[i], file: files[i], shown: await shownOf(outputs[i]) });
}, 300_000);

/** The sheet as LibreOffice computed it against the engine's report, row by row and in total. */
function expectSheetIsEngine(report: Report, shown: Built["shown"], rows: IndicatorRowInput[]) {
  for (const [k, r] of report.indicatorTable!.entries()) {
    const row = TABLE_FIRST_ROW + k;
    const blank = r.direction === "na" && r.weight === 0 ? null : "";
    const label = `${rows[k].name}: ${String(rows[k].target)} / ${String(rows[k].actual)} / ${String(rows[k].tier ?? "")} / ${String(rows[k].selfScore ?? "")}`;
    expect([label, shown.at(row, TABLE_COLS.score)]).toEqual([label, r.score ?? blank]);
    const completion = shown.at(row, TABLE_COLS.completion);
    if (r.completion === null) expect([label, completion]).toEqual([label, blank]);
    else expect([label, completion as number]).toEqual([label, expect.closeTo(r.completion, 4)]);
  }
  const effectiveness = report.indicators.find((r) => r.id === "effectiveness")!.score;
  expect(shown.named(FED) ?? "").toEqual(effectiveness ?? "");
  expect(shown.named("score_effectiveness") ?? "").toEqual(effectiveness ?? "");
  expect(shown.named("score_total")).toBe(totalCellValue(report.total, report.complete));
}

it.each(CASES.map((c) => [c.name, c]))(
  "%s: LibreOffice shows the engine's completion and score on every row, the table's total, 效果性 and the total",
  (name, c) => {
    const { report, shown } = built.get(name as string)!;
    expect(report.tableScoring!.base).toBe((c as Case).set === "linear" ? "linear" : "national");
    expectSheetIsEngine(report, shown, (c as Case).rows);
  }
);

describe("the boundary cases, as each set scores them", () => {
  const scores = (set: string, from: number, to: number) =>
    built
      .get(`boundary-${set}`)!
      .report.indicatorTable!.slice(from, to)
      .map((r) => r.completion);

  it("reverse rows at, just above, just below twice, at twice and beyond twice the target", () => {
    // ≤100起 against 100, 101, 199, 200, 201, 300.
    expect(scores("national", 0, 6)).toEqual([1, 0.9901, 0.5025, 0.5, 0.4975, 0.3333]);
    expect(scores("linear", 0, 6)).toEqual([1, 0.99, 0.01, 0, 0, 0]);
  });

  it("an = 0 target: 0.3 % met and −1 % at 99 % under national; the reverse under linear", () => {
    expect(scores("national", 8, 10)).toEqual([1, 0.99]);
    expect(scores("linear", 8, 10)).toEqual([0, 1]);
  });

  it("a city's ranges take a 得分 of 5 as 部分达成 (50 %), 财预〔2020〕10号 flags it and scores 70 %", () => {
    const row = (set: string) => built.get(`boundary-${set}`)!.report.indicatorTable![19];
    expect([row("city").completion, row("national").completion]).toEqual([0.5, 0.7]);
  });
});

describe("Done when: a workbook under linear reports each finding with its cell", () => {
  const cellOf = (k: number, col: number) => `${TABLE_SHEET}!${address(TABLE_FIRST_ROW + k, col)}`;
  const index = (name: string) => BOUNDARY.findIndex((r) => r.name === name);
  const breaches = () => built.get("boundary-linear")!.report.breaches;

  it("a 得分 outside its tier's range, at the 得分's cell, with the range", () => {
    const k = index("边界16"); // 部分达成 with 得分 8 (80 %: 达成's)
    expect(breaches()).toContainEqual(
      expect.objectContaining({
        metric: "tierRange",
        severity: "amber",
        cell: cellOf(k, TABLE_COLS.selfScore),
        message: expect.stringContaining("不在“部分达成”的区间 60%–80%（含 60%）内"),
      })
    );
  });

  it("an unexplained 135 % completion (its reason 无), at the reason's cell; 130 % exactly (—) too, not 129.9 %", () => {
    const over = breaches().filter((b) => b.metric === "overCompletion");
    expect(over.map((b) => b.cell)).toEqual([
      cellOf(index("边界14"), TABLE_COLS.reason),
      cellOf(index("边界15"), TABLE_COLS.reason),
    ]);
    expect(over[1].message).toContain("完成值为目标的 135%");
  });

  it("a 得分 above its 分值, at its cell", () => {
    const above = breaches().filter((b) => b.metric === "selfScoreAboveWeight");
    expect(above.map((b) => b.cell)).toEqual([
      cellOf(index("边界28"), TABLE_COLS.selfScore),
      cellOf(index("边界29"), TABLE_COLS.selfScore),
    ]);
  });

  it("a table whose 分值 do not add up to 效果性's 25, at the first row's 分值", () => {
    expect(breaches()).toContainEqual(
      expect.objectContaining({
        metric: "weightSum",
        cell: cellOf(0, TABLE_COLS.weight),
        message: "绩效指标表各行分值合计 290 分，与满分 25 分不符（已按比例折算）",
      })
    );
  });

  it("the 得分 column is headed, and the tiers offered are the framework's", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(built.get("boundary-city")!.file);
    const sheet = workbook.getWorksheet(TABLE_SHEET)!;
    expect(sheet.getCell(TABLE_FIRST_ROW, TABLE_COLS.selfScore + 1).value).toBe("自评得分（原表）");
    const validation = sheet.getCell(TABLE_FIRST_ROW + 1, TABLE_COLS.tier + 1).dataValidation;
    expect(validation.formulae).toEqual(['"达成,部分达成,未达成"']);
    expect(validation.prompt).toContain("部分达成 50%–80%（含 50%），只填档次按 65%");
  });
});

describe("the sheet stays live under linear", () => {
  it("a 得分 moved out of its tier, a tier changed and a 得分 typed: the scores follow as the engine computes them", async () => {
    const framework = FRAMEWORKS.linear;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(built.get("boundary-linear")!.file);
    const sheet = workbook.getWorksheet(TABLE_SHEET)!;
    const at = (name: string, col: number) =>
      sheet.getCell(TABLE_FIRST_ROW + 1 + BOUNDARY.findIndex((r) => r.name === name), col + 1);
    at("边界17", TABLE_COLS.selfScore).value = 9; // 部分达成 7.99 → 9: outside, the tier's 70 %
    at("边界18", TABLE_COLS.tier).value = "达成"; // 部分达成 6 → 达成 with 6: outside, 100 %
    at("边界24", TABLE_COLS.selfScore).value = 2; // 未达成 without a 得分 → 2: inside
    at("边界25", TABLE_COLS.selfScore).value = 6.5; // no tier, 8 → 6.5: 部分达成
    at("边界2", TABLE_COLS.actual).value = 150; // a reverse row's actual as a number: live, linear to 50 %
    // What the engine makes of these edits alone: the total the sheet must show with 边界1 edited too.
    const kept = recompute(snapshotOf(workbook), framework).report;
    at("边界1", TABLE_COLS.actual).value = "150起"; // and as text: its last score until Recompute
    const file = join(dir, "live.xlsx");
    await workbook.xlsx.writeFile(file);
    await stripCachedResults(file);
    const [out] = await recalculate([file], join(dir, "lo-live"));
    const shown = await shownOf(out);
    const engine = recompute(snapshotOf(workbook), framework).report;
    const edited = BOUNDARY.map((r) => r.name);
    const score = (name: string) =>
      shown.at(TABLE_FIRST_ROW + edited.indexOf(name), TABLE_COLS.score);
    const engineScore = (name: string) => engine.indicatorTable![edited.indexOf(name)].score;
    for (const name of ["边界17", "边界18", "边界24", "边界25", "边界2"])
      expect([name, score(name)]).toEqual([name, engineScore(name)]);
    expect(engine.indicatorTable![edited.indexOf("边界17")].completion).toBe(0.7);
    expect(engine.indicatorTable![edited.indexOf("边界2")].completion).toBe(0.5);
    // The edited text waits for the next Recompute: its row keeps its last score, says so, and the total is the
    // one of the other edits alone.
    const before = built.get("boundary-linear")!.report.indicatorTable![edited.indexOf("边界1")];
    expect(score("边界1")).toBe(before.score);
    expect(shown.at(TABLE_FIRST_ROW + edited.indexOf("边界1"), TABLE_COLS.direction)).toBe(
      STALE_ROW.zh
    );
    expect(shown.at(TABLE_FIRST_ROW + edited.indexOf("边界2"), TABLE_COLS.direction)).not.toBe(
      STALE_ROW.zh
    );
    // (The boundary table holds a row the engine cannot score, so its total is blank either way.)
    const keptTotal = kept.indicators.find((r) => r.id === "effectiveness")!.score;
    expect(shown.named(FED) ?? "").toBe(keptTotal ?? "");
    expect(shown.named(tableNames.stale("effectivenessScore"))).toBe(STALE_TABLE.zh);
    expect(engine.indicatorTable![edited.indexOf("边界1")].score).not.toBe(before.score);
  }, 120_000);
});

/** Every row of the sample is scored by a formula LibreOffice computes: the sample is not vacuous. */
it("the random tables cover 得分 inside and outside their tiers, reverse rows beyond twice the target, 130 %", () => {
  const reports = CASES.filter((c) => !c.name.startsWith("boundary")).map(
    (c) => built.get(c.name)!.report
  );
  const metrics = reports.flatMap((r) => r.breaches.map((b) => b.metric));
  for (const metric of ["tierRange", "selfScoreAboveWeight", "overCompletion", "deviationReason"])
    expect([metric, metrics.includes(metric)]).toEqual([metric, true]);
  const rows = reports.flatMap((r) => r.indicatorTable!);
  expect(
    rows.some((r) => r.direction === "qualitative" && r.explanation.includes("自评得分"))
  ).toBe(true);
  expect(rows.some((r) => r.direction === "reverse" && r.completion === 0)).toBe(true);
  expect(
    reports.some((r) => r.indicators.find((x) => x.id === "effectiveness")!.score !== null)
  ).toBe(true);
});
