/**
 * How a finance bureau scores the 绩效指标 table (`tableScoring` in a framework file): the rule for a row where less
 * is better and the actual is above its target, the qualitative tiers as ranges of the weight, the share a tier
 * earns when the department gave no score, the completion from which a reason is required, the cap and the
 * tolerance of an equality target. Two sets ship: `national` (财预〔2020〕10号) and `linear` (the provincial
 * performance-management systems). Each rule is an expression tree, evaluated by the engine and printed as the
 * 绩效指标 sheet's formula: one definition, two outputs.
 */
import { and, cmp, div, iff, max, min, mul, num, ref, sub, type Expr } from "../expr";
import { evaluate } from "../evaluate";
import { say } from "../i18n";
import type { Lang, Localized } from "../types";

export type RuleSetName = "national" | "linear";
export const RULE_SET_NAMES: readonly RuleSetName[] = ["national", "linear"];

/** Above the target, where less is better: weight × target / actual, or linear down to 0 at twice the target. */
export type ReverseRule = "ratio" | "linearToZero";
export const REVERSE_RULES: readonly ReverseRule[] = ["ratio", "linearToZero"];

/** Where inside its range a tier scores when the department gave the tier but no score. */
export type TierPosition = "top" | "middle" | "bottom";
export const TIER_POSITIONS: readonly TierPosition[] = ["top", "middle", "bottom"];

/** Which ends of a tier's range belong to it. */
export type Inclusive = "from" | "to" | "both";
export const INCLUSIVE: readonly Inclusive[] = ["from", "to", "both"];

/** A tier's range, as shares of the row's weight (0.8 = 80 %). */
export interface TierRange {
  from: number;
  to: number;
  inclusive: Inclusive;
}

/** A tier as a framework file writes it: `[from, to]`, or with its inclusive end named. */
export type TierSpec = [number, number] | { from: number; to: number; inclusive?: Inclusive };

/** The object form of `tableScoring`: a named set (`base`, national by default) with fields overridden. */
export interface TableScoringOverrides {
  base?: RuleSetName;
  reverse?: ReverseRule;
  /** The whole list of tiers, by name (it replaces the base's). */
  tiers?: Record<string, TierSpec>;
  tierDefault?: TierPosition | Record<string, TierPosition>;
  overCompletion?: number | null;
  cap?: boolean;
  equalTolerance?: number;
}

/** `tableScoring` as a framework file writes it. */
export type TableScoringSpec = RuleSetName | TableScoringOverrides;

/** Every field resolved: what scores the table, and what the report prints. */
export interface TableScoring {
  base: RuleSetName;
  /** The fields a framework file changed from its base, in the order of FIELDS. */
  overrides: string[];
  reverse: ReverseRule;
  /** Highest first as written; ranges never overlap. */
  tiers: Record<string, TierRange>;
  /** For each tier, where it scores inside its range when no score was given. */
  tierDefault: Record<string, TierPosition>;
  /** The completion (actual / target, forward rows) from which a 偏差原因 is required; null: never. */
  overCompletion: number | null;
  /** A row's score is at most its weight. */
  cap: boolean;
  /** An equality target is met within this share of itself (0.005 = 0.5 %). */
  equalTolerance: number;
}

export const FIELDS = [
  "reverse",
  "tiers",
  "tierDefault",
  "overCompletion",
  "cap",
  "equalTolerance",
] as const;

/** 财预〔2020〕10号 定性指标: 达成 100–80 %（含 80 %）, 部分达成 80–60 %（含 60 %）, 未达成 below 60 %. */
const NATIONAL_TIERS: Record<string, TierRange> = {
  达成: { from: 0.8, to: 1, inclusive: "both" },
  部分达成: { from: 0.6, to: 0.8, inclusive: "from" },
  未达成: { from: 0, to: 0.6, inclusive: "from" },
};

