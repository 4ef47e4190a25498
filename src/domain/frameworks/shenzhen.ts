/**
 * 深圳市 部门整体支出绩效评价共性指标体系框架 — the score sheet 《部门整体支出绩效评分表》 at the end of
 * seed 001 (深圳市公安局刑事警察支队, 2023), 参考评分标准 column quoted rule by rule; seed 000 uses the same.
 */
import { add, div, num, ref, refOr, sum } from "../expr";
import type {
  Band,
  Condition,
  Framework,
  IndicatorDef,
  InputDef,
  Localized,
  MetricDef,
  ThresholdDef,
} from "../types";
import { STANDARD_GRADES } from "./grades";

const L = (zh: string, en: string): Localized => ({ zh, en });
const WAN = L("万元", "10k CNY");
const PEOPLE = L("人", "people");
const ITEMS = L("项", "items");
const PERCENT = L("%", "%");

const amount = (key: string, zh: string, en: string, source: Localized): InputDef => ({
  key,
  label: L(zh, en),
  kind: "amount",
  unit: WAN,
  source,
});
const count = (
  key: string,
  zh: string,
  en: string,
  unit: Localized,
  source: Localized
): InputDef => ({ key, label: L(zh, en), kind: "count", unit, source });
const rate = (key: string, zh: string, en: string, source: Localized): InputDef => ({
  key,
  label: L(zh, en),
  kind: "rate",
  unit: PERCENT,
  source,
});
const score = (key: string, zh: string, en: string, max: number, source: Localized): InputDef => ({
  key,
  label: L(zh, en),
  kind: "score",
  max,
  source,
});
const yesNo = (key: string, zh: string, en: string, source: Localized): InputDef => ({
  key,
  label: L(zh, en),
  kind: "yesno",
  source,
});

const FINAL_ACCOUNTS = L("部门决算报表", "final accounts");
const PROCUREMENT_SYSTEM = L("政府采购系统 / 采购台账", "procurement system / ledger");
const SELF_ASSESSMENT = L("对照评分标准自评", "self-assessment against the standard");
const ASSET_SYSTEM = L("资产管理系统", "asset management system");
const STAFFING = L("机构编制及人事数据", "staffing records");
const BUDGET_SYSTEM = L("预算管理系统 / 预算执行月报", "budget system / monthly execution report");
const WORK_RECORDS = L("年度工作总结及督办记录", "annual work report and supervision records");
const PETITIONS = L("信访、12345 热线办理记录", "petition and 12345 hotline records");
const SURVEY = L("满意度调查或权威第三方数据", "satisfaction survey or third-party data");

const DISCLOSURE_TIERS = [
  { value: "按规定公开", en: "disclosed as required" },
  { value: "公开但不符合要求", en: "disclosed, not as required" },
  { value: "未公开", en: "not disclosed" },
];
const DISCLOSURE_POINTS = { 按规定公开: 1.5, 公开但不符合要求: 1, 未公开: 0 };

