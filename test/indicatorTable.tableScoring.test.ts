/**
 * The 绩效指标 table scored by each bureau's rules, written in the framework file (`tableScoring`): the boundary
 * cases of both shipped sets, tiers as ranges with the department's 得分, the checks a bureau makes, and the
 * format (named sets, overrides, mistakes named by their path).
 */
import { readFileSync } from "fs";
import { join } from "path";
import { loadFrameworkFile } from "../src/domain/frameworks/load/loadFile";
import { frameworkToJson } from "../src/domain/frameworks/load/serialize";
import {
  scoreIndicatorTable,
  type IndicatorRowInput,
} from "../src/domain/indicatorTable/scoreTable";
import {
  NATIONAL,
  RULE_SETS,
  emptyReason,
  resolveTableScoring,
  type TableScoring,
  type TableScoringSpec,
} from "../src/domain/indicatorTable/tableScoring";
import { scoreFramework } from "../src/domain/score";
import type { Framework } from "../src/domain/types";

const LINEAR = RULE_SETS.linear;
const CITY: TableScoringSpec = {
  tiers: { 达成: [0.8, 1], 部分达成: [0.5, 0.8], 未达成: [0, 0.5] },
};

/** One row of weight 10 in a table of 10, scored under `scoring`. */
function one(row: Omit<IndicatorRowInput, "name">, scoring: TableScoring = NATIONAL) {
  const result = scoreIndicatorTable([{ name: "指标", weight: 10, ...row }], 10, "zh", [0], {
    scoring,
  });
  return { row: result.rows[0], breaches: result.breaches, errors: result.errors };
}
const scoreOf = (row: Omit<IndicatorRowInput, "name">, scoring: TableScoring = NATIONAL) =>
  one({ reason: "已说明", ...row }, scoring).row.score;
const metrics = (row: Omit<IndicatorRowInput, "name">, scoring: TableScoring = NATIONAL) =>
  one(row, scoring).breaches.map((b) => b.metric);

describe("a reverse row (≤ 100起, weight 10) under each set", () => {
  // [actual, national 财预〔2020〕10号: 10 × 100 / actual, linear: 10 × (1 − (actual − 100) / 100), 0 from 200]
  const cases: [string, number, number][] = [
    ["50起", 10, 10],
    ["99起", 10, 10],
    ["100起", 10, 10], // at the target
    ["101起", 9.9, 9.9], // just above it
    ["150起", 6.67, 5],
    ["199起", 5.03, 0.1], // just below twice the target
    ["200起", 5, 0], // twice the target
    ["201起", 4.98, 0], // just beyond
    ["300起", 3.33, 0],
  ];
  it.each(cases)("actual %s: national %d, linear %d", (actual, national, linear) => {
    expect(scoreOf({ target: "≤100起", actual }, NATIONAL)).toBe(national);
    expect(scoreOf({ target: "≤100起", actual }, LINEAR)).toBe(linear);
  });

  it("a zero target (监所非自然死亡事故 0 发生, ≤0): met at 0, nothing above it, under both", () => {
    for (const scoring of [NATIONAL, LINEAR]) {
      expect(scoreOf({ target: "0 发生", actual: "0 发生" }, scoring)).toBe(10);
      expect(scoreOf({ target: "≤0起", actual: "1起" }, scoring)).toBe(0);
    }
  });
});

describe("an equality row (=) under each set", () => {
  it("within 0.5 % is met, else 1 − |gap| / target, under both", () => {
    for (const scoring of [NATIONAL, LINEAR]) {
      expect(scoreOf({ target: "=100%", actual: "99.5%" }, scoring)).toBe(10);
      expect(scoreOf({ target: "=100%", actual: "99.4%" }, scoring)).toBe(9.94);
      expect(scoreOf({ target: "=100%", actual: "90%" }, scoring)).toBe(9);
    }
  });

  it("a target of 0: national compares the gap itself (0.3% is met); linear meets it only at 0 or less", () => {
    expect(scoreOf({ target: "=0%", actual: "0.3%" }, NATIONAL)).toBe(10);
    expect(scoreOf({ target: "=0%", actual: "0.3%" }, LINEAR)).toBe(0);
    expect(scoreOf({ target: "=0%", actual: "0%" }, LINEAR)).toBe(10);
    expect(scoreOf({ target: "=0%", actual: "-1%" }, LINEAR)).toBe(10);
    expect(scoreOf({ target: "=0%", actual: "-1%" }, NATIONAL)).toBe(9.9);
  });
});

