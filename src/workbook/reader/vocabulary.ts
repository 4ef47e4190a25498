/**
 * The header vocabulary: what a column's header says it holds, in the words departments' sheets use — our
 * template, seed 001's 评分表, 广州's 自评表 (seed 003), the nationwide 自评表 of 财预〔2020〕10号 (seed 004's
 * 见义勇为专项资金) and the 预算管理一体化 system's export. Headers are compared folded (`foldName`), so line
 * breaks, spaces, numbering and notes such as `（万元）` do not matter.
 */
import { foldName } from "../../domain/names";

export type ColumnRole =
  /** 一级 / 二级 / 三级指标, or a plain 指标名称 column. */
  | "level1"
  | "level2"
  | "level3"
  | "name"
  /** 分值 / 权重: an indicator's maximum, a 绩效指标 row's weight. */
  | "max"
  | "criteria"
  /** The department's own score. */
  | "selfScore"
  | "deduction"
  | "deductionReason"
  /** The 绩效指标 table: target (whole, or split over operator / value / unit), actual, deviation reason, tier. */
  | "target"
  | "operator"
  | "unit"
  | "actual"
  | "reason"
  | "tier"
  /** A figure named by its header (年初预算数 / 全年预算数 / 全年执行数 / 执行率): matched to the framework's inputs. */
  | "figure";

const WORDS: Record<ColumnRole, string[]> = {
  level1: ["一级指标", "一级", "一级评价指标"],
  level2: ["二级指标", "二级", "二级评价指标"],
  level3: ["三级指标", "三级", "三级评价指标"],
  name: [
    "指标名称",
    "名称",
    "评价指标",
    "指标",
    "指标内容",
    "绩效指标名称",
    "年度主要工作任务",
    "主要工作任务",
    "工作任务",
  ],
  max: ["分值", "参考分值", "权重", "满分", "标准分", "指标分值", "权重分", "分值权重", "指标权重"],
  criteria: [
    "评分标准",
    "参考评分标准",
    "评分要点",
    "评分细则",
    "指标解释",
    "指标说明",
    "评分依据",
  ],
  selfScore: [
    "得分",
    "自评得分",
    "自评分",
    "自评分数",
    "分数",
    "评分",
    "实际得分",
    "评价得分",
    "自评得分分",
  ],
  deduction: ["扣分", "扣分分值", "扣减分值"],
  deductionReason: [
    "扣分原因",
    "扣分说明",
    "扣分理由",
    "扣分情况",
    "扣分依据",
    "得分说明",
    "评分说明",
  ],
  target: [
    "年度指标值",
    "预期指标值",
    "目标值",
    "指标值",
    "年度目标值",
    "年度绩效目标",
    "年度绩效目标值",
    "绩效目标值",
    "预期目标值",
    "计划值",
    "全年指标值",
  ],
  operator: ["计算符号", "符号", "运算符号", "比较符号", "指标值符号"],
  unit: ["计量单位", "单位", "度量单位", "指标单位"],
  actual: [
    "实际完成值",
    "实际完成指标值",
    "完成值",
    "实际值",
    "完成情况",
    "实际完成情况",
    "全年实际值",
    "实际完成",
    "全年完成值",
  ],
  reason: [
    "偏差原因",
    "偏差原因分析及改进措施",
    "偏差原因分析",
    "偏差原因及改进措施",
    "未完成原因",
    "原因分析",
    "偏差原因说明",
  ],
  tier: ["完成档次", "档次", "完成程度"],
  figure: [
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "执行率",
    "预算数",
    "执行数",
    "调整后预算数",
    "实际支出",
  ],
};

const BY_WORD = new Map<string, ColumnRole>();
for (const [role, words] of Object.entries(WORDS) as [ColumnRole, string[]][])
  for (const w of words) BY_WORD.set(foldName(w), role);

/** The role a header cell names, if any. */
export function roleOf(header: unknown): ColumnRole | undefined {
  const folded = foldName(header);
  return folded ? BY_WORD.get(folded) : undefined;
}

/** Roles that name a row: the indicator's name at some level. */
export type NameRole = "level3" | "name" | "level2" | "level1";
/** Most specific first. */
export const NAME_ROLES: NameRole[] = ["level3", "name", "level2", "level1"];
export const isNameRole = (r: ColumnRole | undefined): r is NameRole =>
  r !== undefined && (NAME_ROLES as string[]).includes(r);

/** Labels of a total row and of the grade cell. */
const TOTAL = [
  "合计",
  "总分",
  "总计",
  "综合评分",
  "综合得分",
  "得分合计",
  "合计得分",
  "总得分",
  "自评总分",
].map(foldName);
const GRADE = ["评价等级", "评分等级", "等级", "自评等级", "绩效等级", "自评结果等级"].map(
  foldName
);
/** A figures block's row that holds the whole (年度资金总额) rather than a part (其中：当年财政拨款). */
const WHOLE = [
  "年度资金总额",
  "资金总额",
  "年度总支出",
  "总额",
  "合计",
  "小计",
  "年度预算总额",
].map(foldName);

export const isTotalLabel = (v: unknown) => TOTAL.includes(foldName(v));
export const isGradeLabel = (v: unknown) => GRADE.includes(foldName(v));
export const isWholeLabel = (v: unknown) => WHOLE.includes(foldName(v));