const inputs: InputDef[] = [
  amount("budgetInitial", "年初预算数", "initial budget", FINAL_ACCOUNTS),
  amount(
    "budgetAdjusted",
    "调整后预算数（部门预算总规模）",
    "adjusted budget (total)",
    FINAL_ACCOUNTS
  ),
  amount(
    "adjustmentTotal",
    "调整、调剂资金累计数",
    "adjustments and transfers, cumulative",
    FINAL_ACCOUNTS
  ),
  amount(
    "procurementPlan",
    "政府采购预算（计划）金额合计",
    "government procurement budget (plan)",
    PROCUREMENT_SYSTEM
  ),
  amount(
    "procurementActual",
    "实际政府采购金额合计",
    "government procurement actually made",
    PROCUREMENT_SYSTEM
  ),
  score(
    "procurementPolicy",
    "政府采购政策功能落实得分",
    "procurement policy functions (score)",
    1,
    SELF_ASSESSMENT
  ),
  score(
    "spendingCompliance",
    "资金支出规范性得分",
    "spending compliance (score)",
    1,
    SELF_ASSESSMENT
  ),
  score(
    "accountingCompliance",
    "会计核算规范性得分",
    "accounting compliance (score)",
    1,
    SELF_ASSESSMENT
  ),
  yesNo(
    "seriousViolation",
    "发生超范围、超标准支出，虚列支出，截留、挤占、挪用资金等",
    "serious violation (out-of-scope spending, false entries, diversion of funds)",
    L("审计、财政检查结果", "audit and inspection findings")
  ),
  {
    key: "budgetDisclosure",
    label: L("部门预算公开情况", "budget disclosure"),
    kind: "tier",
    tiers: DISCLOSURE_TIERS,
    source: L("部门门户网站、政府在线", "department website"),
  },
  {
    key: "finalAccountsDisclosure",
    label: L("部门决算公开情况", "final accounts disclosure"),
    kind: "tier",
    tiers: DISCLOSURE_TIERS,
    source: L("部门门户网站、政府在线", "department website"),
  },
  yesNo(
    "classifiedUnit",
    "涉密部门（按规定不需公开预决算）",
    "classified unit (exempt from disclosure)",
    L("保密管理规定", "secrecy rules")
  ),
  amount("fixedAssetsInUse", "实际在用固定资产总额", "fixed assets in use", ASSET_SYSTEM),
  amount("fixedAssetsTotal", "所有固定资产总额", "all fixed assets", ASSET_SYSTEM),
  count(
    "staffActual",
    "本年度在编人数（含工勤人员）",
    "staff on the establishment",
    PEOPLE,
    STAFFING
  ),
  count("staffQuota", "核定编制数（含工勤人员）", "approved establishment", PEOPLE, STAFFING),
  count(
    "contractStaff",
    "劳务派遣及直接聘用的编外人员数",
    "contract and agency staff",
    PEOPLE,
    STAFFING
  ),
  {
    key: "totalStaff",
    label: L("在职人员总数（在编+编外）", "all staff (establishment + contract)"),
    kind: "count",
    unit: PEOPLE,
    source: L(
      "空白时按 在编人数 + 编外人员数 计算",
      "blank: staff on the establishment + contract staff"
    ),
    fallback: add(ref("staffActual"), ref("contractStaff")),
  },
  amount(
    "threePublicBudget",
    "“三公”经费预算安排数",
    "“three public” expenses budget",
    FINAL_ACCOUNTS
  ),
  amount(
    "threePublicActual",
    "“三公”经费实际支出数",
    "“three public” expenses actual",
    FINAL_ACCOUNTS
  ),
  amount(
    "officeBudget",
    "日常公用经费调整预算数",
    "office running costs, adjusted budget",
    FINAL_ACCOUNTS
  ),
  amount("officeActual", "日常公用经费决算数", "office running costs, actual", FINAL_ACCOUNTS),
  rate("q1Progress", "3 月末累计支出进度", "cumulative spending at end of March", BUDGET_SYSTEM),
  rate("q2Progress", "6 月末累计支出进度", "cumulative spending at end of June", BUDGET_SYSTEM),
  rate(
    "q3Progress",
    "9 月末累计支出进度",
    "cumulative spending at end of September",
    BUDGET_SYSTEM
  ),
  rate(
    "q4Progress",
    "12 月末累计支出进度",
    "cumulative spending at end of December",
    BUDGET_SYSTEM
  ),
  count(
    "budgetComplianceIssues",
    "预算编制不符合要求的事项数",
    "budget preparation issues found",
    ITEMS,
    L("对照当年预算编制通知", "against the year's budget circular")
  ),
  count(
    "goalCompletenessIssues",
    "绩效目标未按要求编报的事项数",
    "performance goals missing or not as required",
    ITEMS,
    L("绩效目标申报记录", "performance goal filings")
  ),
  count(
    "keyTasksUnfinished",
    "未完成的重点工作项数",
    "key tasks not completed",
    ITEMS,
    WORK_RECORDS
  ),
  count("projectsPlanned", "计划完成项目总数", "projects planned to complete", ITEMS, WORK_RECORDS),
  count(
    "projectsOnTime",
    "按计划时间完成的项目数",
    "projects completed on time",
    ITEMS,
    WORK_RECORDS
  ),
  score(
    "effectivenessScore",
    "效果性得分（社会、经济、生态效益）",
    "effectiveness score (social, economic, ecological)",
    25,
    L("绩效指标完成情况", "performance indicator table")
  ),
  yesNo(
    "petitionChannel",
    "建立了便利的群众意见反映渠道和办理回复机制",
    "convenient channels and reply mechanism for public opinion",
    PETITIONS
  ),
  rate("petitionReplyRate", "群众信访办理回复率", "petition reply rate", PETITIONS),
  rate("petitionTimelyRate", "群众信访及时办理回复率", "petition timely reply rate", PETITIONS),
  rate("satisfaction", "公众或服务对象满意度", "public or client satisfaction", SURVEY),
];