describe("a forward row (≥ 100场次) and over-completion", () => {
  it("scores weight × actual / target below the target and the whole weight at or above it, under both", () => {
    for (const scoring of [NATIONAL, LINEAR]) {
      expect(scoreOf({ target: "≥100场次", actual: "99场次" }, scoring)).toBe(9.9);
      expect(scoreOf({ target: "≥100场次", actual: "100场次" }, scoring)).toBe(10);
      expect(scoreOf({ target: "≥100场次", actual: "250场次" }, scoring)).toBe(10);
    }
  });

  it("linear asks for a reason from 130 % exactly (not at 129.9 %); national names no threshold", () => {
    const row = (actual: string, reason?: string) => ({
      target: "≥100场次",
      actual,
      ...(reason === undefined ? {} : { reason }),
    });
    expect(metrics(row("130场次"), LINEAR)).toEqual(["overCompletion"]);
    expect(metrics(row("129.9场次"), LINEAR)).toEqual([]);
    expect(metrics(row("135场次"), LINEAR)).toEqual(["overCompletion"]);
    expect(metrics(row("135场次"), NATIONAL)).toEqual([]);
    // A reason that is only a placeholder is none; a real one clears it.
    expect(metrics(row("135场次", "无"), LINEAR)).toEqual(["overCompletion"]);
    expect(metrics(row("135场次", " / "), LINEAR)).toEqual(["overCompletion"]);
    expect(metrics(row("135场次", "年中追加任务"), LINEAR)).toEqual([]);
  });

  it("the breach says the completion and the threshold, at the reason's cell", () => {
    const { breaches } = one(
      {
        target: "≥100场次",
        actual: "135场次",
        cell: "绩效指标!C4",
        cells: { reason: "绩效指标!I4" },
      },
      LINEAR
    );
    expect(breaches).toEqual([
      expect.objectContaining({
        metric: "overCompletion",
        severity: "amber",
        cell: "绩效指标!I4",
        message: "绩效指标“指标”完成值为目标的 135%，达到 130%，请填写偏差原因（目标是否定得过低）",
      }),
    ]);
  });
});

