import { cmp, iff, num, ref, str, type Expr } from "../expr";
import { enPoints, formatPoints, say } from "../i18n";
import { YES } from "../parse/readInput";
import type { CompileContext, ExplainContext } from "./context";
import type { Rule } from "../types";

type EnteredRule = Extract<Rule, { kind: "entered" }>;
type YesNoRule = Extract<Rule, { kind: "yesNo" }>;
type TierRule = Extract<Rule, { kind: "tier" }>;

/** A score the user enters (e.g. 效果性 from the department's own assessment). */
export const compileEntered = (rule: EnteredRule, _ctx: CompileContext): Expr => ref(rule.input);

export function explainEntered(rule: EnteredRule, ctx: ExplainContext): string {
  const points = ctx.evaluate(ref(rule.input));
  return say(
    ctx.lang,
    `${ctx.label(rule.input)}（填报）${formatPoints(points)} 分`,
    `${ctx.label(rule.input)} (entered): ${enPoints(points)}`
  );
}

/** `points` when the input is 是. */
export const compileYesNo = (rule: YesNoRule, _ctx: CompileContext): Expr =>
  iff(cmp("=", ref(rule.input), str(YES)), num(rule.points), num(0));

export function explainYesNo(rule: YesNoRule, ctx: ExplainContext): string {
  const yes = ctx.value(rule.input) === YES;
  const points = yes ? rule.points : 0;
  return say(
    ctx.lang,
    `${ctx.label(rule.input)}：${yes ? "是" : "否"}，得 ${formatPoints(points)} 分`,
    `${ctx.label(rule.input)}: ${yes ? "yes" : "no"}, ${enPoints(points)}`
  );
}

/** The points of the chosen tier (按规定公开 1.5 / 公开但不符合要求 1 / 未公开 0). */
export function compileTier(rule: TierRule, _ctx: CompileContext): Expr {
  const entries = Object.entries(rule.points);
  return entries.reduceRight<Expr>(
    (otherwise, [tier, points]) =>
      iff(cmp("=", ref(rule.input), str(tier)), num(points), otherwise),
    num(0)
  );
}

export function explainTier(rule: TierRule, ctx: ExplainContext): string {
  const tier = String(ctx.value(rule.input));
  const points = rule.points[tier] ?? 0;
  const english =
    ctx.framework.inputs.find((i) => i.key === rule.input)?.tiers?.find((t) => t.value === tier)
      ?.en ?? tier;
  return say(
    ctx.lang,
    `${ctx.label(rule.input)}：${tier}，得 ${formatPoints(points)} 分`,
    `${ctx.label(rule.input)}: ${english}, ${enPoints(points)}`
  );
}
