/**
 * The pure half of the Office.js host (src/hosts/excel.ts): no Office.js here, so all of it is unit-tested
 * directly. A WritePlan is compiled into a list of `Op`s — plain data, each one a handful of Office.js calls on
 * one sheet or range — which excel.ts then queues. Here:
 *
 * - cell writes grouped into rectangular blocks (`rectangles`): contiguous rows in a column, then adjacent
 *   columns with the same row span merged, so a whole block is one `range.formulas` / `range.numberFormat`
 *   write and one set of format calls per style;
 * - text that Excel would re-interpret escaped (`cellContent`);
 * - the order of a batch (backup first, deletions last; on each sheet number formats before contents, so a
 *   cell formatted as Text takes a formula as a formula), the checks made before anything is written
 *   (protected sheets, missing or existing sheets), and what a failed write needs to be undone (`revertPlan`);
 * - our own conditional formats replaced without relying on their ids (`ruleOps`), and what a plan leaves out
 *   on an Excel too old for it (`skippedFeatures`);
 * - the request payload estimate and the splitting of a batch into several syncs (`splitOps`).
 */
import { BACKUP_SHEET } from "../workbook/layout";
import {
  absoluteRef,
  columnLetter,
  getSheet,
  parseRef,
  quoteSheet,
  type CellValue,
  type DefinedName,
  type WorkbookSnapshot,
} from "../workbook/snapshot";
import type { StyleName } from "../workbook/styles";
import type { CellWrite, PlainValue, SheetPlan, WritePlan } from "../workbook/writePlan";

/* ---------- rectangles ---------- */

/** A rectangle of cells, 0-based. */
export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface Block<T> extends Rect {
  /** rows × cols values, row by row. */
  data: T[][];
}

/** "A1" for one cell, "A1:C3" for more. */
export function rangeAddress(r: Rect): string {
  const first = `${columnLetter(r.col)}${r.row + 1}`;
  if (r.rows === 1 && r.cols === 1) return first;
  return `${first}:${columnLetter(r.col + r.cols - 1)}${r.row + r.rows}`;
}

/** "A1", "$A$1:$C$3", "C7:C9" → a rectangle (whole rows or columns are not cell ranges). */
export function parseRange(address: string): Rect {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(address.trim());
  if (!m) throw new Error(`不是单元格区域：${address}`);
  const colOf = (letters: string) => {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  };
  const r1 = Number(m[2]) - 1;
  const c1 = colOf(m[1]);
  const r2 = m[4] ? Number(m[4]) - 1 : r1;
  const c2 = m[3] ? colOf(m[3]) : c1;
  return {
    row: Math.min(r1, r2),
    col: Math.min(c1, c2),
    rows: Math.abs(r2 - r1) + 1,
    cols: Math.abs(c2 - c1) + 1,
  };
}

/**
 * Groups cells into rectangles that cover exactly those cells: first the runs of contiguous rows in each
 * column, then runs of adjacent columns with the same first and last row merged side by side. A cell given
 * twice keeps its last value (a plan's later write wins). Blocks come out in row, then column order.
 */
export function rectangles<T>(cells: { row: number; col: number; value: T }[]): Block<T>[] {
  const last = new Map<string, { row: number; col: number; value: T }>();
  for (const c of cells) last.set(`${c.row},${c.col}`, c);
  const sorted = [...last.values()].sort((a, b) => a.col - b.col || a.row - b.row);

  interface Run {
    col: number;
    start: number;
    values: T[];
  }
  const runs: Run[] = [];
  for (const c of sorted) {
    const run = runs[runs.length - 1];
    if (run && run.col === c.col && run.start + run.values.length === c.row)
      run.values.push(c.value);
    else runs.push({ col: c.col, start: c.row, values: [c.value] });
  }
  runs.sort((a, b) => a.start - b.start || a.values.length - b.values.length || a.col - b.col);

  const blocks: Block<T>[] = [];
  let current: Block<T> | undefined;
  for (const run of runs) {
    if (
      current &&
      current.row === run.start &&
      current.rows === run.values.length &&
      current.col + current.cols === run.col
    ) {
      current.cols++;
      run.values.forEach((v, i) => current!.data[i].push(v));
      continue;
    }
    current = {
      row: run.start,
      col: run.col,
      rows: run.values.length,
      cols: 1,
      data: run.values.map((v) => [v]),
    };
    blocks.push(current);
  }
  return blocks.sort((a, b) => a.row - b.row || a.col - b.col);
}

/** Runs of consecutive integers with equal values: [{ from, to, value }]. */
function runsOf<T>(items: { index: number; value: T }[]): { from: number; to: number; value: T }[] {
  const last = new Map<number, T>();
  for (const i of items) last.set(i.index, i.value);
  const sorted = [...last].sort((a, b) => a[0] - b[0]);
  const out: { from: number; to: number; value: T }[] = [];
  for (const [index, value] of sorted) {
    const run = out[out.length - 1];
    if (run && run.to === index - 1 && run.value === value) run.to = index;
    else out.push({ from: index, to: index, value });
  }
  return out;
}

/* ---------- cell contents ---------- */

/** What one cell of a `range.formulas` block gets. */
export type Content = string | number | boolean;