describe("qualitative tiers as ranges (财预〔2020〕10号: 达成 [80 %, 100 %], 部分达成 [60 %, 80 %), 未达成 [0, 60 %))", () => {
  const q = (tier: string | undefined, selfScore: number | undefined, scoring = NATIONAL) =>
    one(
      {
        target: "有效提供",
        actual: "为大量案件提供线索",
        reason: "x",
        ...(tier === undefined ? {} : { tier }),
        ...(selfScore === undefined ? {} : { selfScore }),
        cell: "绩效指标!C5",
        cells: { selfScore: "绩效指标!R5" },
      },
      scoring
    );

  it("a tier alone earns 100 / 70 / 30 %, as before tiers became ranges", () => {
    expect(
      [q("达成", undefined), q("部分达成", undefined), q("未达成", undefined)].map(
        (r) => r.row.score
      )
    ).toEqual([10, 7, 3]);
  });

  // [tier, 得分 of 10, score, flagged]: 80 % belongs to 达成, 60 % to 部分达成.
  const edges: [string, number, number, boolean][] = [
    ["达成", 10, 10, false],
    ["达成", 8, 8, false],
    ["达成", 7.99, 10, true],
    ["部分达成", 8, 7, true],
    ["部分达成", 7.99, 7.99, false],
    ["部分达成", 6, 6, false],
    ["部分达成", 5.99, 7, true],
    ["未达成", 6, 3, true],
    ["未达成", 5.99, 5.99, false],
    ["未达成", 0, 0, false],
  ];
  it.each(edges)("%s with 得分 %d: scored %d, flagged %s", (tier, self, score, flagged) => {
    const { row, breaches } = q(tier, self);
    expect(row.score).toBe(score);
    expect(breaches.some((b) => b.metric === "tierRange")).toBe(flagged);
  });

  it("a 得分 outside its tier is flagged amber at the 得分's cell, with the range", () => {
    const { breaches } = q("部分达成", 8.5);
    expect(breaches).toEqual([
      {
        metric: "tierRange",
        severity: "amber",
        value: 8.5,
        cell: "绩效指标!R5",
        message:
          "绩效指标“指标”自评得分 8.5 分（占分值 85%）不在“部分达成”的区间 60%–80%（含 60%）内，按 70% 计分",
      },
    ]);
  });

  // Without a tier, the 得分 says which tier it is in.
  const untiered: [number, string][] = [
    [8, "达成"],
    [7.99, "部分达成"],
    [6, "部分达成"],
    [5.99, "未达成"],
  ];
  it.each(untiered)("得分 %d and no tier: scored as given, in %s", (self, tier) => {
    const { row, breaches, errors } = q(undefined, self);
    expect([row.score, row.tier, breaches, errors]).toEqual([self, tier, [], []]);
  });

  it("a 得分 above its 分值 is a red breach at its cell, and scores no more than the weight", () => {
    const { row, breaches } = one(
      {
        target: "全面提升",
        actual: "全面提升",
        selfScore: 12,
        cells: { selfScore: "绩效指标!R6" },
      },
      NATIONAL
    );
    expect(row.score).toBe(10);
    expect(breaches).toEqual([
      expect.objectContaining({
        metric: "selfScoreAboveWeight",
        severity: "red",
        cell: "绩效指标!R6",
        message: "绩效指标“指标”自评得分 12 分，超过其分值 10 分",
      }),
    ]);
    // On a quantitative row too.
    expect(metrics({ target: "≥1次", actual: "1次", selfScore: "10.5分" })).toEqual([
      "selfScoreAboveWeight",
    ]);
  });

  it("a city's ranges (100–80 / 80–50 / 50–0) move with the data alone", () => {
    const city = resolveTableScoring(CITY);
    expect(q("部分达成", 5.5, city).row.score).toBe(5.5);
    expect(q("部分达成", 5.5, city).breaches).toEqual([]);
    expect(q("部分达成", 5.5).row.score).toBe(7); // outside 60–80 % under 财预〔2020〕10号
    expect(q("部分达成", undefined, city).row.score).toBe(6.5); // the middle of 50–80 %
    expect(q("未达成", undefined, city).row.score).toBe(2.5);
    expect(q(undefined, 5, city).row.tier).toBe("部分达成");
    expect(q(undefined, 4.99, city).row.tier).toBe("未达成");
  });

  it("tierDefault picks the share inside the range: top, middle or bottom", () => {
    const at = (tierDefault: TableScoringSpec) =>
      ["达成", "部分达成", "未达成"].map(
        (tier) => q(tier, undefined, resolveTableScoring(tierDefault)).row.score
      );
    expect(at({ tierDefault: "top" })).toEqual([10, 8, 6]);
    expect(at({ tierDefault: "middle" })).toEqual([9, 7, 3]);
    expect(at({ tierDefault: "bottom" })).toEqual([8, 6, 0]);
    expect(at({ tierDefault: { 达成: "bottom" } })).toEqual([8, 7, 3]);
  });
});

