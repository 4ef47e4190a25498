/**
 * Seed 000 with one rule's inputs moved onto its edges — band boundaries, ties in rounding, a double one ulp
 * below a threshold, fallbacks, gates, tiers, partial checklists. The LibreOffice formula test and the workbook
 * round trip both run every one.
 */
type Raw = Record<string, unknown>;

export interface EdgeCase {
  name: string;
  overrides: Raw;
}

const edge = (name: string, overrides: Raw): EdgeCase => ({ name, overrides });

export const EDGE_CASES: EdgeCase[] = [
  // 固定资产利用率 band edges
  edge("fixedAssetUseRate 90%", { fixedAssetsInUse: 90, fixedAssetsTotal: 100 }),
  edge("fixedAssetUseRate 75%", { fixedAssetsInUse: 75, fixedAssetsTotal: 100 }),
  edge("fixedAssetUseRate 60%", { fixedAssetsInUse: 60, fixedAssetsTotal: 100 }),
  edge("fixedAssetUseRate 59.99%", { fixedAssetsInUse: 59.99, fixedAssetsTotal: 100 }),
  edge("fixedAssetUseRate 63/70", { fixedAssetsInUse: 63, fixedAssetsTotal: 70 }),
  // 0.8999999999999999, a double below 90%: equal to it in a spreadsheet's comparison (relative 2^-48).
  edge("fixedAssetUseRate 90% less one ulp", {
    fixedAssetsInUse: 89.99999999999999,
    fixedAssetsTotal: 100,
  }),
  // 编外人员控制率
  edge("contractStaffRate 5%", { contractStaff: 50, totalStaff: 1000 }),
  edge("contractStaffRate 10%", { contractStaff: 100, totalStaff: 1000 }),
  edge("contractStaffRate 10.1%", { contractStaff: 101, totalStaff: 1000 }),
  edge("totalStaff blank (fallback)", { totalStaff: "" }),
  edge("totalStaff blank, rate 5%", { totalStaff: "", staffActual: 950, contractStaff: 50 }),
  // 财政供养人员控制率
  edge("staffControlRate 100%", { staffActual: 4577, staffQuota: 4577 }),
  edge("staffControlRate over 100%", { staffActual: 4578, staffQuota: 4577 }),
  // 公用经费控制率
  edge("cost rates 90%", {
    threePublicActual: 90,
    threePublicBudget: 100,
    officeActual: 90,
    officeBudget: 100,
  }),
  edge("cost rates 100%", {
    threePublicActual: 100,
    threePublicBudget: 100,
    officeActual: 100,
    officeBudget: 100,
  }),
  edge("cost rates 100.01%", {
    threePublicActual: 100.01,
    threePublicBudget: 100,
    officeActual: 100.01,
    officeBudget: 100,
  }),
  edge("cost rates 89.99% / 90%", {
    threePublicActual: 89.99,
    threePublicBudget: 100,
    officeActual: 0.9,
    officeBudget: 1,
  }),
  // 资金调整调剂率
  edge("adjustmentRate 10%", { adjustmentTotal: 1000, budgetAdjusted: 10000 }),
  edge("adjustmentRate 10.05% (0.995 tie)", { adjustmentTotal: 1005, budgetAdjusted: 10000 }),
  edge("adjustmentRate 16.35% (0.365 tie)", { adjustmentTotal: 1635, budgetAdjusted: 10000 }),
  edge("adjustmentRate 17.45% (0.255 tie)", { adjustmentTotal: 1745, budgetAdjusted: 10000 }),
  edge("adjustmentRate 20.5%", { adjustmentTotal: 2050, budgetAdjusted: 10000 }),
  edge("adjustmentRate 25% (floored)", { adjustmentTotal: 2500, budgetAdjusted: 10000 }),
  // 政府采购
  edge("procurement over plan", { procurementActual: "130,901.66" }),
  edge("procurement exactly plan", { procurementActual: "130,901.65", procurementPolicy: 0.5 }),
  // 满意度
  edge("satisfaction 95%", { satisfaction: "95%" }),
  edge("satisfaction 90%", { satisfaction: "90%" }),
  edge("satisfaction 80%", { satisfaction: "80%" }),
  edge("satisfaction 79.99%", { satisfaction: "79.99%" }),
  // 预算执行率
  edge("quarters on schedule", {
    q1Progress: "25%",
    q2Progress: "50%",
    q3Progress: "75%",
    q4Progress: "100%",
  }),
  edge("quarters behind", {
    q1Progress: "20%",
    q2Progress: "45%",
    q3Progress: "70%",
    q4Progress: "90%",
  }),
  edge("quarters ahead", {
    q1Progress: "30%",
    q2Progress: "60%",
    q3Progress: "90%",
    q4Progress: "99.99%",
  }),
  // 项目完成及时性
  edge("projectsPlanned 0", { projectsPlanned: 0, projectsOnTime: 0 }),
  edge("projects 7 of 9", { projectsPlanned: 9, projectsOnTime: 7 }),
  // gates and tiers
  edge("seriousViolation 是", { seriousViolation: "是" }),
  edge("classifiedUnit 是, not disclosed", {
    classifiedUnit: "是",
    budgetDisclosure: "未公开",
    finalAccountsDisclosure: "未公开",
  }),
  edge("disclosure not as required / not disclosed", {
    budgetDisclosure: "公开但不符合要求",
    finalAccountsDisclosure: "未公开",
  }),
  // checklists with partial scores
  edge("partial checklist items", {
    budgetRationality_3: 0.5,
    indicatorClarity_1: 1.25,
    indicatorClarity_5: 0.3,
    systems_2: 0.5,
    assetSafety_2: "否",
    projectProcedure_1: 0.75,
  }),
  // 信访
  edge("petition rates 99%", {
    petitionReplyRate: "99%",
    petitionTimelyRate: "99%",
    petitionChannel: "否",
  }),
  // deductions and entered scores
  edge("deductions", {
    budgetComplianceIssues: 2,
    goalCompletenessIssues: 5,
    keyTasksUnfinished: 1,
    effectivenessScore: 23.45,
  }),
];
