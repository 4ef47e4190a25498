import { cmp, iff, num, ref, str, sum, type Expr } from "../expr";
import { enPoints, formatPoints, say } from "../i18n";
import { YES } from "../parse/readInput";
import type { Rule, RulePart } from "../types";
import { compileBands, explainBands } from "./bands";
import { compileChecklist, explainChecklist } from "./checklist";
import type { CompileContext, ExplainContext } from "./context";
import { compileDeducted, explainDeducted } from "./deducted";
import { compileDeduction, explainDeduction } from "./deduction";
import { compileOverLimit, explainOverLimit } from "./overLimit";
import { compileQuarterly, explainQuarterly } from "./quarterly";
import { compileRatio, explainRatio } from "./ratio";
import {
  compileEntered,
  compileTier,
  compileYesNo,
  explainEntered,
  explainTier,
  explainYesNo,
} from "./simple";

export type { CompileContext, ExplainContext } from "./context";

type SumRule = Extract<Rule, { kind: "sum" }>;

/** A rule as an expression over named inputs and metrics (unrounded, unclamped). */
export function compileRule(rule: Rule, ctx: CompileContext): Expr {
  switch (rule.kind) {
    case "checklist":
      return compileChecklist(rule, ctx);
    case "deduction":
      return compileDeduction(rule, ctx);
    case "ratio":
      return compileRatio(rule, ctx);
    case "bands":
      return compileBands(rule, ctx);
    case "overLimit":
      return compileOverLimit(rule, ctx);
    case "quarterly":
      return compileQuarterly(rule, ctx);
    case "entered":
      return compileEntered(rule, ctx);
    case "deducted":
      return compileDeducted(rule, ctx);
    case "yesNo":
      return compileYesNo(rule, ctx);
    case "tier":
      return compileTier(rule, ctx);
    case "sum":
      return compileSum(rule, ctx);
  }
}

/** The score in words, with the numbers it came from. */
export function explainRule(rule: Rule, ctx: ExplainContext): string {
  switch (rule.kind) {
    case "checklist":
      return explainChecklist(rule, ctx);
    case "deduction":
      return explainDeduction(rule, ctx);
    case "ratio":
      return explainRatio(rule, ctx);
    case "bands":
      return explainBands(rule, ctx);
    case "overLimit":
      return explainOverLimit(rule, ctx);
    case "quarterly":
      return explainQuarterly(rule, ctx);
    case "entered":
      return explainEntered(rule, ctx);
    case "deducted":
      return explainDeducted(rule, ctx);
    case "yesNo":
      return explainYesNo(rule, ctx);
    case "tier":
      return explainTier(rule, ctx);
    case "sum":
      return explainSum(rule, ctx);
  }
}

const partsExpr = (parts: RulePart[], ctx: CompileContext): Expr =>
  sum(parts.map((p) => compileRule(p.rule, ctx)));

/** Σ parts, unless the gate input is 是 (财务合规性: a serious violation scores 0; 涉密 units get full 公开 points). */
function compileSum(rule: SumRule, ctx: CompileContext): Expr {
  const total = partsExpr(rule.parts, ctx);
  return rule.gate
    ? iff(cmp("=", ref(rule.gate.input), str(YES)), num(rule.gate.points), total)
    : total;
}

function explainSum(rule: SumRule, ctx: ExplainContext): string {
  const { lang } = ctx;
  if (rule.gate && ctx.value(rule.gate.input) === YES) {
    return say(
      lang,
      `「${ctx.label(rule.gate.input)}」为“是”，本项得 ${formatPoints(rule.gate.points)} 分`,
      `${ctx.label(rule.gate.input)}: yes, ${enPoints(rule.gate.points)}`
    );
  }
  // Each part's explanation names its own input or metric.
  const parts = rule.parts.map((p) => explainRule(p.rule, ctx));
  const total = formatPoints(ctx.evaluate(partsExpr(rule.parts, ctx)));
  return say(lang, `${parts.join("；")}；合计 ${total} 分`, `${parts.join("; ")}; ${total} in all`);
}