describe("分值 that do not add up", () => {
  const rows = (weights: number[]): IndicatorRowInput[] =>
    weights.map((weight, i) => ({
      group: "产出指标",
      name: `指标${i + 1}`,
      target: "≥1次",
      actual: "1次",
      weight,
      cell: `绩效指标!C${4 + i}`,
      cells: { weight: `绩效指标!G${4 + i}` },
    }));

  it("a group's rows summing to 45 against its 50 are flagged at the first row's 分值, and rescaled", () => {
    const result = scoreIndicatorTable(rows([20, 25]), 50, "zh", [0, 1], { group: "产出" });
    expect(result.total).toBe(50);
    expect(result.breaches).toEqual([
      {
        metric: "weightSum",
        severity: "amber",
        value: 45,
        cell: "绩效指标!G4",
        message: "“产出”各行分值合计 45 分，与满分 50 分不符（已按比例折算）",
      },
    ]);
  });

  it("is silent when they add up, or when a weight is left blank (equal shares)", () => {
    expect(scoreIndicatorTable(rows([20, 30]), 50).breaches).toEqual([]);
    const blank = rows([20, 25]);
    delete blank[1].weight;
    expect(scoreIndicatorTable(blank, 50).breaches).toEqual([]);
  });

  it("the whole table against the indicator it feeds (深圳 效果性 25)", () => {
    expect(scoreIndicatorTable(rows([10, 10]), 25).breaches[0].message).toBe(
      "绩效指标表各行分值合计 20 分，与满分 25 分不符（已按比例折算）"
    );
  });
});

describe("a reason holding only a placeholder counts as empty", () => {
  it.each(["", " ", "无", "无。", "/", "／", "—", "——", "-", "空", "暂无", "　无　"])(
    "%j",
    (reason) => expect(emptyReason(reason)).toBe(true)
  );
  it.each(["无法按期完成", "受疫情影响", "/ 见附件"])("not %j", (reason) =>
    expect(emptyReason(reason)).toBe(false)
  );
  it("a target missed with 无 as its reason is a breach", () => {
    expect(metrics({ target: "≥100场次", actual: "90场次", reason: "无" })).toEqual([
      "deviationReason",
    ]);
  });
});

/* ---------- the format ---------- */

const presetText = (id: string) =>
  readFileSync(
    join(__dirname, "..", "src", "domain", "frameworks", "presets", `${id}.json`),
    "utf8"
  );
/** The project preset as a framework file, with `tableScoring` as given (absent when undefined). */
function projectWith(tableScoring: unknown): Record<string, unknown> {
  const doc = JSON.parse(presetText("project")) as Record<string, unknown>;
  delete doc.tableScoring;
  return tableScoring === undefined ? doc : { ...doc, tableScoring };
}
function loaded(doc: unknown): Framework {
  const result = loadFrameworkFile(JSON.stringify(doc));
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return result.framework;
}
const errorLines = (doc: unknown) => {
  const result = loadFrameworkFile(JSON.stringify(doc));
  return result.ok ? [] : result.errors.map((e) => `${e.path}：${e.message}`);
};

