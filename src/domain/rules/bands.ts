import { and, cmp, iff, num, ref, type Expr } from "../expr";
import { enPoints, formatPercent, formatPoints, say } from "../i18n";
import type { Condition, Lang, Rule } from "../types";
import type { CompileContext, ExplainContext } from "./context";

type BandsRule = Extract<Rule, { kind: "bands" }>;

/** The conditions on a metric as one expression: AND(m>=0.9, m<=1). */
export function conditionExpr(metric: string, when: Condition[]): Expr {
  return and(...when.map((c) => cmp(c.op, ref(metric), num(c.value))));
}

const OP_TEXT: Record<Condition["op"], string> = {
  "<": "<",
  "<=": "≤",
  ">": ">",
  ">=": "≥",
  "=": "=",
};

/** "90% ≤ r ≤ 100%"-style text for a band, with the metric's name standing in for r. */
export function conditionText(when: Condition[], _lang: Lang): string {
  return when.map((c) => `${OP_TEXT[c.op]} ${formatPercent(c.value)}`).join(" 且 ");
}

export function compileBands(rule: BandsRule, _ctx: CompileContext): Expr {
  return rule.bands.reduceRight<Expr>(
    (otherwise, band) => iff(conditionExpr(rule.metric, band.when), num(band.points), otherwise),
    num(rule.otherwise)
  );
}

export function explainBands(rule: BandsRule, ctx: ExplainContext): string {
  const { lang } = ctx;
  const label = ctx.label(rule.metric);
  const value = formatPercent(ctx.evaluate(ref(rule.metric)));
  const band = rule.bands.find((b) => ctx.holds(conditionExpr(rule.metric, b.when)));
  if (!band)
    return say(
      lang,
      `${label} ${value}，不在各档之内，得 ${formatPoints(rule.otherwise)} 分`,
      `${label} ${value}, outside every band: ${enPoints(rule.otherwise)}`
    );
  const text = conditionText(band.when, lang).replace(/ 且 /g, say(lang, " 且 ", " and "));
  return say(
    lang,
    `${label} ${value}（${text}），得 ${formatPoints(band.points)} 分`,
    `${label} ${value} (${text}): ${enPoints(band.points)}`
  );
}