export const RULE_SETS: Record<RuleSetName, TableScoring> = {
  // 财预〔2020〕10号: a quantitative row not met earns weight × actual / target (target / actual where less is better);
  // a tier given without a score earns 100 / 70 / 30 %, as before tiers became ranges. The circular asks a row far
  // above its target to explain why but names no threshold: none here.
  national: {
    base: "national",
    overrides: [],
    reverse: "ratio",
    tiers: NATIONAL_TIERS,
    tierDefault: { 达成: "top", 部分达成: "middle", 未达成: "middle" },
    overCompletion: null,
    cap: true,
    equalTolerance: 0.005,
  },
  // Provincial performance-management systems: where less is better, full at or under the target, linear to 0 at
  // twice it (an = 0 target is met only at 0 or less); a completion of 130 % or more needs a 偏差原因.
  linear: {
    base: "linear",
    overrides: [],
    reverse: "linearToZero",
    tiers: NATIONAL_TIERS,
    tierDefault: { 达成: "top", 部分达成: "middle", 未达成: "middle" },
    overCompletion: 1.3,
    cap: true,
    equalTolerance: 0.005,
  },
};

export const NATIONAL = RULE_SETS.national;

export const RULE_SET_LABELS: Record<RuleSetName, Localized> = {
  national: { zh: "财预〔2020〕10号", en: "财预〔2020〕10号, nationwide" },
  linear: {
    zh: "省级绩效管理系统：反向指标线性扣至 0",
    en: "provincial systems, reverse rows linear to 0",
  },
};

/** A tier written `[from, to]`: its lower end belongs to it, its upper end too unless another tier starts there. */
export function tierRanges(tiers: Record<string, TierSpec>): Record<string, TierRange> {
  const entries = Object.entries(tiers);
  const froms = entries.map(([, t]) => (Array.isArray(t) ? t[0] : t.from));
  return Object.fromEntries(
    entries.map(([name, t]) => {
      if (!Array.isArray(t))
        return [name, { from: t.from, to: t.to, inclusive: t.inclusive ?? "from" }];
      const [from, to] = t;
      const shared = froms.some((f, i) => entries[i][0] !== name && f === to);
      return [name, { from, to, inclusive: shared ? "from" : "both" }];
    })
  );
}

/** Two tiers that share a share (the first name, the second), or undefined when none does. */
export function overlappingTiers(tiers: Record<string, TierRange>): [string, string] | undefined {
  const list = Object.entries(tiers);
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const [[a, x], [b, y]] = [list[i], list[j]];
      const [low, high] = x.from <= y.from ? [x, y] : [y, x];
      if (low.to > high.from) return [a, b];
      if (low.to === high.from && low.inclusive !== "from" && high.inclusive !== "to")
        return [a, b];
    }
  return undefined;
}

/** `tableScoring` resolved: a named set, or the object's base with its fields replaced. Absent: national. */
export function resolveTableScoring(spec: TableScoringSpec | undefined): TableScoring {
  if (spec === undefined) return NATIONAL;
  if (typeof spec === "string") return RULE_SETS[spec];
  const base = RULE_SETS[spec.base ?? "national"];
  const tiers = spec.tiers ? tierRanges(spec.tiers) : base.tiers;
  const positions =
    spec.tierDefault === undefined
      ? undefined
      : typeof spec.tierDefault === "string"
        ? Object.fromEntries(Object.keys(tiers).map((t) => [t, spec.tierDefault as TierPosition]))
        : spec.tierDefault;
  // A tier the base has no position for scores in the middle of its range.
  const tierDefault = Object.fromEntries(
    Object.keys(tiers).map((t) => [t, positions?.[t] ?? base.tierDefault[t] ?? "middle"])
  );
  const overrides = FIELDS.filter((f) => spec[f] !== undefined);
  return {
    base: base.base,
    overrides,
    reverse: spec.reverse ?? base.reverse,
    tiers,
    tierDefault,
    overCompletion: spec.overCompletion === undefined ? base.overCompletion : spec.overCompletion,
    cap: spec.cap ?? base.cap,
    equalTolerance: spec.equalTolerance ?? base.equalTolerance,
  };
}

/** Kept to 15 significant digits, as a spreadsheet reads a literal: the middle of 60 %–80 % is 0.7, not 0.7000000000000001. */
const literal = (v: number) => Number(v.toPrecision(15));

