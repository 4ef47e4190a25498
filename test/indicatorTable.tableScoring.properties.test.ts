/**
 * Properties of the 绩效指标 table under every rule set: a row scores within [0, its weight]; a forward row's score
 * never falls as its actual rises, a reverse row's never rises; a framework file naming "national" scores exactly
 * as one that names nothing. Seeded, so a failure reproduces.
 */
import { readFileSync } from "fs";
import { join } from "path";
import fc from "fast-check";
import { excelRound } from "../src/domain/excelMath";
import { loadFrameworkFile } from "../src/domain/frameworks/load/loadFile";
import {
  scoreIndicatorTable,
  type IndicatorRowInput,
} from "../src/domain/indicatorTable/scoreTable";
import {
  RULE_SETS,
  resolveTableScoring,
  type TableScoring,
} from "../src/domain/indicatorTable/tableScoring";
import { scoreFramework } from "../src/domain/score";
import type { Framework } from "../src/domain/types";

const SEED = 20261204;
const RUNS = 300;

/** The two shipped sets and two overrides a bureau might write. */
const SETS: [string, TableScoring][] = [
  ["national", RULE_SETS.national],
  ["linear", RULE_SETS.linear],
  [
    "city tiers, top",
    resolveTableScoring({
      tiers: { 达成: [0.8, 1], 部分达成: [0.5, 0.8], 未达成: [0, 0.5] },
      tierDefault: "top",
    }),
  ],
  [
    "linear with a tier above 100 %, capped",
    resolveTableScoring({
      base: "linear",
      cap: true,
      tiers: { 超额: { from: 1, to: 1.2, inclusive: "to" }, 达成: [0.8, 1], 未达成: [0, 0.8] },
    }),
  ],
];

const amount = fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100);
const positive = fc.integer({ min: 1, max: 100_000 }).map((n) => n / 100);
const UNITS = ["起", "次", "%", "万元", "小时"];
const OPS = ["≥", "≤", "=", "", "不超过", "不低于"];

const numericRow = fc
  .record({
    op: fc.constantFrom(...OPS),
    unit: fc.constantFrom(...UNITS),
    target: amount,
    actual: amount,
  })
  .map(({ op, unit, target, actual }) => ({
    target: `${op}${target}${unit}`,
    actual: `${actual}${unit}`,
  }));
const qualitativeRow = fc.record({
  target: fc.constantFrom("全面提升", "有效提供", "同比下降"),
  actual: fc.constantFrom("全面提升", "基本完成", "同比下降 5%"),
  tier: fc.option(fc.constantFrom("达成", "部分达成", "未达成", "超额", 0.75, "65%"), {
    nil: undefined,
  }),
});
const row = fc
  .record({
    body: fc.oneof(
      { weight: 5, arbitrary: numericRow },
      { weight: 3, arbitrary: qualitativeRow },
      { weight: 1, arbitrary: fc.constant({ target: "不适用", actual: "不适用" }) }
    ),
    weight: fc.option(
      fc.integer({ min: 0, max: 40 }).map((n) => n / 2),
      { nil: undefined }
    ),
    // 得分 within, at the edges of and beyond the weight, as numbers and as typed.
    selfScore: fc.option(
      fc.oneof(
        fc.integer({ min: -10, max: 250 }).map((n) => n / 10),
        fc.integer({ min: 0, max: 20 }).map((n) => `${n}分`)
      ),
      { nil: undefined }
    ),
    reason: fc.option(fc.constantFrom("无", "受疫情影响"), { nil: undefined }),
  })
  .map(({ body, ...rest }) => {
    const out: Record<string, unknown> = { ...body };
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
    return out as Omit<IndicatorRowInput, "name">;
  });
const table = fc
  .array(row, { minLength: 1, maxLength: 10 })
  .map((rows) => rows.map((r, i) => ({ ...r, name: `指标${i + 1}` }) as IndicatorRowInput));

