/**
 * The formulas the workbook keeps live, so the sheet stays right when an input changes without the add-in.
 * Each mirrors the engine exactly: an input is valid in the sheet when the engine would read it in `cell` mode,
 * and a score is blank ("") exactly when the engine leaves it unscored.
 */
import { gradeExpr } from "../domain/frameworks/grades";
import { ref } from "../domain/expr";
import { formatNumberLiteral, toFormula } from "../domain/formula";
import { childrenOf, type Expr } from "../domain/expr";
import { indexFramework, optionalInputs } from "../domain/model";
import { MAX_AMOUNT, NO, YES } from "../domain/parse/readInput";
import type { Framework, IndicatorDef, InputDef, MetricDef, TextInputDef } from "../domain/types";
import { names } from "./layout";
import type { CellValue } from "./snapshot";
import { heldDateTest, numberTerm, readAsDate, showFormula } from "./table/departmentCells";

const text = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * TRUE when the cell is blank as the engine reads it (`cell` mode: nothing, or the empty text); never an error.
 * ISBLANK alone is FALSE over a formula cell, even one showing "" — and our inputs on a department's workbook are
 * formulas referring to its cells; x="" alone is TRUE over an empty cell but an error over an error value. IF
 * evaluates only the branch taken (Excel, LibreOffice, HyperFormula).
 */
export const blankTest = (cell: string) => `IF(ISTEXT(${cell}),${cell}="",ISBLANK(${cell}))`;

/**
 * TRUE when a free text is blank as the engine reads it (readTexts: nothing, or only spaces, the ideographic
 * space U+3000, no-break spaces and line breaks); never an error.
 */
export const textBlankTest = (cell: string) =>
  `IF(ISTEXT(${cell}),TRIM(CLEAN(SUBSTITUTE(SUBSTITUTE(${cell},"\u3000"," "),"\u00a0"," ")))="",ISBLANK(${cell}))`;

/** The blank test of a name of the framework: a free text's, or an input's. */
export function blankTestOf(framework: Framework): (key: string) => string {
  const texts = new Set((framework.texts ?? []).map((t) => t.key));
  return (key) => (texts.has(key) ? textBlankTest(key) : blankTest(key));
}

/** How an input may be blank: read through a fallback (`optional`), and / or fed by the 绩效指标 table. */
export interface BlankRule {
  /** Blank is valid: the indicator computes without it (a fallback, or a score entered instead of a computed one). */
  optional?: boolean;
  /** The defined name of the table's total that feeds this input while it is blank. */
  tableTotal?: string;
  /** The defined name of the cell beside that total saying the table was edited since Recompute (else blank). */
  tableStale?: string;
  /**
   * The date the cell held when Recompute read it, as read (2024-05-01) (a number formatted as a date, which the
   * engine reads as that date: an input to check): invalid while the cell still holds it. A formula cannot see a
   * cell's format (LibreOffice's CELL("format") gives G for 2024年5月1日 and for yyyy-mm-dd), so the value stands in.
   */
  heldDate?: CellValue;
}

/**
 * TRUE when the cell holds what the engine reads in `cell` mode (see readInput), FALSE otherwise; never an error.
 * Blank is valid for an optional input, and for one the table feeds while the table's total is a number.
 */
