/**
 * The 绩效指标 sheet: one row per performance indicator — what the department fills (一级 / 二级 / 三级指标,
 * 指标值, 实际完成值, 计量单位, 权重, 完成档次, 偏差原因) and what Recompute writes beside it (方向, the two values as
 * numbers, 完成率, 折算权重, 得分, 说明), then one total row per framework indicator the table feeds.
 */
import type { Localized } from "../../domain/types";

export const TABLE_SHEET = "绩效指标";

/** Header row (0-based) and the first row of indicators in the standard template. */
export const TABLE_HEADER_ROW = 2;
export const TABLE_FIRST_ROW = 3;
/** Blank rows the template offers when no table is given. */
export const TABLE_BLANK_ROWS = 20;

export const TABLE_COLS = {
  group: 0,
  subgroup: 1,
  name: 2,
  target: 3,
  actual: 4,
  unit: 5,
  weight: 6,
  tier: 7,
  reason: 8,
  direction: 9,
  targetValue: 10,
  actualValue: 11,
  completion: 12,
  effectiveWeight: 13,
  score: 14,
  explanation: 15,
  /** Hidden: the row's weight before rescaling (权重, 1 when blank, 0 when 不适用). */
  rawWeight: 16,
  /** The department's own 得分 per row (an adopted 自评表's, or given with the table), compared with ours. */
  selfScore: 17,
  /** Hidden: the 得分 as a share of the row's 分值, the score a qualitative row takes inside its tier's range. */
  selfShare: 18,
} as const;

export const TABLE_HEADERS: Localized[] = [
  { zh: "一级指标", en: "Level 1" },
  { zh: "二级指标", en: "Level 2" },
  { zh: "三级指标", en: "Indicator" },
  { zh: "年度指标值", en: "Target" },
  { zh: "实际完成值", en: "Actual" },
  { zh: "计量单位（选填）", en: "Unit (optional)" },
  { zh: "权重（选填）", en: "Weight (optional)" },
  { zh: "完成档次（定性指标）", en: "Tier (qualitative)" },
  { zh: "偏差原因", en: "Reason for deviation" },
  { zh: "方向", en: "Direction" },
  { zh: "指标值（数值）", en: "Target (number)" },
  { zh: "完成值（数值）", en: "Actual (number)" },
  { zh: "完成率", en: "Completion" },
  { zh: "折算权重", en: "Weight (rescaled)" },
  { zh: "得分", en: "Score" },
  { zh: "说明", en: "Explanation" },
  { zh: "原始权重", en: "Raw weight" },
];

/** The header of the self-score column, written only over a table that has its own 得分. */
export const SELF_SCORE_HEADER = { zh: "自评得分（原表）", en: "Self score (their table)" };
/** The header of the hidden share column. */
export const SELF_SHARE_HEADER = { zh: "得分占分值", en: "Self score / weight" };

export const TABLE_COLUMN_WIDTHS = [
  12, 14, 30, 16, 18, 10, 8, 12, 24, 11, 12, 12, 9, 9, 8, 40, 6, 10, 8,
];

/** The columns the department fills; the others are ours. */
export const TABLE_INPUT_COLS: number[] = [
  TABLE_COLS.group,
  TABLE_COLS.subgroup,
  TABLE_COLS.name,
  TABLE_COLS.target,
  TABLE_COLS.actual,
  TABLE_COLS.unit,
  TABLE_COLS.weight,
  TABLE_COLS.tier,
  TABLE_COLS.reason,
];

export const tableNames = {
  /** The header row's first cell: where the table is. */
  header: "selfeval_indicatorTable",
  /** The total of the rows feeding an input (effectivenessScore → table_effectivenessScore). */
  total: (input: string) => `table_${input}`,
  /** Beside that total: 绩效指标表已改动，请重新计算 while one of its rows is stale, else blank. */
  stale: (input: string) => `table_${input}_stale`,
  /** Marks a 绩效指标 sheet built over a department's own table (columns A–E refer to it). */
  adopted: "selfeval_indicatorTable_adopted",
};

/** What a row's 方向 cell shows once a text Recompute read there has been edited (the row keeps its last score). */
export const STALE_ROW: Localized = { zh: "请重新计算", en: "recompute" };
/** What the total row shows while one of its rows is stale (and 基础数据's 状态 of the input it feeds). */
export const STALE_TABLE: Localized = {
  zh: "绩效指标表已改动，请重新计算",
  en: "the indicator table changed: recompute",
};

/** The words the 方向 column shows. */
export const DIRECTION_TEXT: Record<string, Localized> = {
  forward: { zh: "正向 ≥", en: "≥ forward" },
  reverse: { zh: "反向 ≤", en: "≤ reverse" },
  equal: { zh: "等于 =", en: "= equal" },
  qualitative: { zh: "定性", en: "qualitative" },
  na: { zh: "不适用", en: "n/a" },
};
