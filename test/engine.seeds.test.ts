import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { exampleInputs, loadExample } from "./support/seeds";

const scoresOf = (report: ReturnType<typeof scoreFramework>) =>
  Object.fromEntries(report.indicators.map((r) => [r.id, r.score]));

describe("seed 000 (深圳市公安局 2024) reproduces its reported 95.97 优", () => {
  const report = scoreFramework(shenzhen, exampleInputs("seed000"));

  it("gives the reported total and grade, complete, without input errors", () => {
    expect(report.total).toBe(95.97);
    expect(report.grade).toBe("优");
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
  });

  it("gives every 三级 score of the spec", () => {
    expect(scoresOf(report)).toEqual({
      budgetRationality: 5,
      budgetCompliance: 5,
      goalCompleteness: 3,
      indicatorClarity: 6, // indicatorClarity_5 否: 个别项目绩效指标设置精准性有待提高
      procurement: 1.95, // 124,010.86 / 130,901.65 = 94.74% + policy 1
      financialCompliance: 3, // adjustment 7.17% within 10%
      disclosure: 3,
      projectProcedure: 2,
      projectSupervision: 2,
      assetSafety: 2,
      fixedAssetUse: 1,
      staffControl: 1, // 3,933 / 4,577 = 85.93%
      contractStaffControl: 0.5, // 394 / 4,680 = 8.42%
      systems: 3,
      costControl: 4, // 95.26% and 97.03%: 2 + 2
      execution: 5.52, // ratios 90.72%, 85.10%, 96.32%, 95.77%
      keyTasks: 8,
      projectTimeliness: 6,
      effectiveness: 25,
      petitions: 3,
      satisfaction: 6, // 99.28%
    });
  });

  it("gives the spec's subtotals 19 / 19.45 / 57.52 out of 20 / 20 / 60", () => {
    const level1 = report.groups.filter((g) => g.level === 1).map((g) => [g.name, g.score, g.max]);
    expect(level1).toEqual([
      ["部门决策", 19, 20],
      ["部门管理", 19.45, 20],
      ["部门绩效", 57.52, 60],
    ]);
    const level2 = report.groups.filter((g) => g.level === 2).map((g) => [g.name, g.max]);
    expect(level2).toEqual([
      ["预算编制", 10],
      ["目标设置", 10],
      ["资金管理", 8],
      ["项目管理", 4],
      ["资产管理", 3],
      ["人员管理", 2],
      ["制度管理", 3],
      ["经济性", 6],
      ["效率性", 20],
      ["效果性", 25],
      ["公平性", 9],
    ]);
  });

  it("computes the spec's rates", () => {
    expect(report.metrics.adjustmentRate).toBeCloseTo(0.0717, 4);
    expect(report.metrics.procurementRate).toBeCloseTo(0.9474, 4);
    expect(report.metrics.executionAverage).toBeCloseTo(0.9198, 4);
  });

  it("flags the amber 编外人员 band and the 90% control band, and nothing red", () => {
    const amber = report.breaches.filter((b) => b.severity === "amber").map((b) => b.metric);
    expect(amber).toEqual(
      expect.arrayContaining(["contractStaffRate", "threePublicRate", "officeCostRate"])
    );
    expect(report.breaches.filter((b) => b.severity === "red")).toEqual([]);
  });
});

describe("seed 001 (刑事警察支队 2023): the worked examples and the breaches the seed missed", () => {
  const raw = loadExample("seed001");
  const report = scoreFramework(shenzhen, exampleInputs("seed001"), {
    selfScores: raw.selfScores as Record<string, unknown>,
  });
  const scores = scoresOf(report);

  it("scores 财务合规性 2.24 (the seed self-reported 3), 预算执行率 5.99, 政府采购 1.99", () => {
    expect(scores.financialCompliance).toBe(2.24);
    expect(scores.execution).toBe(5.99);
    expect(scores.procurement).toBe(1.99);
    expect(scores.costControl).toBe(4);
    expect(scores.contractStaffControl).toBe(0);
    expect(scores.staffControl).toBe(1);
    expect(report.total).toBe(95.22);
  });

  it("explains the adjustment deduction in words and numbers", () => {
    const explanation = report.indicators.find((r) => r.id === "financialCompliance")?.explanation;
    expect(explanation).toContain("资金调整调剂率 17.63%，超出 10% 上限 7.63 个百分点，扣 0.76 分");
    expect(explanation).toContain("合计 2.24 分");
  });

  it("lists the 10% limit (red), the 90% band (amber, both), 编外人员 (red) and the self-score difference", () => {
    const find = (metric: string) => report.breaches.find((b) => b.metric === metric);
    expect(find("adjustmentRate")).toMatchObject({
      severity: "red",
      value: 0.1763,
      indicator: "financialCompliance",
    });
    expect(find("threePublicRate")?.severity).toBe("amber");
    expect(find("officeCostRate")?.severity).toBe("amber");
    expect(find("contractStaffRate")?.severity).toBe("red");
    const difference = find("selfScore_financialCompliance");
    expect(difference).toMatchObject({ severity: "red", value: 3 });
    expect(difference?.message).toContain("自评 3 分，按评分标准应为 2.24 分");
    // Only 财务合规性 differs from the seed's own sheet.
    expect(report.breaches.filter((b) => b.metric.startsWith("selfScore_")).length).toBe(1);
    const fc = report.indicators.find((r) => r.id === "financialCompliance");
    expect(fc?.selfScore).toBe(3);
    expect(fc?.breaches).toEqual(["adjustmentRate", "selfScore_financialCompliance"]);
  });

  it("speaks English with lang en", () => {
    const en = scoreFramework(shenzhen, exampleInputs("seed001"), { lang: "en" });
    const fc = en.indicators.find((r) => r.id === "financialCompliance");
    expect(fc?.name).toBe("Financial compliance");
    expect(fc?.explanation).toContain(
      "adjustment rate 17.63% exceeds the 10% limit by 7.63 percentage points: −0.76, 0.24 points"
    );
    expect(en.breaches.find((b) => b.metric === "adjustmentRate")?.message).toBe(
      "adjustment rate 17.63% exceeds the 10% limit"
    );
  });
});
