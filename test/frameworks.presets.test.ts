/**
 * The presets reproduce their seeds from the seeds' own figures: 003 → 98 优 under guangzhou (信息公开 −1, 采购管理 −1),
 * 002 → 98 优 under county, 004's 预算执行率 99.3% from its figures, 004's project table under project. A deduction
 * without its reason is an error on `<id>DeductionReason` and leaves its indicator unscored. shenzhen, now a JSON
 * file, is the TypeScript object it was. And the formulas of the new rule kind compute the engine's digits in
 * LibreOffice.
 */
import ExcelJS from "exceljs";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { frameworkById, PRESETS } from "../src/domain/frameworks";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { toFormula } from "../src/domain/formula";
import type { IndicatorRowInput } from "../src/domain/indicatorTable/scoreTable";
import { frameworkInputs, indexFramework } from "../src/domain/model";
import { matchName, nameIndex, type NamedKind } from "../src/domain/names";
import { readInput } from "../src/domain/parse/readInput";
import { scoreFramework } from "../src/domain/score";
import type { Framework, Report } from "../src/domain/types";
import { readNamedValues, recalculate, type CellValue } from "./support/libreoffice";

const ROOT = join(__dirname, "..");
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(ROOT, ...path), "utf8"));

/** An example input file without its notes and self-reported scores. */
function example(name: string): {
  raw: Record<string, unknown>;
  selfScores?: Record<string, unknown>;
} {
  const { _note, selfScores, selfTotal, indicators, ...raw } = readJson("examples", `${name}.json`);
  void _note;
  void selfTotal;
  void indicators;
  return { raw, selfScores };
}
const fixtureRows = (name: string): IndicatorRowInput[] =>
  readJson("test", "fixtures", `${name}.json`).map(({ note, ...row }: { note?: string }) => {
    void note;
    return row as IndicatorRowInput;
  });

const guangzhou = frameworkById("guangzhou") as Framework;
const county = frameworkById("county") as Framework;
const project = frameworkById("project") as Framework;

const scores = (report: Report) =>
  Object.fromEntries(report.indicators.map((r) => [r.id, r.score]));
const indicator = (report: Report, id: string) => report.indicators.find((r) => r.id === id)!;
const level1 = (report: Report) =>
  report.groups.filter((g) => g.level === 1).map((g) => [g.name, g.score, g.max]);
/** A rate as the seeds print it, to one decimal: 0.99255 → 99.3. */
const percent1 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

describe("the presets", () => {
  it("are shenzhen, guangzhou, county and project, each with the standard grades and 100 points", () => {
    expect(Object.keys(PRESETS)).toEqual(["shenzhen", "guangzhou", "county", "project"]);
    for (const framework of Object.values(PRESETS)) {
      const total = framework.indicators.reduce((s, i) => s + i.max, 0);
      expect([framework.id, total]).toEqual([framework.id, 100]);
      expect(framework.grades.map((g) => [g.min, g.grade])).toEqual([
        [90, "优"],
        [80, "良"],
        [60, "中"],
        [-Infinity, "差"],
      ]);
    }
  });

  it("give a source for every indicator, threshold, metric and table feed (others.md: never a silent guess)", () => {
    for (const id of ["guangzhou", "county", "project"]) {
      const f = PRESETS[id];
      const unsourced = [
        ...f.indicators.filter((i) => !i.source).map((i) => `indicator ${i.id}`),
        ...f.thresholds.filter((t) => !t.source).map((t) => `threshold ${t.metric}`),
        ...f.metrics.filter((m) => !m.source).map((m) => `metric ${m.key}`),
        ...(f.indicatorTable ?? []).filter((t) => !t.source).map((t) => `feed ${t.input}`),
      ];
      expect([id, unsourced]).toEqual([id, []]);
    }
  });
});

