import { cmp, iff, num, ref, times, type Expr } from "../expr";
import { enPoints, formatPercent, formatPoints, say } from "../i18n";
import type { CompileContext, ExplainContext } from "./context";
import type { Rule } from "../types";

type RatioRule = Extract<Rule, { kind: "ratio" }>;

/** weight × metric; 0 above `zeroAbove`; `ifZeroDenominator` points when the metric's divisor is 0. */
export function compileRatio(rule: RatioRule, _ctx: CompileContext): Expr {
  let e = times(rule.weight, ref(rule.metric));
  if (rule.zeroAbove !== undefined)
    e = iff(cmp(">", ref(rule.metric), num(rule.zeroAbove)), num(0), e);
  if (rule.denominator && rule.ifZeroDenominator !== undefined) {
    e = iff(cmp("=", ref(rule.denominator), num(0)), num(rule.ifZeroDenominator), e);
  }
  return e;
}

export function explainRatio(rule: RatioRule, ctx: ExplainContext): string {
  const { lang } = ctx;
  const label = ctx.label(rule.metric);
  if (
    rule.denominator &&
    rule.ifZeroDenominator !== undefined &&
    ctx.value(rule.denominator) === 0
  ) {
    const d = ctx.label(rule.denominator);
    return say(
      lang,
      `${d}为 0，得 ${formatPoints(rule.ifZeroDenominator)} 分`,
      `${d} is 0, ${enPoints(rule.ifZeroDenominator)}`
    );
  }
  const rate = ctx.evaluate(ref(rule.metric));
  if (rule.zeroAbove !== undefined && ctx.holds(cmp(">", ref(rule.metric), num(rule.zeroAbove)))) {
    return say(
      lang,
      `${label} ${formatPercent(rate)}，超过 ${formatPercent(rule.zeroAbove)}，本项得 0 分`,
      `${label} ${formatPercent(rate)} exceeds ${formatPercent(rule.zeroAbove)}: 0 points`
    );
  }
  const points = ctx.evaluate(compileRatio(rule, ctx));
  return say(
    lang,
    `${label} ${formatPercent(rate)} × ${formatPoints(rule.weight)} 分，得 ${formatPoints(points)} 分`,
    `${label} ${formatPercent(rate)} × ${formatPoints(rule.weight)}: ${enPoints(points)}`
  );
}