export function validityFormula(def: InputDef, cell: string, blank: BlankRule = {}): string {
  const oneOf = (values: string[]) =>
    `IF(ISTEXT(${cell}),OR(${values.map((v) => `${cell}=${text(v)}`).join(",")}),FALSE)`;
  const number = (condition: string) => `IF(ISNUMBER(${cell}),${condition},FALSE)`;
  let check: string;
  switch (def.kind) {
    // Beyond MAX_AMOUNT a figure is a slip, not a budget (readInput).
    case "amount":
      check = number(`AND(${cell}>=0,${cell}<=${formatNumberLiteral(MAX_AMOUNT)})`);
      break;
    case "count":
      check = number(
        `AND(${cell}>=0,${cell}=INT(${cell}),${cell}<=${formatNumberLiteral(MAX_AMOUNT)})`
      );
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
  const held = heldDateTest(cell, blank.heldDate);
  if (held !== undefined) check = `IF(${held},FALSE(),${check})`;
  if (blank.optional || def.fallback) return `=IF(${blankTest(cell)},TRUE,${check})`;
  if (blank.tableTotal) return `=IF(${blankTest(cell)},ISNUMBER(${blank.tableTotal}),${check})`;
  return `=${check}`;
}

/**
 * A free text (a deduction's reason): valid unless blank while its condition holds over valid inputs — as the
 * engine, which requires it only when the condition can be computed and is true — and unless it shows an error
 * value (#N/A, as the engine reads it: an error to check).
 */
export function textValidityFormula(framework: Framework, def: TextInputDef, cell: string): string {
  if (!def.requiredWhen) return `=NOT(ISERROR(${cell}))`;
  const ready = readyConditions(framework, def.requiredWhen);
  const required = `IFERROR(NOT(${toFormula(def.requiredWhen, undefined, blankTestOf(framework))}),TRUE)`;
  return `=IF(${textBlankTest(cell)},${ready.length ? `IF(AND(${ready.join(",")}),${required},TRUE)` : required},NOT(ISERROR(${cell})))`;
}

export const STATUS = {
  ok: "✓",
  auto: "自动计算",
  blank: "未填写",
  check: "请检查",
  fromTable: "按绩效指标表",
  notNeeded: "无需填写",
  /** Blank, fed by the 绩效指标 table's last total while a row of it was edited since Recompute. */
  tableChanged: "绩效指标表已改动，请重新计算",
} as const;

/**
 * What the 状态 column shows: ✓, 未填写, 请检查, 自动计算 (blank, computed otherwise), 按绩效指标表 (the table feeds it),
 * or 绩效指标表已改动，请重新计算 (blank while the table, edited since Recompute, still feeds it its last total).
 */
export function statusFormula(
  def: InputDef,
  cell: string,
  okCell: string,
  blank: BlankRule = {}
): string {
  const filled = `IF(${okCell},"${STATUS.ok}","${STATUS.check}")`;
  const optional = blank.optional || def.fallback;
  const stale = (otherwise: string) =>
    blank.tableStale
      ? `IF(LEN(${blank.tableStale})>0,"${STATUS.tableChanged}",${otherwise})`
      : otherwise;
  const isBlank = blankTest(cell);
  if (optional && blank.tableTotal)
    return `=IF(${isBlank},${stale(`IF(ISNUMBER(${blank.tableTotal}),"${STATUS.fromTable}","${STATUS.auto}")`)},${filled})`;
  if (optional) return `=IF(${isBlank},"${STATUS.auto}",${filled})`;
  if (blank.tableTotal)
    return `=IF(${isBlank},${stale(`IF(${okCell},"${STATUS.fromTable}","${STATUS.blank}")`)},${filled})`;
  return `=IF(${okCell},"${STATUS.ok}",IF(${isBlank},"${STATUS.blank}","${STATUS.check}"))`;
}

/**
 * A free text's 状态: ✓ when written, 请检查 when it shows an error value, 未填写 when required and blank, 无需填写
 * otherwise.
 */
export function textStatusFormula(cell: string, okCell: string): string {
  return `=IF(${textBlankTest(cell)},IF(${okCell},"${STATUS.notNeeded}","${STATUS.blank}"),IF(${okCell},"${STATUS.ok}","${STATUS.check}"))`;
}

/**
 * The conditions under which the engine computes an expression (score.ts, unmetInputs): every input it reads
 * through a name (through metrics too) valid and not blank — an input that may be blank (a fallback, a score
 * entered instead) must be there when it is read as itself — and, for an input read with a fallback, the
 * fallback's own inputs only while the input is blank. Formula texts over ok_<key> and the names, deduplicated.
 */
export function readyConditions(
  framework: Framework,
  e: Expr,
  tableTotals: Map<string, string> = new Map()
): string[] {
  const index = indexFramework(framework);
  const optional = optionalInputs(framework);
  const texts = new Set((framework.texts ?? []).map((t) => t.key));
  const blankOf = blankOfWithTable(framework, tableTotals);
  const visit = (x: Expr, seen: Set<string>): string[] => {
    if (x.t === "ref") {
      const metric = index.metrics.get(x.key);
      if (metric) {
        if (seen.has(x.key)) return [];
        return visit(metric.expr, new Set([...seen, x.key]));
      }
      // A blank optional input or free text has a valid ok cell, but read as itself it is missing.
      const mayBeBlank = optional.has(x.key) || texts.has(x.key);
      return [names.ok(x.key), ...(mayBeBlank ? [`NOT(${blankOf(x.key)})`] : [])];
    }
    if (x.t === "refOr") {
      const fallback = visit(x.fallback, seen);
      return [
        names.ok(x.key),
        // OR, not IF(…,…,TRUE): a bare TRUE is a name to HyperFormula (Excel and LibreOffice take either).
        ...(fallback.length ? [`OR(NOT(${blankOf(x.key)}),${and(fallback)})`] : []),
      ];
    }
    return childrenOf(x).flatMap((c) => visit(c, seen));
  };
  return [...new Set(visit(e, new Set()))];
}

const and = (conditions: string[]) =>
  conditions.length === 1 ? conditions[0] : `AND(${conditions.join(",")})`;

/**
 * An input the 绩效指标 table feeds reads the table's total while the input is blank, as the engine does; it counts
 * as blank (for a fallback) only when the table's total is not a number either.
 */
function blankOfWithTable(framework: Framework, tableTotals: Map<string, string>) {
  const blankOf = blankTestOf(framework);
  return (key: string) => {
    const total = tableTotals.get(key);
    return total ? `AND(${blankOf(key)},NOT(ISNUMBER(${total})))` : blankOf(key);
  };
}

/** An expression as formula text over the defined names, read as the engine reads them (see scoreFormula). */
function exprFormula(framework: Framework, e: Expr, tableTotals: Map<string, string>): string {
  const blankOf = blankTestOf(framework);
  const nameOf = (key: string) => {
    const total = tableTotals.get(key);
    return total ? `IF(${blankOf(key)},${total},${key})` : key;
  };
  return toFormula(e, nameOf, blankOfWithTable(framework, tableTotals));
}

/**
 * A derived rate, live: blank ("") unless every input it reads is there and valid — exactly when the engine leaves
 * it uncomputed for want of an input (score.ts, tryMetric). A divisor of 0 shows #DIV/0! (the engine leaves the
 * rate uncomputed and names the divisor); a score reading the rate computes, or not, as the engine does.
 */
export function metricFormula(
  framework: Framework,
  metric: MetricDef,
  tableTotals: Map<string, string> = new Map()
): string {
  const ready = readyConditions(framework, metric.expr, tableTotals);
  const formula = exprFormula(framework, metric.expr, tableTotals);
  return ready.length ? `=IF(${and(ready)},${formula},"")` : `=${formula}`;
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
  const ready = readyConditions(framework, expr, tableTotals);
  const formula = exprFormula(framework, expr, tableTotals);
  return ready.length
    ? `=IF(AND(${ready.join(",")}),IFERROR(${formula},""),"")`
    : `=IFERROR(${formula},"")`;
}

/**
 * What the total (or a 一级 subtotal) shows while some of its 三级 scores is not a number: never a partial sum that
 * reads like a result. The engine leaves such a total ungraded; the CLI and the pane call it 总分（已计分部分）.
 */
export const TOTAL_INCOMPLETE = "未完整";

/**
 * A sum of scores, rounded as the engine rounds, only when every score it sums is a number; else 未完整. Whatever
 * reads it (grade, 差异) tests ISNUMBER or COUNT first.
 */
export function sumFormula(indicatorIds: string[]): string {
  const scores = indicatorIds.map(names.score).join(",");
  return `=IF(COUNT(${scores})=${indicatorIds.length},ROUND(SUM(${scores}),2),"${TOTAL_INCOMPLETE}")`;
}

/** The total (or subtotal) cell's value: the sum when complete, else 未完整 (as sumFormula computes it). */
export function totalCellValue(total: number, complete: boolean): number | string {
  return complete ? total : TOTAL_INCOMPLETE;
}

/** Beside an incomplete total: how many are scored and the sum of those, as the CLI's 总分（已计分部分）; else blank. */
export function partialTotalFormula(indicatorIds: string[]): string {
  const scores = indicatorIds.map(names.score).join(",");
  const n = indicatorIds.length;
  return `=IF(COUNT(${scores})=${n},"","已计分 "&COUNT(${scores})&" / ${n} 项，已计分部分合计 "&ROUND(SUM(${scores}),2)&" 分，待全部计分后评定等级")`;
}

/** partialTotalFormula's value for a report. */
export function partialTotalValue(report: {
  complete: boolean;
  scored: number;
  indicatorCount: number;
  total: number;
}): string {
  return report.complete
    ? ""
    : `已计分 ${report.scored} / ${report.indicatorCount} 项，已计分部分合计 ${report.total} 分，待全部计分后评定等级`;
}

/** What the grade cell shows while some 三级 score is blank: a partial total is never graded. */
export const GRADE_PENDING = "待计分";

/** The grade cell's value for a report: its grade, or 待计分 while some indicator is not scored. */
export function gradeCellValue(grade: string | null): string {
  return grade ?? GRADE_PENDING;
}

/**
 * The grade over the total, only when every 三级 score cell holds a number (as the engine grades only a complete
 * total); else 待计分.
 */
export function gradeFormula(
  framework: Framework,
  indicatorIds: string[] = framework.indicators.map((i) => i.id)
): string {
  const grade = toFormula(gradeExpr(ref(names.total), framework.grades));
  return `=IF(COUNT(${indicatorIds.map(names.score).join(",")})=${indicatorIds.length},${grade},"${GRADE_PENDING}")`;
}

/** An indicator's 自评得分 as the engine read it at recompute: the cell's value, its 分值, and the score it read. */
export interface SelfScoreRead {
  value: CellValue;
  max: number;
  /** The self score the engine took (a number from 0 to the 分值), or undefined when it took none. */
  read: number | undefined;
}

/**
 * A 自评得分 cell as the engine reads it (readInput, typed, then 0 to the 分值): `taken` TRUE when the engine takes
 * it as a score, `value` the number it reads as (only meant where taken). While the cell holds what Recompute read,
 * a date reads as its text (no score), a score typed as text (5分) as its number, a text the engine did not take
 * ("97%") or TRUE / FALSE as none; a number, or a new value, as a spreadsheet reads it.
 */
function selfScoreTerm(cell: string, self: SelfScoreRead): { taken: string; value: string } {
  const v = self.value;
  const unread = typeof v === "string" && !readAsDate(v) && self.read === undefined;
  const plain = unread || v === null || typeof v === "number" || typeof v === "object";
  // TRUE / FALSE is no score; LibreOffice holds one in a cell formatted as a number (our 0.00) as 1 / 0 itself.
  const held = typeof v === "boolean" ? (v ? 1 : 0) : undefined;
  const term =
    held !== undefined
      ? {
          value: cell,
          counts: `IF(ISLOGICAL(${cell}),FALSE(),IF(ISNUMBER(${cell}),${cell}<>${held},FALSE()))`,
        }
      : plain
        ? { value: cell, counts: `ISNUMBER(${cell})` }
        : numberTerm(cell, v);
  const max = formatNumberLiteral(self.max);
  return {
    taken: `IF(${term.counts},AND(${term.value}>=0,${term.value}<=${max}),FALSE())`,
    value: term.value,
  };
}

/**
 * The department's own total as the sum of the self scores the engine takes (selfScoreSum), blank when it takes
 * none: a score out of range, a date or other text adds nothing, as the engine names it an input to check.
 */
export function selfTotalFormula(selfs: { cell: string; self: SelfScoreRead }[]): string {
  const terms = selfs.map(({ cell, self }) => selfScoreTerm(cell, self));
  const sum = terms.map((t) => `IF(${t.taken},${t.value},0)`).join("+");
  return `=IF(OR(${terms.map((t) => t.taken).join(",")}),ROUND(${sum},2),"")`;
}

/** The department's own 自评总分, shown from its cell (blank stays blank, an error or a date as its text). */
export function reportedTotalFormula(cell: string, value: CellValue): string {
  return showFormula(cell, value);
}

/**
 * Self-reported minus computed, when both are numbers. Given how the engine read the self score (an indicator's
 * row), only while the engine would take it (selfScoreTerm): else blank, as the engine has no 差异 (it names the
 * self score as an input to check).
 */
export function differenceFormula(
  selfCell: string,
  scoreCell: string,
  self?: SelfScoreRead
): string {
  if (!self)
    return `=IF(AND(ISNUMBER(${selfCell}),ISNUMBER(${scoreCell})),ROUND(${selfCell}-${scoreCell},2),"")`;
  const term = selfScoreTerm(selfCell, self);
  return `=IF(AND(${term.taken},ISNUMBER(${scoreCell})),ROUND(${term.value}-${scoreCell},2),"")`;
}
