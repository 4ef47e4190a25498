/**
 * Recompute's writes on the 绩效指标 sheet: each row's direction, values, completion, rescaled weight and score
 * as live formulas with the engine's results cached, the explanation, each feed's total (the defined name
 * table_<input> the framework's score reads) with its stale mark (table_<input>_stale), and highlights on rows
 * whose target is not met and on rows edited since (请重新计算).
 */
import type { FeedsResult } from "../../domain/indicatorTable/feeds";
import { givenWeight, notApplicable, readRow } from "../../domain/indicatorTable/scoreTable";
import {
  PLACEHOLDER_REASONS,
  overCompletionExpr,
  resolveTableScoring,
} from "../../domain/indicatorTable/tableScoring";
import { toFormula } from "../../domain/formula";
import { localize } from "../../domain/i18n";
import type { Framework, Lang } from "../../domain/types";
import type { PlanBuilder } from "../planBuilder";
import { absoluteRef, address, columnLetter } from "../snapshot";
import { OWN_RULE_MARKER } from "../writePlan";
import type { TableBinding, TableRow } from "./bindTable";
import {
  DIRECTION_TEXT,
  SELF_SHARE_HEADER,
  STALE_ROW,
  STALE_TABLE,
  TABLE_COLS,
  tableNames,
} from "./layout";
import { literal, rowFormulas } from "./rowFormulas";

/** The columns Recompute fills with numbers (formulas). */
const NUMBER_COLS = [
  TABLE_COLS.targetValue,
  TABLE_COLS.actualValue,
  TABLE_COLS.completion,
  TABLE_COLS.effectiveWeight,
  TABLE_COLS.score,
  TABLE_COLS.rawWeight,
  TABLE_COLS.selfShare,
];
/** Every column Recompute writes on a row. */
const RESULT_COLS = [...NUMBER_COLS, TABLE_COLS.direction, TABLE_COLS.explanation];

const rule = (condition: string) => `AND(${condition},${OWN_RULE_MARKER})`;

/**
 * TRUE for a reason cell left empty or holding only a placeholder (无, /, —, 空 …), as scoreTable's emptyReason
 * reads it: spaces, tabs, line breaks and 。 set aside.
 */
export function emptyReasonFormula(cell: string): string {
  const bare = [" ", "　", "。", "CHAR(9)", "CHAR(10)", "CHAR(13)"].reduce(
    (text, gone) => `SUBSTITUTE(${text},${gone.startsWith("CHAR") ? gone : literal(gone)},"")`,
    cell
  );
  const placeholders = [literal(""), ...PLACEHOLDER_REASONS.map(literal)].map(
    (p) => `${bare}=${p}`
  );
  return `OR(LEN(TRIM(${cell}))=0,${placeholders.join(",")})`;
}

/** A row's weight before rescaling, as the engine takes it: the number given (≥ 0), else 1; 0 when 不适用. */
function rawWeightOf(row: TableRow, active: boolean): number {
  return active ? (givenWeight(row.input.weight) ?? 1) : 0;
}

