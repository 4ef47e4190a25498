import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { exampleInputs } from "./support/seeds";

const base = () => exampleInputs("seed000");
const indicator = (report: ReturnType<typeof scoreFramework>, id: string) =>
  report.indicators.find((r) => r.id === id);
const errorFor = (report: ReturnType<typeof scoreFramework>, input: string) =>
  report.errors.find((e) => e.input === input);

describe("missing and unreadable inputs leave only their indicators unscored, with a message naming the input", () => {
  it("a blank 调整后预算数 leaves 财务合规性 unscored; the rest still counts", () => {
    const report = scoreFramework(shenzhen, { ...base(), budgetAdjusted: "" });
    expect(indicator(report, "financialCompliance")?.score).toBeNull();
    expect(indicator(report, "financialCompliance")?.explanation).toContain(
      "缺少：「调整后预算数（部门预算总规模）」"
    );
    expect(report.complete).toBe(false);
    expect(report.total).toBe(92.97); // 95.97 − 3
    expect(errorFor(report, "budgetAdjusted")?.message).toBe(
      "「调整后预算数（部门预算总规模）」未填写，无法计算「财务合规性」"
    );
  });

  it("a blank input is missing, never zero", () => {
    const report = scoreFramework(shenzhen, { ...base(), keyTasksUnfinished: null });
    expect(indicator(report, "keyTasks")?.score).toBeNull();
    expect(errorFor(report, "keyTasksUnfinished")).toBeDefined();
  });

  it.each([
    ["satisfaction", "约五成", "无法识别“约五成”为数字"],
    ["procurementPlan", "约5千", "无法识别“约5千”为数字"],
    ["officeBudget", "#DIV/0!", "显示错误值 #DIV/0!"],
    ["officeBudget", { error: "#DIV/0!" }, "显示错误值 #DIV/0!"],
    ["threePublicActual", -5, "不能为负数"],
    ["threePublicActual", "-5", "不能为负数"],
    ["officeActual", "1,34", "千位分隔符位置不对"],
    ["satisfaction", "150%", "不能超过 100%"],
    ["staffActual", "222.5", "应为整数"],
    ["staffActual", "12%", "不应填百分数"],
    ["budgetDisclosure", "公开了", "应为以下之一：按规定公开 / 公开但不符合要求 / 未公开"],
    ["seriousViolation", "可能", "应填“是”或“否”"],
    ["procurementPolicy", 1.5, "应在 0 到 1 分之间"],
    ["budgetRationality_1", 2, "应在 0 到 1 分之间"],
    ["effectivenessScore", "26", "应在 0 到 25 分之间"],
  ])("%s = %j → an error saying %s", (key, raw, words) => {
    const report = scoreFramework(
      shenzhen,
      { ...base(), [key]: raw },
      { cells: { [key]: "基础数据!C9" } }
    );
    const error = errorFor(report, key);
    expect(error?.message).toContain(words);
    expect(error?.cell).toBe("基础数据!C9");
    expect(report.complete).toBe(false);
    const blocked = report.indicators.filter((r) => r.score === null);
    expect(blocked.length).toBeGreaterThan(0);
    for (const r of blocked) expect(r.explanation).toMatch(/^未计分（输入有误/);
  });

  it("a zero divisor is named: 调整后预算数 0", () => {
    const report = scoreFramework(shenzhen, { ...base(), budgetAdjusted: 0 });
    expect(indicator(report, "financialCompliance")?.score).toBeNull();
    expect(errorFor(report, "budgetAdjusted")?.message).toBe(
      "「调整后预算数（部门预算总规模）」为 0，无法计算「财务合规性」"
    );
  });

  it.each([
    ["satisfaction", "９５％", 6],
    ["satisfaction", "97.62", 6], // a percentage typed without its sign
    ["satisfaction", 0.9762, 6],
    ["satisfaction", " 89.99 % ", 2],
    ["seriousViolation", false, 3, "financialCompliance"],
    ["seriousViolation", "否", 3, "financialCompliance"],
  ])("%s = %j is read correctly", (key, raw, expected, id = "satisfaction") => {
    const report = scoreFramework(shenzhen, { ...base(), [key]: raw });
    expect(report.errors).toEqual([]);
    expect(indicator(report, id as string)?.score).toBe(expected);
  });

  it("amounts in 元, 万元 and 亿元 and with thousands separators read alike", () => {
    const inWan = scoreFramework(shenzhen, {
      ...base(),
      procurementPlan: "130,901.65万元",
      procurementActual: "1,240,108,600元",
    });
    expect(inWan.errors).toEqual([]);
    expect(inWan.metrics.procurementRate).toBeCloseTo(124010.86 / 130901.65, 9);
    const inYi = scoreFramework(shenzhen, { ...base(), procurementPlan: "13.090165亿元" });
    expect(inYi.metrics.procurementRate).toBeCloseTo(124010.86 / 130901.65, 9);
  });

  it("an unreadable self-reported score is an error on selfScore_<id>", () => {
    const report = scoreFramework(shenzhen, base(), {
      selfScores: { financialCompliance: "三分" },
      selfScoreCells: { financialCompliance: "评分表!I12" },
    });
    expect(errorFor(report, "selfScore_financialCompliance")).toMatchObject({ cell: "评分表!I12" });
    expect(indicator(report, "financialCompliance")?.score).toBe(3);
  });

  it("an empty input set scores nothing and reports every input it needs, without throwing", () => {
    const report = scoreFramework(shenzhen, {});
    expect(report.indicators.every((r) => r.score === null)).toBe(true);
    expect(report.total).toBe(0);
    expect(report.grade).toBeNull(); // a partial total is never graded (it was 差)
    expect(report.errors.map((e) => e.input)).toEqual(
      expect.arrayContaining([
        "budgetAdjusted",
        "satisfaction",
        "budgetRationality_1",
        "q4Progress",
      ])
    );
    expect(report.errors.map((e) => e.input)).not.toContain("totalStaff"); // it has a fallback
    expect(report.errors.map((e) => e.input)).not.toContain("budgetInitial"); // no rule reads it
  });

  it("errors speak English with lang en", () => {
    const report = scoreFramework(shenzhen, { ...base(), satisfaction: "约五成" }, { lang: "en" });
    expect(errorFor(report, "satisfaction")?.message).toBe(
      'public or client satisfaction: cannot read "约五成" as a number; type e.g. 1349.42 or 97.62%'
    );
  });
});

describe("typed values found by the property tests", () => {
  it("an English tier name reads as its tier", () => {
    const report = scoreFramework(shenzhen, {
      ...exampleInputs("seed000"),
      budgetDisclosure: "disclosed, not as required",
    });
    expect(report.errors).toEqual([]);
    expect(report.indicators.find((r) => r.id === "disclosure")?.score).toBe(2.5);
  });

  it('a checklist item typed "1" is 1 point, not 是 (a 2-point item keeps 1 of 2)', () => {
    const report = scoreFramework(shenzhen, {
      ...exampleInputs("seed000"),
      indicatorClarity_1: "1",
    });
    expect(report.indicators.find((r) => r.id === "indicatorClarity")?.score).toBe(5);
  });
});
