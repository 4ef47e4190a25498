import type { Expr } from "./expr";

export type Lang = "zh" | "en";
/** A text in both languages the product speaks. */
export interface Localized {
  zh: string;
  en: string;
}

/**
 * What an input holds:
 * amount — a sum of money (万元 unless the text says 元 / 亿元); count — a whole number;
 * rate — a fraction 0…1 (97.62% is 0.9762); score — points between 0 and `max`;
 * yesno — 是 / 否; tier — one of `tiers`; checkItem — 是 / 否 or a partial score between 0 and `max`.
 */
export type InputKind = "amount" | "count" | "rate" | "score" | "yesno" | "tier" | "checkItem";

export interface TierOption {
  value: string; // the text typed in the sheet, e.g. 按规定公开
  en: string;
}

export interface InputDef {
  key: string;
  label: Localized;
  /** Other names a department's sheet may use for it (a header or a row label); see `workbook/reader/names.ts`. */
  aliases?: string[];
  kind: InputKind;
  /** Upper bound of a score or check item. */
  max?: number;
  tiers?: TierOption[];
  unit?: Localized;
  /** Where the figure comes from (决算报表, 政府采购系统 …). */
  source?: Localized;
  /** Used when the input is blank (e.g. totalStaff = staffActual + contractStaff). A blank input without one is missing. */
  fallback?: Expr;
}

/** A derived rate, computed from inputs (and other metrics); a defined name of its own in the sheet. */
export interface MetricDef {
  key: string;
  label: Localized;
  expr: Expr;
  /** Where the formula and its constants come from (a seed, a circular, or "parameter, seeds silent"). */
  source?: string;
}

/**
 * A free text the user enters beside the figures (a deduction's reason, a note): read as text, never a number.
 * When `requiredWhen` holds over the other inputs and the text is blank, the text is an input error, and every
 * indicator whose score reads it is left unscored.
 */
export interface TextInputDef {
  key: string;
  label: Localized;
  /** Other names a department's sheet may use for it. */
  aliases?: string[];
  /** e.g. `disclosureDeduction<>0`: a deduction needs its reason. */
  requiredWhen?: Expr;
  /** What the error says when a required text is blank (a default names the text). */
  requiredMessage?: Localized;
  source?: Localized;
}

/** One comparison of a metric with a number; a band or a threshold is an AND of these. */
export interface Condition {
  op: "<" | "<=" | ">" | ">=" | "=";
  value: number;
}

export interface ChecklistItem {
  weight: number;
  text: Localized;
}

export interface Band {
  when: Condition[];
  points: number;
}

export type Rule =
  /** Σ items; item n is the input `<indicatorId>_<n>` (是 → weight, 否 → 0, or a partial score). */
  | { kind: "checklist"; items: ChecklistItem[] }
  /** max − per × count (e.g. 1 point off per issue found). */
  | { kind: "deduction"; count: string; per: number }
  /** weight × metric; 0 when the metric exceeds `zeroAbove`; `ifZeroDenominator` points when the metric's divisor is 0. */
  | {
      kind: "ratio";
      metric: string;
      weight: number;
      zeroAbove?: number;
      denominator?: string;
      ifZeroDenominator?: number;
    }
  /** The points of the first band whose conditions all hold, else `otherwise`. */
  | { kind: "bands"; metric: string; bands: Band[]; otherwise: number }
  /** weight up to `limit`; above it, `perPoint` off per percentage point over, floored at 0. */
  | { kind: "overLimit"; metric: string; limit: number; perPoint: number; weight: number }
  /** Σ min(1, ratio_N) × perQuarter + min(averageWeight, averageWeight × average). */
  | {
      kind: "quarterly";
      ratios: string[];
      average: string;
      perQuarter: number;
      averageWeight: number;
    }
  /** A score entered by the user. */
  | { kind: "entered"; input: string }
  /**
   * max − the points taken off (`deduction`, entered), counted only with a `reason` (a text input, required when the
   * deduction is not 0); or the score entered in `score` (or fed there by the 绩效指标 table) when that is filled.
   */
  | { kind: "deducted"; deduction: string; reason?: string; score?: string }
  /** `points` when the input is 是, else 0. */
  | { kind: "yesNo"; input: string; points: number }
  /** The points of the tier chosen. */
  | { kind: "tier"; input: string; points: Record<string, number> }
  /** Σ parts; when `gate.input` is 是 the whole is `gate.points` instead (e.g. a serious violation → 0). */
  | { kind: "sum"; parts: RulePart[]; gate?: { input: string; points: number } };

export interface RulePart {
  label: Localized;
  rule: Rule;
}

export interface IndicatorDef {
  id: string;
  name: Localized;
  /** Other names a department's sheet may use for it (预决算信息公开情况 for 预决算信息公开). */
  aliases?: string[];
  level1: Localized;
  level2: Localized;
  max: number;
  rule: Rule;
  /** The scoring standard in short, as printed in the score sheet's 评分标准 column. */
  criteria: Localized;
  /** Where the maximum and the rule's numbers come from (a seed, a circular, or "parameter, seeds silent"). */
  source?: string;
}

export interface ThresholdDef {
  metric: string;
  /** The indicator the breach belongs to. */
  indicator: string;
  red?: Condition[];
  amber?: Condition[];
  /** `{value}` is replaced by the metric's value as a percentage. */
  message: { red?: Localized; amber?: Localized };
  /** Where the limits come from. */
  source?: string;
}

