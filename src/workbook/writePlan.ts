/**
 * A WritePlan: everything Recompute (or 插入标准模板, or 撤销) writes, as data. The workbook logic builds it;
 * a host (Office.js or ExcelJS) applies it. Hosts never decide what to write, only how.
 */
import type { CellValue, DefinedName } from "./snapshot";
import type { StyleName } from "./styles";

export type PlainValue = string | number | boolean | null;

export interface CellWrite {
  row: number; // 0-based
  col: number; // 0-based
  /** A plain value, or a formula ("=…"). */
  value?: PlainValue;
  /**
   * An error value (#N/A, #NULL! …) put back as the cell held it: 撤销 of a cell Recompute wrote over. Excel reads
   * the literal typed as the error itself; a file stores it as an error cell.
   */
  error?: string;
  formula?: string;
  /** The formula's value as the engine computed it, cached in files so readers that do not recalculate see it. */
  result?: PlainValue;
  numberFormat?: string;
  style?: StyleName;
  /** A cell note (comment). */
  note?: string;
}

export interface ListValidation {
  range: string; // "C7:C9"
  list: string[];
  /** Other values are allowed with a warning (checklist items also take partial scores). */
  allowOther?: boolean;
  prompt?: string;
}

/** A live highlight: the range is filled when the formula (relative to the range's top-left cell) is TRUE. */
export interface ConditionalFormat {
  range: string;
  formula: string; // without "=", already carrying OWN_RULE_MARKER
  severity: "red" | "amber" | "muted";
}

/**
 * Our conditional-format rules carry this no-op term, so a re-run removes exactly its own rules and leaves the
 * user's: `AND(<condition>,N("selfeval")=0)`.
 */
export const OWN_RULE_MARKER = 'N("selfeval")=0';

export interface SheetPlan {
  name: string;
  /** Create the sheet (it does not exist yet). */
  create?: boolean;
  /** Hidden from the user (the backup sheet). */
  hidden?: boolean;
  /** Remove every cell value first (the backup sheet is rewritten whole). */
  clear?: boolean;
  cells: CellWrite[];
  merges?: string[];
  /** Column widths in characters, from column A (a sparse array leaves the others as they are). */
  columnWidths?: number[];
  /** Row heights in points, for rows whose wrapped text needs more than one line. */
  rowHeights?: { row: number; height: number }[];
  /** Columns to hide (0-based), e.g. the validity column beside the inputs. */
  hiddenColumns?: number[];
  freeze?: { rows: number; cols: number };
  validations?: ListValidation[];
  /** Replace our own conditional formats on this sheet with these (the user's are kept). */
  conditionalFormats?: ConditionalFormat[];
  /**
   * How the sheet prints: A4, one page wide (as many tall as needed), PRINT_MARGINS, landscape or portrait, and
   * the rows repeated at the top of every page ("3:4"): they must name the columns of every row printed under them.
   */
  print?: { landscape: boolean; titleRows?: string };
  /** Sheet tab colour (hex RRGGBB). */
  tabColor?: string;
}

/** Page margins of every sheet we print, in inches as Excel's Page Setup shows them (Excel's 窄 preset, a little more at top and bottom). */
export const PRINT_MARGINS = {
  left: 0.5,
  right: 0.5,
  top: 0.75,
  bottom: 0.75,
  header: 0.3,
  footer: 0.3,
};

export interface WritePlan {
  sheets: SheetPlan[];
  /** Defined names to add or replace. */
  names: DefinedName[];
  /** Defined names to remove (restore). */
  removeNames?: string[];
  /** Sheets to delete (restore removes a sheet Recompute added). */
  deleteSheets?: string[];
}

/** Counts what a plan writes: for benchmarks and the task pane's summary. */
export function planSize(plan: WritePlan): { cells: number; sheets: number; names: number } {
  return {
    cells: plan.sheets.reduce((n, s) => n + s.cells.length, 0),
    sheets: plan.sheets.length,
    names: plan.names.length,
  };
}

export type { CellValue };