describe("shenzhen as a JSON file", () => {
  /** The TypeScript object shenzhen.ts exported before it loaded presets/shenzhen.json, written out once. */
  const typescriptForm = JSON.parse(
    readFileSync(join(ROOT, "test", "fixtures", "shenzhen-framework-ts.json"), "utf8"),
    (_k, v) => (v === "-Infinity" ? -Infinity : v)
  );

  it("loads into exactly the TypeScript object it replaced (formulas parse into the same Expr trees)", () => {
    // The TypeScript object predates tableScoring: the file names the rules it always had, 财预〔2020〕10号; and
    // the 自评报告's outline (seed 001's four sections), which the object never had.
    const { tableScoring, report, ...rest } = shenzhen;
    expect(tableScoring).toBe("national");
    expect(report?.sections.map((s) => s.title.zh)).toEqual([
      "部门基本情况",
      "部门主要履职绩效分析",
      "总体评价和整改措施",
      "部门整体支出绩效评价指标评分情况",
    ]);
    expect(rest).toEqual(typescriptForm);
  });

  it("writes its metrics as the formula text the workbook shows", () => {
    const file = readJson("src", "domain", "frameworks", "presets", "shenzhen.json");
    const texts = file.metrics.map((m: { expr: string }) => m.expr);
    expect(texts).toEqual(shenzhen.metrics.map((m) => toFormula(m.expr)));
    expect(texts).toContain(
      "contractStaff/IF(ISBLANK(totalStaff),staffActual+contractStaff,totalStaff)"
    );
  });
});

describe("guangzhou: seed 003 (花都区 2024) reproduces 98 优", () => {
  const { raw, selfScores } = example("seed003-guangzhou");
  const report = scoreFramework(guangzhou, raw, { selfScores });

  it("scores 信息公开 4 → 3 and 采购管理 10 → 9, all else full: 管理效能 48 + 履职效能 50 = 98 优", () => {
    expect(scores(report)).toEqual({
      dutyPerformance: 50,
      budgetPreparation: 3,
      budgetExecution: 4,
      disclosure: 3, // 预算公开检查发现问题
      performanceManagement: 15,
      procurementManagement: 9, // 合同备案时间滞后
      assetManagement: 10,
      runningCost: 4,
    });
    expect(level1(report)).toEqual([
      ["履职效能", 50, 50],
      ["管理效能", 48, 50],
    ]);
    expect(report).toMatchObject({ total: 98, grade: "优", complete: true, errors: [] });
  });

  it("agrees with every self-reported score, and explains each deduction with its reason", () => {
    expect(report.breaches).toEqual([]);
    expect(indicator(report, "disclosure").selfScore).toBe(3);
    expect(indicator(report, "disclosure").explanation).toBe(
      "扣 1 分（预算公开检查发现问题），得 3 分"
    );
    expect(indicator(report, "procurementManagement").explanation).toBe(
      "扣 1 分（存在合同备案时间滞后情况），得 9 分"
    );
    expect(indicator(report, "runningCost").explanation).toBe("未扣分，得满分 4 分");
  });

  it("takes 履职效能 from the 绩效指标 table when no score is entered: all 10 targets met → 50, total 98", () => {
    const rows = fixtureRows("seed003-indicators").map((row) =>
      // The seed gives no 整改率; 履职效能 scored its full 50, so the department counts it met.
      row.name === "交通隐患排查整改率" ? { ...row, actual: "100%" } : row
    );
    const { dutyPerformanceDeduction, ...withoutDeduction } = raw;
    void dutyPerformanceDeduction;
    const fromTable = scoreFramework(guangzhou, withoutDeduction, { indicators: rows });
    expect(indicator(fromTable, "dutyPerformance").score).toBe(50);
    expect(indicator(fromTable, "dutyPerformance").explanation).toMatch(
      /^按绩效指标完成情况：10 项指标中 10 项达到目标/
    );
    expect(fromTable).toMatchObject({ total: 98, grade: "优", errors: [] });
  });

  it("as the seed gives the table (no 整改率), 履职效能 is unscored and the error names the row", () => {
    const { dutyPerformanceDeduction, ...withoutDeduction } = raw;
    void dutyPerformanceDeduction;
    const asGiven = scoreFramework(guangzhou, withoutDeduction, {
      indicators: fixtureRows("seed003-indicators"),
    });
    expect(indicator(asGiven, "dutyPerformance").score).toBeNull();
    expect(asGiven.total).toBe(48);
    expect(asGiven.errors.map((e) => e.input)).toContain("indicators[8]");
  });
});

