/**
 * Adopting a department's own score sheet: the input sheet 基础数据 is added (under a free name), and three
 * columns beside the department's own — 计算得分, 差异, 计算说明 — carry our live scores. Not one of the
 * department's cells is written: its own scores stay, and the user decides whether to adopt ours.
 */
import type { Framework, Lang } from "../domain/types";
import { DEFAULT_SHEETS, names } from "./layout";
import type { RecognizedSheet } from "./recognize";
import { referToDepartment } from "./reader/referInputs";
import { absoluteRef, type WorkbookSnapshot } from "./snapshot";
import { templatePlan } from "./template";
import type { SheetPlan, WritePlan } from "./writePlan";

export const ADOPTED_HEADERS = {
  score: "计算得分",
  difference: "差异",
  explanation: "计算说明",
} as const;

/** `base`, or `base (2)`, `base (3)` … — the first name no sheet has. */
export function freeSheetName(snapshot: WorkbookSnapshot, base: string): string {
  const taken = new Set(snapshot.sheets.map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

export function adoptPlan(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  recognized: RecognizedSheet,
  lang: Lang = "zh"
): WritePlan {
  const inputSheetName = freeSheetName(snapshot, DEFAULT_SHEETS.input);
  const template = templatePlan(framework, {}, { ...DEFAULT_SHEETS, input: inputSheetName }, lang);
  const inputSheet = template.sheets.find((s) => s.name === inputSheetName) as SheetPlan;
  const inputNames = template.names.filter((n) =>
    n.ref.startsWith(`'${inputSheetName.replace(/'/g, "''")}'!`)
  );

  const sheet = recognized.sheet;
  const scoreCol = recognized.lastCol + 1;
  const differenceCol = scoreCol + 1;
  const explanationCol = scoreCol + 2;
  const h = recognized.headerRow;
  const columns: SheetPlan = {
    name: sheet,
    cells: [
      { row: h, col: scoreCol, value: ADOPTED_HEADERS.score, style: "header" },
      { row: h, col: differenceCol, value: ADOPTED_HEADERS.difference, style: "header" },
      { row: h, col: explanationCol, value: ADOPTED_HEADERS.explanation, style: "header" },
    ],
  };
  const widths: number[] = [];
  widths[scoreCol] = 10;
  widths[differenceCol] = 8;
  widths[explanationCol] = 50;
  columns.columnWidths = widths;
  const list = [...inputNames];
  list.push({ name: names.adopted, ref: absoluteRef(sheet, h, scoreCol) });
  list.push({ name: names.column.self, ref: absoluteRef(sheet, h, recognized.scoreCol) });
  list.push({ name: names.column.difference, ref: absoluteRef(sheet, h, differenceCol) });
  list.push({ name: names.column.explanation, ref: absoluteRef(sheet, h, explanationCol) });
  for (const row of recognized.rows) {
    list.push({ name: names.score(row.indicatorId), ref: absoluteRef(sheet, row.row, scoreCol) });
  }
  const lastRow = Math.max(...recognized.rows.map((r) => r.row));
  // A total the sheet lacks goes a row below the table, but never into the row of the sheet's own grade (its
  // label found, its 合计 row's not: the total's name and the grade formula would be one cell, a circular reference).
  const totalRow =
    recognized.totalRow ?? (recognized.gradeRow === lastRow + 2 ? lastRow + 1 : lastRow + 2);
  const gradeRow = recognized.gradeRow ?? totalRow + 1;
  // Labels of a total or grade the sheet lacks go in our explanation column: every cell we write is in our columns.
  if (recognized.totalRow === undefined)
    columns.cells.push({
      row: totalRow,
      col: explanationCol,
      value: "← 综合评分（计算）",
      style: "total",
    });
  if (recognized.gradeRow === undefined)
    columns.cells.push({
      row: gradeRow,
      col: explanationCol,
      value: "← 评分等级（计算）",
      style: "total",
    });
  // An indicator the sheet has no row for still gets its score, in our columns below everything on the sheet
  // (so no department cell is read as its self score): the total sums every indicator.
  const height = snapshot.sheets.find((s) => s.name === sheet)?.values.length ?? 0;
  recognized.missing.forEach((id, i) => {
    const row = Math.max(height, totalRow + 1, gradeRow + 1) + 1 + i;
    const indicator = framework.indicators.find((x) => x.id === id)!;
    list.push({ name: names.score(id), ref: absoluteRef(sheet, row, scoreCol) });
    columns.cells.push({
      row,
      col: explanationCol + 1,
      value: `← ${indicator.name.zh}（原表中没有这一行）`,
      style: "label",
    });
  });
  list.push({ name: names.total, ref: absoluteRef(sheet, totalRow, scoreCol) });
  list.push({ name: names.grade, ref: absoluteRef(sheet, gradeRow, scoreCol) });
  if (recognized.totalRow !== undefined)
    list.push({
      name: names.reportedTotal,
      ref: absoluteRef(sheet, recognized.totalRow, recognized.scoreCol),
    });
  const plan = { sheets: [inputSheet, columns], names: list };
  // Figures, reasons and deductions the department's sheet already holds: 基础数据 refers to them.
  referToDepartment(plan, snapshot, recognized.reading);
  return plan;
}

/** Two plans as one: the second's writes after the first's, sheet by sheet; lists concatenated, settings overridden. */
export function mergePlans(first: WritePlan, second: WritePlan): WritePlan {
  const sheets = first.sheets.map((s) => ({ ...s, cells: [...s.cells] }));
  for (const s of second.sheets) {
    const existing = sheets.find((x) => x.name === s.name);
    if (!existing) {
      sheets.push(s);
      continue;
    }
    const both = <T>(a?: T[], b?: T[]) => (a || b ? [...(a ?? []), ...(b ?? [])] : undefined);
    Object.assign(existing, {
      ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)),
      create: existing.create || s.create,
      cells: [...existing.cells, ...s.cells],
      merges: both(existing.merges, s.merges),
      validations: both(existing.validations, s.validations),
      conditionalFormats: both(existing.conditionalFormats, s.conditionalFormats),
      rowHeights: both(existing.rowHeights, s.rowHeights),
      hiddenColumns: both(existing.hiddenColumns, s.hiddenColumns),
      columnWidths: s.columnWidths
        ? Object.assign([...(existing.columnWidths ?? [])], s.columnWidths)
        : existing.columnWidths,
    });
  }
  const names = [
    ...first.names.filter((n) => !second.names.some((m) => m.name === n.name)),
    ...second.names,
  ];
  return { sheets, names };
}