const metric = (key: string, zh: string, en: string, expr: MetricDef["expr"]): MetricDef => ({
  key,
  label: L(zh, en),
  expr,
});
const QUARTER_NAMES = [L("一季度", "Q1"), L("二季度", "Q2"), L("三季度", "Q3"), L("四季度", "Q4")];

const metrics: MetricDef[] = [
  metric(
    "adjustmentRate",
    "资金调整调剂率",
    "adjustment rate",
    div(ref("adjustmentTotal"), ref("budgetAdjusted"))
  ),
  metric(
    "procurementRate",
    "政府采购执行率",
    "procurement execution rate",
    div(ref("procurementActual"), ref("procurementPlan"))
  ),
  metric(
    "fixedAssetUseRate",
    "固定资产利用率",
    "fixed asset use rate",
    div(ref("fixedAssetsInUse"), ref("fixedAssetsTotal"))
  ),
  metric(
    "staffControlRate",
    "财政供养人员控制率",
    "establishment control rate",
    div(ref("staffActual"), ref("staffQuota"))
  ),
  metric(
    "contractStaffRate",
    "编外人员控制率",
    "contract staff rate",
    div(ref("contractStaff"), refOr("totalStaff", add(ref("staffActual"), ref("contractStaff"))))
  ),
  metric(
    "threePublicRate",
    "“三公”经费控制率",
    "“three public” control rate",
    div(ref("threePublicActual"), ref("threePublicBudget"))
  ),
  metric(
    "officeCostRate",
    "日常公用经费控制率",
    "office cost control rate",
    div(ref("officeActual"), ref("officeBudget"))
  ),
  // 序时进度 25% / 50% / 75% / 100% at the end of each quarter.
  ...[1, 2, 3, 4].map((n) =>
    metric(
      `q${n}Ratio`,
      `${QUARTER_NAMES[n - 1].zh}支出进度与序时进度之比`,
      `${QUARTER_NAMES[n - 1].en} spending against schedule`,
      div(ref(`q${n}Progress`), num(0.25 * n))
    )
  ),
  metric(
    "executionAverage",
    "全年平均执行率",
    "average execution ratio",
    div(sum([1, 2, 3, 4].map((n) => ref(`q${n}Ratio`))), num(4))
  ),
  metric(
    "projectTimelyRate",
    "项目按时完成率",
    "projects on time",
    div(ref("projectsOnTime"), ref("projectsPlanned"))
  ),
];

const c = (op: Condition["op"], value: number): Condition => ({ op, value });
const band = (points: number, ...when: Condition[]): Band => ({ points, when });
const item = (weight: number, zh: string, en: string) => ({ weight, text: L(zh, en) });

const DECISION = L("部门决策", "Decision-making");
const MANAGEMENT = L("部门管理", "Management");
const PERFORMANCE = L("部门绩效", "Performance");

/** < 90% → 3; 90%–100% → 2; > 100% → 0 (公用经费控制率, each of 三公 and 日常公用). */
const controlBands = (metricKey: string) => ({
  kind: "bands" as const,
  metric: metricKey,
  bands: [band(3, c("<", 0.9)), band(2, c(">=", 0.9), c("<=", 1)), band(0, c(">", 1))],
  otherwise: 0,
});

