/**
 * Scoring the 绩效指标 table (see indicator-table.md) by the framework's `tableScoring` (财预〔2020〕10号 by default,
 * tableScoring.ts): each row's target against its actual, forward (≥ or a bare quantity), reverse (≤), equality
 * (=), qualitative by the department's tier and 得分 inside its range; 不适用 rows drop out and the remaining
 * weights are rescaled to the table's total. The checks a bureau makes are breaches with their cells: a missed or
 * far exceeded target without a reason, a 得分 outside its tier or above its 分值, 分值 that do not add up.
 */
import { parseNumberText } from "../parse/number";
import { spreadsheetError } from "../parse/readInput";
import { compareNumbers, excelRound } from "../excelMath";
import { formatPercent, formatPoints, say } from "../i18n";
import type { Breach, InputError, Lang } from "../types";
import {
  inWrittenUnit,
  parseIndicatorValue,
  unitsCompatible,
  type Direction,
  type ParsedValue,
  type ParseValueResult,
} from "./parseValue";
import { sameMeasure } from "./units";
import {
  NATIONAL,
  capExpr,
  emptyReason,
  evaluateRow,
  metExpr,
  overCompletionExpr,
  rangeText,
  reachExpr,
  tierDefaultShare,
  tierOfShare,
  inTier,
  topTier,
  type TableScoring,
} from "./tableScoring";

export interface IndicatorRowInput {
  group?: string;
  name: string;
  target: unknown;
  actual: unknown;
  weight?: unknown;
  /** For qualitative rows: 达成 / 部分达成 / 未达成 (or a percentage of the weight). */
  tier?: unknown;
  /** 偏差原因: required when the row is not met. */
  reason?: unknown;
  /** Where the row stands in a workbook (e.g. 绩效指标!A7). */
  cell?: string;
  /**
   * The department's own 得分 for the row (the nationwide 自评表 has one per row): reported beside ours; on a
   * qualitative row, the score inside its tier's range (or, without a tier, the tier it falls in).
   */
  selfScore?: unknown;
  /** Where the row's weight, 得分 and reason stand in a workbook, for the breaches that name them. */
  cells?: { weight?: string; selfScore?: string; reason?: string };
  /**
   * Read from workbook cells: a number there is what the cell holds, so against a % target it is the fraction
   * Excel stores (91.67% typed in a cell is 0.9167).
   */
  fromCells?: boolean;
}

export interface IndicatorRowResult {
  name: string;
  group?: string;
  direction: Direction;
  /** In `unit` as written (400 for 400万元; 万 before other units multiplies: 400000 for 40万人份; % a fraction). */
  target: number | null;
  /** In the target's `unit` when the two compare (4100000元 against 400万元 is 410). */
  actual: number | null;
  /** The target's unit (the actual's, when the target has none). */
  unit?: string;
  met: boolean | null;
  completion: number | null;
  score: number | null;
  weight: number;
  explanation: string;
  cell?: string;
  /** The department's own 得分 for the row, when it gave one that reads as a number. */
  selfScore?: number;
  /** For a qualitative row: the tier it was scored in (given, or the one its 得分 falls in). */
  tier?: string;
}

export interface TableResult {
  rows: IndicatorRowResult[];
  /** Σ row scores, rounded; null when no row could be scored. */
  total: number | null;
  max: number;
  errors: InputError[];
  breaches: Breach[];
  /** Each row's weight and completion at full precision, as the total sums them and the sheet's formulas compute. */
  exact: ExactRow[];
}

/** A row's weight and completion before rounding for display. */
export interface ExactRow {
  weight: number;
  completion: number | null;
}

export interface TableOptions {
  /** The rules (the framework's `tableScoring`); 财预〔2020〕10号 when absent. */
  scoring?: TableScoring;
  /** The group these rows make (产出), for the message when their 分值 do not add up to `max`. */
  group?: string;
}

