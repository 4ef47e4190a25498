import { cmp, iff, max, num, ref, sub, times, type Expr } from "../expr";
import {
  enPercentagePoints,
  enPoints,
  formatPercent,
  formatPercentagePoints,
  formatPoints,
  say,
} from "../i18n";
import type { CompileContext, ExplainContext } from "./context";
import type { Rule } from "../types";

type OverLimitRule = Extract<Rule, { kind: "overLimit" }>;

/**
 * weight up to the limit; above it `perPoint` off per percentage point, proportionally, floored at 0.
 * Seed 001: adjustment 17.63% over a 10% limit → 1 − 7.63 × 0.1 = 0.24.
 */
export function compileOverLimit(rule: OverLimitRule, _ctx: CompileContext): Expr {
  const over = sub(ref(rule.metric), num(rule.limit));
  return iff(
    cmp("<=", ref(rule.metric), num(rule.limit)),
    num(rule.weight),
    max(num(0), sub(num(rule.weight), times(rule.perPoint * 100, over)))
  );
}

export function explainOverLimit(rule: OverLimitRule, ctx: ExplainContext): string {
  const { lang } = ctx;
  const label = ctx.label(rule.metric);
  const rate = ctx.evaluate(ref(rule.metric));
  const limit = formatPercent(rule.limit);
  if (ctx.holds(cmp("<=", ref(rule.metric), num(rule.limit)))) {
    return say(
      lang,
      `${label} ${formatPercent(rate)}，未超过 ${limit} 上限，得 ${formatPoints(rule.weight)} 分`,
      `${label} ${formatPercent(rate)}, within the ${limit} limit: ${enPoints(rule.weight)}`
    );
  }
  const over = ctx.evaluate(sub(ref(rule.metric), num(rule.limit)));
  const deducted = Math.min(rule.weight, over * rule.perPoint * 100);
  const points = ctx.evaluate(compileOverLimit(rule, ctx));
  return say(
    lang,
    `${label} ${formatPercent(rate)}，超出 ${limit} 上限 ${formatPercentagePoints(over)} 个百分点，扣 ${formatPoints(deducted)} 分，得 ${formatPoints(points)} 分`,
    `${label} ${formatPercent(rate)} exceeds the ${limit} limit by ${enPercentagePoints(over)}: −${formatPoints(deducted)}, ${enPoints(points)}`
  );
}
