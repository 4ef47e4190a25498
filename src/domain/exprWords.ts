/**
 * An expression tree in words, for the cells that tell a clerk how a derived rate is computed
 * (「资金调整调剂率 = 调整、调剂资金累计数 ÷ 调整后预算数」): names by their labels, operators as ÷ × + −, a blank
 * input's fallback, a cap and a floor, rounding — never formula text (no IF(, ISBLANK, ROUND, names or cells).
 * It reads the same tree the formulas are printed from, so a custom framework's metrics get words too.
 */
import { formatPercent, say } from "./i18n";
import { formatNumberLiteral } from "./formula";
import type { Expr } from "./expr";
import { indexFramework, labelOf } from "./model";
import type { Framework, Lang, MetricDef } from "./types";

export interface WordsContext {
  /** A name's label (an input's, a metric's). */
  labelOf: (key: string) => string;
  /** True when the name holds a rate (a rate input, a derived metric): a literal beside it reads as a percentage. */
  isRate?: (key: string) => boolean;
  lang: Lang;
}

const SYMBOLS: Record<string, string> = {
  "+": "+",
  "-": "−",
  "*": "×",
  "/": "÷",
  "<": "<",
  "<=": "≤",
  ">": ">",
  ">=": "≥",
  "=": "=",
  "<>": "≠",
};

// Binding strength as formula.ts prints it: comparison 1, + − 2, × ÷ 3, words that stand alone 9.
const PRECEDENCE: Record<string, number> = { "+": 2, "-": 2, "*": 3, "/": 3 };

/** The expression in words (without the leading 「名称 =」). */
export function exprWords(e: Expr, context: WordsContext): string {
  return words(e, context, 0, false);
}

/** 「资金调整调剂率 = 调整、调剂资金累计数 ÷ 调整后预算数（部门预算总规模）」 */
export function metricWords(label: string, e: Expr, context: WordsContext): string {
  return `${label} = ${exprWords(e, context)}`;
}

/** How a framework's derived rate is computed, in its labels: what 基础数据 shows beside the rate. */
export function describeMetric(framework: Framework, metric: MetricDef, lang: Lang): string {
  const index = indexFramework(framework);
  return metricWords(labelOf(framework, metric.key, lang), metric.expr, {
    labelOf: (key) => labelOf(framework, key, lang),
    // Metrics are shown as percentages (0.00%), and so are rate inputs.
    isRate: (key) => index.metrics.has(key) || index.inputs.get(key)?.kind === "rate",
    lang,
  });
}

function rateLike(e: Expr, c: WordsContext): boolean {
  switch (e.t) {
    case "ref":
    case "refOr":
      return !!c.isRate?.(e.key);
    case "bin":
      return (e.op === "+" || e.op === "-") && (rateLike(e.a, c) || rateLike(e.b, c));
    case "min":
    case "max":
      return e.args.some((x) => rateLike(x, c));
    case "round":
      return rateLike(e.x, c);
    default:
      return false;
  }
}

/** A literal: as a percentage beside a rate it is added to, compared with or capped by (1 → 100%). */
function literal(v: number, asRate: boolean): string {
  return asRate ? formatPercent(v) : formatNumberLiteral(v);
}

function group(text: string, c: WordsContext): string {
  return c.lang === "en" ? `(${text})` : `（${text}）`;
}