export interface GradeBand {
  min: number; // total ≥ min
  grade: string; // 优 / 良 / 中 / 差
  en: string;
}

export interface Framework {
  id: string;
  name: Localized;
  inputs: InputDef[];
  metrics: MetricDef[];
  indicators: IndicatorDef[];
  thresholds: ThresholdDef[];
  /** Highest first; the last band has the lowest minimum. */
  grades: GradeBand[];
  /**
   * Where the 绩效指标 table's rows score: each feed sums the rows of its groups into an input, used when the user
   * enters no score for it (深圳: all rows → effectivenessScore, 25; a project: 产出 / 效益 / 满意度 rows apart).
   */
  indicatorTable?: TableFeed[];
  /**
   * How the 绩效指标 table's rows score, as the file writes it: a rule set's name (national, linear) or fields
   * overriding one (see indicatorTable/tableScoring.ts); 财预〔2020〕10号 (national) when absent.
   */
  tableScoring?: import("./indicatorTable/tableScoring").TableScoringSpec;
  /** Free texts entered beside the figures (deductions' reasons); see `TextInputDef`. */
  texts?: TextInputDef[];
  /** The 自评报告's outline: its sections and what fills each (see reportOutline.ts); a default when absent. */
  report?: import("./reportOutline").ReportOutline;
  /** Where the framework comes from (its seeds, circulars), for a reader of the file. */
  source?: string;
}

/** Rows whose 一级指标 starts with one of `groups` (every row when absent) score `max` points into `input`. */
export interface TableFeed {
  input: string;
  max: number;
  groups?: string[];
  /** Other names of its groups a department's table may use in 一级 / 二级指标 (产出指标 for 产出). */
  aliases?: string[];
  /** Where the maximum and the groups come from. */
  source?: string;
}

/* ---------- what the engine reports ---------- */

export type Severity = "red" | "amber";

export interface Breach {
  metric: string;
  indicator?: string;
  value: number;
  severity: Severity;
  message: string;
  cell?: string;
}

export interface InputError {
  input: string;
  cell?: string;
  message: string;
}

export interface IndicatorResult {
  id: string;
  name: string;
  level1: string;
  level2: string;
  max: number;
  score: number | null;
  selfScore?: number;
  explanation: string;
  breaches: string[];
  /** The Excel formula (over defined names) that computes `score`. */
  formula: string;
  /** Where the score stands, when it came from a workbook. */
  cell?: string;
}

export interface GroupResult {
  level: 1 | 2;
  name: string;
  parent?: string;
  max: number;
  score: number;
  complete: boolean;
}

/** An input an unscored indicator waits for: blank (`missing`), or there but not usable (`invalid`, a divisor of 0 too). */
export interface InputToFill {
  input: string;
  label: string;
  cell?: string;
  problem: "missing" | "invalid";
}

export interface Report {
  framework: string;
  /** The sum of the scores that could be computed: the whole total only when `complete`. */
  total: number;
  /** The total's band (优 / 良 / 中 / 差), only when every indicator is scored; null while some are not. */
  grade: string | null;
  complete: boolean;
  /** How many indicators are scored, of `indicatorCount`. */
  scored: number;
  indicatorCount: number;
  /** The inputs the unscored indicators wait for, in the order of `errors`. */
  toFill: InputToFill[];
  indicators: IndicatorResult[];
  groups: GroupResult[];
  metrics: Record<string, number | null>;
  breaches: Breach[];
  errors: InputError[];
  /**
   * The department's own total: its 自评总分 where it gives one (its workbook's own cell, `selfTotal` in the input),
   * else the sum of its self scores; absent when it reported none.
   */
  selfTotal?: number;
  /** For a workbook: which framework scored it and why (chosen, saved in it, told by its indicator names). */
  frameworkChoice?: {
    id: string;
    how: "chosen" | "stored" | "detected" | "default";
    reason: string;
  };
  /** The 绩效指标 table, row by row, when one was given. */
  indicatorTable?: import("./indicatorTable/scoreTable").IndicatorRowResult[];
  /** The rules that scored the table (every field resolved), when one was given. */
  tableScoring?: import("./indicatorTable/tableScoring").TableScoring;
  /** For a department's own workbook: what the reader recognized in it (sheet, header rows, columns, rows). */
  recognized?: RecognizedReport;
}

/** A row of a department's sheet that names no indicator of the framework, or two, or one already named. */
export interface UnmatchedRow {
  /** 评分表!C12 */
  cell: string;
  text: string;
  /** The framework's name nearest to it, for the message. */
  nearest?: string;
  /** The names it matches equally. */
  ambiguous?: string[];
  /** The cell of the row that named the same indicator first. */
  duplicateOf?: string;
}

/** The recognized layout of a department's workbook, as the report states it (rows and columns 1-based). */
export interface RecognizedReport {
  sheet: string;
  headerRows: number[];
  /** Each column's role (level1 … selfScore, target, figure) and its header's words. */
  columns: { column: string; role: string; header: string }[];
  /** Each score-sheet row read: its name's cell, the indicator it matched, the self score as it stands. */
  rows: { cell: string; matched: string; selfScore?: string | number | boolean | null }[];
  indicatorTable?: { sheet: string; headerRows: number[]; rows: number };
  /** Inputs whose figures are the department's cells (adopted by reference). */
  inputs: { input: string; cell: string }[];
  selfTotal?: string;
  unmatched: UnmatchedRow[];
}