describe("a deduction needs its reason", () => {
  const { raw } = example("seed003-guangzhou");
  const { disclosureDeductionReason, ...noReason } = raw;
  void disclosureDeductionReason;

  it("a non-zero deduction with a blank reason is an error on <id>DeductionReason naming the indicator", () => {
    const report = scoreFramework(guangzhou, noReason);
    expect(report.errors).toEqual([
      {
        input: "disclosureDeductionReason",
        message: "「信息公开」扣了分，请在「信息公开扣分原因」中写明原因",
      },
    ]);
    expect(indicator(report, "disclosure")).toMatchObject({
      score: null,
      explanation: "未计分（输入有误：「信息公开扣分原因」）",
    });
    expect(report).toMatchObject({ total: 95, complete: false });
  });

  it("a reason of blanks is blank; in English the message names the indicator too", () => {
    const report = scoreFramework(
      guangzhou,
      { ...noReason, disclosureDeductionReason: "  " },
      { lang: "en" }
    );
    expect(report.errors.map((e) => [e.input, e.message])).toEqual([
      [
        "disclosureDeductionReason",
        'Disclosure: points were taken off; give the reason in "Disclosure: reason for the points off"',
      ],
    ]);
  });

  it("a deduction of 0 needs no reason; a blank deduction is missing, not 0", () => {
    expect(scoreFramework(guangzhou, { ...noReason, disclosureDeduction: 0 }).errors).toEqual([]);
    const blank = scoreFramework(guangzhou, { ...noReason, disclosureDeduction: "" });
    expect(blank.errors.map((e) => e.input)).toEqual(["disclosureDeduction"]);
    expect(indicator(blank, "disclosure").score).toBeNull();
  });

  it("a deduction above the maximum scores 0, with its reason", () => {
    const report = scoreFramework(guangzhou, {
      ...raw,
      runningCostDeduction: 4,
      runningCostDeductionReason: "“三公”经费超支",
    });
    expect(indicator(report, "runningCost")).toMatchObject({
      score: 0,
      explanation: "扣 4 分（“三公”经费超支），得 0 分",
    });
    const over = scoreFramework(guangzhou, {
      ...raw,
      runningCostDeduction: 5,
      runningCostDeductionReason: "x",
    });
    expect(over.errors.map((e) => e.input)).toEqual(["runningCostDeduction"]); // a score input: 0…4
  });
});

describe("guangzhou metrics, shown as evidence with their highlights", () => {
  const { raw } = example("seed003-guangzhou");

  it("seed 004 (越秀区 2023): 预算执行率 199,466.59 / 200,963.70 = 99.3%, as the seed reports, and no highlight", () => {
    const report = scoreFramework(guangzhou, {
      ...raw,
      budgetTotal: "200,963.70",
      budgetSpent: "199,466.59",
    });
    expect(report.metrics.budgetExecutionRate).toBeCloseTo(0.9925503, 7);
    expect(percent1(report.metrics.budgetExecutionRate)).toBe(99.3);
    expect(report.breaches).toEqual([]);
    expect(report.total).toBe(98); // evidence only: the figures do not change a score
    expect(indicator(report, "budgetExecution").explanation).toBe(
      "未扣分，得满分 4 分（参考：预算执行率 99.26%）"
    );
  });

  it("flags 执行率 below 90%, 结转结余率 above 5%, 固定资产利用率 below 90%, 公用经费 growth, 三公 over budget, a new large project", () => {
    const report = scoreFramework(guangzhou, {
      ...raw,
      budgetTotal: 1000,
      budgetSpent: 850,
      carryOver: 60,
      fixedAssetsInUse: 80,
      fixedAssetsTotal: 100,
      officeCostPrior: 100,
      officeCost: 103,
      threePublicBudget: 10,
      threePublicActual: 10.5,
      newLargeProjects: 1,
    });
    expect(report.breaches.map((b) => [b.metric, b.indicator, b.severity, b.value])).toEqual([
      ["newLargeProjects", "budgetPreparation", "amber", 1],
      ["budgetExecutionRate", "budgetExecution", "amber", 0.85],
      ["carryOverRate", "budgetExecution", "amber", 0.06],
      ["fixedAssetUseRate", "assetManagement", "amber", 0.8],
      ["officeCostChange", "runningCost", "amber", 0.03],
      ["threePublicRate", "runningCost", "red", 1.05],
    ]);
    expect(report.breaches.map((b) => b.message)).toContain(
      "“三公”经费实际支出为预算的 105%，超出预算"
    );
    expect(indicator(report, "runningCost").breaches).toEqual([
      "officeCostChange",
      "threePublicRate",
    ]);
  });

  it("seed 003's own rates raise nothing: 结转结余率 0.37%, 利用率 99.01%, 公用经费 −1.28%", () => {
    const report = scoreFramework(guangzhou, {
      ...raw,
      budgetTotal: 10000,
      budgetSpent: 9900,
      carryOver: 37,
      fixedAssetsInUse: 99.01,
      fixedAssetsTotal: 100,
      officeCostPrior: 100,
      officeCost: 98.72,
      threePublicBudget: 10,
      threePublicActual: 9,
    });
    expect(report.metrics).toMatchObject({ carryOverRate: 0.0037, fixedAssetUseRate: 0.9901 });
    expect(report.metrics.officeCostChange).toBeCloseTo(-0.0128, 12);
    expect(report.breaches).toEqual([]);
  });
});

