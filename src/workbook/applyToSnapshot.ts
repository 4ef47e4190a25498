/**
 * Applies a WritePlan to a snapshot, in memory: values, formulas (with their computed results), merges, names,
 * added and deleted sheets. Formats and highlights are not part of a snapshot. Used by tests and by the
 * command line to chain steps (template, then recompute) without a file in between.
 */
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from "./snapshot";
import type { WritePlan } from "./writePlan";

function setCell(
  sheet: SheetSnapshot,
  row: number,
  col: number,
  value: CellValue,
  formula: string | null
): void {
  while (sheet.values.length <= row) sheet.values.push([]);
  while (sheet.formulas.length <= row) sheet.formulas.push([]);
  const values = sheet.values[row];
  const formulas = sheet.formulas[row];
  while (values.length <= col) values.push(null);
  while (formulas.length <= col) formulas.push(null);
  values[col] = value;
  formulas[col] = formula;
}

/** A rectangular copy: every row as long as the longest, so the snapshot reads like a used range. */
function squared(sheet: SheetSnapshot): SheetSnapshot {
  const width = Math.max(0, ...sheet.values.map((r) => r.length));
  const pad = <T>(rows: T[][], fill: T) =>
    rows.map((r) => [...r, ...Array(width - r.length).fill(fill)]);
  return { ...sheet, values: pad(sheet.values, null), formulas: pad(sheet.formulas, null) };
}

export function applyToSnapshot(snapshot: WorkbookSnapshot, plan: WritePlan): WorkbookSnapshot {
  const deleted = new Set(plan.deleteSheets ?? []);
  const sheets: SheetSnapshot[] = snapshot.sheets
    .filter((s) => !deleted.has(s.name))
    .map((s) => ({
      ...s,
      values: s.values.map((r) => [...r]),
      formulas: s.formulas.map((r) => [...r]),
      merges: [...s.merges],
    }));
  for (const sheetPlan of plan.sheets) {
    let sheet = sheets.find((s) => s.name === sheetPlan.name);
    if (sheetPlan.create && sheet) throw new Error(`工作表“${sheetPlan.name}”已存在`);
    if (!sheet) {
      if (!sheetPlan.create) throw new Error(`找不到工作表“${sheetPlan.name}”`);
      sheet = { name: sheetPlan.name, values: [], formulas: [], merges: [] };
      sheets.push(sheet);
    }
    if (sheetPlan.hidden) sheet.hidden = true;
    if (sheetPlan.clear) {
      sheet.values = [];
      sheet.formulas = [];
    }
    for (const w of sheetPlan.cells) {
      if (w.formula !== undefined) setCell(sheet, w.row, w.col, w.result ?? null, w.formula);
      else if (w.error !== undefined) setCell(sheet, w.row, w.col, { error: w.error }, null);
      else if (w.value !== undefined) setCell(sheet, w.row, w.col, w.value, null);
    }
    for (const m of sheetPlan.merges ?? []) if (!sheet.merges.includes(m)) sheet.merges.push(m);
  }
  const removed = new Set([...(plan.removeNames ?? []), ...plan.names.map((n) => n.name)]);
  const names = [...snapshot.names.filter((n) => !removed.has(n.name)), ...plan.names].filter(
    (n) => !(plan.removeNames ?? []).includes(n.name)
  );
  return { sheets: sheets.map(squared), names };
}

export const EMPTY_WORKBOOK: WorkbookSnapshot = { sheets: [], names: [] };
