import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { exampleInputs } from "./support/seeds";

/** Seed 000's inputs with some overridden: every band edge of the spec, scored. */
function scoreWith(overrides: Record<string, unknown>) {
  return scoreFramework(shenzhen, { ...exampleInputs("seed000"), ...overrides });
}
const scoreOf = (id: string, overrides: Record<string, unknown>) =>
  scoreWith(overrides).indicators.find((r) => r.id === id)?.score;
const severityOf = (metric: string, overrides: Record<string, unknown>) =>
  scoreWith(overrides).breaches.find((b) => b.metric === metric)?.severity;

describe("band edges score as the 参考评分标准 says", () => {
  it.each([
    [90, 1],
    [63 / 0.7, 1],
    [89.99, 0.7],
    [75, 0.7],
    [74.99, 0.4],
    [60, 0.4],
    [59.99, 0],
  ])("固定资产利用率 %s%% → %s", (inUse, expected) => {
    expect(scoreOf("fixedAssetUse", { fixedAssetsInUse: inUse, fixedAssetsTotal: 100 })).toBe(
      expected
    );
  });

  it.each([
    [49, 1],
    [50, 0.5],
    [100, 0.5],
    [101, 0],
  ])("编外人员 %s / 1000 → %s", (contract, expected) => {
    expect(scoreOf("contractStaffControl", { contractStaff: contract, totalStaff: 1000 })).toBe(
      expected
    );
  });

  it("财政供养人员控制率 exactly 100% → 1, above → 0", () => {
    expect(scoreOf("staffControl", { staffActual: 245, staffQuota: 245 })).toBe(1);
    expect(scoreOf("staffControl", { staffActual: 246, staffQuota: 245 })).toBe(0);
  });

  it.each([
    [89.99, 89.99, 6],
    [90, 89.99, 5],
    [100, 90, 4],
    [100.01, 90, 2],
    [101, 101, 0],
  ])("公用经费控制率 三公 %s%%, 日常 %s%% → %s", (threePublic, office, expected) => {
    expect(
      scoreOf("costControl", {
        threePublicActual: threePublic,
        threePublicBudget: 100,
        officeActual: office,
        officeBudget: 100,
      })
    ).toBe(expected);
  });

  it.each([
    [1000, 3], // exactly 10%
    [1001, 3], // 10.01% → 0.999 → 2.999 → 3
    [1500, 2.5],
    [1635, 2.37], // 1 − 0.635 = 0.365, a rounding tie: half away from zero as Excel does
    [2000, 2],
    [2500, 2], // floored at 0
  ])("资金调整调剂 %s / 10000 → 财务合规性 %s", (adjusted, expected) => {
    expect(
      scoreOf("financialCompliance", { adjustmentTotal: adjusted, budgetAdjusted: 10000 })
    ).toBe(expected);
  });

  it("a serious violation scores 财务合规性 0; a classified unit gets the full 3 for disclosure", () => {
    expect(scoreOf("financialCompliance", { seriousViolation: "是" })).toBe(0);
    expect(
      scoreOf("disclosure", {
        classifiedUnit: "是",
        budgetDisclosure: "未公开",
        finalAccountsDisclosure: "未公开",
      })
    ).toBe(3);
    expect(
      scoreOf("disclosure", {
        budgetDisclosure: "公开但不符合要求",
        finalAccountsDisclosure: "未公开",
      })
    ).toBe(1);
  });

  it("procurement over plan scores 0 for execution; exactly on plan the full point", () => {
    expect(scoreOf("procurement", { procurementActual: 100.01, procurementPlan: 100 })).toBe(1);
    expect(scoreOf("procurement", { procurementActual: 100, procurementPlan: 100 })).toBe(2);
    expect(severityOf("procurementRate", { procurementActual: 100.01, procurementPlan: 100 })).toBe(
      "red"
    );
  });

  it("quarters exactly on 序时进度 score the full 6; behind, proportionally", () => {
    expect(
      scoreOf("execution", {
        q1Progress: "25%",
        q2Progress: "50%",
        q3Progress: "75%",
        q4Progress: "100%",
      })
    ).toBe(6);
    expect(
      scoreOf("execution", {
        q1Progress: "20%",
        q2Progress: "40%",
        q3Progress: "60%",
        q4Progress: "80%",
      })
    ).toBe(4.8);
    expect(severityOf("q1Ratio", { q1Progress: "25%" })).toBeUndefined();
    expect(severityOf("q1Ratio", { q1Progress: "24%" })).toBe("amber");
    expect(severityOf("q1Ratio", { q1Progress: "19.99%" })).toBe("red");
    expect(severityOf("q3Ratio", { q3Progress: "60%" })).toBe("amber"); // exactly 80% of schedule is amber, not red
  });

  it.each([
    ["95%", 6],
    ["94.99%", 4],
    ["90%", 4],
    ["89.99%", 2],
    ["80%", 2],
    ["79.99%", 1],
  ])("满意度 %s → %s", (satisfaction, expected) => {
    expect(scoreOf("satisfaction", { satisfaction })).toBe(expected);
  });

  it("满意度 breaches: amber from 80% to under 90%, red under 80%", () => {
    expect(severityOf("satisfaction", { satisfaction: "90%" })).toBeUndefined();
    expect(severityOf("satisfaction", { satisfaction: "80%" })).toBe("amber");
    expect(severityOf("satisfaction", { satisfaction: "79.99%" })).toBe("red");
  });

  it("deductions stop at 0", () => {
    expect(scoreOf("keyTasks", { keyTasksUnfinished: 1 })).toBe(4);
    expect(scoreOf("keyTasks", { keyTasksUnfinished: 3 })).toBe(0);
    expect(scoreOf("budgetCompliance", { budgetComplianceIssues: 7 })).toBe(0);
    expect(scoreOf("goalCompleteness", { goalCompletenessIssues: 2 })).toBe(1);
  });

  it("项目完成及时性: none planned → 6; 8 of 10 → 4.8", () => {
    expect(scoreOf("projectTimeliness", { projectsPlanned: 0, projectsOnTime: 0 })).toBe(6);
    expect(scoreOf("projectTimeliness", { projectsPlanned: 10, projectsOnTime: 8 })).toBe(4.8);
  });

  it("信访: a reply rate under 100% or no channel loses its point and the rate is flagged amber", () => {
    expect(scoreOf("petitions", { petitionReplyRate: "99%" })).toBe(2);
    expect(scoreOf("petitions", { petitionChannel: "否" })).toBe(2);
    expect(severityOf("petitionReplyRate", { petitionReplyRate: "99%" })).toBe("amber");
  });

  it("checklist items take partial scores (酌情扣分)", () => {
    expect(scoreOf("budgetRationality", { budgetRationality_1: 0.5 })).toBe(4.5);
    expect(scoreOf("systems", { systems_2: "1.25" })).toBe(2.75);
  });

  it("the 10% limit and 编外 bands are breaches at the right edges", () => {
    expect(
      severityOf("adjustmentRate", { adjustmentTotal: 1000, budgetAdjusted: 10000 })
    ).toBeUndefined();
    expect(severityOf("adjustmentRate", { adjustmentTotal: 1001, budgetAdjusted: 10000 })).toBe(
      "red"
    );
    expect(
      severityOf("contractStaffRate", { contractStaff: 49, totalStaff: 1000 })
    ).toBeUndefined();
    expect(severityOf("contractStaffRate", { contractStaff: 50, totalStaff: 1000 })).toBe("amber");
    expect(severityOf("contractStaffRate", { contractStaff: 100, totalStaff: 1000 })).toBe("amber");
    expect(severityOf("contractStaffRate", { contractStaff: 101, totalStaff: 1000 })).toBe("red");
    expect(
      severityOf("threePublicRate", { threePublicActual: 89.99, threePublicBudget: 100 })
    ).toBeUndefined();
    expect(severityOf("threePublicRate", { threePublicActual: 90, threePublicBudget: 100 })).toBe(
      "amber"
    );
    expect(
      severityOf("threePublicRate", { threePublicActual: 100.01, threePublicBudget: 100 })
    ).toBe("red");
    expect(
      severityOf("fixedAssetUseRate", { fixedAssetsInUse: 90, fixedAssetsTotal: 100 })
    ).toBeUndefined();
    expect(severityOf("fixedAssetUseRate", { fixedAssetsInUse: 60, fixedAssetsTotal: 100 })).toBe(
      "amber"
    );
    expect(
      severityOf("fixedAssetUseRate", { fixedAssetsInUse: 59.99, fixedAssetsTotal: 100 })
    ).toBe("red");
    expect(severityOf("staffControlRate", { staffActual: 246, staffQuota: 245 })).toBe("red");
  });

  it("a blank 在职人员总数 falls back to 在编 + 编外", () => {
    // 394 / (3,933 + 394) = 9.11% → 0.5
    const report = scoreWith({ totalStaff: "" });
    expect(report.indicators.find((r) => r.id === "contractStaffControl")?.score).toBe(0.5);
    expect(report.metrics.contractStaffRate).toBeCloseTo(394 / 4327, 9);
    expect(report.errors).toEqual([]);
  });
});
