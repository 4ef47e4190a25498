import { cmp, iff, num, ref, refOr, str, sub, type Expr } from "../expr";
import { enPoints, formatPercent, formatPoints, say } from "../i18n";
import type { CompileContext, ExplainContext } from "./context";
import type { Rule } from "../types";

type DeductedRule = Extract<Rule, { kind: "deducted" }>;

/** The points that count: the deduction when its reason is given (a blank reason is an input error when it is not 0). */
function pointsOff(rule: DeductedRule): Expr {
  if (!rule.reason) return ref(rule.deduction);
  return iff(cmp("=", refOr(rule.reason, str("")), str("")), num(0), ref(rule.deduction));
}

/**
 * max − points off (广州 管理效能, county 投入与管理 …), or the score entered in `score` when that is filled (履职效能 or
 * 产出 from the 绩效指标 table): IF(ISBLANK(score), max − IF(reason="", 0, deduction), score).
 */
export function compileDeducted(rule: DeductedRule, ctx: CompileContext): Expr {
  const computed = sub(num(ctx.indicator.max), pointsOff(rule));
  return rule.score ? refOr(rule.score, computed) : computed;
}

/**
 * The figures beside the score: the metrics (and inputs) the framework highlights for this indicator, those that can
 * be computed — 预算执行率 99.26%, 结转结余率 0.37% … — so a deduction is judged with its evidence in view.
 */
function evidence(ctx: ExplainContext): string {
  const keys = [
    ...new Set(
      ctx.framework.thresholds.filter((t) => t.indicator === ctx.indicator.id).map((t) => t.metric)
    ),
  ];
  const shown: string[] = [];
  for (const key of keys) {
    let value: unknown;
    try {
      value = ctx.value(key);
    } catch {
      continue; // a zero divisor: nothing to show
    }
    if (typeof value !== "number") continue;
    const input = ctx.framework.inputs.find((i) => i.key === key);
    const text = input && input.kind !== "rate" ? formatPoints(value) : formatPercent(value);
    shown.push(`${ctx.label(key)} ${text}`);
  }
  if (!shown.length) return "";
  return say(ctx.lang, `（参考：${shown.join("，")}）`, ` (evidence: ${shown.join(", ")})`);
}

export function explainDeducted(rule: DeductedRule, ctx: ExplainContext): string {
  return explainPoints(rule, ctx) + evidence(ctx);
}

function explainPoints(rule: DeductedRule, ctx: ExplainContext): string {
  const { lang } = ctx;
  const max = ctx.indicator.max;
  if (rule.score && ctx.value(rule.score) !== undefined) {
    const points = ctx.evaluate(ref(rule.score));
    return say(
      lang,
      `${ctx.label(rule.score)}（填报）${formatPoints(points)} 分`,
      `${ctx.label(rule.score)} (entered): ${enPoints(points)}`
    );
  }
  const off = ctx.evaluate(ref(rule.deduction));
  if (off === 0)
    return say(
      lang,
      `未扣分，得满分 ${formatPoints(max)} 分`,
      `no points off: full ${enPoints(max)}`
    );
  const reason = rule.reason ? ctx.value(rule.reason) : undefined;
  if (rule.reason && (reason === undefined || String(reason).trim() === ""))
    return say(
      lang,
      `扣 ${formatPoints(off)} 分未说明原因，不计入；得 ${formatPoints(max)} 分`,
      `${enPoints(off)} off without a reason, not counted: ${enPoints(max)}`
    );
  const left = ctx.evaluate(compileDeducted(rule, ctx));
  const why =
    reason === undefined ? "" : say(lang, `（${String(reason)}）`, ` (${String(reason)})`);
  return off > max
    ? say(
        lang,
        `扣 ${formatPoints(off)} 分${why}，扣完为止，得 0 分`,
        `${enPoints(off)} off${why}, down to 0`
      )
    : say(
        lang,
        `扣 ${formatPoints(off)} 分${why}，得 ${formatPoints(left)} 分`,
        `${enPoints(off)} off${why}: ${enPoints(left)}`
      );
}
