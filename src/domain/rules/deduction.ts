import { num, ref, sub, times, type Expr } from "../expr";
import { enPoints, formatPoints, say } from "../i18n";
import type { CompileContext, ExplainContext } from "./context";
import type { Rule } from "../types";

type DeductionRule = Extract<Rule, { kind: "deduction" }>;

/** max − per × count, floored at 0 by the indicator's clamp. */
export function compileDeduction(rule: DeductionRule, ctx: CompileContext): Expr {
  return sub(num(ctx.indicator.max), times(rule.per, ref(rule.count)));
}

export function explainDeduction(rule: DeductionRule, ctx: ExplainContext): string {
  const count = Number(ctx.value(rule.count));
  const max = ctx.indicator.max;
  const label = ctx.label(rule.count);
  if (count === 0)
    return say(ctx.lang, `${label}为 0，得满分 ${max} 分`, `${label}: 0, full ${enPoints(max)}`);
  const left = Math.max(0, max - rule.per * count);
  return say(
    ctx.lang,
    `${label}为 ${count}，每项扣 ${formatPoints(rule.per)} 分，扣完为止，得 ${formatPoints(left)} 分`,
    `${label}: ${count}, −${formatPoints(rule.per)} each (down to 0), ${enPoints(left)}`
  );
}
