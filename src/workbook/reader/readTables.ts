/**
 * One reader for every table a department's workbook holds: a header of one to three rows (merged group cells
 * such as 评价指标 over 一级 / 二级 / 三级, 一级指标 over 名称 / 参考分值), any column order, title and note rows
 * around it, a 合计 / 总分 row and a 评价等级 cell below. It knows column roles (vocabulary.ts), not frameworks:
 * what the rows mean is bound later (bindReading.ts).
 */
import { numberOf } from "../../domain/parse/number";
import { isBlank } from "../../domain/parse/readInput";
import {
  cellValue,
  mergedArea,
  type MergedArea,
  type CellValue,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from "../snapshot";
import {
  NAME_ROLES,
  isGradeLabel,
  isNameRole,
  isTotalLabel,
  roleOf,
  type ColumnRole,
  type NameRole,
} from "./vocabulary";

export interface ReadColumn {
  col: number;
  role: ColumnRole;
  /** The header's words, top to bottom (`评价指标 / 一级指标 / 参考分值`). */
  header: string;
  /** A 分值 / 得分 column's level, when its header or its place says (`一级指标 / 参考分值`, or right of 二级指标). */
  level?: NameRole;
}

export interface ReadRow {
  row: number;
  /** The row's filled cells, by column index (columns without a role too: a figures block's row label). */
  cells: Map<number, CellValue>;
  /** 一级 / 二级 names carried down from the row above where this row's cell is blank (merged cells). */
  carried: Partial<Record<"level1" | "level2", string>>;
}

export interface LabelledCell {
  row: number;
  /** The column of the value. */
  col: number;
  value: CellValue;
}

export interface ReadTable {
  sheet: string;
  /** 0-based header rows, top to bottom. */
  headerRows: number[];
  columns: ReadColumn[];
  rows: ReadRow[];
  total?: LabelledCell;
  grade?: LabelledCell;
  /** Rows of text alone between the header and the total (注：…), left out of `rows`. */
  notes: number[];
}

const MAX_HEADER_ROWS = 3;
const SCAN_ROWS = 400;
const STARTING_ROLES: ColumnRole[] = [...NAME_ROLES, "target", "figure"];

const text = (v: CellValue): string =>
  v === null ? "" : typeof v === "object" ? v.error : String(v).trim();

function rowCells(sheet: SheetSnapshot, row: number): CellValue[] {
  return sheet.values[row] ?? [];
}

/** Roles a row's cells name, by column. */
function rolesIn(cells: CellValue[]): Map<number, ColumnRole> {
  const roles = new Map<number, ColumnRole>();
  cells.forEach((v, c) => {
    const role = typeof v === "string" ? roleOf(v) : undefined;
    if (role) roles.set(c, role);
  });
  return roles;
}

/** A header's first row: two roles or more, one of them a name, a target or a figure. */
function startsHeader(cells: CellValue[]): boolean {
  const roles = new Set(rolesIn(cells).values());
  return roles.size >= 2 && [...roles].some((r) => STARTING_ROLES.includes(r));
}

/** A row that continues a header: only header words (名称, 参考分值, 一级指标 …), at least one. */
function continuesHeader(cells: CellValue[]): boolean {
  const filled = cells.filter((v) => !isBlank(v));
  return filled.length > 0 && filled.every((v) => typeof v === "string" && roleOf(v) !== undefined);
}

/** Each sheet's merges as areas, read once (a header's blank cells each look for theirs). */
const areasOf = new WeakMap<SheetSnapshot, MergedArea[]>();

/** The merged area anchored elsewhere that covers a cell, as its anchor's value. */
function mergedValue(sheet: SheetSnapshot, row: number, col: number): CellValue | undefined {
  let areas = areasOf.get(sheet);
  if (!areas) {
    areas = sheet.merges.flatMap((range) => mergedArea(range) ?? []);
    areasOf.set(sheet, areas);
  }
  for (const a of areas)
    if (
      row >= a.top &&
      row <= a.bottom &&
      col >= a.left &&
      col <= a.right &&
      (row !== a.top || col !== a.left)
    )
      return cellValue(sheet, a.top, a.left);
  return undefined;
}

/**
 * The words over each column: a blank header cell takes its merged area's value, or — where the host gives no
 * merges (Office.js reads none) — the nearest label to its left when the column has a sub-header below (a group
 * label spans its sub-headers).
 */
function headerStack(sheet: SheetSnapshot, rows: number[], col: number): string[] {
  const stack: string[] = [];
  rows.forEach((r, i) => {
    let v = cellValue(sheet, r, col);
    if (isBlank(v)) v = mergedValue(sheet, r, col) ?? null;
    const below = rows.slice(i + 1).some((rr) => !isBlank(cellValue(sheet, rr, col)));
    if (isBlank(v) && below && sheet.merges.length === 0) {
      for (let c = col - 1; c >= 0; c--) {
        const left = cellValue(sheet, r, c);
        if (!isBlank(left)) {
          v = left;
          break;
        }
      }
    }
    if (!isBlank(v) && stack[stack.length - 1] !== text(v)) stack.push(text(v));
  });
  return stack;
}

/** Each column's role from its header words: the lowest word with a role; 名称 under 一级指标 is the 一级 name. */
function readColumns(sheet: SheetSnapshot, rows: number[]): ReadColumn[] {
  const width = Math.max(...rows.map((r) => rowCells(sheet, r).length));
  const columns: ReadColumn[] = [];
  for (let col = 0; col < width; col++) {
    const stack = headerStack(sheet, rows, col);
    const roles = stack.map((w) => roleOf(w));
    const lowest = [...roles].reverse().find((r) => r !== undefined);
    if (!lowest) continue;
    // The most specific level named over the column (一级指标 over 名称 / 参考分值).
    const levels = roles.filter(isNameRole).filter((r) => r !== "name");
    const level = levels[levels.length - 1];
    const role: ColumnRole = lowest === "name" && level ? level : lowest;
    columns.push({
      col,
      role,
      header: stack.join(" / "),
      ...(role === "max" || role === "selfScore" ? (level ? { level } : {}) : {}),
    });
  }
  // 分值 right of a name column belongs to that level (广州: 一级指标 | 分值 | 二级指标 | 分值).
  for (const c of columns) {
    if (c.role !== "max" || c.level) continue;
    const left = [...columns].reverse().find((x) => x.col < c.col && isNameRole(x.role));
    const names = columns.filter((x) => isNameRole(x.role)).length;
    const maxes = columns.filter((x) => x.role === "max").length;
    if (left && isNameRole(left.role) && maxes > 1 && names > 1) c.level = left.role;
  }
  return columns;
}

const NOTE = /^(注|备注|说明|附注|填表|联系|审核|负责人|单位负责人|制表|填报)|[：:]/;

/** The value right of a label in the same row (a 合计 in A, its number further right). */
export function valueRight(cells: CellValue[], from: number): LabelledCell["col"] | undefined {
  for (let c = from + 1; c < cells.length; c++) if (!isBlank(cells[c])) return c;
  return undefined;
}

/** Reads the table whose header starts at `start`; returns it and the first row after it. */
function readTable(sheet: SheetSnapshot, start: number): { table: ReadTable; next: number } {
  const headerRows = [start];
  while (
    headerRows.length < MAX_HEADER_ROWS &&
    continuesHeader(rowCells(sheet, start + headerRows.length)) &&
    !startsHeaderAlone(sheet, start + headerRows.length)
  )
    headerRows.push(start + headerRows.length);
  const columns = readColumns(sheet, headerRows);
  const table: ReadTable = { sheet: sheet.name, headerRows, columns, rows: [], notes: [] };
  const height = Math.min(sheet.values.length, start + SCAN_ROWS);
  const roleCols = new Set(columns.map((c) => c.col));
  const scoreCol = columns.find((c) => c.role === "selfScore" && !c.level)?.col;
  const level1 = columns.find((c) => c.role === "level1");
  const level2 = columns.find((c) => c.role === "level2");
  let current: ReadRow["carried"] = {};
  let blanks = 0;
  let r = headerRows[headerRows.length - 1] + 1;
  for (; r < height; r++) {
    const cells = rowCells(sheet, r);
    const filled = cells.flatMap((v, c) => (isBlank(v) ? [] : [c]));
    if (filled.length === 0) {
      if (++blanks >= 2) break;
      continue;
    }
    blanks = 0;
    if (r > start && startsHeader(cells)) break;
    // A row of header words (年度总体目标 | 预期目标 | 实际完成情况) starts another part of the form.
    if (
      filled.some((c) => {
        const role = typeof cells[c] === "string" ? roleOf(cells[c]) : undefined;
        return role !== undefined && !isNameRole(role);
      })
    )
      break;
    const labelCol = filled.find((c) => isTotalLabel(cells[c]) || isGradeLabel(cells[c]));
    if (labelCol !== undefined) {
      const isTotal = isTotalLabel(cells[labelCol]);
      const at =
        scoreCol !== undefined && !isBlank(cells[scoreCol])
          ? scoreCol
          : valueRight(cells, labelCol);
      const found = at === undefined ? undefined : { row: r, col: at, value: cells[at] };
      if (isTotal && !table.total && found) table.total = found;
      else if (!isTotal && !table.grade && found) table.grade = found;
      if (table.total && table.grade) {
        r++;
        break;
      }
      continue;
    }
    if (table.total) {
      // After the total only the grade may follow; anything else ends the table.
      break;
    }
    const inTable = filled.filter((c) => roleCols.has(c));
    if (
      inTable.length === 0 ||
      (filled.length === 1 &&
        NOTE.test(text(cells[filled[0]])) &&
        numberOf(cells[filled[0]]) === undefined)
    ) {
      table.notes.push(r);
      continue;
    }
    const values = new Map<number, CellValue>();
    for (const c of filled) values.set(c, cells[c]);
    const own1 = level1 ? (values.get(level1.col) ?? null) : null;
    const own2 = level2 ? (values.get(level2.col) ?? null) : null;
    if (!isBlank(own1)) current = { level1: text(own1) };
    if (!isBlank(own2)) current = { ...current, level2: text(own2) };
    const carried: ReadRow["carried"] = {};
    if (isBlank(own1) && current.level1) carried.level1 = current.level1;
    if (isBlank(own2) && current.level2) carried.level2 = current.level2;
    const row: ReadRow = { row: r, cells: values, carried };
    table.rows.push(row);
  }
  return { table, next: r };
}

/** A row that starts a header of its own even though it could continue one (a second table's header). */
function startsHeaderAlone(sheet: SheetSnapshot, row: number): boolean {
  const roles = new Set(rolesIn(rowCells(sheet, row)).values());
  return roles.has("target") || roles.has("figure");
}

/** Every table on every visible sheet (our own hidden sheets and the ones named in `skip` excepted). */
export function readTables(snapshot: WorkbookSnapshot, skip: Set<string> = new Set()): ReadTable[] {
  const tables: ReadTable[] = [];
  for (const sheet of snapshot.sheets) {
    if (sheet.hidden || skip.has(sheet.name)) continue;
    const height = sheet.values.length;
    for (let r = 0; r < height; r++) {
      if (!startsHeader(rowCells(sheet, r))) continue;
      const { table, next } = readTable(sheet, r);
      if (table.rows.length || table.total) tables.push(table);
      r = Math.max(r, next - 1);
    }
  }
  return tables;
}

/** The table's column of a role (the first; for 分值 / 得分 the one of `level`, else the one without a level). */
export function columnOf(
  table: ReadTable,
  role: ColumnRole,
  level?: ReadColumn["level"]
): ReadColumn | undefined {
  const all = table.columns.filter((c) => c.role === role);
  return (
    all.find((c) => c.level === level) ??
    (level ? undefined : all.find((c) => !c.level)) ??
    (level ? undefined : all[all.length - 1])
  );
}

/** A row's name at a level: its own cell, or the one carried down from a merged cell above. */
export function nameAt(
  table: ReadTable,
  row: ReadRow,
  role: ColumnRole
): { text: string; col: number; own: boolean } | undefined {
  const column = columnOf(table, role);
  if (!column) return undefined;
  const own = row.cells.get(column.col);
  if (!isBlank(own ?? null)) return { text: text(own!), col: column.col, own: true };
  const carried = role === "level1" || role === "level2" ? row.carried[role] : undefined;
  return carried ? { text: carried, col: column.col, own: false } : undefined;
}

export { text as cellText };