describe("county: seed 002 (临泽县 2024) reproduces 98 优", () => {
  const { raw, selfScores } = example("seed002-county");
  const report = scoreFramework(county, raw, { selfScores });

  it("投入与管理 50 − 1, 产出 25 − 1, 效益 15, 满意度 10 → 98 优, as the seed's group scores", () => {
    expect(scores(report)).toEqual({
      inputManagement: 49,
      output: 24,
      benefit: 15,
      satisfaction: 10,
    });
    expect(report).toMatchObject({ total: 98, grade: "优", complete: true, errors: [] });
    expect(report.indicators.map((r) => r.selfScore)).toEqual([49, 24, 15, undefined]);
  });

  it("computes 预算执行率 100% and 预算调整幅度 33.3% above 年初预算, and highlights the latter", () => {
    expect(report.metrics.budgetExecutionRate).toBe(1);
    expect(percent1(report.metrics.budgetAdjustmentRange)).toBe(33.3);
    expect(report.breaches).toEqual([
      expect.objectContaining({
        metric: "budgetAdjustmentRange",
        indicator: "inputManagement",
        severity: "amber",
        message: "实际到位资金较年初预算增加 33.29%，预算调整幅度较大（超过 10%）",
      }),
    ]);
  });

  it("takes 效益 from the seed's table (3 效益 rows, 达成) → 15, while 产出 keeps its deduction → 98", () => {
    const benefitRows = fixtureRows("seed002-indicators").filter((r) => r.group === "效益指标");
    const withTable = scoreFramework(county, raw, { indicators: benefitRows });
    expect(scores(withTable)).toEqual({
      inputManagement: 49,
      output: 24,
      benefit: 15,
      satisfaction: 10,
    });
    expect(indicator(withTable, "benefit").explanation).toMatch(
      /^按绩效指标完成情况：3 项指标中 3 项达到目标/
    );
    expect(withTable.errors).toEqual([]);
  });

  it("with the 产出 rows met too (the seed: 达到绩效目标要求), the table gives 产出 25: the seed's 24 is not in its table", () => {
    const rows = fixtureRows("seed002-indicators").map((r) =>
      r.group === "产出指标" ? { ...r, actual: String(r.target).replace(/^[<>]=/, "") } : r
    );
    const withTable = scoreFramework(county, raw, { indicators: rows });
    expect(indicator(withTable, "output").score).toBe(25);
    expect(withTable.total).toBe(99);
  });

  it("an 产出 deduction without its reason is an error on outputDeductionReason", () => {
    const { outputDeductionReason, ...noReason } = raw;
    void outputDeductionReason;
    const r = scoreFramework(county, noReason);
    expect(r.errors.map((e) => [e.input, e.message])).toEqual([
      ["outputDeductionReason", "「产出」扣了分，请在「产出扣分原因」中写明原因"],
    ]);
    expect(indicator(r, "output").score).toBeNull();
  });
});

