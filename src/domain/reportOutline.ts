/**
 * The outline of a department's 部门整体支出绩效自评报告, as a framework file states it (`report`): its sections in
 * order, their titles, and what fills each — what the workbook knows (the conclusion, figures, the 绩效指标 and
 * 评分表 tables, the problems found) or what only the department can write (a placeholder, 〔待填写：…〕).
 * The presets carry the outlines of their seeds (深圳: seeds 000 and 001; the county: seed 002; 广州: seeds 003
 * and 004); a framework without one gets `DEFAULT_REPORT_OUTLINE`.
 */
import type { Localized } from "./types";

/** What fills a place in the report. */
export type ReportPart =
  /** 自评结论: the total and the grade (or, while indicators are unscored, how many and what they wait for). */
  | { kind: "conclusion" }
  /** The score of each 一级指标 against its maximum. */
  | { kind: "groupScores" }
  /** The figures named (inputs, metrics, texts of the framework), each with its label, value and unit. */
  | { kind: "figures"; figures: string[] }
  /** The 绩效指标 table (一级 / 二级 / 三级, 年度指标值, 实际完成值, 得分, 偏差原因) and its rows not met in words. */
  | { kind: "indicatorTable" }
  /** The full 评分表: each indicator's 分值, 得分 and 扣分原因, the total and the grade. */
  | { kind: "scoreTable" }
  /** 存在的主要问题: one item per breach found, with its figure and the rule it breaks. */
  | { kind: "breaches" }
  /** What only the department knows: 〔待填写：ask〕, highlighted. */
  | { kind: "placeholder"; ask: Localized }
  /** A fixed sentence; {department} and {year} are replaced. */
  | { kind: "text"; text: Localized };

export type ReportPartKind = ReportPart["kind"];

export const REPORT_PART_KINDS: readonly ReportPartKind[] = [
  "conclusion",
  "groupScores",
  "figures",
  "indicatorTable",
  "scoreTable",
  "breaches",
  "placeholder",
  "text",
];

/** A section (一、) or a subsection (（一）): its title ({year} replaced), its content, then its subsections. */
export interface ReportSection {
  title: Localized;
  content?: ReportPart[];
  sections?: ReportSection[];
}

export interface ReportOutline {
  /** The document's title; {department} and {year} are replaced. */
  title?: Localized;
  sections: ReportSection[];
}

export const DEFAULT_REPORT_TITLE: Localized = {
  zh: "{department}{year}年度部门整体支出绩效自评报告",
  en: "{department} {year} departmental expenditure performance self-evaluation report",
};

const ask = (zh: string, en: string): ReportPart => ({ kind: "placeholder", ask: { zh, en } });

/** For a framework whose file gives no outline: the four parts every seed has, in 广州's order (seeds 003, 004). */
export const DEFAULT_REPORT_OUTLINE: ReportOutline = {
  title: DEFAULT_REPORT_TITLE,
  sections: [
    {
      title: { zh: "基本情况", en: "Background" },
      content: [
        ask("部门职能", "the department's functions"),
        ask("年度总体工作", "the year's work"),
      ],
    },
    {
      title: { zh: "绩效自评情况", en: "Self-evaluation" },
      content: [
        { kind: "conclusion" },
        { kind: "groupScores" },
        { kind: "indicatorTable" },
        ask("履职效能分析", "analysis of how the duties were performed"),
        { kind: "scoreTable" },
      ],
    },
    {
      title: { zh: "存在的主要问题", en: "Main problems" },
      content: [{ kind: "breaches" }],
    },
    {
      title: { zh: "下一步改进措施", en: "Improvements" },
      content: [
        ask("改进措施", "the improvements planned"),
        ask("结果应用", "how the results will be used"),
      ],
    },
  ],
};