/** The share a tier earns when the department gave the tier but no score in it. */
export function tierDefaultShare(scoring: TableScoring, tier: string): number {
  const range = scoring.tiers[tier];
  const position = scoring.tierDefault[tier] ?? "middle";
  return position === "top"
    ? range.to
    : position === "bottom"
      ? range.from
      : literal((range.from + range.to) / 2);
}

/** The tier reaching highest: what a qualitative row whose actual says what its target says achieved. */
export function topTier(scoring: TableScoring): string {
  return Object.entries(scoring.tiers).reduce((best, cur) =>
    cur[1].to > best[1].to ? cur : best
  )[0];
}

/** TRUE when the share `q` lies in the tier's range (compared as a spreadsheet compares). */
export function inTierExpr(range: TierRange, q: Expr): Expr {
  const fromOp = range.inclusive === "to" ? ">" : ">=";
  const toOp = range.inclusive === "from" ? "<" : "<=";
  return and(cmp(fromOp, q, num(range.from)), cmp(toOp, q, num(range.to)));
}

export function inTier(range: TierRange, q: number): boolean {
  return evaluate(inTierExpr(range, ref("q")), () => q) === true;
}

/** The tier a share falls in, or undefined. */
export function tierOfShare(scoring: TableScoring, q: number): string | undefined {
  return Object.entries(scoring.tiers).find(([, range]) => inTier(range, q))?.[0];
}

/** The numeric directions a target states. */
export type NumericDirection = "forward" | "reverse" | "equal";

/** `|x|`, as MAX(x, −x): the expression trees have no ABS. */
const abs = (x: Expr): Expr => max(x, sub(num(0), x));

/**
 * Whether a numeric row meets its target, over the names `T` (target) and `A` (actual): forward A ≥ T, reverse
 * A ≤ T, equality within the tolerance (under linearToZero an = 0 target is a ceiling: met only at 0 or less).
 */
export function metExpr(direction: NumericDirection, scoring: TableScoring): Expr {
  const [T, A] = [ref("T"), ref("A")];
  if (direction === "forward") return cmp(">=", A, T);
  if (direction === "reverse") return cmp("<=", A, T);
  const gap = iff(cmp("=", T, num(0)), abs(A), div(abs(sub(A, T)), abs(T)));
  const within = cmp("<=", gap, num(scoring.equalTolerance));
  return scoring.reverse === "linearToZero"
    ? iff(cmp("=", T, num(0)), cmp("<=", A, num(0)), within)
    : within;
}

/**
 * How far a numeric row goes, 0…1 (before the cap), over `T` and `A`: 1 when met; else forward A / T; reverse
 * T / A (ratio) or 1 − (A − T) / T down to 0 at twice the target (linearToZero); equality 1 − |A − T| / |T|.
 */
export function reachExpr(direction: NumericDirection, scoring: TableScoring): Expr {
  const [T, A] = [ref("T"), ref("A")];
  const zero = num(0);
  const one = num(1);
  const met = metExpr(direction, scoring);
  switch (direction) {
    case "forward":
      return iff(met, one, iff(cmp("=", T, zero), zero, max(zero, div(A, T))));
    case "reverse":
      return scoring.reverse === "ratio"
        ? iff(met, one, iff(cmp("=", A, zero), zero, max(zero, div(T, A))))
        : iff(met, one, iff(cmp("<=", T, zero), zero, max(zero, sub(one, div(sub(A, T), T)))));
    case "equal": {
      const gap = iff(cmp("=", T, zero), abs(A), div(abs(sub(A, T)), abs(T)));
      const ratio = iff(met, one, max(zero, sub(one, gap)));
      return scoring.reverse === "linearToZero"
        ? iff(cmp("=", T, zero), iff(met, one, zero), ratio)
        : ratio;
    }
  }
}

/** A completion with the cap applied: at most 1 (the whole weight) when the rules cap a row's score. */
export function capExpr(scoring: TableScoring, x: Expr): Expr {
  return scoring.cap ? min(num(1), x) : x;
}

/**
 * Completion (actual / target) from which an over-achieving forward row needs its reason, as a test over `T` and
 * `A`; undefined when the rules ask for none.
 */