export function writeTable(
  plan: PlanBuilder,
  framework: Framework,
  binding: TableBinding,
  rows: TableRow[],
  scored: FeedsResult,
  lang: Lang
): void {
  const c = TABLE_COLS;
  const sheet = binding.sheet;
  const at = (row: number, col: number) => ({ sheet, row, col });
  const feeds = framework.indicatorTable ?? [];
  const scoring = resolveTableScoring(framework.tableScoring);
  const { feedOf } = scored;
  // The rows at full precision: the cached results are what the formulas compute (the report shows them rounded).
  const results = scored.rows.map((r, i) => ({ ...r, ...scored.exact[i] }));
  // 不适用 rows drop out of the weights, as the engine reads them.
  const active = rows.map((row) => !notApplicable(readRow(row.input, scoring).target));
  plan.manageHighlights(sheet);
  // The hidden share column's header (a sheet laid out before it existed gets it at its first Recompute).
  plan.write(at(binding.headerRow, c.selfShare), { value: localize(SELF_SHARE_HEADER, lang) });

  // Rows left blank: clear what an earlier Recompute wrote there.
  const read = new Set(rows.map((r) => r.row));
  for (const row of binding.rows)
    if (!read.has(row)) for (const col of RESULT_COLS) plan.write(at(row, col), { value: null });

  const formulas = rows.map((row, i) =>
    rowFormulas(
      row.row,
      results[i],
      {
        target: row.target,
        actual: row.actual,
        unit: row.unit,
        weight: row.weight,
        tier: row.tier,
        selfScore: row.selfScore,
      },
      active[i],
      scoring,
      localize(STALE_ROW, lang)
    )
  );
  const staleText = localize(STALE_ROW, lang);
  rows.forEach((row, i) => {
    const result = results[i];
    const f = formulas[i];
    const directionText = localize(DIRECTION_TEXT[result.direction], lang);
    const feed = feeds[feedOf[i]];
    plan.write(at(row.row, c.explanation), { value: result.explanation });
    const total = feed && binding.totals.get(feed.input);
    if (!feed || !total) {
      // A row no framework indicator takes (its error says why): no formulas.
      plan.write(at(row.row, c.direction), { value: feed ? directionText : "—" });
      for (const col of NUMBER_COLS) plan.write(at(row.row, col), { value: null });
      return;
    }
    // The direction as read, or 请重新计算 once a text read here has been edited.
    plan.write(at(row.row, c.direction), {
      formula: f.direction(directionText),
      result: directionText,
    });
    const cached = (v: number | null) => (v === null ? "" : v);
    const formulaOrBlank = (
      col: number,
      formula: string | undefined,
      result: number | null,
      format?: string
    ) =>
      plan.write(
        at(row.row, col),
        formula
          ? { formula, result: cached(result), ...(format ? { numberFormat: format } : {}) }
          : { value: null }
      );
    formulaOrBlank(c.targetValue, f.targetValue, result.target);
    formulaOrBlank(c.actualValue, f.actualValue, result.actual);
    formulaOrBlank(c.completion, f.completion, result.completion, "0.00%");
    plan.write(at(row.row, c.effectiveWeight), {
      formula: f.effectiveWeight(feed.max, `$${columnLetter(c.rawWeight)}$${total.row + 1}`),
      result: result.weight,
      numberFormat: "0.00",
    });
    formulaOrBlank(c.score, f.score, result.score, "0.00");
    plan.write(at(row.row, c.rawWeight), {
      formula: f.rawWeight,
      result: rawWeightOf(row, active[i]),
    });
    const points = givenWeight(row.input.weight) ?? result.weight;
    const self = result.selfScore;
    plan.write(at(row.row, c.selfShare), {
      formula: f.selfShare,
      result: self !== undefined && points > 0 ? self / points : "",
    });
  });

  // Each feed's total: Σ weight × completion over its rows, blank while a row that counts is unscored.
  feeds.forEach((feed, f) => {
    const total = binding.totals.get(feed.input);
    if (!total) return;
    const members = rows.map((row, i) => ({ row, i })).filter(({ i }) => feedOf[i] === f);
    const counted = members.filter(({ i }) => active[i]);
    const fed = scored.fed.find((x) => x.feed === feed);
    const weightSum = counted.length
      ? `=${counted.map(({ row }) => address(row.row, c.rawWeight)).join("+")}`
      : "=0";
    plan.write(at(total.row, c.rawWeight), {
      formula: weightSum,
      result: counted.reduce((s, { row, i }) => s + rawWeightOf(row, active[i]), 0),
    });
    // Beside the total: whether a row was edited since (the total is still Recompute's), for 基础数据's 状态 too.
    const staleCell = at(total.row, c.explanation);
    const stale = members.map(
      ({ row }) => `${address(row.row, c.direction)}=${literal(staleText)}`
    );
    plan.write(staleCell, {
      formula: stale.length
        ? `=IF(OR(${stale.join(",")}),${literal(localize(STALE_TABLE, lang))},"")`
        : '=""',
      result: "",
    });
    plan.name(tableNames.stale(feed.input), absoluteRef(sheet, staleCell.row, staleCell.col));
    if (!counted.length) {
      plan.write(total, { value: null });
      return;
    }
    const checks = members.flatMap(({ i }) => formulas[i].stillScored ?? []);
    const sum = counted
      .map(({ row }) => `${address(row.row, c.effectiveWeight)}*${address(row.row, c.completion)}`)
      .join("+");
    const capped = `MIN(${literal(feed.max)},ROUND(${sum},2))`;
    plan.write(total, {
      formula: checks.length ? `=IF(AND(${checks.join(",")}),${capped},"")` : `=${capped}`,
      result: fed?.result.total ?? "",
      numberFormat: "0.00",
    });
  });

  // Highlights: an unmet target (completion < 100%) on its name and results (amber); its 偏差原因 while blank (red);
  // a row edited since Recompute on its 方向 cell, which says 请重新计算 (red).
  if (rows.length) {
    const first = Math.min(...binding.rows);
    const last = Math.max(...binding.rows);
    const J0 = `$${columnLetter(c.direction)}${first + 1}`;
    plan.highlight(sheet, {
      range: `${address(first, c.direction)}:${address(last, c.direction)}`,
      formula: rule(`${J0}=${literal(staleText)}`),
      severity: "red",
    });
    const M = `$${columnLetter(c.completion)}${first + 1}`;
    const I = `$${columnLetter(c.reason)}${first + 1}`;
    const unmet = `ISNUMBER(${M}),${M}<1`;
    for (const [from, to] of [
      [c.name, c.name],
      [c.completion, c.score],
    ])
      plan.highlight(sheet, {
        range: `${address(first, from)}:${address(last, to)}`,
        formula: rule(unmet),
        severity: "amber",
      });
    // Red, not amber, on the reason cell: amber would not show on the yellow of a cell to fill. A reason is asked
    // for a target missed, and for a forward target exceeded from the rules' over-completion (130 %).
    const K = `$${columnLetter(c.targetValue)}${first + 1}`;
    const L = `$${columnLetter(c.actualValue)}${first + 1}`;
    const J = `$${columnLetter(c.direction)}${first + 1}`;
    const over = overCompletionExpr(scoring);
    const asked = over
      ? `OR(AND(${unmet}),IF(AND(ISNUMBER(SEARCH("≥",${J})),ISNUMBER(${K}),ISNUMBER(${L})),${toFormula(over, (k) => (k === "T" ? K : L))},FALSE))`
      : unmet;
    plan.highlight(sheet, {
      range: `${address(first, c.reason)}:${address(last, c.reason)}`,
      formula: rule(`${asked},${emptyReasonFormula(I)}`),
      severity: "red",
    });
    // The department's own 得分 (an adopted 自评表's) where it differs from the rule's, as on the score sheet.
    if (rows.some((row) => row.input.selfScore !== undefined)) {
      const R = `$${columnLetter(c.selfScore)}${first + 1}`;
      const O = `$${columnLetter(c.score)}${first + 1}`;
      plan.highlight(sheet, {
        range: `${address(first, c.selfScore)}:${address(last, c.selfScore)}`,
        formula: rule(`ISNUMBER(${R}),ISNUMBER(${O}),ABS(ROUND(${R}-${O},2))>=0.01`),
        severity: "red",
      });
    }
  }
}