function directionOf(target: ParsedValue): Direction {
  if (target.kind === "na") return "na";
  if (target.kind === "qualitative") return "qualitative";
  if (target.op === "<=" || target.op === "<") return "reverse";
  if (target.op === "=") return "equal";
  // A bare zero target is a count of events that must not happen (监所非自然死亡事故 0 发生).
  if (target.op === undefined && target.value === 0) return "reverse";
  return "forward";
}

/** A tier given as a share of the weight: a number 0…1 (a cell), or 70% typed. */
function typedShare(tier: unknown): number | undefined {
  if (typeof tier === "number" && tier >= 0 && tier <= 1) return tier;
  if (typeof tier !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(tier.trim());
  return m && Number(m[1]) <= 100 ? Number(m[1]) / 100 : undefined;
}

/** The tier named, when the rules have it (达成 / 部分达成 / 未达成 under 财预〔2020〕10号). */
function namedTier(tier: unknown, scoring: TableScoring): string | undefined {
  return typeof tier === "string" && tier.trim() in scoring.tiers ? tier.trim() : undefined;
}

/** Whether a tier cell says something the rules read: a tier they name, or a share. */
export const readsAsTier = (tier: unknown, scoring: TableScoring = NATIONAL): boolean =>
  namedTier(tier, scoring) !== undefined || typedShare(tier) !== undefined;

/** A weight as given (a number ≥ 0), else undefined: the row then weighs 1, an equal share. */
export const givenWeight = (weight: unknown): number | undefined =>
  typeof weight === "number" && weight >= 0 ? weight : undefined;

/** A 不适用 row drops out: its weight goes to the others. */
export const notApplicable = (target: ParseValueResult): boolean =>
  target.ok && target.value.kind === "na";

/**
 * A row's target and actual as the scoring compares them. A target in prose that names a standard
 * (…DB4426-2001…) reads as no number; with a tier chosen it is qualitative. Read from cells, a number against a
 * % value is the fraction Excel stores (91.67% typed in a cell is 0.9167).
 */
export function readRow(
  row: IndicatorRowInput,
  scoring: TableScoring = NATIONAL
): {
  target: ParseValueResult;
  actual: ParseValueResult;
} {
  let target = parseIndicatorValue(row.target);
  let actual = parseIndicatorValue(row.actual);
  // A target in prose is qualitative once the department chose its tier (a 得分 alone does not make it so: the
  // prose may hold a number the parser could not place, which is reported rather than scored by the 得分).
  if (!target.ok && readsAsTier(row.tier, scoring) && !spreadsheetError(row.target))
    target = { ok: true, value: { kind: "qualitative", text: String(row.target) } };
  const asPercent = (v: ParseValueResult): ParseValueResult =>
    v.ok ? { ok: true, value: { ...v.value, percent: true, unit: "%" } } : v;
  if (row.fromCells && target.ok && actual.ok) {
    const [targetPercent, actualPercent] = [target.value.percent, actual.value.percent];
    if (typeof row.actual === "number" && targetPercent) actual = asPercent(actual);
    if (typeof row.target === "number" && actualPercent) target = asPercent(target);
  }
  return { target, actual };
}

/** A row's self score as typed (5, "5", "5分"); undefined when blank or not a number. */
export function selfScoreOf(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const parsed = parseNumberText(v);
  return parsed.ok && !parsed.number.percent ? parsed.number.value : undefined;
}

/** A row's 分值 for its 得分: the weight as given, else its share of the table. */
const pointsOf = (row: IndicatorRowInput, weight: number): number =>
  givenWeight(row.weight) ?? weight;

/** How a qualitative row scores: the share of its weight, the tier it was scored in, in words; and the flags. */
interface QualitativeJudgement {
  share?: number;
  tier?: string;
  how: string;
  breaches: Breach[];
}

/**
 * A qualitative row's share: a share typed as its tier (0.8, 80%); a tier the rules name, at the department's 得分
 * when it lies in the tier's range, else at the tier's default (flagged); no tier, the 得分 in whichever tier it lies
 * in (flagged when it lies in none); else, when the actual says what the target says, the top tier's default.
 */
function judgeQualitative(
  row: IndicatorRowInput,
  self: number | undefined,
  points: number,
  saysSo: boolean,
  scoring: TableScoring,
  lang: Lang
): QualitativeJudgement {
  const breaches: Breach[] = [];
  // The 得分 as a share of the row's 分值: the score the department picked inside its tier's range.
  const q = self !== undefined && points > 0 ? self / points : undefined;
  const cell = row.cells?.selfScore ?? row.cell;
  const named = say(lang, `绩效指标“${row.name}”`, `indicator "${row.name}"`);
  const selfWords = (share: number) =>
    say(
      lang,
      `自评得分 ${formatPoints(self ?? 0)} 分（占分值 ${formatPercent(share)}）`,
      `self score ${formatPoints(self ?? 0)} (${formatPercent(share)} of its weight)`
    );
  const outside = (message: string) =>
    breaches.push({
      metric: "tierRange",
      value: self ?? 0,
      severity: "amber",
      message,
      ...(cell ? { cell } : {}),
    });
  const atDefault = (tier: string): QualitativeJudgement => {
    const share = tierDefaultShare(scoring, tier);
    return {
      share,
      tier,
      how: say(lang, `${tier}（${formatPercent(share)}）`, `${tier} (${formatPercent(share)})`),
      breaches,
    };
  };

  const typed = typedShare(row.tier);
  if (typed !== undefined)
    return {
      share: typed,
      how: say(lang, `完成档次 ${formatPercent(typed)}`, `tier ${formatPercent(typed)}`),
      breaches,
    };
  const given = namedTier(row.tier, scoring);
  if (given !== undefined) {
    const range = scoring.tiers[given];
    if (q !== undefined && inTier(range, q))
      return {
        share: q,
        tier: given,
        how: say(lang, `${given}，${selfWords(q)}`, `${given}, ${selfWords(q)}`),
        breaches,
      };
    const judged = atDefault(given);
    if (q !== undefined)
      outside(
        say(
          lang,
          `${named}${selfWords(q)}不在“${given}”的区间 ${rangeText(range, lang)}内，按 ${formatPercent(judged.share ?? 0)} 计分`,
          `${named}: ${selfWords(q)} is outside the range of ${given}, ${rangeText(range, lang)}; scored at ${formatPercent(judged.share ?? 0)}`
        )
      );
    return judged;
  }
  // A tier the rules do not name (基本达成) asks for one of theirs.
  if (!(row.tier === undefined || row.tier === null || String(row.tier).trim() === ""))
    return { how: "", breaches };
  const found = q === undefined ? undefined : tierOfShare(scoring, q);
  if (q !== undefined && found !== undefined)
    return {
      share: q,
      tier: found,
      how: say(lang, `${selfWords(q)}，属“${found}”`, `${selfWords(q)}, in ${found}`),
      breaches,
    };
  // In no tier's range: flagged (a 得分 above its 分值 has its own, red), then read as if there were none.
  if (q !== undefined && self !== undefined && compareNumbers(self, points) <= 0)
    outside(
      say(
        lang,
        `${named}${selfWords(q)}不在任何完成档次的区间内（${Object.entries(scoring.tiers)
          .map(([name, range]) => `${name} ${rangeText(range, lang)}`)
          .join("，")}）`,
        `${named}: ${selfWords(q)} is in no tier's range`
      )
    );
  return saysSo ? atDefault(topTier(scoring)) : { how: "", breaches };
}

/**
 * Scores the table; `max` is the framework indicator it feeds (深圳 效果性 25). `positions` are the rows' places
 * in the whole table, when these rows are part of it (a project's 产出 rows). Never throws.
 */
export function scoreIndicatorTable(
  rows: IndicatorRowInput[],
  max: number,
  lang: Lang = "zh",
  positions: number[] = rows.map((_, i) => i),
  options: TableOptions = {}
): TableResult {
  const scoring = options.scoring ?? NATIONAL;
  const errors: InputError[] = [];
  const breaches: Breach[] = [];
  const where = (row: IndicatorRowInput, i: number) =>
    row.cell ?? say(lang, `第 ${positions[i] + 1} 行`, `row ${positions[i] + 1}`);
  const fail = (row: IndicatorRowInput, i: number, message: string) =>
    errors.push({
      input: `indicators[${positions[i]}]`,
      ...(row.cell ? { cell: row.cell } : {}),
      message: `${say(lang, `绩效指标“${row.name}”（${where(row, i)}）`, `indicator "${row.name}" (${where(row, i)})`)}${message}`,
    });
  const flag = (
    row: IndicatorRowInput,
    metric: string,
    severity: Breach["severity"],
    value: number,
    message: string,
    cell = row.cell
  ) => breaches.push({ metric, value, severity, message, ...(cell ? { cell } : {}) });
  const named = (row: IndicatorRowInput) =>
    say(lang, `绩效指标“${row.name}”`, `indicator "${row.name}"`);

  // Weights: as given, else equal; 不适用 rows drop out and the rest are rescaled to `max`.
  const parsed = rows.map((row) => readRow(row, scoring));
  const active = parsed.map(({ target }) => !notApplicable(target));
  const rawWeights = rows.map((row) => givenWeight(row.weight) ?? 1);
  const activeSum = rawWeights.reduce((s, w, i) => s + (active[i] ? w : 0), 0);
  const scale = activeSum > 0 ? max / activeSum : 0;

  // A target read as a number is reported even when its row cannot be scored (in the unit it was written in).
  const readTarget = (i: number): number | null => {
    const t = parsed[i].target;
    return t.ok && t.value.kind === "number" && t.value.value !== undefined
      ? inWrittenUnit(t.value.value, t.value.unit)
      : null;
  };
  const overCompletion = overCompletionExpr(scoring);
  const results: IndicatorRowResult[] = rows.map((row, i) => {
    const weight = active[i] ? rawWeights[i] * scale : 0;
    const self = selfScoreOf(row.selfScore);
    const base = {
      name: row.name,
      ...(row.group ? { group: row.group } : {}),
      ...(row.cell ? { cell: row.cell } : {}),
      ...(self !== undefined ? { selfScore: self } : {}),
      weight,
    };
    // A 得分 above its 分值 is wrong whatever the row's reading.
    const points = pointsOf(row, weight);
    if (self !== undefined && active[i] && compareNumbers(self, points) > 0)
      flag(
        row,
        "selfScoreAboveWeight",
        "red",
        self,
        say(
          lang,
          `${named(row)}自评得分 ${formatPoints(self)} 分，超过其分值 ${formatPoints(points)} 分`,
          `${named(row)}: self score ${formatPoints(self)} is above its weight ${formatPoints(points)}`
        ),
        row.cells?.selfScore ?? row.cell
      );
    const unscored = (direction: Direction, explanation: string): IndicatorRowResult => ({
      ...base,
      direction,
      target: readTarget(i),
      actual: null,
      met: null,
      completion: null,
      score: null,
      explanation,
    });
    const t = parsed[i].target;
    if (!t.ok) {
      fail(
        row,
        i,
        say(lang, `的指标值无法识别：${t.reason}`, `: the target cannot be read (${t.reason})`)
      );
      return unscored(
        "na",
        say(lang, "未计分（指标值无法识别）", "not scored (target unreadable)")
      );
    }
    const direction = directionOf(t.value);
    if (direction === "na")
      return {
        ...unscored(
          "na",
          say(
            lang,
            "不适用，不计分，权重分给其他指标",
            "not applicable: its weight goes to the others"
          )
        ),
      };
    const a = parsed[i].actual;
    let met: boolean;
    let completion: number;
    let explanation: string;
    let tier: string | undefined;
    if (direction === "qualitative") {
      // Without a tier or a 得分: met when the actual says what the target says (全面提升 / 全面提升), or moves the
      // way it asks (同比下降 against 同比下降 13.8%); anything else needs the department's tier.
      const sameWords = a.ok && a.value.kind === "qualitative" && a.value.text === t.value.text;
      const sameTrend =
        a.ok &&
        a.value.kind === "qualitative" &&
        t.value.trend !== undefined &&
        t.value.trend !== "keep" &&
        a.value.trend === t.value.trend;
      const { share, how, ...judged } = judgeQualitative(
        row,
        self,
        points,
        sameWords || sameTrend,
        scoring,
        lang
      );
      breaches.push(...judged.breaches);
      tier = judged.tier;
      if (share === undefined) {
        fail(
          row,
          i,
          say(
            lang,
            `是定性指标，请选择完成档次：${Object.keys(scoring.tiers).join(" / ")}`,
            ` is qualitative: choose its tier (${Object.keys(scoring.tiers).join(" / ")})`
          )
        );
        return unscored(
          "qualitative",
          say(lang, "未计分（请选择完成档次）", "not scored (choose a tier)")
        );
      }
      completion = scoring.cap ? Math.min(1, share) : share;
      met = compareNumbers(completion, 1) >= 0;
      explanation = say(lang, `定性指标，${how}`, `qualitative, ${how}`);
    } else {
      if (!a.ok || a.value.kind !== "number") {
        const shownActual =
          typeof row.actual === "string" ? row.actual : JSON.stringify(row.actual ?? "");
        fail(
          row,
          i,
          say(
            lang,
            a.ok
              ? `的实际完成值“${shownActual}”不是数值，无法与指标值比较`
              : `的实际完成值无法识别：${a.reason}`,
            a.ok
              ? `: the actual "${shownActual}" is not a number to compare with the target`
              : `: the actual value cannot be read (${a.reason})`
          )
        );
        return unscored(
          direction,
          say(lang, "未计分（实际完成值无法识别）", "not scored (actual unreadable)")
        );
      }
      if (!unitsCompatible(t.value, a.value)) {
        fail(
          row,
          i,
          say(
            lang,
            `的指标值单位（${t.value.unit ?? "无"}）与实际完成值单位（${a.value.unit ?? "无"}）不一致`,
            `: units differ (${t.value.unit ?? "none"} vs ${a.value.unit ?? "none"})`
          )
        );
        return unscored(direction, say(lang, "未计分（单位不一致）", "not scored (units differ)"));
      }
      const [target, actual] = [t.value.value ?? 0, a.value.value ?? 0];
      met = evaluateRow(metExpr(direction, scoring), target, actual) === true;
      completion = evaluateRow(
        capExpr(scoring, reachExpr(direction, scoring)),
        target,
        actual
      ) as number;
      explanation = met
        ? say(lang, "已达到目标", "target met")
        : say(
            lang,
            `未达到目标，完成 ${formatPercent(completion)}`,
            `target not met, ${formatPercent(completion)} done`
          );
      // Far above its target: the bureau asks why (the target set too low?).
      if (
        direction === "forward" &&
        overCompletion &&
        evaluateRow(overCompletion, target, actual) === true &&
        emptyReason(row.reason)
      )
        flag(
          row,
          "overCompletion",
          "amber",
          actual / target,
          say(
            lang,
            `${named(row)}完成值为目标的 ${formatPercent(actual / target)}，达到 ${formatPercent(scoring.overCompletion ?? 0)}，请填写偏差原因（目标是否定得过低）`,
            `${named(row)}: ${formatPercent(actual / target)} of its target, ${formatPercent(scoring.overCompletion ?? 0)} or more: give the reason (was the target too low?)`
          ),
          row.cells?.reason ?? row.cell
        );
    }
    const score = excelRound(weight * completion, 2);
    if (!met && emptyReason(row.reason)) {
      breaches.push({
        metric: "deviationReason",
        value: completion,
        severity: "amber",
        message: say(
          lang,
          `绩效指标“${row.name}”未完成目标，请填写偏差原因`,
          `indicator "${row.name}" missed its target: give the reason`
        ),
        ...(row.cell ? { cell: row.cell } : {}),
      });
    }
    // Numbers in the unit the target was written in (400 万元, not the 4,000,000 元 compared above); with a
    // target in words, the actual's own unit.
    const unit = t.value.unit ?? (a.ok && a.value.kind === "number" ? a.value.unit : undefined);
    const shown = (v: ParsedValue) =>
      v.value === undefined
        ? null
        : sameMeasure(unit, v.percent ? "%" : v.unit)
          ? inWrittenUnit(v.value, unit)
          : v.value;
    return {
      ...base,
      direction,
      target: t.value.kind === "number" ? shown(t.value) : null,
      actual: a.ok && a.value.kind === "number" ? shown(a.value) : null,
      ...(unit ? { unit } : {}),
      met,
      completion,
      score,
      ...(tier ? { tier } : {}),
      explanation: `${explanation}${say(lang, `，得 ${formatPoints(score)} 分（权重 ${formatPoints(weight)}）`, `, ${formatPoints(score)} of ${formatPoints(weight)}`)}`,
    };
  });
  checkWeightSum(rows, active, max, lang, options.group, breaches);
  // Like any indicator with a bad input, the table's total is left blank while a row cannot be scored.
  // A row whose target cannot be read is active (its weight counts) though unscored: it blanks the total too.
  const applicable = results.filter((_, i) => active[i]);
  const complete = applicable.length > 0 && applicable.every((r) => r.score !== null);
  // Summed before rounding, so a table whose every target is met gives the full max (25/13 × 13 = 25, not 24.96).
  const sum = applicable.reduce((s, r) => s + r.weight * (r.completion ?? 0), 0);
  const total = complete ? Math.min(max, excelRound(sum, 2)) : null;
  // Shown rounded; summed above at full precision.
  const shown = results.map((r) => ({
    ...r,
    weight: excelRound(r.weight, 4),
    completion: r.completion === null ? null : excelRound(r.completion, 4),
  }));
  const exact = results.map((r) => ({ weight: r.weight, completion: r.completion }));
  return { rows: shown, total, max, errors, breaches, exact };
}

/**
 * The 分值 of a group's rows add up to the group's (产出 50), and a whole table's to the indicator it feeds (效果性
 * 25): checked when every row that counts gives its 分值 (blank weights share the group equally, nothing to add).
 */
function checkWeightSum(
  rows: IndicatorRowInput[],
  active: boolean[],
  max: number,
  lang: Lang,
  group: string | undefined,
  breaches: Breach[]
): void {
  const counted = rows.filter((_, i) => active[i]);
  if (!counted.length || counted.some((row) => givenWeight(row.weight) === undefined)) return;
  const sum = rows.reduce((s, row) => s + (givenWeight(row.weight) ?? 0), 0);
  if (Math.abs(sum - max) <= 0.005) return;
  const first = rows[0];
  const whose = group
    ? say(lang, `“${group}”各行`, `the rows of ${group}`)
    : say(lang, "绩效指标表各行", "the table's rows");
  breaches.push({
    metric: "weightSum",
    value: sum,
    severity: "amber",
    message: say(
      lang,
      `${whose}分值合计 ${formatPoints(excelRound(sum, 4))} 分，与满分 ${formatPoints(max)} 分不符（已按比例折算）`,
      `${whose}: weights add up to ${formatPoints(excelRound(sum, 4))}, not ${formatPoints(max)} (rescaled)`
    ),
    ...((first.cells?.weight ?? first.cell) ? { cell: first.cells?.weight ?? first.cell } : {}),
  });
}
