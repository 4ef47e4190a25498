/**
 * What a department's tables mean under a framework: which rows are its indicators (by the names and `aliases`
 * the framework declares), which block is the 绩效指标 table, which figures are its inputs, where the self
 * scores, the self total, the grade and the deduction reasons stand. A row that matches nothing or two things is
 * reported with its cell and the nearest name, never guessed. Pure: the tables come from readTables.
 */
import {
  foldName,
  matchName,
  nameIndex,
  type NameIndex,
  type NamedElement,
} from "../../domain/names";
import { numberOf } from "../../domain/parse/number";
import { isBlank } from "../../domain/parse/readInput";
import type { Framework, RecognizedReport, UnmatchedRow } from "../../domain/types";
import type { CellRef } from "../bindTemplate";
import { address, cellLabel, type CellValue } from "../snapshot";
import {
  cellText,
  columnOf,
  nameAt,
  type LabelledCell,
  type ReadRow,
  type ReadTable,
} from "./readTables";
import { NAME_ROLES, isWholeLabel, type ColumnRole, type NameRole } from "./vocabulary";

export interface MatchedRow {
  indicatorId: string;
  row: number;
  /** The cell of the name that matched. */
  nameCol: number;
  selfScore: CellValue;
  /** The row's own 分值 at the matched level, when the sheet gives one. */
  maxCol?: number;
}

export interface ScoreSheetReading {
  table: ReadTable;
  rows: MatchedRow[];
  nameCol: number;
  /** The department's own scores. */
  scoreCol: number;
  /** Framework indicators no row names. */
  missing: string[];
}

/** The 绩效指标 table's columns (-1 where it has none). */
export interface IndicatorTableColumns {
  level1: number;
  level2: number;
  name: number;
  target: number;
  operator: number;
  unit: number;
  actual: number;
  weight: number;
  selfScore: number;
  reason: number;
  tier: number;
}

export interface IndicatorTableReading {
  table: ReadTable;
  cols: IndicatorTableColumns;
  rows: number[];
}

export interface Reading {
  tables: ReadTable[];
  scoreSheet?: ScoreSheetReading;
  indicatorTable?: IndicatorTableReading;
  /** Inputs whose figures stand in the department's cells (a 全年预算数 / 全年执行数 block). */
  inputs: Map<string, CellRef>;
  /** Self scores outside a score sheet (a budget block's 得分). */
  selfScores: Map<string, CellRef>;
  /** Free texts (a deduction's reason) in the department's cells. */
  texts: Map<string, CellRef>;
  /** Deductions as the sheet implies them: 分值 − 自评得分, by the deduction input. */
  deductions: Map<string, { max: CellRef | number; self: CellRef }>;
  selfTotal?: CellRef;
  grade?: CellRef;
  unmatched: UnmatchedRow[];
}

const ref = (table: ReadTable, row: number, col: number): CellRef => ({
  sheet: table.sheet,
  row,
  col,
});

/** A number as a score or 分值 is typed: 5, "0.5", "5分", full width. */
const numeric = (v: CellValue | undefined): boolean => numberOf(v) !== undefined;

/** The framework's 一级 / 二级 names: a row naming one of them alone is a group (subtotal) row, not an indicator. */
function groupNames(framework: Framework): Set<string> {
  return new Set(
    framework.indicators.flatMap((i) => [foldName(i.level1.zh), foldName(i.level2.zh)])
  );
}

function labelOf(table: ReadTable, row: number, col: number): string {
  return cellLabel(table.sheet, address(row, col));
}