describe.each(SETS)("%s", (_name, scoring) => {
  it("every row scores within [0, its weight], and the table within [0, its max]", () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 100 }), (rows, max) => {
        const result = scoreIndicatorTable(rows, max, "zh", undefined, { scoring });
        for (const r of result.rows) {
          if (r.score === null) continue;
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(excelRound(r.weight, 2) + 0.01);
        }
        if (result.total !== null) {
          expect(result.total).toBeGreaterThanOrEqual(0);
          expect(result.total).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: RUNS, seed: SEED }
    );
  });

  const scoreAt = (target: string, actual: string) =>
    scoreIndicatorTable([{ name: "x", target, actual, weight: 10, reason: "x" }], 10, "zh", [0], {
      scoring,
    }).rows[0].score as number;

  it("a forward row's score never falls as the actual rises", () => {
    fc.assert(
      fc.property(positive, amount, amount, fc.constantFrom("", "≥", "不低于"), (t, a, b, op) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(scoreAt(`${op}${t}次`, `${low}次`)).toBeLessThanOrEqual(
          scoreAt(`${op}${t}次`, `${high}次`)
        );
      }),
      { numRuns: RUNS, seed: SEED }
    );
  });

  it("a reverse row's score never rises as the actual rises (a zero target included)", () => {
    fc.assert(
      fc.property(
        fc.oneof(amount, fc.constant(0)),
        amount,
        amount,
        fc.constantFrom("≤", "不超过"),
        (t, a, b, op) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(scoreAt(`${op}${t}起`, `${low}起`)).toBeGreaterThanOrEqual(
            scoreAt(`${op}${t}起`, `${high}起`)
          );
        }
      ),
      { numRuns: RUNS, seed: SEED }
    );
  });
});

describe("a framework file that names national scores exactly as the default", () => {
  const doc = JSON.parse(
    readFileSync(
      join(__dirname, "..", "src", "domain", "frameworks", "presets", "project.json"),
      "utf8"
    )
  ) as Record<string, unknown>;
  const withScoring = (tableScoring: unknown): Framework => {
    const file = { ...doc };
    delete file.tableScoring;
    const result = loadFrameworkFile(
      JSON.stringify(tableScoring === undefined ? file : { ...file, tableScoring })
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.framework;
  };
  const frameworks = [withScoring("national"), withScoring({}), withScoring({ base: "national" })];
  const plain = withScoring(undefined);
  const GROUPS = ["产出指标 · 数量指标", "效益指标 · 社会效益指标", "满意度指标"];

  it("the same report for every table, with its selfScores, tiers and weights", () => {
    fc.assert(
      fc.property(
        table,
        fc.array(fc.constantFrom(...GROUPS), { minLength: 10, maxLength: 10 }),
        amount,
        (rows, groups, spent) => {
          const indicators = rows.map((r, i) => ({ ...r, group: groups[i] }));
          const raw = { projectBudget: 100, projectSpent: spent };
          const expected = scoreFramework(plain, raw, { indicators });
          for (const framework of frameworks)
            expect(scoreFramework(framework, raw, { indicators })).toEqual(expected);
        }
      ),
      { numRuns: 150, seed: SEED }
    );
  });
});

it("the tables cover what the properties claim: 得分 inside and outside their tiers, above their 分值, rows at 0", () => {
  const results = fc
    .sample(table, { numRuns: RUNS, seed: SEED })
    .map((rows) => scoreIndicatorTable(rows, 50, "zh", undefined, { scoring: RULE_SETS.linear }));
  const rows = results.flatMap((r) => r.rows);
  const breaches = results.flatMap((r) => r.breaches.map((b) => b.metric));
  expect(
    rows.some((r) => r.direction === "qualitative" && r.explanation.includes("自评得分"))
  ).toBe(true);
  expect(rows.some((r) => r.direction === "reverse" && r.score === 0)).toBe(true);
  for (const metric of ["tierRange", "selfScoreAboveWeight", "overCompletion", "weightSum"])
    expect([metric, breaches.includes(metric)]).toEqual([metric, true]);
});