export function overCompletionExpr(scoring: TableScoring): Expr | undefined {
  if (scoring.overCompletion === null) return undefined;
  const [T, A] = [ref("T"), ref("A")];
  // A ≥ T × 130 % rather than A / T ≥ 130 %: no division, so no error where T is 0 (AND evaluates every argument).
  return and(cmp(">", T, num(0)), cmp(">=", A, mul(T, num(scoring.overCompletion))));
}

/** Evaluates one of the trees above for a target and an actual. */
export function evaluateRow(e: Expr, target: number, actual: number): number | boolean {
  const v = evaluate(e, (k) => (k === "T" ? target : k === "A" ? actual : undefined));
  return v as number | boolean;
}

/** Texts a bureau reads as no reason at all. */
export const PLACEHOLDER_REASONS = [
  "无",
  "空",
  "暂无",
  "/",
  "／",
  "\\",
  "-",
  "--",
  "—",
  "——",
  "－",
  "─",
];

/** True for a reason left empty, or holding only a placeholder (无, /, —, 空 …), white space and 。 set aside. */
export function emptyReason(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v !== "string") return false;
  const t = v.replace(/[\s\u3000。]+/g, "");
  return t === "" || PLACEHOLDER_REASONS.includes(t);
}

/** 60 % as the report writes a share. */
const pct = (v: number) => `${literal(v * 100)}%`;

/** A tier's range in words: 60%–80%（含 60%）. */
export function rangeText(range: TierRange, lang: Lang): string {
  const ends =
    range.inclusive === "both"
      ? [range.from, range.to]
      : range.inclusive === "from"
        ? [range.from]
        : [range.to];
  return say(
    lang,
    `${pct(range.from)}–${pct(range.to)}（含 ${ends.map(pct).join("、")}）`,
    `${pct(range.from)}–${pct(range.to)} (${ends.map(pct).join(" and ")} included)`
  );
}

/** Which set scored the table, in a few words: national（财预〔2020〕10号）, and the fields changed. */
export function tableScoringName(scoring: TableScoring, lang: Lang): string {
  const label = RULE_SET_LABELS[scoring.base][lang];
  const changed = scoring.overrides.length
    ? say(
        lang,
        `，调整 ${scoring.overrides.join("、")}`,
        `, with ${scoring.overrides.join(", ")} changed`
      )
    : "";
  return say(lang, `${scoring.base}（${label}${changed}）`, `${scoring.base} (${label}${changed})`);
}

/** The rules in one sentence, for the text report. */
export function describeTableScoring(scoring: TableScoring, lang: Lang): string {
  const reverse =
    scoring.reverse === "ratio"
      ? say(
          lang,
          "反向指标超出目标按 目标值/实际值 计分",
          "reverse rows above target: weight × target / actual"
        )
      : say(
          lang,
          "反向指标超出目标按 1 −（实际值 − 目标值）/ 目标值 计分，达到目标值 2 倍得 0 分",
          "reverse rows above target: (1 − (actual − target) / target) × weight, 0 at twice the target"
        );
  const tiers = Object.entries(scoring.tiers)
    .map(([name, range]) => `${name} ${rangeText(range, lang)}`)
    .join(say(lang, "，", "; "));
  const defaults = Object.keys(scoring.tiers)
    .map((t) => `${t} ${pct(tierDefaultShare(scoring, t))}`)
    .join(say(lang, "、", ", "));
  const over =
    scoring.overCompletion === null
      ? ""
      : say(
          lang,
          `；完成率达到 ${pct(scoring.overCompletion)} 须说明偏差原因`,
          `; a completion of ${pct(scoring.overCompletion)} or more needs a reason`
        );
  return say(
    lang,
    `${reverse}；定性指标档次：${tiers}（只填档次时按 ${defaults}）${over}${scoring.cap ? "；每行得分不超过其分值" : ""}`,
    `${reverse}; qualitative tiers: ${tiers} (a tier alone earns ${defaults})${over}${scoring.cap ? "; a row scores at most its weight" : ""}`
  );
}