/** The score sheet's rows matched to indicators, and the rows that matched none. */
function matchScoreRows(
  table: ReadTable,
  framework: Framework,
  index: NameIndex
): { reading?: ScoreSheetReading; unmatched: UnmatchedRow[] } {
  const score = columnOf(table, "selfScore");
  if (!score || columnOf(table, "target")) return { unmatched: [] };
  const groups = groupNames(framework);
  const rows: MatchedRow[] = [];
  const unmatched: UnmatchedRow[] = [];
  const nameCols = new Map<number, number>();
  for (const row of table.rows) {
    const own = NAME_ROLES.map((role) => ({ role, name: nameAt(table, row, role) })).filter(
      (x) => x.name?.own
    );
    const first = own[0];
    if (!first?.name) continue;
    const scored = numeric(row.cells.get(score.col)) || maxOf(table, row, first.role) !== undefined;
    const match = matchName(index, first.name.text, ["indicator"]);
    if (match.kind === "match") {
      const id = match.element.id;
      const earlier = rows.find((r) => r.indicatorId === id);
      if (earlier) {
        unmatched.push({
          cell: labelOf(table, row.row, first.name.col),
          text: first.name.text,
          duplicateOf: labelOf(table, earlier.row, earlier.nameCol),
        });
        continue;
      }
      const maxCol = columnOf(table, "max", first.role)?.col ?? soleMax(table);
      rows.push({
        indicatorId: id,
        row: row.row,
        nameCol: first.name.col,
        selfScore: row.cells.get(score.col) ?? null,
        ...(maxCol !== undefined ? { maxCol } : {}),
      });
      nameCols.set(first.name.col, (nameCols.get(first.name.col) ?? 0) + 1);
      continue;
    }
    if (groups.has(foldName(first.name.text)) || !scored) continue;
    unmatched.push({
      cell: labelOf(table, row.row, first.name.col),
      text: first.name.text,
      ...(match.kind === "ambiguous" ? { ambiguous: match.elements.map((e) => e.name) } : {}),
      ...(match.kind === "none" && match.nearest ? { nearest: match.nearest.name } : {}),
    });
  }
  if (!rows.length) return { unmatched: [] };
  const nameCol = [...nameCols.entries()].sort((a, b) => b[1] - a[1])[0][0];
  return {
    reading: {
      table,
      rows,
      nameCol,
      scoreCol: score.col,
      missing: framework.indicators
        .map((i) => i.id)
        .filter((id) => !rows.some((r) => r.indicatorId === id)),
    },
    unmatched,
  };
}

/** The one 分值 column of a table with a single one (深圳: only the 三级 分值). */
function soleMax(table: ReadTable): number | undefined {
  const maxes = table.columns.filter((c) => c.role === "max");
  return maxes.length === 1 ? maxes[0].col : undefined;
}

function maxOf(table: ReadTable, row: ReadRow, role: NameRole): CellValue | undefined {
  const col = columnOf(table, "max", role)?.col ?? soleMax(table);
  const v = col === undefined ? undefined : row.cells.get(col);
  return numeric(v) ? v : undefined;
}

const colOr = (table: ReadTable, role: ColumnRole): number => columnOf(table, role)?.col ?? -1;

function indicatorTableOf(table: ReadTable): IndicatorTableReading | undefined {
  const target = colOr(table, "target");
  const name = columnOf(table, "level3")?.col ?? colOr(table, "name");
  if (target < 0 || name < 0) return undefined;
  const cols: IndicatorTableColumns = {
    level1: colOr(table, "level1"),
    level2: colOr(table, "level2"),
    name,
    target,
    operator: colOr(table, "operator"),
    unit: colOr(table, "unit"),
    actual: colOr(table, "actual"),
    weight: colOr(table, "max"),
    selfScore: colOr(table, "selfScore"),
    reason: colOr(table, "reason"),
    tier: colOr(table, "tier"),
  };
  const rows = table.rows
    .filter((r) =>
      [cols.name, cols.target, cols.actual].some((c) => c >= 0 && !isBlank(r.cells.get(c) ?? null))
    )
    .map((r) => r.row);
  return rows.length ? { table, cols, rows } : undefined;
}

/** A figures block (全年预算数 / 全年执行数 / 执行率 / 分值 / 得分): its headers name inputs and an indicator. */
function readFigures(table: ReadTable, index: NameIndex, reading: Reading): void {
  const figures = table.columns.filter((c) => c.role === "figure");
  if (!figures.length) return;
  const numbered = table.rows.filter((r) => figures.some((f) => numeric(r.cells.get(f.col))));
  const whole =
    numbered.find((r) => [...r.cells.values()].some((v) => isWholeLabel(v))) ?? numbered[0];
  if (!whole) return;
  let indicator: NamedElement | undefined;
  for (const f of figures) {
    const words = f.header.split(" / ");
    const match = matchName(index, words[words.length - 1], ["input", "indicator"]);
    if (match.kind !== "match") continue;
    if (match.element.kind === "input" && !reading.inputs.has(match.element.id))
      reading.inputs.set(match.element.id, ref(table, whole.row, f.col));
    if (match.element.kind === "indicator") indicator = match.element;
  }
  const score = columnOf(table, "selfScore");
  if (indicator && score && !reading.selfScores.has(indicator.id))
    reading.selfScores.set(indicator.id, ref(table, whole.row, score.col));
}