describe("project: seed 004's 见义勇为专项资金 table", () => {
  const rows = fixtureRows("seed004-project-indicators");

  it("as the seed gives it: 发放率 scores 产出, 满意度 (效益指标 · 满意度指标) scores 满意度, and what is missing is named", () => {
    const report = scoreFramework(project, {}, { indicators: rows });
    expect(scores(report)).toEqual({
      execution: null,
      output: null,
      benefit: null,
      satisfaction: null,
    });
    expect(report.errors.map((e) => e.input).sort()).toEqual(
      [
        "benefitScore",
        "indicators[0]",
        "indicators[1]",
        "outputScore",
        "projectBudget",
        "projectSpent",
        "satisfactionScore",
      ].sort()
    );
    expect(report.errors.find((e) => e.input === "indicators[1]")?.message).toMatch(
      /达成 \/ 部分达成 \/ 未达成/
    );
  });

  it("with the actual, the tier and the budget entered: 预算执行率 8 + 产出 50 + 效益 30 + 满意度 7 = 95 优", () => {
    const entered = [
      { ...rows[0], actual: "100%" },
      { ...rows[1], tier: "部分达成" },
    ];
    const report = scoreFramework(
      project,
      { projectBudget: 100, projectSpent: 80, benefitScore: 30 },
      { indicators: entered }
    );
    expect(scores(report)).toEqual({ execution: 8, output: 50, benefit: 30, satisfaction: 7 });
    expect(report).toMatchObject({ total: 95, grade: "优", errors: [] });
    // 执行率 80% is below 90%; 满意度 部分达成 without a 偏差原因 is flagged by the table.
    expect(report.breaches.map((b) => [b.metric, b.severity])).toEqual([
      ["executionRate", "amber"],
      ["deviationReason", "amber"],
    ]);
    expect(report.indicatorTable?.map((r) => [r.name, r.score, r.weight])).toEqual([
      ["发放率（向符合见义勇为条件人员发放）", 50, 50],
      ["满意度", 7, 10],
    ]);
  });

  it("预算执行率 is min(1, 执行数 / 预算数) × 10: spending above the budget scores 10, not more", () => {
    const over = scoreFramework(project, {
      projectBudget: 100,
      projectSpent: 120,
      outputScore: 50,
      benefitScore: 30,
      satisfactionScore: 10,
    });
    expect(indicator(over, "execution")).toMatchObject({ score: 10 });
    expect(over.metrics).toMatchObject({ executionRate: 1.2, executionScoreRate: 1 });
    expect(over.total).toBe(100);
    const seed004Rate = scoreFramework(project, {
      projectBudget: "200,963.70",
      projectSpent: "199,466.59",
      outputScore: 50,
      benefitScore: 30,
      satisfactionScore: 10,
    });
    expect(indicator(seed004Rate, "execution").score).toBe(9.93);
  });
});

