/**
 * Scoring the 绩效指标 table (财预〔2020〕10号 practice, see indicator-table.md): each row's target against its
 * actual, forward (≥ or a bare quantity), reverse (≤), equality (=), qualitative by the user's tier; 不适用
 * rows drop out and the remaining weights are rescaled to the table's total.
 */
import { parseNumberText } from "../parse/number";
import { compareNumbers, excelRound } from "../excelMath";
import { formatPercent, formatPoints, say } from "../i18n";
import { isBlank } from "../parse/readInput";
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
  /** The department's own 得分 for the row (the nationwide 自评表 has one per row): reported beside ours. */
  selfScore?: unknown;
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
}

export interface TableResult {
  rows: IndicatorRowResult[];
  /** Σ row scores, rounded; null when no row could be scored. */
  total: number | null;
  max: number;
  errors: InputError[];
  breaches: Breach[];
}

/** The share of the weight each qualitative tier earns (the practice's defaults). */
export const TIER_SHARE: Record<string, number> = { 达成: 1, 部分达成: 0.7, 未达成: 0.3 };

/** Within 0.5% counts as equal, for an equality target. */
const EQUAL_TOLERANCE = 0.005;

function directionOf(target: ParsedValue): Direction {
  if (target.kind === "na") return "na";
  if (target.kind === "qualitative") return "qualitative";
  if (target.op === "<=" || target.op === "<") return "reverse";
  if (target.op === "=") return "equal";
  // A bare zero target is a count of events that must not happen (监所非自然死亡事故 0 发生).
  if (target.op === undefined && target.value === 0) return "reverse";
  return "forward";
}

/** How far a numeric actual goes toward its target, 0…1, and whether it is met. */
function completionOf(
  direction: Direction,
  target: number,
  actual: ParsedValue
): { met: boolean; completion: number } {
  const a = actual.value ?? 0;
  // An actual stated as a bound on the target's side (≤2小时 against ≤2小时) meets it when the bound does.
  switch (direction) {
    case "forward": {
      if (compareNumbers(a, target) >= 0) return { met: true, completion: 1 };
      return { met: false, completion: target === 0 ? 0 : Math.max(0, a / target) };
    }
    case "reverse": {
      if (compareNumbers(a, target) <= 0) return { met: true, completion: 1 };
      return { met: false, completion: a === 0 ? 0 : Math.max(0, target / a) };
    }
    default: {
      const gap = target === 0 ? Math.abs(a) : Math.abs(a - target) / Math.abs(target);
      if (gap <= EQUAL_TOLERANCE) return { met: true, completion: 1 };
      return { met: false, completion: Math.max(0, 1 - gap) };
    }
  }
}

function tierShare(tier: unknown): number | undefined {
  if (typeof tier === "number" && tier >= 0 && tier <= 1) return tier;
  if (typeof tier !== "string") return undefined;
  const t = tier.trim();
  if (t in TIER_SHARE) return TIER_SHARE[t];
  const m = /^(\d+(?:\.\d+)?)%$/.exec(t);
  return m && Number(m[1]) <= 100 ? Number(m[1]) / 100 : undefined;
}

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
export function readRow(row: IndicatorRowInput): {
  target: ParseValueResult;
  actual: ParseValueResult;
} {
  let target = parseIndicatorValue(row.target);
  let actual = parseIndicatorValue(row.actual);
  if (!target.ok && tierShare(row.tier) !== undefined)
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

/**
 * Scores the table; `max` is the framework indicator it feeds (深圳 效果性 25). `positions` are the rows' places
 * in the whole table, when these rows are part of it (a project's 产出 rows). Never throws.
 */
/** A row's self score as typed (5, "5", "5分"); undefined when blank or not a number. */
function selfScoreOf(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const parsed = parseNumberText(v);
  return parsed.ok && !parsed.number.percent ? parsed.number.value : undefined;
}

export function scoreIndicatorTable(
  rows: IndicatorRowInput[],
  max: number,
  lang: Lang = "zh",
  positions: number[] = rows.map((_, i) => i)
): TableResult {
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

  // Weights: as given, else equal; 不适用 rows drop out and the rest are rescaled to `max`.
  const parsed = rows.map(readRow);
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
    if (direction === "qualitative") {
      // Without a tier: met when the actual says what the target says (全面提升 / 全面提升), or moves the way it asks
      // (同比下降 against 同比下降 13.8%); anything else needs the user's tier.
      const sameWords = a.ok && a.value.kind === "qualitative" && a.value.text === t.value.text;
      const sameTrend =
        a.ok &&
        a.value.kind === "qualitative" &&
        t.value.trend !== undefined &&
        t.value.trend !== "keep" &&
        a.value.trend === t.value.trend;
      const share = tierShare(row.tier) ?? (sameWords || sameTrend ? 1 : undefined);
      if (share === undefined) {
        fail(
          row,
          i,
          say(
            lang,
            "是定性指标，请选择完成档次：达成 / 部分达成 / 未达成",
            " is qualitative: choose its tier (达成 / 部分达成 / 未达成)"
          )
        );
        return unscored(
          "qualitative",
          say(lang, "未计分（请选择完成档次）", "not scored (choose a tier)")
        );
      }
      met = share >= 1;
      completion = share;
      explanation = say(
        lang,
        `定性指标，完成档次 ${formatPercent(share)}`,
        `qualitative, tier ${formatPercent(share)}`
      );
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
      ({ met, completion } = completionOf(direction, t.value.value ?? 0, a.value));
      explanation = met
        ? say(lang, "已达到目标", "target met")
        : say(
            lang,
            `未达到目标，完成 ${formatPercent(completion)}`,
            `target not met, ${formatPercent(completion)} done`
          );
    }
    const score = excelRound(weight * completion, 2);
    if (!met && isBlank(row.reason)) {
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
      explanation: `${explanation}${say(lang, `，得 ${formatPoints(score)} 分（权重 ${formatPoints(weight)}）`, `, ${formatPoints(score)} of ${formatPoints(weight)}`)}`,
    };
  });
  // Like any indicator with a bad input, the table's total is left blank while a row cannot be scored.
  // A row whose target cannot be read is active (its weight counts) though unscored: it blanks the total too.
  const applicable = results.filter((_, i) => active[i]);
  const complete = applicable.length > 0 && applicable.every((r) => r.score !== null);
  // Summed before rounding, so a table whose every target is met gives the full max (25/13 × 13 = 25, not 24.96).
  const exact = applicable.reduce((sum, r) => sum + r.weight * (r.completion ?? 0), 0);
  const total = complete ? Math.min(max, excelRound(exact, 2)) : null;
  // Shown rounded; summed above at full precision.
  const shown = results.map((r) => ({
    ...r,
    weight: excelRound(r.weight, 4),
    completion: r.completion === null ? null : excelRound(r.completion, 4),
  }));
  return { rows: shown, total, max, errors, breaches };
}
