/**
 * The formulas the workbook keeps live, so the sheet stays right when an input changes without the add-in.
 * Each mirrors the engine exactly: an input is valid in the sheet when the engine would read it in `cell` mode,
 * and a score is blank ("") exactly when the engine leaves it unscored.
 */
import { gradeExpr } from "../domain/frameworks/grades";
import { ref } from "../domain/expr";
import { toFormula } from "../domain/formula";
import { indexFramework, inputsOf } from "../domain/model";
import { NO, YES } from "../domain/parse/readInput";
import type { Framework, IndicatorDef, InputDef, MetricDef } from "../domain/types";
import { names } from "./layout";

const text = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * TRUE when the cell holds what the engine reads in `cell` mode (see readInput), FALSE otherwise; never an error.
 * An input the 绩效指标 table feeds (`tableTotal`, its total's name) is valid blank while that total is a number.
 */
export function validityFormula(def: InputDef, cell: string, tableTotal?: string): string {
  const oneOf = (values: string[]) =>
    `IF(ISTEXT(${cell}),OR(${values.map((v) => `${cell}=${text(v)}`).join(",")}),FALSE)`;
  const number = (condition: string) => `IF(ISNUMBER(${cell}),${condition},FALSE)`;
  let check: string;
  switch (def.kind) {
    case "amount":
      check = number(`${cell}>=0`);
      break;
    case "count":
      check = number(`AND(${cell}>=0,${cell}=INT(${cell}))`);
      break;
    case "rate":
      check = number(`AND(${cell}>=0,${cell}<=1)`);
      break;
    case "score":
      check = number(`AND(${cell}>=0,${cell}<=${def.max ?? 0})`);
      break;
    case "yesno":
      check = oneOf([YES, NO]);
      break;
    case "tier":
      check = oneOf((def.tiers ?? []).map((t) => t.value));
      break;
    case "checkItem":
      check = `IF(ISNUMBER(${cell}),AND(${cell}>=0,${cell}<=${def.max ?? 0}),${oneOf([YES, NO])})`;
      break;
  }
  if (tableTotal) return `=IF(ISBLANK(${cell}),ISNUMBER(${tableTotal}),${check})`;
  return def.fallback ? `=IF(ISBLANK(${cell}),TRUE,${check})` : `=${check}`;
}

export const STATUS = {
  ok: "✓",
  auto: "自动计算",
  blank: "未填写",
  check: "请检查",
  fromTable: "按绩效指标表",
} as const;

/** What the 状态 column shows: ✓, 未填写, 请检查, 自动计算 for a blank input with a fallback, 按绩效指标表 when the table feeds it. */
export function statusFormula(
  def: InputDef,
  cell: string,
  okCell: string,
  tableTotal?: string
): string {
  if (tableTotal)
    return `=IF(ISBLANK(${cell}),IF(${okCell},"${STATUS.fromTable}","${STATUS.blank}"),IF(${okCell},"${STATUS.ok}","${STATUS.check}"))`;
  if (def.fallback)
    return `=IF(ISBLANK(${cell}),"${STATUS.auto}",IF(${okCell},"${STATUS.ok}","${STATUS.check}"))`;
  return `=IF(${okCell},"${STATUS.ok}",IF(ISBLANK(${cell}),"${STATUS.blank}","${STATUS.check}"))`;
}

export function metricFormula(metric: MetricDef): string {
  return `=${toFormula(metric.expr)}`;
}

/**
 * The 三级 score, live: blank unless every input it reads is valid, and blank when the computation fails
 * (a divisor of 0) — exactly when the engine leaves it unscored.
 */
export function scoreFormula(
  framework: Framework,
  indicator: IndicatorDef,
  tableTotals: Map<string, string> = new Map()
): string {
  const expr = indexFramework(framework).indicatorExprs.get(indicator.id)!;
  const oks = inputsOf(framework, expr).map(names.ok);
  // An input the 绩效指标 table feeds reads the table's total while the input is blank, as the engine does.
  const nameOf = (key: string) => {
    const total = tableTotals.get(key);
    return total ? `IF(ISBLANK(${key}),${total},${key})` : key;
  };
  return `=IF(AND(${oks.join(",")}),IFERROR(${toFormula(expr, nameOf)},""),"")`;
}

/** A sum of scores (text "" of unscored ones ignored), rounded as the engine rounds. */
export function sumFormula(indicatorIds: string[]): string {
  return `=ROUND(SUM(${indicatorIds.map(names.score).join(",")}),2)`;
}

export function gradeFormula(framework: Framework): string {
  return `=${toFormula(gradeExpr(ref(names.total), framework.grades))}`;
}

/** The department's own total, blank when it reported no scores. */
export function selfTotalFormula(range: string): string {
  return `=IF(COUNT(${range})=0,"",ROUND(SUM(${range}),2))`;
}

/** Self-reported minus computed, when both are numbers. */
export function differenceFormula(selfCell: string, scoreCell: string): string {
  return `=IF(AND(ISNUMBER(${selfCell}),ISNUMBER(${scoreCell})),ROUND(${selfCell}-${scoreCell},2),"")`;
}