const indicators: IndicatorDef[] = [
  {
    id: "budgetRationality",
    name: L("预算编制合理性", "Budget rationality"),
    level1: DECISION,
    level2: L("预算编制", "Budget preparation"),
    max: 5,
    criteria: L("5 项评分要点，每项 1 分", "5 items, 1 point each"),
    rule: {
      kind: "checklist",
      items: [
        item(
          1,
          "部门预算编制、分配符合本部门职责、符合市委市政府方针政策和工作要求",
          "budget fits the department's duties and policy"
        ),
        item(
          1,
          "部门预算资金能根据年度工作重点，在不同项目、不同用途之间合理分配",
          "funds allocated by the year's priorities"
        ),
        item(
          1,
          "专项资金预算编制细化程度合理，未出现因年中调剂导致部门预决算差异过大问题",
          "special funds detailed; no large budget/final gap from mid-year transfers"
        ),
        item(
          1,
          "功能分类和经济分类编制准确，年度中间无大量调剂，未发生项目之间频繁调剂",
          "functional and economic classification accurate; no frequent transfers"
        ),
        item(
          1,
          "部门预算分配不固化，能根据实际情况合理调整",
          "allocation not fixed; adjusted to actual needs"
        ),
      ],
    },
  },
  {
    id: "budgetCompliance",
    name: L("预算编制规范性", "Budget compliance"),
    level1: DECISION,
    level2: L("预算编制", "Budget preparation"),
    max: 5,
    criteria: L(
      "符合财政部门预算编制要求得 5 分；发现一项不符合扣 1 分，扣完为止",
      "5 points; −1 per issue found"
    ),
    rule: { kind: "deduction", count: "budgetComplianceIssues", per: 1 },
  },
  {
    id: "goalCompleteness",
    name: L("绩效目标完整性", "Completeness of performance goals"),
    level1: DECISION,
    level2: L("目标设置", "Goal setting"),
    max: 3,
    criteria: L(
      "按要求编报绩效目标得 3 分；一项不符合扣 1 分，扣完为止",
      "3 points; −1 per goal missing or not as required"
    ),
    rule: { kind: "deduction", count: "goalCompletenessIssues", per: 1 },
  },
  {
    id: "indicatorClarity",
    name: L("绩效指标明确性", "Clarity of performance indicators"),
    level1: DECISION,
    level2: L("目标设置", "Goal setting"),
    max: 7,
    criteria: L("5 项评分要点，分值 2、2、1、1、1", "5 items worth 2, 2, 1, 1, 1"),
    rule: {
      kind: "checklist",
      items: [
        item(
          2,
          "绩效指标将部门整体绩效目标细化分解为具体工作任务，与部门年度任务数或计划数相对应",
          "indicators break the goals into tasks matching the year's plan"
        ),
        item(
          2,
          "绩效指标中包含能够明确体现部门履职效果的社会、经济、生态效益指标",
          "indicators include social, economic and ecological effects"
        ),
        item(1, "绩效指标具有清晰、可衡量的指标值", "indicators have clear, measurable values"),
        item(1, "绩效指标包含可量化的指标", "indicators include quantified ones"),
        item(
          1,
          "绩效目标的目标值测算能提供相关依据或符合客观实际情况",
          "target values are grounded in evidence"
        ),
      ],
    },
  },
  {
    id: "procurement",
    name: L("政府采购执行情况", "Government procurement"),
    level1: MANAGEMENT,
    level2: L("资金管理", "Funds management"),
    max: 2,
    criteria: L(
      "政府采购执行率 × 1 分（实际采购大于计划得 0 分）+ 政策功能落实 1 分",
      "execution rate × 1 (0 if over plan) + policy functions 1"
    ),
    rule: {
      kind: "sum",
      parts: [
        {
          label: L("政府采购执行率得分", "execution"),
          rule: { kind: "ratio", metric: "procurementRate", weight: 1, zeroAbove: 1 },
        },
        {
          label: L("政策功能落实", "policy functions"),
          rule: { kind: "entered", input: "procurementPolicy" },
        },
      ],
    },
  },
  {
    id: "financialCompliance",
    name: L("财务合规性", "Financial compliance"),
    level1: MANAGEMENT,
    level2: L("资金管理", "Funds management"),
    max: 3,
    criteria: L(
      "资金支出规范性 1 分；调整调剂在预算总规模 10% 以内得 1 分，超出一个百分点扣 0.1 分；会计核算规范性 1 分；发生截留挤占挪用等得 0 分",
      "spending 1; adjustments within 10% of the budget 1, −0.1 per point over; accounting 1; 0 on a serious violation"
    ),
    rule: {
      kind: "sum",
      gate: { input: "seriousViolation", points: 0 },
      parts: [
        {
          label: L("资金支出规范性", "spending"),
          rule: { kind: "entered", input: "spendingCompliance" },
        },
        // Seed 001: 4,154.02 / 23,557.40 = 17.63% → 1 − 0.763 = 0.24 (the seed self-reported the full 3).
        {
          label: L("资金调整、调剂规范性", "adjustments"),
          rule: {
            kind: "overLimit",
            metric: "adjustmentRate",
            limit: 0.1,
            perPoint: 0.1,
            weight: 1,
          },
        },
        {
          label: L("会计核算规范性", "accounting"),
          rule: { kind: "entered", input: "accountingCompliance" },
        },
      ],
    },
  },
  {
    id: "disclosure",
    name: L("预决算信息公开", "Budget and final accounts disclosure"),
    level1: MANAGEMENT,
    level2: L("资金管理", "Funds management"),
    max: 3,
    criteria: L(
      "预算、决算公开各 1.5 分（按规定 1.5 / 不符合要求 1 / 未公开 0）；涉密部门直接得分",
      "budget and final accounts 1.5 each (1.5 / 1 / 0); classified units full"
    ),
    rule: {
      kind: "sum",
      gate: { input: "classifiedUnit", points: 3 },
      parts: [
        {
          label: L("部门预算公开", "budget"),
          rule: { kind: "tier", input: "budgetDisclosure", points: DISCLOSURE_POINTS },
        },
        {
          label: L("部门决算公开", "final accounts"),
          rule: { kind: "tier", input: "finalAccountsDisclosure", points: DISCLOSURE_POINTS },
        },
      ],
    },
  },
  {
    id: "projectProcedure",
    name: L("项目实施程序", "Project procedure"),
    level1: MANAGEMENT,
    level2: L("项目管理", "Project management"),
    max: 2,
    criteria: L("2 项评分要点，每项 1 分", "2 items, 1 point each"),
    rule: {
      kind: "checklist",
      items: [
        item(1, "项目的设立、调整按规定履行报批程序", "projects set up and changed with approval"),
        item(
          1,
          "项目招投标、建设、验收以及方案实施均严格执行相关制度规定",
          "tendering, construction and acceptance follow the rules"
        ),
      ],
    },
  },
  {
    id: "projectSupervision",
    name: L("项目监管", "Project supervision"),
    level1: MANAGEMENT,
    level2: L("项目管理", "Project management"),
    max: 2,
    criteria: L("2 项评分要点，每项 1 分", "2 items, 1 point each"),
    rule: {
      kind: "checklist",
      items: [
        item(
          1,
          "资金使用单位、基层资金管理单位建立有效资金管理和绩效运行监控机制，且执行情况良好",
          "fund users monitor funds and performance effectively"
        ),
        item(
          1,
          "主管部门按规定对主管的财政资金开展有效的检查、监控、督促整改",
          "the department checks and follows up the funds it oversees"
        ),
      ],
    },
  },
  {
    id: "assetSafety",
    name: L("资产管理安全性", "Asset safety"),
    level1: MANAGEMENT,
    level2: L("资产管理", "Asset management"),
    max: 2,
    criteria: L("2 项评分要点，每项 1 分", "2 items, 1 point each"),
    rule: {
      kind: "checklist",
      items: [
        item(1, "资产配置合理、保管完整，账实相符", "assets reasonable, kept whole, books match"),
        item(
          1,
          "资产处置规范，有偿使用及处置收入及时足额上缴",
          "disposals proper, proceeds paid over in full"
        ),
      ],
    },
  },
  {
    id: "fixedAssetUse",
    name: L("固定资产利用率", "Fixed asset use"),
    level1: MANAGEMENT,
    level2: L("资产管理", "Asset management"),
    max: 1,
    criteria: L(
      "≥90% 得 1 分；75%–90% 得 0.7 分；60%–75% 得 0.4 分；<60% 得 0 分",
      "≥90% 1; ≥75% 0.7; ≥60% 0.4; else 0"
    ),
    rule: {
      kind: "bands",
      metric: "fixedAssetUseRate",
      bands: [
        band(1, c(">=", 0.9)),
        band(0.7, c(">=", 0.75), c("<", 0.9)),
        band(0.4, c(">=", 0.6), c("<", 0.75)),
        band(0, c("<", 0.6)),
      ],
      otherwise: 0,
    },
  },
  {
    id: "staffControl",
    name: L("财政供养人员控制率", "Establishment control"),
    level1: MANAGEMENT,
    level2: L("人员管理", "Staff management"),
    max: 1,
    criteria: L(
      "在编人数 / 核定编制数 ≤100% 得 1 分，否则 0 分",
      "staff / establishment ≤100% 1, else 0"
    ),
    rule: {
      kind: "bands",
      metric: "staffControlRate",
      bands: [band(1, c("<=", 1)), band(0, c(">", 1))],
      otherwise: 0,
    },
  },
  {
    id: "contractStaffControl",
    name: L("编外人员控制率", "Contract staff control"),
    level1: MANAGEMENT,
    level2: L("人员管理", "Staff management"),
    max: 1,
    criteria: L("<5% 得 1 分；5%–10% 得 0.5 分；>10% 得 0 分", "<5% 1; 5%–10% 0.5; >10% 0"),
    rule: {
      kind: "bands",
      metric: "contractStaffRate",
      bands: [band(1, c("<", 0.05)), band(0.5, c(">=", 0.05), c("<=", 0.1)), band(0, c(">", 0.1))],
      otherwise: 0,
    },
  },
  {
    id: "systems",
    name: L("管理制度健全性", "Management systems"),
    level1: MANAGEMENT,
    level2: L("制度管理", "Systems"),
    max: 3,
    criteria: L("3 项评分要点，分值 0.5、1.5、1", "3 items worth 0.5, 1.5, 1"),
    rule: {
      kind: "checklist",
      items: [
        item(
          0.5,
          "部门制定了财政资金管理、财务管理、内部控制等制度",
          "funds, finance and internal control rules exist"
        ),
        item(1.5, "上述制度得到有效执行", "those rules are applied"),
        item(
          1,
          "按预算和绩效管理一体化要求制定全面实施预算绩效管理的制度或工作方案",
          "a plan for full budget performance management"
        ),
      ],
    },
  },
  {
    id: "costControl",
    name: L("公用经费控制率", "Running cost control"),
    level1: PERFORMANCE,
    level2: L("经济性", "Economy"),
    max: 6,
    criteria: L(
      "“三公”经费、日常公用经费控制率各 3 分：<90% 得 3 分；90%–100% 得 2 分；>100% 得 0 分",
      "“three public” and office costs 3 each: <90% 3; 90%–100% 2; >100% 0"
    ),
    rule: {
      kind: "sum",
      parts: [
        { label: L("“三公”经费控制率", "“three public”"), rule: controlBands("threePublicRate") },
        { label: L("日常公用经费控制率", "office costs"), rule: controlBands("officeCostRate") },
      ],
    },
  },
  {
    id: "execution",
    name: L("预算执行率", "Budget execution"),
    level1: PERFORMANCE,
    level2: L("效率性", "Efficiency"),
    max: 6,
    criteria: L(
      "四个季度支出进度 / 序时进度（25%、50%、75%、100%）× 1 分，全年平均执行率 × 2 分",
      "each quarter's progress ÷ schedule × 1, yearly average × 2"
    ),
    rule: {
      kind: "quarterly",
      ratios: ["q1Ratio", "q2Ratio", "q3Ratio", "q4Ratio"],
      average: "executionAverage",
      perQuarter: 1,
      averageWeight: 2,
    },
  },
  {
    id: "keyTasks",
    name: L("重点工作完成情况", "Key tasks"),
    level1: PERFORMANCE,
    level2: L("效率性", "Efficiency"),
    max: 8,
    criteria: L(
      "全部按期完成得 8 分；一项未完成扣 4 分，扣完为止",
      "8 points; −4 per unfinished key task"
    ),
    rule: { kind: "deduction", count: "keyTasksUnfinished", per: 4 },
  },
  {
    id: "projectTimeliness",
    name: L("项目完成及时性", "Project timeliness"),
    level1: PERFORMANCE,
    level2: L("效率性", "Efficiency"),
    max: 6,
    criteria: L(
      "全部按时完成得 6 分；否则 已完成项目数 / 计划完成项目总数 × 6 分",
      "6 if all on time, else on time ÷ planned × 6"
    ),
    rule: {
      kind: "ratio",
      metric: "projectTimelyRate",
      weight: 6,
      denominator: "projectsPlanned",
      ifZeroDenominator: 6,
    },
  },
  {
    id: "effectiveness",
    name: L("社会效益、经济效益、生态效益等", "Social, economic and ecological effects"),
    level1: PERFORMANCE,
    level2: L("效果性", "Effectiveness"),
    max: 25,
    criteria: L(
      "绩效指标完成情况与目标值对比评分，未实现目标酌情扣分",
      "scored from the performance indicators against their targets"
    ),
    rule: { kind: "entered", input: "effectivenessScore" },
  },
  {
    id: "petitions",
    name: L("群众信访办理情况", "Petitions"),
    level1: PERFORMANCE,
    level2: L("公平性", "Fairness"),
    max: 3,
    criteria: L(
      "建立反映渠道和回复机制 1 分；办理回复率达 100% 得 1 分；及时办理回复率达 100% 得 1 分",
      "channels 1; reply rate 100% 1; timely reply rate 100% 1"
    ),
    rule: {
      kind: "sum",
      parts: [
        {
          label: L("反映渠道和回复机制", "channels"),
          rule: { kind: "yesNo", input: "petitionChannel", points: 1 },
        },
        {
          label: L("办理回复率", "reply rate"),
          rule: {
            kind: "bands",
            metric: "petitionReplyRate",
            bands: [band(1, c(">=", 1)), band(0, c("<", 1))],
            otherwise: 0,
          },
        },
        {
          label: L("及时办理回复率", "timely reply rate"),
          rule: {
            kind: "bands",
            metric: "petitionTimelyRate",
            bands: [band(1, c(">=", 1)), band(0, c("<", 1))],
            otherwise: 0,
          },
        },
      ],
    },
  },
  {
    id: "satisfaction",
    name: L("公众或服务对象满意度", "Public or client satisfaction"),
    level1: PERFORMANCE,
    level2: L("公平性", "Fairness"),
    max: 6,
    criteria: L(
      "≥95% 得 6 分；90%–95% 得 4 分；80%–90% 得 2 分；<80% 得 1 分",
      "≥95% 6; ≥90% 4; ≥80% 2; else 1"
    ),
    rule: {
      kind: "bands",
      metric: "satisfaction",
      bands: [
        band(6, c(">=", 0.95)),
        band(4, c(">=", 0.9), c("<", 0.95)),
        band(2, c(">=", 0.8), c("<", 0.9)),
        band(1, c("<", 0.8)),
      ],
      otherwise: 1,
    },
  },
];

