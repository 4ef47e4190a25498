/**
 * Finds the standard template in a workbook by its defined names (input keys, metric keys, score_<id>), so
 * rows the user inserted or moved do not matter.
 */
import { localize } from "../domain/i18n";
import { sheetInputs } from "./sheetInputs";
import type { Framework } from "../domain/types";
import { META_INPUTS, SCORE_COLS, names } from "./layout";
import { parseRef, type WorkbookSnapshot } from "./snapshot";

export interface CellRef {
  sheet: string;
  row: number;
  col: number;
}

export interface TemplateBinding {
  inputs: Map<string, CellRef>;
  /** Inputs of the framework whose defined name is missing. */
  missingInputs: string[];
  meta: Map<string, CellRef>;
  metrics: Map<string, CellRef>;
  scores: Map<string, CellRef>;
  total?: CellRef;
  grade?: CellRef;
  selfTotal?: CellRef;
  /** A department's own sheet, adopted: leave its layout alone. */
  adopted: boolean;
  /** The department's own total on an existing sheet (read only). */
  reportedTotal?: CellRef;
  /** Columns of the score sheet: the department's own scores, our differences and explanations. */
  columns: { self: number; difference: number; explanation: number };
  /** Each 一级 group's subtotal cell and the indicators it sums. */
  subtotals: { cell: CellRef; indicatorIds: string[] }[];
}

export function namedCells(snapshot: WorkbookSnapshot): Map<string, CellRef> {
  const cells = new Map<string, CellRef>();
  for (const n of snapshot.names) {
    const ref = parseRef(n.ref);
    if (ref && snapshot.sheets.some((s) => s.name === ref.sheet)) cells.set(n.name, ref);
  }
  return cells;
}

/** The 一级 groups of a framework, in order, with their indicators. */
export function level1Groups(framework: Framework): { name: string; indicatorIds: string[] }[] {
  const groups: { name: string; indicatorIds: string[] }[] = [];
  for (const indicator of framework.indicators) {
    const name = localize(indicator.level1, "zh");
    const last = groups[groups.length - 1];
    if (last && last.name === name) last.indicatorIds.push(indicator.id);
    else groups.push({ name, indicatorIds: [indicator.id] });
  }
  return groups;
}

/** The template's cells, or undefined when the workbook has no score cells named score_<id> for this framework. */
export function bindTemplate(
  snapshot: WorkbookSnapshot,
  framework: Framework
): TemplateBinding | undefined {
  const cells = namedCells(snapshot);
  const scores = new Map<string, CellRef>();
  for (const indicator of framework.indicators) {
    const cell = cells.get(names.score(indicator.id));
    if (cell) scores.set(indicator.id, cell);
  }
  if (scores.size === 0) return undefined;
  const inputs = new Map<string, CellRef>();
  const missingInputs: string[] = [];
  for (const def of sheetInputs(framework)) {
    const cell = cells.get(def.key);
    if (cell) inputs.set(def.key, cell);
    else missingInputs.push(def.key);
  }
  const meta = new Map<string, CellRef>();
  for (const def of META_INPUTS) {
    const cell = cells.get(def.key);
    if (cell) meta.set(def.key, cell);
  }
  const metrics = new Map<string, CellRef>();
  for (const metric of framework.metrics) {
    const cell = cells.get(metric.key);
    if (cell) metrics.set(metric.key, cell);
  }
  const subtotals = level1Groups(framework).flatMap((g, i) => {
    const cell = cells.get(names.subtotal(i));
    return cell ? [{ cell, indicatorIds: g.indicatorIds }] : [];
  });
  // The template's columns unless header cells name them (an adopted sheet puts them elsewhere).
  const scoreCol = [...scores.values()][0].col;
  const columns = {
    self: cells.get(names.column.self)?.col ?? scoreCol + SCORE_COLS.selfScore - SCORE_COLS.score,
    difference:
      cells.get(names.column.difference)?.col ??
      scoreCol + SCORE_COLS.difference - SCORE_COLS.score,
    explanation:
      cells.get(names.column.explanation)?.col ??
      scoreCol + SCORE_COLS.explanation - SCORE_COLS.score,
  };
  return {
    inputs,
    missingInputs,
    columns,
    reportedTotal: cells.get(names.reportedTotal),
    adopted: cells.has(names.adopted),
    meta,
    metrics,
    scores,
    total: cells.get(names.total),
    grade: cells.get(names.grade),
    selfTotal: cells.get(names.selfTotal),
    subtotals,
  };
}
