/**
 * A workbook as plain data: what a host reads (Office.js in Excel, ExcelJS on a file) and the workbook logic
 * works on. No spreadsheet API here.
 */
export type CellValue = string | number | boolean | null | { error: string };

export interface SheetSnapshot {
  name: string;
  hidden?: boolean;
  /** Cell values from A1 to the last used cell, row by row (formula cells: their last computed value). */
  values: CellValue[][];
  /** The formula of each cell ("=…"), or null where the cell holds a plain value. Same shape as `values`. */
  formulas: (string | null)[][];
  /** Merged areas, e.g. "A5:A12". */
  merges: string[];
}

export interface DefinedName {
  name: string;
  /** What it refers to, e.g. "'基础数据'!$C$7" (no leading =). */
  ref: string;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  names: DefinedName[];
}

/** The values and formulas grids of a sheet from its cells (0-based), from A1 to the last cell found. */
export function sheetGrids(
  found: readonly { row: number; col: number; value: CellValue; formula: string | null }[]
): Pick<SheetSnapshot, "values" | "formulas"> {
  let rows = 0;
  let cols = 0;
  for (const c of found) {
    rows = Math.max(rows, c.row + 1);
    cols = Math.max(cols, c.col + 1);
  }
  const values: CellValue[][] = Array.from({ length: rows }, () =>
    new Array<CellValue>(cols).fill(null)
  );
  const formulas: (string | null)[][] = Array.from({ length: rows }, () =>
    new Array<string | null>(cols).fill(null)
  );
  for (const c of found) {
    values[c.row][c.col] = c.value;
    formulas[c.row][c.col] = c.formula;
  }
  return { values, formulas };
}

/* ---------- cell addresses ---------- */

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A merged area, 0-based and inclusive. */
export interface MergedArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A merge as a snapshot lists it ("A1:C2") to its area; undefined for anything else. */
export function mergedArea(range: string): MergedArea | undefined {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!m) return undefined;
  return {
    top: Number(m[2]) - 1,
    left: columnIndex(m[1]),
    bottom: Number(m[4]) - 1,
    right: columnIndex(m[3]),
  };
}

/** Row and column (0-based) to "C7". */
export function address(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/** "C7" or "$C$7" to 0-based row and column. */
export function parseAddress(a: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a.trim());
  if (!m) throw new Error(`not a cell address: ${a}`);
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]) };
}

/** A sheet name as it stands in a reference: quoted, with quotes doubled. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** "基础数据!C7", the way messages and the report name a cell. */
export function cellLabel(sheet: string, a: string): string {
  return `${sheet}!${a}`;
}

/** A relative reference to another sheet's cell, as a formula writes it: 'sheet'!C7. */
export function sheetRef(sheet: string, row: number, col: number): string {
  return `${quoteSheet(sheet)}!${address(row, col)}`;
}

/** An absolute reference for a defined name: 'sheet'!$C$7. */
export function absoluteRef(sheet: string, row: number, col: number): string {
  return `${quoteSheet(sheet)}!$${columnLetter(col)}$${row + 1}`;
}

/** Parses "'基础数据'!$C$7" or "基础数据!C7" into a sheet name and a 0-based cell. */
export function parseRef(ref: string): { sheet: string; row: number; col: number } | undefined {
  const m = /^=?(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Za-z]{1,3}\$?\d+)$/.exec(ref.trim());
  if (!m) return undefined;
  return { sheet: (m[1] ?? m[2]).replace(/''/g, "'"), ...parseAddress(m[3]) };
}

export function getSheet(snapshot: WorkbookSnapshot, name: string): SheetSnapshot | undefined {
  return snapshot.sheets.find((s) => s.name === name);
}

export function cellValue(sheet: SheetSnapshot, row: number, col: number): CellValue {
  return sheet.values[row]?.[col] ?? null;
}

export function cellFormula(sheet: SheetSnapshot, row: number, col: number): string | null {
  return sheet.formulas[row]?.[col] ?? null;
}