describe("tableScoring in a framework file", () => {
  it("every preset names national, 财预〔2020〕10号", () => {
    for (const id of ["shenzhen", "guangzhou", "county", "project"])
      expect(JSON.parse(presetText(id)).tableScoring).toBe("national");
  });

  it("resolves a name, an override and nothing to every field", () => {
    expect(resolveTableScoring(undefined)).toEqual(NATIONAL);
    expect(resolveTableScoring("linear")).toMatchObject({
      base: "linear",
      reverse: "linearToZero",
      overCompletion: 1.3,
      cap: true,
      equalTolerance: 0.005,
    });
    expect(resolveTableScoring({ base: "linear", overCompletion: null })).toMatchObject({
      base: "linear",
      overrides: ["overCompletion"],
      reverse: "linearToZero",
      overCompletion: null,
    });
    expect(resolveTableScoring(CITY).tiers).toEqual({
      达成: { from: 0.8, to: 1, inclusive: "both" },
      部分达成: { from: 0.5, to: 0.8, inclusive: "from" },
      未达成: { from: 0, to: 0.5, inclusive: "from" },
    });
  });

  it("is written back as the file had it, and loads again the same", () => {
    for (const spec of ["linear", CITY, { base: "linear", reverse: "ratio", cap: false }]) {
      const framework = loaded(projectWith(spec));
      expect(frameworkToJson(framework).tableScoring).toEqual(spec);
      expect(loaded(frameworkToJson(framework))).toEqual(framework);
    }
  });

  it("a mistake is named by its path", () => {
    expect(errorLines(projectWith("provincial"))).toEqual([
      'tableScoring：应为 national / linear 之一，现为"provincial"',
    ]);
    expect(errorLines(projectWith(3))).toEqual([
      "tableScoring：应为规则集名称（national / linear）或逐项调整的对象 {…}，现为3",
    ]);
    expect(
      errorLines(
        projectWith({
          reverse: "ratios",
          tiers: { 达成: [0.8, 1], 部分达成: [0.5, 0.85], 未达成: [0.5, 0.4] },
          tierDefault: { 基本达成: "top" },
          overCompletion: 0.3,
          cap: "yes",
          equalTolerance: -1,
          capp: true,
        })
      )
    ).toEqual([
      'tableScoring.reverse：应为 ratio / linearToZero 之一，现为"ratios"（是否应为 ratio？）',
      "tableScoring.tiers.未达成：区间的下端 0.5 应小于上端 0.4",
      "tableScoring.tierDefault.基本达成：没有名为“基本达成”的档次（档次：达成、部分达成、未达成）",
      "tableScoring.overCompletion：应大于 1（完成率达到此值须说明原因，如 1.3 即 130%），或为 null（不要求）",
      'tableScoring.cap：应为 true 或 false，现为"yes"',
      "tableScoring.equalTolerance：不能小于 0，现为 -1",
      "tableScoring.capp：未知的字段“capp”，是否应为“cap”？",
    ]);
    expect(errorLines(projectWith({ tiers: { 达成: [0.8, 1], 部分达成: [0.5, 0.85] } }))).toEqual([
      "tableScoring.tiers.部分达成：与“达成”的区间重叠：一个得分只能属于一个档次（相邻档次共用的端点只能含在其中一个里）",
    ]);
    expect(
      errorLines(
        projectWith({
          tiers: {
            达成: { from: 0.8, to: 1, inclusive: "both" },
            部分达成: { from: 0.6, to: 0.8, inclusive: "to" },
          },
        })
      )
    ).toEqual([
      "tableScoring.tiers.部分达成：与“达成”的区间重叠：一个得分只能属于一个档次（相邻档次共用的端点只能含在其中一个里）",
    ]);
  });
});

describe('Done when: the project preset with "tableScoring": "linear"', () => {
  // 产出 50: four reverse rows of 12.5 each, above, at and beyond twice their target.
  const rows: IndicatorRowInput[] = [
    ["刑事案件发案起数", "≤300起", "300起"],
    ["治安案件发案起数", "≤400起", "500起"],
    ["交通事故起数", "≤100起", "200起"],
    ["投诉起数", "≤50起", "120起"],
  ].map(([name, target, actual]) => ({
    group: "产出指标",
    name,
    target,
    actual,
    weight: 12.5,
    reason: "已说明",
  }));
  const scores = (framework: Framework) =>
    scoreFramework(framework, {}, { indicators: rows }).indicatorTable!.map((r) => r.score);

  it("scores reverse rows as the provincial rule gives: full at the target, linear to 0 at twice it", () => {
    const linear = loaded(projectWith("linear"));
    // 12.5, 12.5 × (1 − 100 / 400), 0 at twice, 0 beyond.
    expect(scores(linear)).toEqual([12.5, 9.38, 0, 0]);
    // 财预〔2020〕10号: 12.5 × target / actual.
    expect(scores(loaded(projectWith(undefined)))).toEqual([12.5, 10, 6.25, 5.21]);
  });

  it("says which rules scored the table, every field resolved, in the report", () => {
    const report = scoreFramework(loaded(projectWith("linear")), {}, { indicators: rows });
    expect(report.tableScoring).toEqual(resolveTableScoring("linear"));
  });

  it('{"tiers": …} moves a tier\'s range with no code change', () => {
    const row: IndicatorRowInput = {
      group: "产出指标",
      name: "宣传覆盖面",
      target: "全面覆盖",
      actual: "基本覆盖",
      weight: 50,
      tier: "部分达成",
      selfScore: 27.5,
      reason: "x",
    };
    const score = (doc: unknown) =>
      scoreFramework(loaded(doc), {}, { indicators: [row] }).indicatorTable![0].score;
    expect(score(projectWith(CITY))).toBe(27.5); // 55 %: inside 50–80 %
    expect(score(projectWith(undefined))).toBe(35); // outside 60–80 %: the tier's 70 %
  });
});
