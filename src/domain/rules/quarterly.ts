import { min, num, ref, sum, times, type Expr } from "../expr";
import { enPoints, formatPercent, formatPoints, say } from "../i18n";
import type { CompileContext, ExplainContext } from "./context";
import type { Rule } from "../types";

type QuarterlyRule = Extract<Rule, { kind: "quarterly" }>;

const quarterPart = (rule: QuarterlyRule, ratio: string): Expr =>
  min(num(rule.perQuarter), times(rule.perQuarter, ref(ratio)));
const averagePart = (rule: QuarterlyRule): Expr =>
  min(num(rule.averageWeight), times(rule.averageWeight, ref(rule.average)));

/** Σ min(1, qNProgress ÷ 序时进度) + min(2, 2 × average ratio) — the 深圳 预算执行率. */
export function compileQuarterly(rule: QuarterlyRule, _ctx: CompileContext): Expr {
  return sum([...rule.ratios.map((r) => quarterPart(rule, r)), averagePart(rule)]);
}

export function explainQuarterly(rule: QuarterlyRule, ctx: ExplainContext): string {
  const { lang } = ctx;
  const ratios = rule.ratios.map((r) => formatPercent(ctx.evaluate(ref(r))));
  const points = rule.ratios.map((r) => formatPoints(ctx.evaluate(quarterPart(rule, r))));
  const average = formatPercent(ctx.evaluate(ref(rule.average)));
  const averagePoints = ctx.evaluate(averagePart(rule));
  const total = formatPoints(ctx.evaluate(compileQuarterly(rule, ctx)));
  return say(
    lang,
    `各季度支出进度与序时进度之比 ${ratios.join("、")}，季度得分 ${points.join("、")}；全年平均 ${average}，得 ${formatPoints(averagePoints)} 分；合计 ${total} 分`,
    `quarterly progress against schedule ${ratios.join(", ")}, quarter points ${points.join(", ")}; yearly average ${average}, ${enPoints(averagePoints)}; ${total} in all`
  );
}