/**
 * Would Excel read this text as something else when it is written through `range.values` or `range.formulas`?
 * Both setters parse a string as if typed (the Office.js reference for `Range.values`: "If the returned value
 * starts with a plus, minus, or equal sign, Excel interprets this value as a formula"), so numbers, percentages,
 * dates, times, TRUE/FALSE, error literals and anything starting with = + - @ or ' would not stay text. The
 * test is deliberately broad: escaping a text that would have stayed text anyway costs nothing.
 */
export function reinterpretedByExcel(text: string): boolean {
  if (text === "") return false;
  if (/^[=+\-@']/.test(text)) return true;
  const t = text.trim();
  if (t === "") return false;
  if (t.startsWith("#")) return true;
  if (/^(true|false)$/i.test(t)) return true;
  return (
    /[0-9０-９]/.test(t) &&
    /^[\s0-9０-９.,，．:：/\\\-－+＋%％$¥￥€£()（）eEＥ年月日时分秒上下午AaPpMm]*$/.test(t)
  );
}

/**
 * A cell write as the content of a `range.formulas` block: a formula with its "=", a number or boolean as
 * itself, a null value as "" (Excel clears the cell), and a text that Excel would re-interpret behind a leading
 * apostrophe — Excel's own "store as text" prefix, not part of the value: the cell reads back as the text alone.
 * Undefined when the write sets no content (only a format).
 */
export function cellContent(w: CellWrite): Content | undefined {
  if (w.formula !== undefined) return w.formula.startsWith("=") ? w.formula : `=${w.formula}`;
  // The error literal as typed: Excel reads it as the error value itself (reinterpretedByExcel).
  if (w.error !== undefined) return w.error;
  if (w.value === undefined) return undefined;
  return plainContent(w.value);
}

export function plainContent(value: PlainValue): Content {
  if (value === null) return "";
  if (typeof value === "string") return reinterpretedByExcel(value) ? `'${value}` : value;
  if (typeof value === "number" && !Number.isFinite(value)) return `'${String(value)}`;
  return value;
}

const ERROR_LITERAL =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!)$/;

/**
 * One cell as Office.js reports it (`values`, `formulas`, `valueTypes` of a range) → the snapshot's value and
 * formula. Office gives "" for an empty cell (→ null), the error text for an error ("#DIV/0!" → { error }),
 * and in `formulas` the plain value for a cell without a formula (→ null). A text cell whose text begins with
 * "=" (written behind an apostrophe) reports the same text in both arrays, while a formula's value is never its
 * own formula text: that is how the two are told apart.
 */
export function officeCell(
  value: unknown,
  formula: unknown,
  type?: string
): { value: CellValue; formula: string | null } {
  let v: CellValue;
  if (value === "" || value === null || value === undefined) v = null;
  else if (
    type === "Error" ||
    (type === undefined && typeof value === "string" && ERROR_LITERAL.test(value))
  )
    v = { error: String(value) };
  else if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    v = value;
  else v = String(value);
  const isFormula =
    typeof formula === "string" &&
    formula.length > 1 &&
    formula.startsWith("=") &&
    value !== formula;
  return { value: v, formula: isFormula ? formula : null };
}

/**
 * What the read looks at on each sheet: the first 10,000 rows of the first 200 columns (A1:GR10000). The used
 * range is read within it, so a stray entry in a far corner can never make Excel return `null` values (over five
 * million cells it does: office-js #4783) or a response too large; and the conditional formats are read through
 * this range's collection, never the whole sheet's (office-js #5222). Our own cells are always within it.
 */
export const READ_WINDOW = { rows: 10_000, cols: 200 } as const;
export const READ_WINDOW_ADDRESS = `A1:${columnLetter(READ_WINDOW.cols - 1)}${READ_WINDOW.rows}`;

/** The used range's address "Sheet!B3:K40" (or "'Sheet 2'!A1") → its top-left cell. */
export function topLeftOf(address: string): { row: number; col: number } {
  const local = address.slice(address.lastIndexOf("!") + 1);
  const r = parseRange(local.split(":")[0]);
  return { row: r.row, col: r.col };
}

/* ---------- defined names ---------- */

const SHEET_REF = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/;

/**
 * A name's formula as Excel reports it ("=基础数据!$B$7", "='基础数据 (2)'!$B$7") → the snapshot's ref, quoted
 * as `absoluteRef` writes it ("'基础数据'!$B$7"). Anything else (a constant, "#REF!") loses only its "=".
 */
export function refFromNameFormula(formula: string): string {
  const text = formula.trim().replace(/^=/, "");
  const m = SHEET_REF.exec(text);
  if (!m || (m[2] !== undefined && m[2].startsWith("#"))) return text; // "#REF!$B$7": the sheet is gone
  const sheet = (m[1] ?? m[2]).replace(/''/g, "'");
  const cell = parseRef(`${quoteSheet(sheet)}!${m[3]}`);
  if (cell && /^\$[A-Z]+\$\d+$/i.test(m[3])) return absoluteRef(sheet, cell.row, cell.col);
  return `${quoteSheet(sheet)}!${m[3].toUpperCase()}`;
}

function sheetOfRef(ref: string): string | undefined {
  const m = SHEET_REF.exec(ref.trim().replace(/^=/, ""));
  return m ? (m[1] ?? m[2]).replace(/''/g, "'") : undefined;
}

function sameRef(a: string, b: string): boolean {
  return refFromNameFormula(a).toLowerCase() === refFromNameFormula(b).toLowerCase();
}

/* ---------- what the read phase learnt ---------- */

export interface SheetState {
  name: string;
  visible: boolean;
  /** The sheet's cells were read (its snapshot holds them); else only its name and visibility are known. */
  loaded: boolean;
  protected: boolean;
  /**
   * Its conditional formats were read (type and formula) through the collection of READ_WINDOW_ADDRESS. False
   * when that read failed (office-js #6827, #6835) or the sheet was not read: our rules cannot be told from the
   * user's, so the ranges the plan highlights are cleared before ours are added again.
   */
  rulesRead: boolean;
  /**
   * Positions of our own rules (formula carries OWN_RULE_MARKER) in that collection, ascending. Positions, not
   * ids: an id is documented as the rule's position ("The priority of the conditional format in the current
   * ConditionalFormatCollection", Excel.ConditionalFormat.id) and shifts when a rule before it is deleted.
   */
  ownRules: number[];
  /** How many rules in that collection are the user's. */
  userRules: number;
  /**
   * Where the cells' number formats are known — the area read ("all" on a sheet this batch creates: General
   * throughout) — and which of those cells are formatted as Text ("@", "r,c" keys). Undefined: nowhere.
   */
  formats?: { area: Rect | "all"; text: string[] };
}

/** The workbook as the read phase found it, beyond the snapshot: protection and conditional formats. */
export interface WorkbookState {
  sheets: SheetState[];
  names: DefinedName[];
  /** Workbook structure protected: sheets cannot be added, deleted, hidden or shown. */
  protected: boolean;
}

export function sheetState(state: WorkbookState, name: string): SheetState | undefined {
  const key = name.toLowerCase();
  return state.sheets.find((s) => s.name.toLowerCase() === key);
}

/* ---------- ops ---------- */

export type Op =
  | { kind: "addSheet"; sheet: string }
  | { kind: "deleteSheet"; sheet: string }
  | { kind: "visibility"; sheet: string; visible: boolean }
  | { kind: "clearContents"; sheet: string }
  | { kind: "contents"; sheet: string; address: string; data: Content[][] }
  | { kind: "numberFormat"; sheet: string; address: string; data: string[][] }
  /**
   * One style on a range (or, with RangeAreas, several ranges of the same shape class: `multiRow` / `multiCol`
   * say whether inside borders apply). `fresh`: the sheet is new, so defaults need no reset.
   */
  | {
      kind: "style";
      sheet: string;
      addresses: string[];
      style: StyleName;
      fresh: boolean;
      multiRow: boolean;
      multiCol: boolean;
    }
  | { kind: "note"; sheet: string; address: string; text: string }
  | { kind: "merge"; sheet: string; address: string; unmergeFirst: boolean }
  | { kind: "columnWidth"; sheet: string; address: string; points: number }
  | { kind: "rowHeight"; sheet: string; address: string; points: number }
  | { kind: "hideColumns"; sheet: string; address: string }
  | { kind: "freeze"; sheet: string; rows: number; cols: number }
  | {
      kind: "validation";
      sheet: string;
      address: string;
      list: string[];
      allowOther: boolean;
      prompt?: string;
    }
  | { kind: "print"; sheet: string; landscape: boolean; titleRows?: string }
  | { kind: "tabColor"; sheet: string; color: string }
  /** Deletes the rule at `index` of the collection of `scope` (ops come highest index first). */
  | { kind: "deleteRule"; sheet: string; scope: string; index: number }
  /** Clears every rule from the cells of `address` (when the rules could not be read). */
  | { kind: "clearRules"; sheet: string; address: string }
  | {
      kind: "addRule";
      sheet: string;
      address: string;
      formula: string;
      fill: string;
      fontColor: string;
    }
  | { kind: "deleteName"; name: string }
  | { kind: "addName"; name: string; formula: string };

/**
 * Optional parts of the API: data validation (ExcelApi 1.8; on unless false), RangeAreas and PageLayout (1.9),
 * notes (1.18). The add-in needs ExcelApi 1.7; what a plan asks beyond what this Excel has is left out.
 */
export interface Capabilities {
  dataValidation?: boolean;
  rangeAreas?: boolean;
  pageLayout?: boolean;
  notes?: boolean;
}

export interface CompileOptions extends Capabilities {
  lang?: "zh" | "en";
}

/** A plan refused before anything was written, with the reason in plain words. */
export class PlanRefused extends Error {
  constructor(
    message: string,
    readonly reason: "protected" | "workbookProtected" | "missingSheet" | "sheetExists" | "invalid",
    readonly sheet?: string
  ) {
    super(message);
    this.name = "PlanRefused";
  }
}

const say = (lang: "zh" | "en" | undefined, zh: string, en: string) => (lang === "en" ? en : zh);

/** Column width in characters (as the plan and ExcelJS give it) → points, which Office.js uses. */
export function columnWidthPoints(characters: number): number {
  // Excel's column of n characters is 7n + 5 pixels wide for an 11-point font; a pixel is 0.75 point.
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

export const HIGHLIGHT_COLORS = {
  red: { fill: "FFC7CE", color: "9C0006" },
  amber: { fill: "FFEB9C", color: "9C5700" },
  muted: { fill: "FFFFFF", color: "BFBFBF" },
} as const;

const normaliseRange = (range: string) => range.replace(/\$/g, "").toUpperCase();

/** "1:3" / "$1:$3" / "2" → "$1:$3" / "$2:$2". */
function printTitleRows(rows: string): string {
  const [a, b = a] = rows.replace(/\$/g, "").split(":");
  return `$${a}:$${b}`;
}

/**
 * Compiles a plan into ops in batch order: the backup sheet's writes first (so a failure later still leaves
 * what 撤销 needs), then each sheet (added, shown or hidden, cleared, contents, number formats, styles, notes,
 * merges, widths, heights, hidden columns, freeze, validations, print, tab colour), then conditional formats
 * (ours removed — see `ruleOps` — the plan's added), then defined names, then deleted sheets — last, so a failure
 * before them loses nothing. Throws PlanRefused before anything is queued when a sheet the plan writes is
 * protected, when a sheet is missing or already exists, or when the workbook's structure is protected.
 */
export function compilePlan(
  plan: WritePlan,
  state: WorkbookState,
  options: CompileOptions = {}
): Op[] {
  const lang = options.lang;
  checkPlan(plan, state, lang);
  const sheets = [...plan.sheets].sort(
    (a, b) => Number(b.name === BACKUP_SHEET) - Number(a.name === BACKUP_SHEET)
  );
  const created = new Set(plan.sheets.filter((s) => s.create).map((s) => s.name.toLowerCase()));
  const deleting = (plan.deleteSheets ?? []).filter((name) => sheetState(state, name));
  // A sheet deleted and created again under the same name must go first.
  const deleteFirst = deleting.filter((n) => created.has(n.toLowerCase()));
  const deleteLast = deleting.filter((n) => !created.has(n.toLowerCase()));

  const ops: Op[] = deleteFirst.map((sheet) => ({ kind: "deleteSheet", sheet }));
  for (const sheetPlan of sheets) ops.push(...sheetOps(sheetPlan, state, options));
  for (const sheetPlan of sheets) ops.push(...ruleOps(sheetPlan, state));
  ops.push(...nameOps(plan, state));
  ops.push(...deleteLast.map((sheet): Op => ({ kind: "deleteSheet", sheet })));
  return ops;
}

/**
 * What the plans ask that this Excel cannot do, left out of the batch: one plain sentence each, for the pane.
 * (RangeAreas only saves calls: its absence changes nothing the user sees.)
 */
export function skippedFeatures(
  plans: WritePlan[],
  caps: Capabilities,
  lang: CompileOptions["lang"] = "zh"
): string[] {
  const sheets = plans.flatMap((p) => p.sheets);
  const out: string[] = [];
  if (caps.dataValidation === false && sheets.some((s) => s.validations?.length))
    out.push(
      say(
        lang,
        "未设置下拉列表（是/否等选项）：需要 Excel 2019 或更新的版本（ExcelApi 1.8）。可直接输入选项。",
        "No drop-down lists (是/否 and other choices): they need Excel 2019 or later (ExcelApi 1.8). Type the choices instead."
      )
    );
  if (!caps.pageLayout && sheets.some((s) => s.print))
    out.push(
      say(
        lang,
        "未设置打印格式（A4、适应页宽、重复标题行）：需要 Excel 2021、Microsoft 365 或网页版 Excel（ExcelApi 1.9）。打印前可在“页面布局”中设置。",
        "No print settings (A4, fit to width, repeated title rows): they need Excel 2021, Microsoft 365 or Excel on the web (ExcelApi 1.9). Set them under Page Layout before printing."
      )
    );
  if (!caps.notes && sheets.some((s) => s.cells.some((c) => c.note)))
    out.push(
      say(
        lang,
        "未添加单元格批注：需要 Microsoft 365 或网页版 Excel（ExcelApi 1.18）。",
        "No cell notes: they need Microsoft 365 or Excel on the web (ExcelApi 1.18)."
      )
    );
  return out;
}

function checkPlan(plan: WritePlan, state: WorkbookState, lang: CompileOptions["lang"]): void {
  const visible = new Map(state.sheets.map((s) => [s.name.toLowerCase(), s.visible]));
  const structural =
    plan.sheets.some((s) => s.create) ||
    (plan.deleteSheets ?? []).some((n) => sheetState(state, n)) ||
    plan.sheets.some((s) => {
      const existing = sheetState(state, s.name);
      return existing && s.hidden !== undefined && existing.visible === s.hidden;
    });
  if (structural && state.protected)
    throw new PlanRefused(
      say(
        lang,
        "工作簿结构受保护，无法添加、删除或隐藏工作表。请先撤销工作簿保护（审阅 → 保护工作簿），然后再试。",
        "The workbook's structure is protected: sheets cannot be added, deleted or hidden. Unprotect the workbook (Review → Protect Workbook) and try again."
      ),
      "workbookProtected"
    );
  for (const name of plan.deleteSheets ?? []) visible.delete(name.toLowerCase());
  for (const s of plan.sheets) {
    const existing = sheetState(state, s.name);
    const deletedFirst = (plan.deleteSheets ?? []).some(
      (n) => n.toLowerCase() === s.name.toLowerCase()
    );
    if (s.create && existing && !deletedFirst)
      throw new PlanRefused(
        say(
          lang,
          `工作表“${s.name}”已存在，无法新建。`,
          `A sheet named “${s.name}” already exists.`
        ),
        "sheetExists",
        s.name
      );
    if (!s.create && !existing)
      throw new PlanRefused(
        say(
          lang,
          `找不到工作表“${s.name}”：它可能已被删除或重命名。请重新计算。`,
          `The sheet “${s.name}” is gone (deleted or renamed?). Run Recompute again.`
        ),
        "missingSheet",
        s.name
      );
    if (!s.create && existing?.protected && writesTo(s, existing))
      throw new PlanRefused(
        say(
          lang,
          `工作表“${existing.name}”受保护，无法写入，未做任何改动。请先撤销工作表保护（审阅 → 撤销工作表保护），然后再试。`,
          `The sheet “${existing.name}” is protected, so nothing was written. Unprotect it (Review → Unprotect Sheet) and try again.`
        ),
        "protected",
        existing.name
      );
    for (const v of s.validations ?? []) {
      const bad = v.list.find((item) => item.includes(","));
      if (bad !== undefined)
        throw new PlanRefused(
          say(
            lang,
            `下拉列表项“${bad}”含逗号，无法写入数据验证。`,
            `The list item “${bad}” holds a comma.`
          ),
          "invalid",
          s.name
        );
    }
    visible.set(
      s.name.toLowerCase(),
      s.hidden === undefined ? (existing?.visible ?? true) : !s.hidden
    );
  }
  if (![...visible.values()].some(Boolean))
    throw new PlanRefused(
      say(
        lang,
        "写入后工作簿将没有可见的工作表。",
        "The workbook would have no visible sheet left."
      ),
      "invalid"
    );
}

/** Does the plan change anything on this existing sheet? (Removing no rules from a sheet without ours is nothing.) */
function writesTo(s: SheetPlan, existing: SheetState): boolean {
  return (
    s.cells.length > 0 ||
    !!s.clear ||
    (s.hidden !== undefined && existing.visible === s.hidden) ||
    !!s.merges?.length ||
    !!s.columnWidths?.some((w) => Number.isFinite(w) && w > 0) ||
    !!s.rowHeights?.length ||
    !!s.hiddenColumns?.length ||
    !!s.freeze ||
    !!s.validations?.length ||
    !!s.print ||
    !!s.tabColor ||
    (s.conditionalFormats !== undefined &&
      (s.conditionalFormats.length > 0 || existing.ownRules.length > 0))
  );
}

/** Excel's default number format. */
export const GENERAL_FORMAT = "General";

/** Might this cell be formatted as Text: it is, or its format was not read? */
function maybeText(existing: SheetState | undefined, w: { row: number; col: number }): boolean {
  const formats = existing?.formats;
  if (!formats) return true;
  if (formats.text.includes(`${w.row},${w.col}`)) return true;
  if (formats.area === "all") return false;
  const a = formats.area;
  return !(w.row >= a.row && w.row < a.row + a.rows && w.col >= a.col && w.col < a.col + a.cols);
}

function sheetOps(s: SheetPlan, state: WorkbookState, options: CompileOptions): Op[] {
  const sheet = s.name;
  const existing = s.create ? undefined : sheetState(state, sheet);
  const ops: Op[] = [];
  if (s.create) ops.push({ kind: "addSheet", sheet });
  if (s.hidden !== undefined && (s.create ? s.hidden : existing?.visible === s.hidden))
    ops.push({ kind: "visibility", sheet, visible: !s.hidden });
  if (s.clear && !s.create) ops.push({ kind: "clearContents", sheet });

  // Number formats first: a formula written into a cell formatted as Text ("@") stays text ("Text format cells
  // are treated as text even when a number is in the cell": Excel.NumberFormatCategory). A formula without a
  // format of its own gets General where the cell is Text, or where its format was not read.
  const formats = s.cells.flatMap((w) => {
    const format =
      w.numberFormat ??
      (!s.create && w.formula !== undefined && maybeText(existing, w) ? GENERAL_FORMAT : undefined);
    return format === undefined ? [] : [{ row: w.row, col: w.col, value: format }];
  });
  for (const b of rectangles(formats))
    ops.push({ kind: "numberFormat", sheet, address: rangeAddress(b), data: b.data });

  const contents = s.cells.flatMap((w) => {
    const value = cellContent(w);
    // On a new sheet every cell is empty already: nothing to clear.
    if (value === undefined || (s.create && value === "")) return [];
    return [{ row: w.row, col: w.col, value }];
  });
  for (const b of rectangles(contents))
    ops.push({ kind: "contents", sheet, address: rangeAddress(b), data: b.data });

  ops.push(...styleOps(s, !!s.create, !!options.rangeAreas));

  if (options.notes)
    for (const w of s.cells)
      if (w.note)
        ops.push({
          kind: "note",
          sheet,
          address: rangeAddress({ ...w, rows: 1, cols: 1 }),
          text: w.note,
        });

  for (const merge of s.merges ?? [])
    ops.push({ kind: "merge", sheet, address: normaliseRange(merge), unmergeFirst: !s.create });

  const widths = (s.columnWidths ?? []).flatMap((w, index) =>
    Number.isFinite(w) && w > 0 ? [{ index, value: columnWidthPoints(w) }] : []
  );
  for (const run of runsOf(widths))
    ops.push({
      kind: "columnWidth",
      sheet,
      address: `${columnLetter(run.from)}:${columnLetter(run.to)}`,
      points: run.value,
    });
  for (const run of runsOf((s.rowHeights ?? []).map((h) => ({ index: h.row, value: h.height }))))
    ops.push({
      kind: "rowHeight",
      sheet,
      address: `${run.from + 1}:${run.to + 1}`,
      points: run.value,
    });
  for (const run of runsOf((s.hiddenColumns ?? []).map((index) => ({ index, value: true }))))
    ops.push({
      kind: "hideColumns",
      sheet,
      address: `${columnLetter(run.from)}:${columnLetter(run.to)}`,
    });
  if (s.freeze) ops.push({ kind: "freeze", sheet, rows: s.freeze.rows, cols: s.freeze.cols });
  if (options.dataValidation !== false)
    for (const v of s.validations ?? [])
      ops.push({
        kind: "validation",
        sheet,
        address: normaliseRange(v.range),
        list: v.list,
        allowOther: !!v.allowOther,
        ...(v.prompt ? { prompt: v.prompt } : {}),
      });
  if (s.print && options.pageLayout)
    ops.push({
      kind: "print",
      sheet,
      landscape: s.print.landscape,
      ...(s.print.titleRows ? { titleRows: printTitleRows(s.print.titleRows) } : {}),
    });
  if (s.tabColor)
    ops.push({ kind: "tabColor", sheet, color: s.tabColor.replace(/^#/, "").toUpperCase() });
  return ops;
}

/** Address lists for one RangeAreas call are kept short (Excel's limit on an address string is not documented). */
const MAX_AREAS_ADDRESS = 2000;

function styleOps(s: SheetPlan, fresh: boolean, rangeAreas: boolean): Op[] {
  const byStyle = new Map<StyleName, string>();
  // A cell keeps the last style the plan gives it.
  for (const w of s.cells) if (w.style) byStyle.set(w.style, "");
  const last = new Map<string, StyleName>();
  for (const w of s.cells) if (w.style) last.set(`${w.row},${w.col}`, w.style);
  const ops: Op[] = [];
  for (const style of byStyle.keys()) {
    const cells = s.cells.filter((w) => w.style && last.get(`${w.row},${w.col}`) === style);
    const blocks = rectangles(cells.map((w) => ({ row: w.row, col: w.col, value: true })));
    if (!rangeAreas) {
      for (const b of blocks)
        ops.push({
          kind: "style",
          sheet: s.name,
          addresses: [rangeAddress(b)],
          style,
          fresh,
          multiRow: b.rows > 1,
          multiCol: b.cols > 1,
        });
      continue;
    }
    // RangeAreas: one call set per shape class, since inside borders apply only where there is an inside.
    for (const multiRow of [false, true])
      for (const multiCol of [false, true]) {
        const addresses = blocks
          .filter((b) => b.rows > 1 === multiRow && b.cols > 1 === multiCol)
          .map(rangeAddress);
        let chunk: string[] = [];
        let length = 0;
        const flush = () => {
          if (chunk.length)
            ops.push({
              kind: "style",
              sheet: s.name,
              addresses: chunk,
              style,
              fresh,
              multiRow,
              multiCol,
            });
          chunk = [];
          length = 0;
        };
        for (const a of addresses) {
          if (length + a.length + 1 > MAX_AREAS_ADDRESS) flush();
          chunk.push(a);
          length += a.length + 1;
        }
        flush();
      }
  }
  return ops;
}

/**
 * Our rules out, the plan's in. Without ids: an id is documented as a position that shifts as rules are deleted,
 * and deleting through the whole sheet's collection fails where a cell has two rules (office-js #5222) — as red
 * and amber do on every highlighted cell. So our rules are deleted by position through the READ_WINDOW range's
 * collection they were read from, highest position first: deleting a rule shifts only those after it, which are
 * gone already, whichever the id semantics. A rule whose formula lacks OWN_RULE_MARKER is never touched. Where
 * the rules could not be read, the cells the plan highlights are cleared of rules first (ours were on them; a
 * user's rule on those same cells goes too — the price of an Excel that cannot read its own rules).
 * The plan's rules are added to the back, in order, so the user's keep precedence.
 */
function ruleOps(s: SheetPlan, state: WorkbookState): Op[] {
  if (s.conditionalFormats === undefined) return [];
  const existing = s.create ? undefined : sheetState(state, s.name);
  const ops: Op[] = [];
  if (existing?.rulesRead)
    for (const index of [...existing.ownRules].sort((a, b) => b - a))
      ops.push({ kind: "deleteRule", sheet: s.name, scope: READ_WINDOW_ADDRESS, index });
  else if (existing)
    for (const address of new Set(s.conditionalFormats.map((f) => normaliseRange(f.range))))
      ops.push({ kind: "clearRules", sheet: s.name, address });
  for (const f of s.conditionalFormats) {
    const colors = HIGHLIGHT_COLORS[f.severity];
    ops.push({
      kind: "addRule",
      sheet: s.name,
      address: normaliseRange(f.range),
      formula: f.formula.startsWith("=") ? f.formula : `=${f.formula}`,
      fill: colors.fill,
      fontColor: colors.color,
    });
  }
  return ops;
}

/**
 * Names: removed ones and those pointing at a deleted sheet go (Excel would leave them as #REF!, the file host
 * drops them); the plan's are added, or replaced when they point elsewhere (Excel refuses to add a name twice),
 * and left alone when they already point at the same cell.
 */
function nameOps(plan: WritePlan, state: WorkbookState): Op[] {
  const existing = new Map(state.names.map((n) => [n.name.toLowerCase(), n]));
  const deletedSheets = new Set((plan.deleteSheets ?? []).map((n) => n.toLowerCase()));
  const ops: Op[] = [];
  const gone = new Set<string>();
  const remove = (name: string) => {
    const key = name.toLowerCase();
    if (!existing.has(key) || gone.has(key)) return;
    gone.add(key);
    ops.push({ kind: "deleteName", name: existing.get(key)!.name });
  };
  for (const name of plan.removeNames ?? []) remove(name);
  for (const n of state.names) {
    const sheet = sheetOfRef(n.ref);
    if (sheet && deletedSheets.has(sheet.toLowerCase())) remove(n.name);
  }
  const removed = new Set((plan.removeNames ?? []).map((n) => n.toLowerCase()));
  for (const n of plan.names) {
    const key = n.name.toLowerCase();
    if (removed.has(key)) continue;
    const before = existing.get(key);
    if (before && !gone.has(key) && sameRef(before.ref, n.ref)) continue;
    remove(n.name);
    ops.push({ kind: "addName", name: n.name, formula: `=${n.ref.replace(/^=/, "")}` });
  }
  return ops;
}

/** The workbook state once a plan is applied: for compiling a second plan into the same batch. */
export function stateAfter(state: WorkbookState, plan: WritePlan): WorkbookState {
  const deleted = new Set((plan.deleteSheets ?? []).map((n) => n.toLowerCase()));
  const sheets = state.sheets
    .filter((s) => !deleted.has(s.name.toLowerCase()))
    .map((s) => ({ ...s, ownRules: [...s.ownRules] }));
  for (const p of plan.sheets) {
    let s = sheets.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
    if (!s) {
      s = {
        name: p.name,
        visible: true,
        loaded: true,
        protected: false,
        rulesRead: true,
        ownRules: [],
        userRules: 0,
        formats: { area: "all", text: [] },
      };
      sheets.push(s);
    }
    if (p.hidden !== undefined) s.visible = !p.hidden;
    // Ours are now the plan's, at the back of the collection, after the user's.
    if (p.conditionalFormats !== undefined && s.rulesRead)
      s.ownRules = p.conditionalFormats.map((_, i) => s!.userRules + i);
  }
  const replaced = new Set([
    ...(plan.removeNames ?? []).map((n) => n.toLowerCase()),
    ...plan.names.map((n) => n.name.toLowerCase()),
  ]);
  const names = state.names.filter((n) => {
    const sheet = sheetOfRef(n.ref);
    return !replaced.has(n.name.toLowerCase()) && !(sheet && deleted.has(sheet.toLowerCase()));
  });
  const removed = new Set((plan.removeNames ?? []).map((n) => n.toLowerCase()));
  names.push(...plan.names.filter((n) => !removed.has(n.name.toLowerCase())));
  return { sheets, names, protected: state.protected };
}

/* ---------- undoing a failed write ---------- */

function contentOf(value: CellValue, formula: string | null): CellWrite | undefined {
  if (formula) return { row: 0, col: 0, formula };
  if (value === null) return undefined;
  return { row: 0, col: 0, value: typeof value === "object" ? value.error : value };
}

/**
 * The plan that undoes a plan whose write failed half way, from the snapshot taken before it and the sheets and
 * names there are now: every cell the plan wrote gets its old content back (a sheet the plan cleared — the
 * backup — is rewritten whole), sheets it added are deleted, sheets it deleted come back with their contents,
 * names it added, replaced or removed are put back, hidden sheets shown again. Formats and our own
 * highlights are not restored (the plan's formats are those the template always had).
 */
export function revertPlan(
  before: WorkbookSnapshot,
  beforeState: WorkbookState,
  plan: WritePlan,
  now: WorkbookState
): WritePlan {
  const sheets: SheetPlan[] = [];
  const deleteSheets: string[] = [];
  for (const p of plan.sheets) {
    const was = sheetState(beforeState, p.name);
    const is = sheetState(now, p.name);
    if (!was) {
      if (is) deleteSheets.push(is.name);
      continue;
    }
    // Gone, or protected since the read (a request runs whole, so a sheet protected now was never written).
    if (!is || is.protected) continue;
    const snap = getSheet(before, was.name);
    const cells: CellWrite[] = [];
    if (p.clear) {
      snap?.values.forEach((row, r) =>
        row.forEach((value, c) => {
          const w = contentOf(value, snap.formulas[r]?.[c] ?? null);
          if (w) cells.push({ ...w, row: r, col: c });
        })
      );
    } else {
      const seen = new Set<string>();
      for (const w of p.cells) {
        const key = `${w.row},${w.col}`;
        if (seen.has(key) || cellContent(w) === undefined) continue;
        seen.add(key);
        const old = contentOf(
          snap?.values[w.row]?.[w.col] ?? null,
          snap?.formulas[w.row]?.[w.col] ?? null
        ) ?? { row: 0, col: 0, value: null };
        cells.push({ ...old, row: w.row, col: w.col });
      }
    }
    const revert: SheetPlan = { name: is.name, cells, ...(p.clear ? { clear: true } : {}) };
    if (p.hidden !== undefined && is.visible !== was.visible) revert.hidden = !was.visible;
    sheets.push(revert);
  }
  for (const name of plan.deleteSheets ?? []) {
    const was = sheetState(beforeState, name);
    if (!was || sheetState(now, name)) continue;
    const snap = getSheet(before, was.name);
    const cells: CellWrite[] = [];
    snap?.values.forEach((row, r) =>
      row.forEach((value, c) => {
        const w = contentOf(value, snap.formulas[r]?.[c] ?? null);
        if (w) cells.push({ ...w, row: r, col: c });
      })
    );
    sheets.push({ name: was.name, create: true, hidden: !was.visible, cells });
  }

  const beforeNames = new Map(beforeState.names.map((n) => [n.name.toLowerCase(), n]));
  const nowNames = new Map(now.names.map((n) => [n.name.toLowerCase(), n]));
  const touched = new Set([
    ...plan.names.map((n) => n.name.toLowerCase()),
    ...(plan.removeNames ?? []).map((n) => n.toLowerCase()),
    ...[...beforeNames.values()]
      .filter((n) => {
        const sheet = sheetOfRef(n.ref);
        return (
          sheet && (plan.deleteSheets ?? []).some((d) => d.toLowerCase() === sheet.toLowerCase())
        );
      })
      .map((n) => n.name.toLowerCase()),
  ]);
  const names: DefinedName[] = [];
  const removeNames: string[] = [];
  for (const key of touched) {
    const was = beforeNames.get(key);
    const is = nowNames.get(key);
    if (was && (!is || !sameRef(is.ref, was.ref))) names.push(was);
    else if (!was && is) removeNames.push(is.name);
  }
  return { sheets, names, removeNames, deleteSheets };
}

/* ---------- payload ---------- */

/** What one queued action costs in a request besides its arguments (action and object-path JSON). */
export const ACTION_BYTES = 160;

/** UTF-8 length of a string, as the request travels. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const jsonBytes = (v: unknown) => utf8Length(JSON.stringify(v));

/** How many Office.js actions an op queues (roughly: calls that reach Excel). */
export function actionsOf(op: Op): number {
  switch (op.kind) {
    case "style":
      return 4 + 16; // sheet, range, format, and about 16 property sets
    case "validation":
      return 8;
    case "addRule":
      return 10;
    case "deleteRule":
      return 5;
    case "print":
      return 6;
    case "merge":
      return op.unmergeFirst ? 4 : 3;
    default:
      return 3;
  }
}

/** The request bytes an op is estimated to add. */
export function opBytes(op: Op): number {
  const base = ACTION_BYTES * actionsOf(op);
  switch (op.kind) {
    case "contents":
    case "numberFormat":
      return base + jsonBytes(op.data) + utf8Length(op.sheet) + op.address.length;
    case "style":
      return base + jsonBytes(op.addresses) + utf8Length(op.sheet);
    default:
      return base + jsonBytes(op);
  }
}

/** Splits a contents or number-format op into two halves (by rows, else by columns); undefined when it is one cell. */
export function halveOp(op: Op): [Op, Op] | undefined {
  if (op.kind !== "contents" && op.kind !== "numberFormat") return undefined;
  const r = parseRange(op.address);
  if (r.rows > 1) {
    const top = Math.ceil(r.rows / 2);
    const a = { ...r, rows: top };
    const b = { ...r, row: r.row + top, rows: r.rows - top };
    return [
      { ...op, address: rangeAddress(a), data: op.data.slice(0, top) } as Op,
      { ...op, address: rangeAddress(b), data: op.data.slice(top) } as Op,
    ];
  }
  if (r.cols > 1) {
    const left = Math.ceil(r.cols / 2);
    const a = { ...r, cols: left };
    const b = { ...r, col: r.col + left, cols: r.cols - left };
    return [
      { ...op, address: rangeAddress(a), data: op.data.map((row) => row.slice(0, left)) } as Op,
      { ...op, address: rangeAddress(b), data: op.data.map((row) => row.slice(left)) } as Op,
    ];
  }
  return undefined;
}

/**
 * Splits a batch into consecutive chunks whose estimated request stays within `maxBytes` (order kept, so the
 * backup still goes first and deletions last). An op too large alone is halved by rows (then columns) until its
 * parts fit; a single cell larger than the limit goes alone.
 */
export function splitOps(ops: Op[], maxBytes: number): Op[][] {
  const pieces: Op[] = [];
  const fit = (op: Op): void => {
    const halves = opBytes(op) > maxBytes ? halveOp(op) : undefined;
    if (!halves) pieces.push(op);
    else halves.forEach(fit);
  };
  ops.forEach(fit);
  const chunks: Op[][] = [];
  let chunk: Op[] = [];
  let size = 0;
  for (const op of pieces) {
    const bytes = opBytes(op);
    if (chunk.length && size + bytes > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(op);
    size += bytes;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

export function batchBytes(ops: Op[]): number {
  return ops.reduce((n, op) => n + opBytes(op), 0);
}

/** Which ops write to which sheet (for messages and tests). */
export function sheetsWritten(ops: Op[]): string[] {
  const out: string[] = [];
  for (const op of ops) if ("sheet" in op && !out.includes(op.sheet)) out.push(op.sheet);
  return out;
}