describe("the presets' aliases: the names the seeds and the common templates use", () => {
  /** [preset, kind, a sheet's name, the element it must match]. */
  const names: [string, NamedKind, string, string][] = [
    ["shenzhen", "indicator", "预决算信息公开情况", "disclosure"],
    ["shenzhen", "indicator", "预决算公开", "disclosure"],
    ["shenzhen", "indicator", "公众（服务对象）满意度", "satisfaction"],
    ["shenzhen", "indicator", "公众满意度", "satisfaction"],
    ["shenzhen", "indicator", "服务对象满意度", "satisfaction"],
    ["shenzhen", "indicator", "满意度", "satisfaction"],
    ["shenzhen", "indicator", "社会效益经济效益生态效益", "effectiveness"],
    ["shenzhen", "indicator", "社会效益、经济效益、生态效益", "effectiveness"],
    ["shenzhen", "indicator", "效果性指标", "effectiveness"],
    ["shenzhen", "indicator", "政府采购执行率", "procurement"],
    ["shenzhen", "indicator", "预算执行情况", "execution"],
    ["shenzhen", "indicator", "财务管理合规性", "financialCompliance"],
    ["shenzhen", "indicator", "信访办理情况", "petitions"],
    ["shenzhen", "input", "年初预算数", "budgetInitial"],
    ["shenzhen", "input", "年初预算", "budgetInitial"],
    ["shenzhen", "input", "调整后预算数", "budgetAdjusted"],
    ["shenzhen", "input", "全年预算数", "budgetAdjusted"],
    ["guangzhou", "indicator", "履职效能", "dutyPerformance"],
    ["guangzhou", "indicator", "年度主要工作任务", "dutyPerformance"],
    ["guangzhou", "indicator", "年度主要工作任务完成情况", "dutyPerformance"],
    ["guangzhou", "input", "全年预算数", "budgetTotal"],
    ["guangzhou", "input", "支出预算数", "budgetTotal"],
    ["guangzhou", "input", "预算数", "budgetTotal"],
    ["guangzhou", "input", "全年执行数", "budgetSpent"],
    ["guangzhou", "input", "执行数", "budgetSpent"],
    ["guangzhou", "input", "全年支出数", "budgetSpent"],
    ["guangzhou", "text", "年度主要工作任务扣分原因", "dutyPerformanceDeductionReason"],
    ["guangzhou", "text", "预算编制扣分原因", "budgetPreparationDeductionReason"],
    ["county", "indicator", "产出指标", "output"],
    ["county", "indicator", "效益指标", "benefit"],
    ["county", "indicator", "满意度指标", "satisfaction"],
    ["county", "indicator", "投入管理", "inputManagement"],
    ["county", "indicator", "投入指标", "inputManagement"],
    ["county", "indicator", "投入管理指标", "inputManagement"],
    ["county", "input", "年初预算数", "budgetInitial"],
    ["county", "input", "全年预算数", "fundsReceived"],
    ["county", "input", "实际到位资金", "fundsReceived"],
    ["county", "input", "全年执行数", "spent"],
    ["county", "input", "实际支出", "spent"],
    ["county", "feed", "产出指标", "outputScore"],
    ["project", "indicator", "执行率", "execution"],
    ["project", "indicator", "预算执行率", "execution"],
    ["project", "indicator", "预算执行情况", "execution"],
    ["project", "input", "全年预算数", "projectBudget"],
    ["project", "input", "预算数", "projectBudget"],
    ["project", "input", "全年执行数", "projectSpent"],
    ["project", "input", "执行数", "projectSpent"],
    ["project", "input", "实际支出", "projectSpent"],
    ["project", "input", "年初预算数", "projectBudgetInitial"],
    ["project", "feed", "产出指标", "outputScore"],
    ["project", "feed", "效益指标", "benefitScore"],
    ["project", "feed", "满意度指标", "satisfactionScore"],
    ["project", "feed", "服务对象满意度指标", "satisfactionScore"],
  ];

  it.each(names)("%s: the %s %s is %s", (preset, kind, name, id) => {
    const m = matchName(nameIndex(PRESETS[preset]), name, [kind]);
    expect(m.kind === "match" ? m.element.id : m).toBe(id);
  });

  it("a figures block's headers name one input or indicator each (全年预算数 / 全年执行数 / 执行率 …)", () => {
    for (const [preset, headers] of [
      ["project", ["年初预算数", "全年预算数", "全年执行数", "执行率"]],
      ["county", ["年初预算数", "全年预算数", "全年执行数"]],
      ["guangzhou", ["全年预算数", "全年执行数"]],
    ] as const)
      for (const header of headers)
        expect([
          preset,
          header,
          matchName(nameIndex(PRESETS[preset]), header, ["input", "indicator"]).kind,
        ]).toEqual([preset, header, "match"]);
  });

  it("project's 年初预算数 is shown, not scored: blank, it is no error and changes no score", () => {
    const def = project.inputs.find((i) => i.key === "projectBudgetInitial");
    expect(def).toMatchObject({ kind: "amount", label: { zh: "年初预算数" } });
    const raw = {
      projectBudget: 100,
      projectSpent: 80,
      outputScore: 50,
      benefitScore: 30,
      satisfactionScore: 10,
    };
    const blank = scoreFramework(project, raw);
    const given = scoreFramework(project, { ...raw, projectBudgetInitial: 90 });
    expect(blank.errors).toEqual([]);
    expect(scores(given)).toEqual(scores(blank));
    expect(blank.total).toBe(98);
  });
});

/* ---------- the formulas of the new presets in a real spreadsheet ---------- */

type Raw = Record<string, unknown>;
interface Case {
  name: string;
  framework: Framework;
  raw: Raw;
}
const scoreName = (id: string) => `score_${id}`;