const threshold = (
  metricKey: string,
  indicator: string,
  red: Condition[] | undefined,
  amber: Condition[] | undefined,
  message: ThresholdDef["message"]
): ThresholdDef => ({ metric: metricKey, indicator, red, amber, message });

const controlMessages = (zh: string, en: string) => ({
  red: L(`${zh} {value}，超过 100%，本项得 0 分`, `${en} {value} is over 100%: 0 points`),
  amber: L(
    `${zh} {value}，在 90%–100% 之间，只得 2 分（低于 90% 可得 3 分）`,
    `${en} {value} is within 90%–100%: 2 of 3 points`
  ),
});

const thresholds: ThresholdDef[] = [
  threshold("adjustmentRate", "financialCompliance", [c(">", 0.1)], undefined, {
    red: L(
      "资金调整调剂率 {value}，超过 10% 上限",
      "adjustment rate {value} exceeds the 10% limit"
    ),
  }),
  threshold(
    "threePublicRate",
    "costControl",
    [c(">", 1)],
    [c(">=", 0.9), c("<=", 1)],
    controlMessages("“三公”经费控制率", "“three public” control rate")
  ),
  threshold(
    "officeCostRate",
    "costControl",
    [c(">", 1)],
    [c(">=", 0.9), c("<=", 1)],
    controlMessages("日常公用经费控制率", "office cost control rate")
  ),
  threshold(
    "contractStaffRate",
    "contractStaffControl",
    [c(">", 0.1)],
    [c(">=", 0.05), c("<=", 0.1)],
    {
      red: L("编外人员控制率 {value}，超过 10%", "contract staff rate {value} is over 10%"),
      amber: L(
        "编外人员控制率 {value}，在 5%–10% 之间",
        "contract staff rate {value} is within 5%–10%"
      ),
    }
  ),
  threshold("staffControlRate", "staffControl", [c(">", 1)], undefined, {
    red: L(
      "财政供养人员控制率 {value}，超过 100%（超编）",
      "establishment control rate {value} is over 100%"
    ),
  }),
  threshold("fixedAssetUseRate", "fixedAssetUse", [c("<", 0.6)], [c(">=", 0.6), c("<", 0.9)], {
    red: L("固定资产利用率 {value}，低于 60%", "fixed asset use rate {value} is below 60%"),
    amber: L("固定资产利用率 {value}，低于 90%", "fixed asset use rate {value} is below 90%"),
  }),
  threshold("procurementRate", "procurement", [c(">", 1)], undefined, {
    red: L(
      "实际政府采购金额超过采购预算（执行率 {value}），执行率得分为 0",
      "procurement exceeded its budget ({value}): 0 for execution"
    ),
  }),
  ...[1, 2, 3, 4].map((n) =>
    threshold(`q${n}Ratio`, "execution", [c("<", 0.8)], [c(">=", 0.8), c("<", 1)], {
      red: L(
        `${QUARTER_NAMES[n - 1].zh}支出进度为序时进度的 {value}，严重落后（低于 80%）`,
        `${QUARTER_NAMES[n - 1].en} spending is {value} of schedule, far behind (below 80%)`
      ),
      amber: L(
        `${QUARTER_NAMES[n - 1].zh}支出进度为序时进度的 {value}，落后于序时进度`,
        `${QUARTER_NAMES[n - 1].en} spending is {value} of schedule, behind`
      ),
    })
  ),
  threshold("satisfaction", "satisfaction", [c("<", 0.8)], [c(">=", 0.8), c("<", 0.9)], {
    red: L("满意度 {value}，低于 80%", "satisfaction {value} is below 80%"),
    amber: L("满意度 {value}，低于 90%", "satisfaction {value} is below 90%"),
  }),
  threshold("petitionReplyRate", "petitions", undefined, [c("<", 1)], {
    amber: L("群众信访办理回复率 {value}，未达 100%", "petition reply rate {value} is below 100%"),
  }),
  threshold("petitionTimelyRate", "petitions", undefined, [c("<", 1)], {
    amber: L(
      "群众信访及时办理回复率 {value}，未达 100%",
      "petition timely reply rate {value} is below 100%"
    ),
  }),
];

export const shenzhen: Framework = {
  id: "shenzhen",
  name: L(
    "深圳市部门整体支出绩效评价共性指标体系",
    "Shenzhen departmental expenditure performance framework"
  ),
  inputs,
  metrics,
  indicators,
  thresholds,
  grades: STANDARD_GRADES,
  // 效果性: 根据部门整体支出绩效目标，通过绩效指标完成情况与目标值对比分析进行评分.
  indicatorTable: [{ input: "effectivenessScore", max: 25 }],
};