/** The deduction inputs and reason texts of a framework's `deducted` indicators, by indicator. */
function deductedParts(framework: Framework): Map<string, { deduction: string; reason?: string }> {
  const parts = new Map<string, { deduction: string; reason?: string }>();
  for (const i of framework.indicators)
    if (i.rule.kind === "deducted")
      parts.set(i.id, {
        deduction: i.rule.deduction,
        ...(i.rule.reason ? { reason: i.rule.reason } : {}),
      });
  return parts;
}

/** Reads what the tables mean under a framework. */
export function bindReading(tables: ReadTable[], framework: Framework): Reading {
  const index = nameIndex(framework);
  const reading: Reading = {
    tables,
    inputs: new Map(),
    selfScores: new Map(),
    texts: new Map(),
    deductions: new Map(),
    unmatched: [],
  };
  let best: { reading: ScoreSheetReading; unmatched: UnmatchedRow[] } | undefined;
  for (const table of tables) {
    const matched = matchScoreRows(table, framework, index);
    if (matched.reading && (!best || matched.reading.rows.length > best.reading.rows.length))
      best = { reading: matched.reading, unmatched: matched.unmatched };
    if (!reading.indicatorTable && framework.indicatorTable?.length) {
      const found = indicatorTableOf(table);
      if (found) reading.indicatorTable = found;
    }
    readFigures(table, index, reading);
  }
  if (best) {
    reading.scoreSheet = best.reading;
    reading.unmatched.push(...best.unmatched);
    const { table } = best.reading;
    if (table.total) reading.selfTotal = ref(table, table.total.row, table.total.col);
    if (table.grade) reading.grade = ref(table, table.grade.row, table.grade.col);
    const reasonCol = columnOf(table, "deductionReason")?.col;
    const deductionCol = columnOf(table, "deduction")?.col;
    const parts = deductedParts(framework);
    for (const row of best.reading.rows) {
      const part = parts.get(row.indicatorId);
      if (!part) continue;
      if (part.reason && reasonCol !== undefined)
        reading.texts.set(part.reason, ref(table, row.row, reasonCol));
      const self = ref(table, row.row, best.reading.scoreCol);
      if (deductionCol !== undefined)
        reading.inputs.set(part.deduction, ref(table, row.row, deductionCol));
      else if (!isBlank(row.selfScore))
        reading.deductions.set(part.deduction, {
          max:
            row.maxCol !== undefined
              ? ref(table, row.row, row.maxCol)
              : framework.indicators.find((i) => i.id === row.indicatorId)!.max,
          self,
        });
    }
  } else if (reading.indicatorTable?.table.total) {
    const { total } = reading.indicatorTable.table;
    reading.selfTotal = ref(reading.indicatorTable.table, total.row, total.col);
  }
  return reading;
}

export function recognizedReport(
  reading: Reading,
  framework: Framework
): RecognizedReport | undefined {
  const main = reading.scoreSheet?.table ?? reading.indicatorTable?.table;
  if (!main) return undefined;
  const name = (id: string) => framework.indicators.find((i) => i.id === id)?.name.zh ?? id;
  const label = (r: CellRef) => cellLabel(r.sheet, address(r.row, r.col));
  const colLetter = (col: number) => address(0, col).replace(/\d+$/, "");
  return {
    sheet: main.sheet,
    headerRows: main.headerRows.map((r) => r + 1),
    columns: main.columns.map((c) => ({
      column: colLetter(c.col),
      role: c.role,
      header: c.header,
    })),
    rows: (reading.scoreSheet?.rows ?? []).map((r) => ({
      cell: cellLabel(main.sheet, address(r.row, r.nameCol)),
      matched: `${r.indicatorId}（${name(r.indicatorId)}）`,
      ...(isBlank(r.selfScore) || typeof r.selfScore === "object"
        ? {}
        : { selfScore: r.selfScore }),
    })),
    ...(reading.indicatorTable
      ? {
          indicatorTable: {
            sheet: reading.indicatorTable.table.sheet,
            headerRows: reading.indicatorTable.table.headerRows.map((r) => r + 1),
            rows: reading.indicatorTable.rows.length,
          },
        }
      : {}),
    inputs: [...reading.inputs.entries()].map(([input, r]) => ({ input, cell: label(r) })),
    ...(reading.selfTotal ? { selfTotal: label(reading.selfTotal) } : {}),
    unmatched: reading.unmatched,
  };
}

export { cellText };
export type { LabelledCell };