/** Inputs and texts as named cells, metrics and scores as formulas over the names, nothing cached. */
async function writeWorkbook(framework: Framework, raw: Raw, path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("基础数据");
  const name = (row: number, key: string) => workbook.definedNames.add(`'基础数据'!$B$${row}`, key);
  for (const def of frameworkInputs(framework)) {
    const read = readInput(def, raw[def.key], "zh");
    if (read.error) throw new Error(`${def.key}: ${read.error}`);
    name(sheet.addRow([def.label.zh, read.value ?? null]).number, def.key);
  }
  for (const def of framework.texts ?? [])
    name(
      sheet.addRow([def.label.zh, (raw[def.key] as string | undefined) ?? null]).number,
      def.key
    );
  const formulas = workbook.addWorksheet("评分");
  const formulaRow = (label: string, formula: string, key: string) => {
    const row = formulas.addRow([label, null]);
    row.getCell(2).value = { formula } as ExcelJS.CellFormulaValue;
    workbook.definedNames.add(`'评分'!$B$${row.number}`, key);
  };
  for (const m of framework.metrics) formulaRow(m.label.zh, toFormula(m.expr), m.key);
  const { indicatorFormulas } = indexFramework(framework);
  for (const ind of framework.indicators)
    formulaRow(ind.name.zh, indicatorFormulas.get(ind.id)!, scoreName(ind.id));
  await workbook.xlsx.writeFile(path);
}

const g003 = example("seed003-guangzhou").raw;
const c002 = example("seed002-county").raw;
const cases: Case[] = [
  { name: "guangzhou seed 003", framework: guangzhou, raw: g003 },
  {
    name: "guangzhou: 履职效能 entered, figures, a deduction above the max",
    framework: guangzhou,
    raw: {
      ...g003,
      dutyPerformanceScore: 47.5,
      runningCostDeduction: 4,
      runningCostDeductionReason: "超支",
      budgetTotal: "200,963.70",
      budgetSpent: "199,466.59",
      carryOver: 37,
      officeCostPrior: 100,
      officeCost: 98.72,
    },
  },
  {
    name: "guangzhou: deductions of 0 with reasons given anyway, fractional deductions",
    framework: guangzhou,
    raw: {
      ...g003,
      budgetExecutionDeductionReason: "无",
      assetManagementDeduction: 0.5,
      assetManagementDeductionReason: "盘点滞后",
    },
  },
  { name: "county seed 002", framework: county, raw: c002 },
  {
    name: "county: 产出 entered",
    framework: county,
    raw: { ...c002, outputScore: 23.25, benefitScore: 14 },
  },
  {
    name: "project: 99.26%",
    framework: project,
    raw: {
      projectBudget: "200,963.70",
      projectSpent: "199,466.59",
      outputScore: 48.5,
      benefitScore: 27,
      satisfactionScore: 9,
    },
  },
  {
    name: "project: over budget",
    framework: project,
    raw: {
      projectBudget: 100,
      projectSpent: 120,
      outputScore: 50,
      benefitScore: 30,
      satisfactionScore: 10,
    },
  },
];

describe("LibreOffice computes the presets' formulas with the engine's digits", () => {
  let workDir = "";
  const sheets: Record<string, CellValue>[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "selfeval-presets-"));
    mkdirSync(join(workDir, "in"));
    const files: string[] = [];
    for (const [i, c] of cases.entries()) {
      const file = join(workDir, "in", `case${i}.xlsx`);
      await writeWorkbook(c.framework, c.raw, file);
      files.push(file);
    }
    for (const out of await recalculate(files, join(workDir, "out")))
      sheets.push(await readNamedValues(out));
  }, 180_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe.each(cases.map((c, i) => ({ ...c, i })))("$name", ({ framework, raw, i }) => {
    const report = scoreFramework(framework, raw);

    it("scores every indicator, as the sheet does", () => {
      expect(report.errors).toEqual([]);
      const engine = Object.fromEntries(report.indicators.map((r) => [r.id, r.score]));
      const sheet = Object.fromEntries(
        report.indicators.map((r) => [r.id, sheets[i][scoreName(r.id)]])
      );
      expect(sheet).toEqual(engine);
    });

    it("computes the metrics the engine computes (those its inputs allow)", () => {
      const computed = Object.entries(report.metrics).filter(([, v]) => v !== null);
      const sheet = computed.map(([key]) => {
        const cell = sheets[i][key];
        return [key, typeof cell === "number" ? Number(cell.toPrecision(10)) : cell];
      });
      expect(sheet).toEqual(computed);
    });
  });
});
