import { cmp, iff, num, ref, str, sum, type Expr } from "../expr";
import { enPoints, formatPoints, say } from "../i18n";
import { NO, YES } from "../parse/readInput";
import type { Rule } from "../types";
import type { CompileContext, ExplainContext } from "./context";

type ChecklistRule = Extract<Rule, { kind: "checklist" }>;

/** The input key of item n (1-based) of an indicator's checklist: budgetRationality_3. */
export const checklistItemKey = (indicatorId: string, n: number): string => `${indicatorId}_${n}`;

/** 是 → weight, 否 → 0, a number → that partial score (the seeds' 酌情扣分). */
export function checklistItemExpr(key: string, weight: number): Expr {
  return iff(
    cmp("=", ref(key), str(YES)),
    num(weight),
    iff(cmp("=", ref(key), str(NO)), num(0), ref(key))
  );
}

export function compileChecklist(rule: ChecklistRule, ctx: CompileContext): Expr {
  return sum(
    rule.items.map((item, i) =>
      checklistItemExpr(checklistItemKey(ctx.indicator.id, i + 1), item.weight)
    )
  );
}

export function explainChecklist(rule: ChecklistRule, ctx: ExplainContext): string {
  const { lang } = ctx;
  const notes: string[] = [];
  let total = 0;
  rule.items.forEach((item, i) => {
    const key = checklistItemKey(ctx.indicator.id, i + 1);
    const points = ctx.evaluate(checklistItemExpr(key, item.weight));
    total += points;
    if (points >= item.weight) return;
    const off = formatPoints(item.weight - points);
    notes.push(
      points === 0
        ? say(lang, `第 ${i + 1} 项不符合，扣 ${off} 分`, `item ${i + 1} not met, −${off}`)
        : say(
            lang,
            `第 ${i + 1} 项酌情得 ${formatPoints(points)} 分（满分 ${item.weight} 分）`,
            `item ${i + 1} partly met, ${formatPoints(points)} of ${item.weight}`
          )
    );
  });
  const n = rule.items.length;
  if (notes.length === 0)
    return say(
      lang,
      `${n} 项评分要点全部符合，得 ${formatPoints(total)} 分`,
      `${n === 1 ? "the one item" : `all ${n} items`} met, ${enPoints(total)}`
    );
  return say(
    lang,
    `${notes.join("；")}；得 ${formatPoints(total)} 分`,
    `${notes.join("; ")}; ${enPoints(total)}`
  );
}