function words(e: Expr, c: WordsContext, outer: number, asRate: boolean): string {
  const zh = c.lang !== "en";
  switch (e.t) {
    case "num":
      return literal(e.v, asRate);
    case "str":
      return zh ? `「${e.v}」` : `“${e.v}”`;
    case "ref":
      return c.labelOf(e.key);
    case "refOr": {
      const fallback = words(e.fallback, c, 0, asRate);
      return zh
        ? `${c.labelOf(e.key)}${group(`未填时按 ${fallback}`, c)}`
        : `${c.labelOf(e.key)} (if blank: ${fallback})`;
    }
    case "bin": {
      const p = PRECEDENCE[e.op];
      const additive = e.op === "+" || e.op === "-";
      const rate = additive && (rateLike(e.a, c) || rateLike(e.b, c));
      // A rate over a share of the year reads 「3 月末累计支出进度 ÷ 25%」 (序时进度), a sum over a count 「… ÷ 4」.
      const share = e.op === "/" && e.b.t === "num" && e.b.v > 0 && e.b.v <= 1 && rateLike(e.a, c);
      const text = `${words(e.a, c, p, rate)} ${SYMBOLS[e.op]} ${words(e.b, c, p + 1, rate || share)}`;
      return p < outer ? group(text, c) : text;
    }
    case "cmp": {
      const rate = rateLike(e.a, c) || rateLike(e.b, c);
      const text = `${words(e.a, c, 2, rate)} ${SYMBOLS[e.op]} ${words(e.b, c, 2, rate)}`;
      return outer > 0 ? group(text, c) : text;
    }
    case "if": {
      const text = zh
        ? `${words(e.cond, c, 0, false)} 时为 ${words(e.then, c, 0, asRate)}，否则为 ${words(e.else, c, 0, asRate)}`
        : `${words(e.then, c, 0, asRate)} if ${words(e.cond, c, 0, false)}, else ${words(e.else, c, 0, asRate)}`;
      return outer > 0 ? group(text, c) : text;
    }
    case "and":
    case "or": {
      const joiner = zh ? (e.t === "and" ? " 且 " : " 或 ") : e.t === "and" ? " and " : " or ";
      // 「甲 ≠ 乙 且 丙 = 「是」」: a comparison stands alone there, a nested 且 / 或 / 时为 is bracketed.
      const text = e.args.map((x) => words(x, c, x.t === "cmp" ? 0 : 1, false)).join(joiner);
      return outer > 0 ? group(text, c) : text;
    }
    case "min":
    case "max": {
      const rate = e.args.some((x) => rateLike(x, c));
      const bounds = e.args.filter((x) => x.t === "num");
      const others = e.args.filter((x) => x.t !== "num");
      // MIN(1, x) reads 「x（超过 100% 按 100%）」, MAX(0, x) 「x（低于 0 按 0）」.
      if (bounds.length === 1 && others.length === 1) {
        const bound = literal((bounds[0] as { v: number }).v, rate);
        return qualified(
          others[0],
          e.t === "min"
            ? say(c.lang, `超过 ${bound} 按 ${bound}`, `at most ${bound}`)
            : say(c.lang, `低于 ${bound} 按 ${bound}`, `at least ${bound}`),
          c,
          outer,
          rate
        );
      }
      const list = e.args.map((x) => words(x, c, 0, rate));
      const text = zh
        ? `${list.join("、")} 中较${e.t === "min" ? "小" : "大"}者`
        : `the ${e.t === "min" ? "smaller" : "larger"} of ${list.join(", ")}`;
      return outer > 0 ? group(text, c) : text;
    }
    case "round":
      return qualified(
        e.x,
        say(c.lang, `保留 ${e.digits} 位小数`, `to ${e.digits} decimals`),
        c,
        outer,
        asRate
      );
  }
}

/**
 * `x` with a remark on all of it: 「甲数 ÷ 乙数，保留 2 位小数」 when it is the whole expression and plain arithmetic,
 * else 「预算执行率（超过 100% 按 100%）」, the remark after `x` in brackets (`x` bracketed too when it is a sum).
 */
function qualified(
  x: Expr,
  remark: string,
  c: WordsContext,
  outer: number,
  asRate: boolean
): string {
  if (outer === 0 && x.t === "bin")
    return `${words(x, c, 0, asRate)}${say(c.lang, "，", ", ")}${remark}`;
  return `${words(x, c, 9, asRate)}${group(remark, c)}`;
}
