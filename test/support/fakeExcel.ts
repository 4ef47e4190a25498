/**
 * A small fake of Excel's JavaScript API (the part src/hosts/excel.ts and the task pane use), strict where
 * Office.js is strict and faithful where Excel surprises. Each behaviour below follows the Office.js reference
 * (learn.microsoft.com/javascript/api/excel) or an open OfficeDev/office-js issue, cited again beside its code:
 *
 * - load before read: reading a property that was not loaded and synced throws PropertyNotLoaded, as Office.js
 *   does; `isNullObject` needs a sync; a collection's `items` exist only after `load` and `sync`;
 * - sync semantics: property sets and method calls are queued and take effect, in order, only at `sync()`; a
 *   load queued after a write sees the write; an error at one command leaves the commands before it applied
 *   and drops the rest, as a real request does;
 * - requirement sets: the fake is started with the highest ExcelApi version it supports (default the newest);
 *   a member above it throws ApiNotFound at the call, synchronously, as office.js does;
 * - Excel's typing: a string given to `values` or `formulas` is parsed as if typed ("=…" and "+…" become
 *   formulas, "1,349.42" a number, "TRUE" a boolean), unless it starts with an apostrophe (stored as the text
 *   after it) or the cell's number format is Text ("@": the string is kept as text, a formula included);
 * - merged areas: only the top-left cell of a merged area holds a value; writes to its other cells are ignored,
 *   and merging keeps the top-left cell's content only;
 * - conditional formats: `id` is the format's position in the collection it was reached through, so it shifts
 *   when a format before it is deleted; item access through the whole sheet's collection fails where a cell has
 *   two rules (office-js #5222); reading a rule's properties fails where the rule is a second cellValue rule on
 *   the same cells (#6827) or a duplicate (#6835); `clearAll()` clears the range's cells of every rule;
 * - size: `values`, `formulas`, `valueTypes` of a range over five million cells come back null (office-js #4783,
 *   #6781; the "Excel add-ins" resource limits), no error;
 * - the UI: the active sheet, `Worksheet.activate()`, and `Range.select()`, which selects nothing on a sheet
 *   that is not active (office-js #5118); `worksheets.onChanged` handlers, registered at sync and removed only
 *   through the context that added them, counted;
 * - *OrNullObject: calls on a null object, and on objects reached from it, do nothing; loads report null.
 *
 * It counts syncs and API calls (property sets and method calls, navigation included), logs every range write,
 * and injects failures: a protected sheet (writes to it fail with AccessDenied), cell-edit mode (every sync,
 * or every sync that writes, rejects with InvalidOperationInCellEditMode and applies nothing), a request
 * payload limit (a sync whose queued payload exceeds N bytes rejects and applies nothing), and an error at the
 * k-th write command (the commands before it are applied). It does not evaluate formulas: a formula cell's
 * value is whatever a test (or the optional `calculate` hook) sets.
 *
 * Plain TypeScript without Node APIs, so a browser test page can bundle it: `installFakeOffice(globalThis, …)`
 * sets `Office` and `Excel` there.
 */
import type { CellValue, WorkbookSnapshot } from "../../src/workbook/snapshot";
import { utf8Length } from "../../src/hosts/excelBlocks";
import { columnLetter } from "../../src/workbook/snapshot";

/* ---------- the workbook state ---------- */

export type FakeValue = string | number | boolean | { error: string } | null;

export interface FakeFormat {
  fontName?: string;
  fontSize?: number;
  bold?: boolean;
  fontColor?: string;
  fill?: string | null;
  borders?: Record<string, string>;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
}

export interface FakeCell {
  /** The value (a formula cell's computed value, null when none was set). */
  value: FakeValue;
  formula?: string;
  numberFormat?: string;
  /** Stored behind an apostrophe ("store as text"). */
  quotePrefix?: boolean;
  format?: FakeFormat;
}

export interface FakeRule {
  /**
   * The fake's own tag for the rule (for tests to find it). Never what Excel reports: `ConditionalFormat.id` is
   * the rule's position in the collection it is reached through.
   */
  id: string;
  type: string;
  /** The cells it applies to: "J5:J25", or several areas "J5:J25,L5:L25". */
  range: string;
  formula?: string;
  fill?: string;
  fontColor?: string;
}

export interface FakeValidation {
  range: string;
  rule?: unknown;
  errorAlert?: unknown;
  prompt?: unknown;
  ignoreBlanks?: boolean;
}

export interface FakeSheet {
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  protected: boolean;
  /** By "row,col" (0-based). */
  cells: Map<string, FakeCell>;
  merges: string[];
  /** Points, by 0-based column / row. */
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  hiddenColumns: Set<number>;
  freeze?: { rows: number; cols: number };
  tabColor?: string;
  validations: FakeValidation[];
  /** Conditional formats in priority order (first = highest). */
  rules: FakeRule[];
  pageLayout: Record<string, unknown>;
  notes: { address: string; content: string }[];
}

export interface FakeName {
  name: string;
  /** As Excel reports it: "=基础数据!$B$7", quotes only where needed. */
  formula: string;
}

export interface FakeWorkbookModel {
  sheets: FakeSheet[];
  names: FakeName[];
  /** Workbook structure protected. */
  protected: boolean;
  /** The workbook counts dates from 1904 (Excel's "Use 1904 date system"; default the 1900 system). */
  date1904?: boolean;
  /** The sheet shown in Excel (by name); undefined: the first visible sheet. */
  activeSheet?: string;
  /** What `Range.select()` last selected. */
  selection?: { sheet: string; address: string };
}

export interface FakeFailures {
  /** displayDialogAsync fails with this error code (12007: a dialog is already open from this page). */
  dialog?: number;
  /** true: every sync rejects; "writes": every sync that writes rejects. Nothing is applied. */
  cellEditMode?: boolean | "writes";
  /** A sync whose queued payload (estimated bytes) exceeds this rejects; nothing is applied. */
  payloadLimit?: number;
  /** The k-th write command executed from now (1-based) fails with GeneralException, once. */
  failAtCommand?: number;
}

export interface FakeStats {
  syncs: number;
  /** Syncs that carried at least one write command. */
  writeSyncs: number;
  propertySets: number;
  methodCalls: number;
  loads: number;
  /** Queued commands that write (what failAtCommand counts). */
  writeCommands: number;
  /** `values` / `formulas` / `numberFormat` sets, and the cells they cover. */
  rangeWrites: number;
  cellsWritten: number;
}

export interface RangeWrite {
  property: "values" | "formulas" | "numberFormat";
  sheet: string;
  address: string;
  rows: number;
  cols: number;
}

export class FakeOfficeError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(
    readonly code: string,
    message: string,
    location?: string
  ) {
    super(message);
    this.name = "RichApi.Error";
    this.debugInfo = { code, message, ...(location ? { errorLocation: location } : {}) };
  }
}

const fail = (code: string, message: string, location?: string): never => {
  throw new FakeOfficeError(code, message, location);
};

export function emptySheet(name: string): FakeSheet {
  return {
    name,
    visibility: "Visible",
    protected: false,
    cells: new Map(),
    merges: [],
    columnWidths: new Map(),
    rowHeights: new Map(),
    hiddenColumns: new Set(),
    validations: [],
    rules: [],
    pageLayout: {},
    notes: [],
  };
}

/* ---------- addresses ---------- */

const MAX_ROW = 1048575;
const MAX_COL = 16383;

interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "A1", "A1:C3", "A:C", "3:7", "" (whole sheet); "$" allowed. */
function parseRect(address: string): Rect {
  const a = address.replace(/\$/g, "").trim().toUpperCase();
  if (a === "") return { r1: 0, c1: 0, r2: MAX_ROW, c2: MAX_COL };
  const [from, to = from] = a.split(":");
  const cell = /^([A-Z]{1,3})(\d+)$/;
  const col = /^([A-Z]{1,3})$/;
  const row = /^(\d+)$/;
  let m1: RegExpExecArray | null;
  let m2: RegExpExecArray | null;
  if ((m1 = cell.exec(from)) && (m2 = cell.exec(to))) {
    const r = [Number(m1[2]) - 1, Number(m2[2]) - 1];
    const c = [colIndex(m1[1]), colIndex(m2[1])];
    return { r1: Math.min(...r), r2: Math.max(...r), c1: Math.min(...c), c2: Math.max(...c) };
  }
  if ((m1 = col.exec(from)) && (m2 = col.exec(to))) {
    const c = [colIndex(m1[1]), colIndex(m2[1])];
    return { r1: 0, r2: MAX_ROW, c1: Math.min(...c), c2: Math.max(...c) };
  }
  if ((m1 = row.exec(from)) && (m2 = row.exec(to))) {
    const r = [Number(m1[1]) - 1, Number(m2[1]) - 1];
    return { r1: Math.min(...r), r2: Math.max(...r), c1: 0, c2: MAX_COL };
  }
  return fail(
    "InvalidArgument",
    `The argument is invalid or missing or has an incorrect format (address "${address}").`
  );
}

function rectAddress(r: Rect): string {
  const a = `${columnLetter(r.c1)}${r.r1 + 1}`;
  if (r.r1 === r.r2 && r.c1 === r.c2) return a;
  return `${a}:${columnLetter(r.c2)}${r.r2 + 1}`;
}

const intersects = (a: Rect, b: Rect) =>
  a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
const cellCount = (r: Rect) => (r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1);

/** A range's areas: "J5:J25,L5:L25" → two rectangles. */
function areasOf(range: string): Rect[] {
  return range.split(",").map(parseRect);
}

const areasIntersect = (a: Rect[], b: Rect[]) => a.some((x) => b.some((y) => intersects(x, y)));

/** The cells of `r` outside `c` (up to four rectangles). */
function subtract(r: Rect, c: Rect): Rect[] {
  if (!intersects(r, c)) return [r];
  const out: Rect[] = [];
  if (r.r1 < c.r1) out.push({ r1: r.r1, r2: c.r1 - 1, c1: r.c1, c2: r.c2 });
  if (r.r2 > c.r2) out.push({ r1: c.r2 + 1, r2: r.r2, c1: r.c1, c2: r.c2 });
  const r1 = Math.max(r.r1, c.r1);
  const r2 = Math.min(r.r2, c.r2);
  if (r.c1 < c.c1) out.push({ r1, r2, c1: r.c1, c2: c.c1 - 1 });
  if (r.c2 > c.c2) out.push({ r1, r2, c1: c.c2 + 1, c2: r.c2 });
  return out;
}

const isWholeSheet = (r: Rect) => r.r1 === 0 && r.c1 === 0 && r.r2 === MAX_ROW && r.c2 === MAX_COL;

/**
 * Is this cell inside a merged area without being its top-left cell? Such a cell holds no value: "The value of a
 * merged range is specified in the cell of the range's upper-left corner" (Range.Merge,
 * learn.microsoft.com/office/vba/api/excel.range.merge), and Excel ignores what is written to the others.
 */
function hiddenByMerge(sheet: FakeSheet, row: number, col: number): boolean {
  return sheet.merges.some((m) => {
    const r = parseRect(m);
    return (
      row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2 && (row !== r.r1 || col !== r.c1)
    );
  });
}

/** A sheet name as Excel prints it in a reference: quoted only when needed. */
export function sheetInRef(name: string): string {
  // Quoted when it holds a space or punctuation, starts with a digit, or reads as a cell (A1, or R1C1 style).
  const plain =
    /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^(R\d*C\d*|R\d*|C\d*)$/i.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

const SHEET_REF = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/;

function splitRef(formula: string): { sheet: string; address: string } | undefined {
  const m = SHEET_REF.exec(formula.trim().replace(/^=/, ""));
  if (!m) return undefined;
  return { sheet: (m[1] ?? m[2]).replace(/''/g, "'"), address: m[3] };
}

/* ---------- typing ---------- */

const ERROR_LITERAL =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;

/** A date serial standing in for any text Excel would read as a date or time. */
export const DATE_STAND_IN = 45000;

/** What Excel stores when `input` is written to a cell through `values` or `formulas` (undefined: no change). */
function typed(
  input: unknown,
  numberFormat: string | undefined,
  date1904 = false
): Partial<FakeCell> | undefined {
  if (input === null || input === undefined) return undefined;
  if (typeof input === "number" || typeof input === "boolean") return { value: input };
  if (typeof input === "object")
    return fail(
      "InvalidArgument",
      "The argument is invalid or missing or has an incorrect format."
    );
  const s = String(input);
  if (s === "") return { value: null };
  if (s.startsWith("'")) return { value: s.slice(1), quotePrefix: true };
  // A cell formatted as Text keeps what is written as text, a formula too ("Text format cells are treated as
  // text even when a number is in the cell. The cell is displayed exactly as entered": Excel.NumberFormatCategory,
  // learn.microsoft.com/javascript/api/excel/excel.numberformatcategory). Only a number format set first helps.
  if (numberFormat === "@") return { value: s };
  if (s.length > 1 && s.startsWith("=")) return { value: null, formula: s };
  const t = s
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[％]/g, "%")
    .replace(/[．]/g, ".");
  const number = /^([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)([eE][+-]?\d+)?(%?)$/.exec(t);
  if (number) {
    const n = Number(`${number[1]}${number[2].replace(/,/g, "")}${number[3] ?? ""}`);
    return { value: number[4] ? n / 100 : n };
  }
  if (/^[+\-@]/.test(s))
    return { value: null, formula: s.startsWith("@") ? `=${s.slice(1)}` : `=${s}` };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === "true" };
  if (ERROR_LITERAL.test(t)) return { value: { error: t.toUpperCase() } };
  const isDate = /^\d{1,4}\s*[-/年]\s*\d{1,2}(\s*[-/月]\s*\d{1,4}\s*日?)?$/.test(t);
  const isTime = /^\d{1,2}\s*[:：]\s*\d{2}(\s*[:：]\s*\d{2})?(\s*[AaPp][Mm])?$/.test(t);
  if (isDate || isTime) {
    // Excel stores a typed date as its serial number and gives a cell of the General format a date (or time)
    // format to show it ("When you type something like 2/2 in a cell, Excel thinks that you're typing a date and
    // formats it according to the default date setting": support.microsoft.com, "Format a date the way you want").
    const shown =
      numberFormat === undefined || numberFormat === "General"
        ? { numberFormat: isTime ? "h:mm" : "yyyy/m/d" }
        : {};
    return { value: typedSerial(t, date1904) ?? DATE_STAND_IN, ...shown };
  }
  return { value: s };
}

/**
 * The serial number of a typed date that reads one way only — year first (2024-05-01, 2024/5/1, 2024年5月1日) —
 * or of a time of day (8:30, 08:30:15), in the workbook's date system; undefined for the others (1/2: day or
 * month first depends on the language of Excel), which get DATE_STAND_IN.
 */
function typedSerial(t: string, date1904: boolean): number | undefined {
  const date = /^(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const utc = Date.UTC(year, month - 1, day);
    const back = new Date(utc);
    if (year < 1904 || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day)
      return undefined;
    return (utc - Date.UTC(1899, 11, 30)) / 86_400_000 - (date1904 ? 1462 : 0);
  }
  const time = /^(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?$/.exec(t);
  if (time) {
    const [h, m, sec] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
    if (h > 23 || m > 59 || sec > 59) return undefined;
    return (h * 3600 + m * 60 + sec) / 86_400;
  }
  return undefined;
}

/** What `values` reports for a cell. */
function officeValue(cell: FakeCell | undefined): string | number | boolean {
  if (!cell) return "";
  const v = cell.value;
  if (v === null) return "";
  if (typeof v === "object") return v.error;
  return v;
}

function officeType(cell: FakeCell | undefined): string {
  if (!cell || cell.value === null || cell.value === "") return "Empty";
  const v = cell.value;
  if (typeof v === "object") return "Error";
  if (typeof v === "number") return "Double";
  if (typeof v === "boolean") return "Boolean";
  return "String";
}

const hasContent = (c: FakeCell) => c.formula !== undefined || (c.value !== null && c.value !== "");

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/* ---------- the fake ---------- */

/** The newest ExcelApi requirement set in the Office.js typings this project builds with. */
export const NEWEST_EXCEL_API = "1.21";

export interface FakeOptions {
  /** The highest ExcelApi requirement set supported (default the newest, NEWEST_EXCEL_API). */
  apiVersion?: string;
  /** Called after each sync that wrote something, e.g. to compute formula values. */
  calculate?: (fake: FakeExcel) => void;
}

/** Called as each sync starts (after stats.syncs counts it): the user acting between two requests. */
export type SyncHook = (fake: FakeExcel) => void;

export class FakeExcel {
  readonly model: FakeWorkbookModel;
  failures: FakeFailures = {};
  apiVersion: string;
  calculate?: (fake: FakeExcel) => void;
  onSync?: SyncHook;
  stats: FakeStats = FakeExcel.zeroStats();
  writes: RangeWrite[] = [];
  /** Actions registered through Office.actions.associate. */
  readonly actions = new Map<string, (...args: unknown[]) => unknown>();
  /** Dialogs opened through Office.context.ui.displayDialogAsync. */
  readonly dialogs: FakeDialog[] = [];
  private commandsSinceArmed = 0;
  private nextRuleId = 1;

  constructor(model?: Partial<FakeWorkbookModel>, options: FakeOptions = {}) {
    this.model = {
      sheets: model?.sheets ?? [],
      names: model?.names ?? [],
      protected: model?.protected ?? false,
      ...(model?.date1904 ? { date1904: true } : {}),
    };
    this.apiVersion = options.apiVersion ?? NEWEST_EXCEL_API;
    this.calculate = options.calculate;
  }

  static zeroStats(): FakeStats {
    return {
      syncs: 0,
      writeSyncs: 0,
      propertySets: 0,
      methodCalls: 0,
      loads: 0,
      writeCommands: 0,
      rangeWrites: 0,
      cellsWritten: 0,
    };
  }

  /** Property sets and method calls. */
  get apiCalls(): number {
    return this.stats.propertySets + this.stats.methodCalls;
  }

  resetStats(): void {
    this.stats = FakeExcel.zeroStats();
    this.writes = [];
  }

  /** Arms the failure of the k-th write command from now. */
  failAtCommand(k: number): void {
    this.failures.failAtCommand = k;
    this.commandsSinceArmed = 0;
  }

  supports(version: string): boolean {
    return compareVersions(version, this.apiVersion) <= 0;
  }

  /**
   * A member of requirement set ExcelApi `version`, called on a host that stops below it: office.js checks this
   * on the client, before anything is queued, and throws an OfficeExtension.Error whose code is ApiNotFound with
   * its "apiNotFoundDetails" message (OfficeExtension.ErrorCodes.apiNotFound; the message text is office.js's
   * Strings.OfficeOM.L_ApiNotFoundDetails).
   */
  requireApi(member: string, version: string): void {
    if (!this.supports(version))
      fail(
        "ApiNotFound",
        `The method or property ${member} is part of the ExcelApi ${version} requirement set, which is not available in your version of Excel.`
      );
  }

  /** The sheet shown in Excel: the one last activated, else the first visible one. */
  activeSheet(): FakeSheet | undefined {
    const named = this.model.activeSheet ? this.sheet(this.model.activeSheet) : undefined;
    if (named?.visibility === "Visible") return named;
    return this.model.sheets.find((s) => s.visibility === "Visible");
  }

  /** Event handlers registered (and not removed), by event: "WorksheetCollection.onChanged". */
  readonly eventHandlers = new Map<string, Set<(args: unknown) => unknown>>();

  /** How many handlers are registered for an event. */
  handlerCount(event = "WorksheetCollection.onChanged"): number {
    return this.eventHandlers.get(event)?.size ?? 0;
  }

  /** Calls every handler registered for the event, as Excel does after a change (the user typing, say). */
  async fire(event = "WorksheetCollection.onChanged", args: unknown = {}): Promise<void> {
    for (const handler of [...(this.eventHandlers.get(event) ?? [])]) await handler(args);
  }

  ruleId(): string {
    return `{fake-cf-${this.nextRuleId++}}`;
  }

  sheet(name: string): FakeSheet | undefined {
    const key = name.toLowerCase();
    return this.model.sheets.find((s) => s.name.toLowerCase() === key);
  }

  /** Sets a cell directly (test set-up), typed as Excel would; `computed` is a formula's value. */
  setCell(sheetName: string, address: string, input: unknown, computed?: FakeValue): void {
    const sheet = this.sheet(sheetName) ?? fail("ItemNotFound", `no sheet ${sheetName}`);
    const r = parseRect(address);
    const key = `${r.r1},${r.c1}`;
    const before = sheet.cells.get(key);
    const t = typed(input, before?.numberFormat, this.model.date1904) ?? {};
    const cell: FakeCell = {
      value: null,
      ...(before?.numberFormat ? { numberFormat: before.numberFormat } : {}),
      ...(before?.format ? { format: before.format } : {}),
      ...t,
    };
    if (cell.formula !== undefined && computed !== undefined) cell.value = computed;
    sheet.cells.set(key, cell);
  }

  /** A fake workbook holding a snapshot's sheets (values, formulas with their values, merges, hidden) and names. */
  static fromSnapshot(snapshot: WorkbookSnapshot, options: FakeOptions = {}): FakeExcel {
    const fake = new FakeExcel({}, options);
    for (const s of snapshot.sheets) {
      const sheet = emptySheet(s.name);
      if (s.hidden) sheet.visibility = "Hidden";
      sheet.merges = [...s.merges];
      s.values.forEach((row, r) =>
        row.forEach((value, c) => {
          const formula = s.formulas[r]?.[c] ?? undefined;
          if (formula === undefined && (value === null || value === "")) return;
          sheet.cells.set(
            `${r},${c}`,
            formula !== undefined && formula !== null ? { value, formula } : { value }
          );
        })
      );
      fake.model.sheets.push(sheet);
    }
    for (const n of snapshot.names)
      fake.model.names.push({ name: n.name, formula: nameFormula(n.ref) });
    sortNames(fake.model);
    return fake;
  }

  /** The workbook as a snapshot: values and formulas from A1 to the last used cell, merges, hidden, names. */
  toSnapshot(): WorkbookSnapshot {
    return {
      sheets: this.model.sheets.map((sheet) => {
        let rows = 0;
        let cols = 0;
        for (const [key, cell] of sheet.cells) {
          if (!hasContent(cell)) continue;
          const [r, c] = key.split(",").map(Number);
          rows = Math.max(rows, r + 1);
          cols = Math.max(cols, c + 1);
        }
        const values: CellValue[][] = Array.from({ length: rows }, () =>
          new Array<CellValue>(cols).fill(null)
        );
        const formulas: (string | null)[][] = Array.from({ length: rows }, () =>
          new Array<string | null>(cols).fill(null)
        );
        for (const [key, cell] of sheet.cells) {
          if (!hasContent(cell)) continue;
          const [r, c] = key.split(",").map(Number);
          values[r][c] = cell.value === "" ? null : cell.value;
          formulas[r][c] = cell.formula ?? null;
        }
        return {
          name: sheet.name,
          hidden: sheet.visibility !== "Visible",
          values,
          formulas,
          merges: [...sheet.merges],
        };
      }),
      names: this.model.names.map((n) => {
        const ref = splitRef(n.formula);
        return {
          name: n.name,
          ref: ref
            ? `'${ref.sheet.replace(/'/g, "''")}'!${ref.address}`
            : n.formula.replace(/^=/, ""),
        };
      }),
    };
  }

  /** A deep copy of the workbook state, for "unchanged" assertions (rule ids included). */
  state(): unknown {
    return JSON.parse(
      JSON.stringify(this.model, (_key, value: unknown) => {
        if (value instanceof Map)
          return [...value.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        if (value instanceof Set) return [...value.values()].sort();
        return value;
      })
    );
  }

  /**
   * Runs a batch like Excel.run: a fresh request context, or the one given (`Excel.run(context, batch)` and
   * `Excel.run(object, batch)` reuse the context of a previous batch — how an event handler is removed);
   * pending commands are synced at the end.
   */
  async run<T>(batch: (context: FakeContext) => Promise<T>, reuse?: FakeContext): Promise<T> {
    const context = reuse ?? new FakeContext(this);
    const result = await batch(context);
    if (context.pending()) await context.sync();
    return result;
  }

  /** Called by a context's sync: the command counter for failAtCommand. */
  countCommand(): boolean {
    if (this.failures.failAtCommand === undefined) return false;
    this.commandsSinceArmed++;
    if (this.commandsSinceArmed >= this.failures.failAtCommand) {
      this.failures.failAtCommand = undefined;
      return true;
    }
    return false;
  }
}

/** Excel lists names alphabetically, without regard to case. */
function sortNames(model: FakeWorkbookModel): void {
  const key = (n: FakeName) => n.name.toLowerCase();
  model.names.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A snapshot ref ("'基础数据'!$B$7") as Excel reports a name's formula ("=基础数据!$B$7"). */
function nameFormula(ref: string): string {
  const r = splitRef(ref);
  return r ? `=${sheetInRef(r.sheet)}!${r.address.toUpperCase()}` : `=${ref.replace(/^=/, "")}`;
}

/* ---------- request context and proxies ---------- */

const NULL = Symbol("null object");
type Resolved<T> = T | typeof NULL;

interface Command {
  write: boolean;
  bytes: number;
  /** Writes to cells of this sheet (refused when it is protected). */
  cellsOf?: () => FakeSheet | undefined;
  /** Changes the workbook's structure (refused when it is protected). */
  structure?: boolean;
  run(): void;
}

export class FakeContext {
  readonly workbook: FakeWorkbook;
  private queue: Command[] = [];
  private proxies: FakeObject<unknown>[] = [];
  syncCount = 0;

  constructor(readonly fake: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
  }

  pending(): boolean {
    return this.queue.length > 0;
  }

  track(proxy: FakeObject<unknown>): void {
    this.proxies.push(proxy);
  }

  push(command: Command): void {
    if (command.write) this.fake.stats.writeCommands++;
    this.queue.push(command);
  }

  async sync(): Promise<void> {
    const fake = this.fake;
    fake.stats.syncs++;
    const queue = this.queue;
    this.queue = [];
    await Promise.resolve();
    fake.onSync?.(fake);
    const writes = queue.some((c) => c.write);
    const edit = fake.failures.cellEditMode;
    if (edit === true || (edit === "writes" && writes))
      fail(
        "InvalidOperationInCellEditMode",
        "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again."
      );
    const bytes = queue.reduce((n, c) => n + c.bytes, 0);
    if (fake.failures.payloadLimit !== undefined && bytes > fake.failures.payloadLimit)
      fail(
        "RequestPayloadSizeLimitExceeded",
        `The request payload size has exceeded the limit (${bytes} bytes).`
      );
    if (writes) fake.stats.writeSyncs++;
    this.syncCount++;
    try {
      queue.forEach((command, i) => {
        if (command.write) {
          if (fake.countCommand())
            fail("GeneralException", "An internal error has occurred.", `command ${i}`);
          if (command.structure && fake.model.protected)
            fail("AccessDenied", "The workbook is protected.", `command ${i}`);
          const sheet = command.cellsOf?.();
          if (sheet?.protected)
            fail(
              "AccessDenied",
              "The cell or chart you're trying to change is on a protected sheet.",
              `command ${i}`
            );
        }
        command.run();
      });
    } finally {
      for (const proxy of this.proxies) proxy.settle();
      if (writes) fake.calculate?.(fake);
    }
  }
}

function labelled<P extends { label: string }>(proxy: P, label: string): P {
  proxy.label = label;
  return proxy;
}

function parsePaths(spec: unknown): string[] {
  if (spec === undefined || spec === null) return ["*"];
  if (typeof spec === "string")
    return spec
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(spec)) return spec.flatMap((s) => parsePaths(s));
  if (typeof spec === "object" && "select" in spec)
    return parsePaths((spec as { select: unknown }).select);
  return ["*"];
}

function notLoaded(prop: string): never {
  return fail(
    "PropertyNotLoaded",
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`
  );
}

abstract class FakeObject<T> {
  protected loaded = new Map<string, unknown>();
  private nullState: boolean | undefined;
  private readonly children = new Map<string, unknown>();
  /** How the proxy was reached (sheet name, range address), for the write log. */
  label = "";
  private readonly createdAt: number;

  constructor(
    readonly context: FakeContext,
    protected readonly resolver: () => Resolved<T>
  ) {
    this.createdAt = context.syncCount;
    context.track(this as FakeObject<unknown>);
  }

  get fake(): FakeExcel {
    return this.context.fake;
  }

  /** A navigation property's proxy: created once, as Office.js caches them (so what was loaded stays readable). */
  protected child<C>(key: string, make: () => C): C {
    let c = this.children.get(key) as C | undefined;
    if (c === undefined) {
      c = make();
      this.children.set(key, c);
    }
    return c;
  }

  get isNullObject(): boolean {
    if (this.nullState === undefined) return notLoaded("isNullObject");
    return this.nullState;
  }

  /** After a sync: isNullObject becomes known for proxies created before it. */
  settle(): void {
    if (this.nullState !== undefined || this.createdAt >= this.context.syncCount) return;
    try {
      this.nullState = this.resolver() === NULL;
    } catch {
      // an item that does not exist: isNullObject stays unknown (reading it throws)
    }
  }

  resolve(): Resolved<T> {
    return this.resolver();
  }

  /** The target, or undefined for a null object (calls on it do nothing). */
  target(): T | undefined {
    const t = this.resolver();
    return t === NULL ? undefined : t;
  }

  protected read(prop: string): unknown {
    if (!this.loaded.has(prop)) return notLoaded(prop);
    return this.loaded.get(prop);
  }

  /** Scalar properties `load()` without arguments (or "*") loads. */
  protected scalars(): string[] {
    return [];
  }

  /** A scalar property's current value in the model. */
  protected scalar(_target: T, prop: string): unknown {
    return fail("InvalidArgument", `The property '${prop}' cannot be loaded on this fake object.`);
  }

  /** A navigation property (for nested loads). */
  protected nav(_prop: string): FakeObject<unknown> | undefined {
    return undefined;
  }

  load(spec?: unknown): this {
    this.fake.stats.methodCalls++;
    this.fake.stats.loads++;
    const paths = parsePaths(spec);
    this.context.push({
      write: false,
      bytes: 100 + utf8Length(JSON.stringify(paths)),
      run: () => this.loadNow(paths),
    });
    return this;
  }

  /** Executes a load (at sync). */
  loadNow(paths: string[]): void {
    const t = this.resolver();
    if (t === NULL) {
      this.nullState = true;
      return;
    }
    this.nullState = false;
    for (const path of paths) {
      const [head, ...rest] = path.split("/");
      if (head === "*" || head === "$all") {
        for (const p of this.scalars()) this.loaded.set(p, this.scalar(t, p));
        continue;
      }
      const child = this.nav(head);
      if (child) {
        child.loadNow(rest.length ? [rest.join("/")] : ["*"]);
        continue;
      }
      this.loaded.set(head, this.scalar(t, head));
    }
  }

  /** Queues a property set. */
  protected set(
    prop: string,
    value: unknown,
    apply: (target: T) => void,
    extra: Partial<Command> = {}
  ): void {
    this.fake.stats.propertySets++;
    this.context.push({
      write: true,
      bytes: 100 + utf8Length(JSON.stringify(value ?? null)) + prop.length,
      ...extra,
      run: () => {
        const t = this.target();
        if (t !== undefined) apply(t);
      },
    });
  }

  /** Queues a method call with an effect. */
  protected call(
    name: string,
    args: unknown[],
    apply: (target: T) => void,
    extra: Partial<Command> = {}
  ): void {
    this.fake.stats.methodCalls++;
    this.context.push({
      write: true,
      bytes: 100 + utf8Length(JSON.stringify(args)) + name.length,
      ...extra,
      run: () => {
        const t = this.target();
        if (t !== undefined) apply(t);
      },
    });
  }

  /** Counts a navigation call (getItem, getRange …): no command. */
  protected navigate(): void {
    this.fake.stats.methodCalls++;
  }
}

abstract class FakeCollection<T, I extends FakeObject<unknown>> extends FakeObject<T> {
  private itemList: I[] | undefined;

  get items(): I[] {
    if (!this.itemList) return notLoaded("items");
    return this.itemList;
  }

  /** The item proxies for the collection's current members. */
  protected abstract members(target: T): I[];

  loadNow(paths: string[]): void {
    const t = this.resolve();
    if (t === NULL) {
      super.loadNow(paths);
      return;
    }
    super.loadNow([]);
    const items = this.members(t);
    this.itemList = items;
    const itemPaths = paths.map((p) =>
      p.startsWith("items/") ? p.slice(6) : p === "items" ? "*" : p
    );
    for (const item of items) item.loadNow(itemPaths);
  }
}

/* ---------- workbook, worksheets, names ---------- */

class FakeWorkbook extends FakeObject<FakeWorkbookModel> {
  readonly worksheets: FakeWorksheetCollection;
  readonly names: FakeNamedItemCollection;
  private readonly workbookProtection: FakeWorkbookProtection;

  constructor(context: FakeContext) {
    super(context, () => context.fake.model);
    this.worksheets = new FakeWorksheetCollection(context);
    this.names = new FakeNamedItemCollection(context);
    this.workbookProtection = new FakeWorkbookProtection(context);
  }

  /** Workbook.protection: [Api set: ExcelApi 1.7]. */
  get protection(): FakeWorkbookProtection {
    this.fake.requireApi("Workbook.protection", "1.7");
    return this.workbookProtection;
  }

  /** Workbook.functions: [Api set: ExcelApi 1.2], "a collection of worksheet functions that can be used for computation". */
  get functions(): FakeFunctions {
    this.fake.requireApi("Workbook.functions", "1.2");
    return this.child("functions", () => new FakeFunctions(this.context));
  }
}

/**
 * Excel.Functions (learn.microsoft.com/javascript/api/excel/excel.functions): the worksheet functions, each
 * giving a FunctionResult to load. Only DATE, which the host asks to learn the workbook's date system: "year Is a
 * number from 1900 or 1904 (depending on the workbook's date system) to 9999" (Functions.date, [Api set: ExcelApi
 * 1.2]) — DATE(1904,1,1) is 1462 in the 1900 date system and 0 in the 1904 one.
 */
class FakeFunctions {
  constructor(readonly context: FakeContext) {}

  date(year: number, month: number, day: number): FakeFunctionResult {
    this.context.fake.stats.methodCalls++;
    return new FakeFunctionResult(this.context, (model) => {
      const first = model.date1904 ? 1904 : 1900;
      if (year < first || year > 9999) return { error: "#NUM!" };
      const days = (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000;
      return { value: days - (model.date1904 ? 1462 : 0) };
    });
  }
}

/**
 * Excel.FunctionResult (learn.microsoft.com/javascript/api/excel/excel.functionresult): `value`, or `error` ("such
 * as #DIV/0") when the function failed — an error does not fail the sync.
 */
class FakeFunctionResult extends FakeObject<FakeWorkbookModel> {
  constructor(
    context: FakeContext,
    private readonly compute: (model: FakeWorkbookModel) => { value?: number; error?: string }
  ) {
    super(context, () => context.fake.model);
  }
  protected scalars() {
    return ["value", "error"];
  }
  protected scalar(t: FakeWorkbookModel, prop: string) {
    if (prop === "value") return this.compute(t).value ?? null;
    if (prop === "error") return this.compute(t).error ?? "";
    return super.scalar(t, prop);
  }
  get value(): number {
    return this.read("value") as number;
  }
  get error(): string {
    return this.read("error") as string;
  }
}

class FakeWorkbookProtection extends FakeObject<FakeWorkbookModel> {
  constructor(context: FakeContext) {
    super(context, () => context.fake.model);
  }
  protected scalars() {
    return ["protected"];
  }
  protected scalar(t: FakeWorkbookModel, prop: string) {
    if (prop === "protected") return t.protected;
    return super.scalar(t, prop);
  }
  get protected(): boolean {
    return this.read("protected") as boolean;
  }
}

class FakeWorksheetCollection extends FakeCollection<FakeWorkbookModel, FakeWorksheet> {
  constructor(context: FakeContext) {
    super(context, () => context.fake.model);
  }

  protected members(t: FakeWorkbookModel): FakeWorksheet[] {
    return t.sheets.map((s) =>
      labelled(
        new FakeWorksheet(this.context, () =>
          t.sheets.includes(s) ? s : fail("ItemNotFound", "The requested resource doesn't exist.")
        ),
        s.name
      )
    );
  }

  getItem(name: string): FakeWorksheet {
    this.navigate();
    const fake = this.fake;
    return labelled(
      new FakeWorksheet(
        this.context,
        () =>
          fake.sheet(name) ??
          fail("ItemNotFound", `The requested resource doesn't exist (sheet ${name}).`)
      ),
      name
    );
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    this.fake.requireApi("WorksheetCollection.getItemOrNullObject", "1.4");
    this.navigate();
    const fake = this.fake;
    return labelled(new FakeWorksheet(this.context, () => fake.sheet(name) ?? NULL), name);
  }

  getActiveWorksheet(): FakeWorksheet {
    this.navigate();
    const fake = this.fake;
    return new FakeWorksheet(
      this.context,
      () => fake.activeSheet() ?? fail("ItemNotFound", "no active worksheet")
    );
  }

  /**
   * WorksheetCollection.onChanged ([Api set: ExcelApi 1.9]): `add` returns an EventHandlerResult at once; the
   * handler is registered with the next sync. "The same RequestContext object that the handler was added in must
   * be used when removing the handler" (OfficeExtension.EventHandlerResult,
   * learn.microsoft.com/javascript/api/office/officeextension.eventhandlerresult): `remove()` is queued in that
   * context, and takes effect at its next sync.
   */
  get onChanged(): FakeEventHandlers {
    this.fake.requireApi("WorksheetCollection.onChanged", "1.9");
    return new FakeEventHandlers(this.context, "WorksheetCollection.onChanged");
  }

  add(name?: string): FakeWorksheet {
    const fake = this.fake;
    const sheetName = name ?? `Sheet${fake.model.sheets.length + 1}`;
    this.call(
      "add",
      [sheetName],
      (model) => {
        if (fake.sheet(sheetName))
          fail(
            "ItemAlreadyExists",
            `A resource with the same name or identifier already exists (sheet ${sheetName}).`
          );
        if (!/^[^:\\/?*[\]]{1,31}$/.test(sheetName) || /^'|'$/.test(sheetName))
          fail("InvalidArgument", `The sheet name "${sheetName}" is not valid.`);
        model.sheets.push(emptySheet(sheetName));
      },
      { structure: true }
    );
    return labelled(
      new FakeWorksheet(
        this.context,
        () => fake.sheet(sheetName) ?? fail("ItemNotFound", `sheet ${sheetName}`)
      ),
      sheetName
    );
  }
}

class FakeWorksheet extends FakeObject<FakeSheet> {
  protected scalars() {
    return ["name", "visibility", "tabColor"];
  }
  protected scalar(t: FakeSheet, prop: string) {
    if (prop === "name") return t.name;
    if (prop === "visibility") return t.visibility;
    if (prop === "tabColor") return t.tabColor ?? "";
    if (prop === "position") return this.fake.model.sheets.indexOf(t);
    return super.scalar(t, prop);
  }
  protected nav(prop: string) {
    if (prop === "protection") return this.protection;
    return undefined;
  }

  get name(): string {
    return this.read("name") as string;
  }
  get visibility(): string {
    return this.read("visibility") as string;
  }
  set visibility(value: string) {
    const fake = this.fake;
    this.set(
      "visibility",
      value,
      (sheet) => {
        if (
          value !== "Visible" &&
          !fake.model.sheets.some((s) => s !== sheet && s.visibility === "Visible")
        )
          fail("InvalidOperation", "A workbook must contain at least one visible worksheet.");
        sheet.visibility = value as FakeSheet["visibility"];
      },
      { structure: true }
    );
  }
  get tabColor(): string {
    return this.read("tabColor") as string;
  }
  set tabColor(value: string) {
    this.fake.requireApi("Worksheet.tabColor", "1.7");
    this.set("tabColor", value, (sheet) => {
      sheet.tabColor = value.replace(/^#/, "").toUpperCase();
    });
  }

  get protection(): FakeWorksheetProtection {
    this.fake.requireApi("Worksheet.protection", "1.2");
    return this.child(
      "protection",
      () => new FakeWorksheetProtection(this.context, () => this.resolve())
    );
  }

  get freezePanes(): FakeFreezePanes {
    this.fake.requireApi("Worksheet.freezePanes", "1.7");
    return this.child("freezePanes", () => new FakeFreezePanes(this.context, () => this.resolve()));
  }

  get pageLayout(): FakePageLayout {
    this.fake.requireApi("Worksheet.pageLayout", "1.9");
    return this.child("pageLayout", () => new FakePageLayout(this.context, () => this.resolve()));
  }

  get notes(): FakeNotes {
    this.fake.requireApi("Worksheet.notes", "1.18");
    return this.child("notes", () => new FakeNotes(this.context, () => this.resolve()));
  }

  /** Worksheet.activate() ([Api set: ExcelApi 1.1]): the sheet becomes the one shown. */
  activate(): void {
    const fake = this.fake;
    this.call("activate", [], (sheet) => void (fake.model.activeSheet = sheet.name));
  }

  delete(): void {
    const fake = this.fake;
    this.call(
      "delete",
      [],
      (sheet) => {
        if (!fake.model.sheets.some((s) => s !== sheet && s.visibility === "Visible"))
          fail("InvalidOperation", "A workbook must contain at least one visible worksheet.");
        fake.model.sheets = fake.model.sheets.filter((s) => s !== sheet);
        // Names on the sheet turn into #REF!, as in Excel.
        for (const n of fake.model.names) {
          const ref = splitRef(n.formula);
          if (ref && ref.sheet.toLowerCase() === sheet.name.toLowerCase())
            n.formula = `=#REF!${ref.address}`;
        }
      },
      { structure: true }
    );
  }

  getRange(address?: string): FakeRange {
    this.navigate();
    return labelled(
      new FakeRange(
        this.context,
        () => this.resolve(),
        () => [parseRect(address ?? "")]
      ),
      `${this.label}!${address ?? ""}`
    );
  }

  getRanges(address: string): FakeRange {
    this.fake.requireApi("Worksheet.getRanges", "1.9");
    this.navigate();
    return labelled(
      new FakeRange(
        this.context,
        () => this.resolve(),
        () => address.split(",").map(parseRect)
      ),
      `${this.label}!${address}`
    );
  }

  getUsedRange(valuesOnly?: boolean): FakeRange {
    this.navigate();
    return new FakeRange(
      this.context,
      () => this.resolve(),
      (sheet) => [usedRect(sheet, !!valuesOnly) ?? { r1: 0, c1: 0, r2: 0, c2: 0 }]
    );
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.fake.requireApi("Worksheet.getUsedRangeOrNullObject", "1.4");
    this.navigate();
    return new FakeRange(
      this.context,
      () => this.resolve(),
      (sheet) => {
        const r = usedRect(sheet, !!valuesOnly);
        return r ? [r] : NULL;
      }
    );
  }
}

function usedRect(sheet: FakeSheet, valuesOnly: boolean, within?: Rect): Rect | undefined {
  let rect: Rect | undefined;
  for (const [key, cell] of sheet.cells) {
    if (valuesOnly ? !hasContent(cell) : !hasContent(cell) && !cell.format && !cell.numberFormat)
      continue;
    const [r, c] = key.split(",").map(Number);
    if (within && (r < within.r1 || r > within.r2 || c < within.c1 || c > within.c2)) continue;
    rect = rect
      ? {
          r1: Math.min(rect.r1, r),
          c1: Math.min(rect.c1, c),
          r2: Math.max(rect.r2, r),
          c2: Math.max(rect.c2, c),
        }
      : { r1: r, c1: c, r2: r, c2: c };
  }
  return rect;
}

class FakeWorksheetProtection extends FakeObject<FakeSheet> {
  protected scalars() {
    return ["protected"];
  }
  protected scalar(t: FakeSheet, prop: string) {
    if (prop === "protected") return t.protected;
    return super.scalar(t, prop);
  }
  get protected(): boolean {
    return this.read("protected") as boolean;
  }
}

/** The objects reached through Worksheet.freezePanes (ExcelApi 1.7), pageLayout (1.9), notes (1.18): checked there. */
class FakeFreezePanes extends FakeObject<FakeSheet> {
  freezeRows(count: number): void {
    this.call("freezeRows", [count], (s) => void (s.freeze = { rows: count, cols: 0 }));
  }
  freezeColumns(count: number): void {
    this.call("freezeColumns", [count], (s) => void (s.freeze = { rows: 0, cols: count }));
  }
  freezeAt(range: string | FakeRange): void {
    const address = typeof range === "string" ? range : "";
    if (typeof range !== "string") fail("InvalidArgument", "fake: freezeAt takes an address");
    this.call("freezeAt", [address], (s) => {
      const r = parseRect(address);
      s.freeze = { rows: r.r2 + 1, cols: r.c2 + 1 };
    });
  }
  unfreeze(): void {
    this.call("unfreeze", [], (s) => void delete s.freeze);
  }
}

class FakePageLayout extends FakeObject<FakeSheet> {
  private setLayout(prop: string, value: unknown): void {
    this.set(prop, value, (s) => void (s.pageLayout[prop] = value));
  }
  set orientation(value: string) {
    this.setLayout("orientation", value);
  }
  set paperSize(value: string) {
    this.setLayout("paperSize", value);
  }
  set zoom(value: unknown) {
    this.setLayout("zoom", value);
  }
  setPrintTitleRows(rows: string): void {
    this.call("setPrintTitleRows", [rows], (s) => void (s.pageLayout.printTitleRows = rows));
  }
  /**
   * PageLayout.setPrintMargins(unit, marginOptions) (ExcelApi 1.9): "Sets the worksheet's page margins with units.
   * Margins not provided remain unchanged." The margins are then read as leftMargin … footerMargin, in points.
   * https://learn.microsoft.com/en-us/javascript/api/excel/excel.pagelayout#excel-excel-pagelayout-setprintmargins-member(1)
   */
  setPrintMargins(unit: string, options: Record<string, number | undefined>): void {
    const perUnit: Record<string, number> = { Points: 1, Inches: 72, Centimeters: 72 / 2.54 };
    if (!(unit in perUnit)) fail("InvalidArgument", `fake: setPrintMargins unit ${unit}`);
    const sides = ["left", "right", "top", "bottom", "header", "footer"];
    for (const key of Object.keys(options))
      if (!sides.includes(key)) fail("InvalidArgument", `fake: setPrintMargins has no ${key}`);
    this.call("setPrintMargins", [unit, options], (s) => {
      for (const side of sides) {
        const value = options[side];
        if (value !== undefined) s.pageLayout[`${side}Margin`] = value * perUnit[unit];
      }
    });
  }
}

class FakeNotes extends FakeObject<FakeSheet> {
  add(address: string, content: string): void {
    this.call("add", [address, content], (s) => void s.notes.push({ address, content }), {
      cellsOf: () => this.target(),
    });
  }
}

class FakeNamedItemCollection extends FakeCollection<FakeWorkbookModel, FakeNamedItem> {
  constructor(context: FakeContext) {
    super(context, () => context.fake.model);
  }
  protected members(t: FakeWorkbookModel): FakeNamedItem[] {
    return t.names.map(
      (n) =>
        new FakeNamedItem(this.context, () =>
          t.names.includes(n) ? n : fail("ItemNotFound", "name")
        )
    );
  }
  private find(name: string): FakeName | undefined {
    return this.fake.model.names.find((n) => n.name.toLowerCase() === name.toLowerCase());
  }
  getItem(name: string): FakeNamedItem {
    this.navigate();
    return new FakeNamedItem(
      this.context,
      () =>
        this.find(name) ??
        fail("ItemNotFound", `The requested resource doesn't exist (name ${name}).`)
    );
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    this.fake.requireApi("NamedItemCollection.getItemOrNullObject", "1.4");
    this.navigate();
    return new FakeNamedItem(this.context, () => this.find(name) ?? NULL);
  }
  add(name: string, reference: string, comment?: string): FakeNamedItem {
    const fake = this.fake;
    fake.requireApi("NamedItemCollection.add", "1.4");
    this.call("add", [name, reference, comment ?? ""], (model) => {
      if (this.find(name))
        fail(
          "ItemAlreadyExists",
          `A resource with the same name or identifier already exists (name ${name}).`
        );
      if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name) || /^([A-Za-z]{1,3}\d+|[RrCc])$/.test(name))
        fail("InvalidArgument", `The name "${name}" is not valid.`);
      const ref = splitRef(reference);
      if (ref && !fake.sheet(ref.sheet))
        fail("InvalidReference", `The reference "${reference}" is not valid.`);
      model.names.push({
        name,
        formula: ref ? nameFormula(reference.replace(/^=/, "")) : reference,
      });
      sortNames(model);
    });
    return new FakeNamedItem(this.context, () => this.find(name) ?? fail("ItemNotFound", name));
  }
}

class FakeNamedItem extends FakeObject<FakeName> {
  protected scalars() {
    return ["name", "type", "formula", "value", "visible"];
  }
  protected scalar(t: FakeName, prop: string) {
    const ref = splitRef(t.formula);
    switch (prop) {
      case "name":
        return t.name;
      case "formula":
        return t.formula;
      case "type":
        return t.formula.includes("#REF!") ? "Error" : ref ? "Range" : "String";
      case "value":
        return t.formula.replace(/^=/, "");
      case "visible":
        return true;
    }
    return super.scalar(t, prop);
  }
  get name(): string {
    return this.read("name") as string;
  }
  get type(): string {
    return this.read("type") as string;
  }
  /**
   * NamedItem.formula ([Api set: ExcelApi 1.7]) as Excel gives it: "=" and the reference as Name Manager shows
   * it — the sheet quoted only where it must be ("=基础数据!$B$7", "='基础数据 (2)'!$B$7"), "=#REF!$B$7" once the
   * sheet is deleted ("Formulas always start with an equal sign": learn.microsoft.com/javascript/api/excel/
   * excel.nameditem#excel-excel-nameditem-formula-member).
   */
  get formula(): string {
    this.fake.requireApi("NamedItem.formula", "1.7");
    return this.read("formula") as string;
  }
  delete(): void {
    const fake = this.fake;
    fake.requireApi("NamedItem.delete", "1.4");
    this.call(
      "delete",
      [],
      (n) => void (fake.model.names = fake.model.names.filter((x) => x !== n))
    );
  }
}

/* ---------- ranges ---------- */

type Areas = Rect[] | typeof NULL;

const FIVE_MILLION = 5_000_000;

class FakeRange extends FakeObject<{ sheet: FakeSheet; areas: Rect[] }> {
  constructor(
    context: FakeContext,
    sheetOf: () => Resolved<FakeSheet>,
    areasOf: (sheet: FakeSheet) => Areas
  ) {
    super(context, () => {
      const sheet = sheetOf();
      if (sheet === NULL) return NULL;
      const areas = areasOf(sheet);
      return areas === NULL ? NULL : { sheet, areas };
    });
  }

  private sheetOnly(): FakeSheet | undefined {
    return this.target()?.sheet;
  }

  private area(t: { areas: Rect[] }): Rect {
    if (t.areas.length !== 1) fail("InvalidOperation", "fake: this operation needs a single area");
    return t.areas[0];
  }

  protected scalars() {
    return [
      "address",
      "values",
      "formulas",
      "valueTypes",
      "numberFormat",
      "rowCount",
      "columnCount",
      "rowIndex",
      "columnIndex",
    ];
  }

  protected scalar(t: { sheet: FakeSheet; areas: Rect[] }, prop: string): unknown {
    const r = this.area(t);
    const grid = <V>(f: (cell: FakeCell | undefined) => V): V[][] | null => {
      // "On all platforms, a range is limited to five million cells for get operations", and over it Range.values
      // "returns null instead" of throwing (learn.microsoft.com/office/dev/add-ins/excel/performance, payload size
      // limit; office-js #4783: a used range over 5 million cells gives null values and text; #6781: the same on
      // a spill range of 5,001,000 cells).
      if (cellCount(r) > FIVE_MILLION) return null;
      const out: V[][] = [];
      for (let row = r.r1; row <= r.r2; row++) {
        const line: V[] = [];
        for (let col = r.c1; col <= r.c2; col++) line.push(f(t.sheet.cells.get(`${row},${col}`)));
        out.push(line);
      }
      return out;
    };
    switch (prop) {
      case "address":
        return `${sheetInRef(t.sheet.name)}!${rectAddress(r)}`;
      case "values":
        return grid(officeValue);
      case "formulas":
        return grid((c) => (c?.formula !== undefined ? c.formula : officeValue(c)));
      case "valueTypes":
        return grid(officeType);
      case "numberFormat":
        // Range.numberFormat ([Api set: ExcelApi 1.1]): "Excel's number format code for the given range", one per
        // cell (learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-numberformat-member) — the
        // code as the Format Cells dialog shows it, "General" for a cell never formatted (Range.NumberFormat,
        // learn.microsoft.com/office/vba/api/excel.range.numberformat); a date is a number, its format says so.
        return grid((c) => c?.numberFormat ?? "General");
      case "rowCount":
        return r.r2 - r.r1 + 1;
      case "columnCount":
        return r.c2 - r.c1 + 1;
      case "rowIndex":
        return r.r1;
      case "columnIndex":
        return r.c1;
    }
    return super.scalar(t, prop);
  }

  get address(): string {
    return this.read("address") as string;
  }
  get values(): unknown[][] {
    return this.read("values") as unknown[][];
  }
  get formulas(): unknown[][] {
    return this.read("formulas") as unknown[][];
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes") as string[][];
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat") as string[][];
  }

  /** A 2-D write: logged, sized against the range, applied cell by cell at sync (null leaves a cell as it is). */
  private writeGrid(
    prop: "values" | "formulas" | "numberFormat",
    data: unknown[][],
    apply: (cell: FakeCell, v: unknown) => void
  ): void {
    let t: RangeTarget | undefined;
    try {
      t = this.target();
    } catch {
      t = undefined; // a sheet added in this batch: it exists only once the batch runs
    }
    if (!Array.isArray(data) || !data.every(Array.isArray))
      fail("InvalidArgument", `${prop} must be a 2-D array`);
    const rows = data.length;
    const cols = data[0]?.length ?? 0;
    this.fake.stats.rangeWrites++;
    this.fake.stats.cellsWritten += rows * cols;
    const [sheetLabel, addressLabel] = [
      this.label.slice(0, this.label.lastIndexOf("!")),
      this.label.slice(this.label.lastIndexOf("!") + 1),
    ];
    this.fake.writes.push({
      property: prop,
      sheet: t?.sheet.name ?? sheetLabel,
      address: t ? this.describe(t) : addressLabel,
      rows,
      cols,
    });
    this.set(
      prop,
      data,
      (target) => {
        const r = this.area(target);
        if (r.r2 - r.r1 + 1 !== rows || data.some((line) => line.length !== r.c2 - r.c1 + 1))
          fail(
            "InvalidArgument",
            `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${prop} ${rectAddress(r)}).`
          );
        data.forEach((line, i) =>
          line.forEach((v, j) => {
            if (v === null || v === undefined) return;
            // Contents written to a merged area's other cells are dropped: only its top-left cell holds a value.
            if (prop !== "numberFormat" && hiddenByMerge(target.sheet, r.r1 + i, r.c1 + j)) return;
            const key = `${r.r1 + i},${r.c1 + j}`;
            const cell = target.sheet.cells.get(key) ?? { value: null };
            apply(cell, v);
            target.sheet.cells.set(key, cell);
          })
        );
      },
      { cellsOf: () => this.sheetOnly() }
    );
  }

  private describe(t: { areas: Rect[] }): string {
    return t.areas.map(rectAddress).join(",");
  }

  private writeContent(cell: FakeCell, v: unknown): void {
    const t = typed(v, cell.numberFormat, this.fake.model.date1904);
    if (!t) return;
    delete cell.formula;
    delete cell.quotePrefix;
    cell.value = null;
    Object.assign(cell, t);
  }

  set values(data: unknown[][]) {
    this.writeGrid("values", data, (cell, v) => this.writeContent(cell, v));
  }
  set formulas(data: unknown[][]) {
    this.writeGrid("formulas", data, (cell, v) => this.writeContent(cell, v));
  }
  set numberFormat(data: unknown[][]) {
    this.writeGrid("numberFormat", data, (cell, v) => {
      cell.numberFormat = v === "" ? "General" : String(v);
    });
  }

  /**
   * Range.getUsedRangeOrNullObject ([Api set: ExcelApi 1.4]): the used cells within this range ("If there are no
   * used cells within the range, this function returns a null object").
   */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.fake.requireApi("Range.getUsedRangeOrNullObject", "1.4");
    this.navigate();
    return labelled(
      new FakeRange(
        this.context,
        () => {
          const t = this.resolve();
          return t === NULL ? NULL : t.sheet;
        },
        (sheet) => {
          const t = this.resolve();
          if (t === NULL) return NULL;
          const r = usedRect(sheet, !!valuesOnly, this.area(t));
          return r ? [r] : NULL;
        }
      ),
      this.label
    );
  }

  /**
   * Range.select(): selects the range in the Excel UI — "The only time it seems to consistently work is if the
   * range that select() is called on is in the active sheet. If it has to change sheet, then it only works after
   * multiple calls" (office-js #5118). Modelled at its worst: on a sheet that is not active, nothing is selected
   * and no error is raised.
   */
  select(): void {
    const fake = this.fake;
    this.call("select", [], (t) => {
      if (fake.activeSheet() !== t.sheet) return;
      fake.model.selection = { sheet: t.sheet.name, address: this.describe(t) };
    });
  }

  set columnHidden(hidden: boolean) {
    this.fake.requireApi("Range.columnHidden", "1.2");
    this.set(
      "columnHidden",
      hidden,
      (t) => {
        for (const r of t.areas)
          for (let c = r.c1; c <= r.c2; c++) {
            if (hidden) t.sheet.hiddenColumns.add(c);
            else t.sheet.hiddenColumns.delete(c);
          }
      },
      { cellsOf: () => this.sheetOnly() }
    );
  }

  get format(): FakeRangeFormat {
    return this.child("format", () => new FakeRangeFormat(this.context, () => this.resolve()));
  }

  get conditionalFormats(): FakeConditionalFormatCollection {
    this.fake.requireApi("Range.conditionalFormats", "1.6");
    return this.child(
      "conditionalFormats",
      () => new FakeConditionalFormatCollection(this.context, () => this.resolve())
    );
  }

  get dataValidation(): FakeDataValidation {
    this.fake.requireApi("Range.dataValidation", "1.8");
    return this.child(
      "dataValidation",
      () => new FakeDataValidation(this.context, () => this.resolve())
    );
  }

  /** Range.merge ([Api set: ExcelApi 1.2]): the area keeps its top-left cell's content only (Range.Merge). */
  merge(across?: boolean): void {
    this.fake.requireApi("Range.merge", "1.2");
    this.call(
      "merge",
      [!!across],
      (t) => {
        const r = this.area(t);
        const address = rectAddress(r);
        if (t.sheet.merges.some((m) => m !== address && intersects(parseRect(m), r)))
          fail("MergedRangeConflict", `Cannot merge ${address}: it overlaps a merged area.`);
        if (!t.sheet.merges.includes(address)) t.sheet.merges.push(address);
        for (const [key, cell] of [...t.sheet.cells]) {
          const [row, col] = key.split(",").map(Number);
          if (!hiddenByMerge(t.sheet, row, col)) continue;
          cell.value = null;
          delete cell.formula;
          delete cell.quotePrefix;
        }
      },
      { cellsOf: () => this.sheetOnly() }
    );
  }

  unmerge(): void {
    this.fake.requireApi("Range.unmerge", "1.2");
    this.call(
      "unmerge",
      [],
      (t) => {
        const r = this.area(t);
        t.sheet.merges = t.sheet.merges.filter((m) => !intersects(parseRect(m), r));
      },
      { cellsOf: () => this.sheetOnly() }
    );
  }

  clear(applyTo?: string): void {
    this.call(
      "clear",
      [applyTo ?? "All"],
      (t) => {
        const what = applyTo ?? "All";
        for (const r of t.areas)
          for (const [key, cell] of [...t.sheet.cells]) {
            const [row, col] = key.split(",").map(Number);
            if (row < r.r1 || row > r.r2 || col < r.c1 || col > r.c2) continue;
            if (what === "Contents" || what === "All") {
              cell.value = null;
              delete cell.formula;
              delete cell.quotePrefix;
            }
            if (what === "Formats" || what === "All") {
              delete cell.format;
              delete cell.numberFormat;
            }
            if (!hasContent(cell) && !cell.format && !cell.numberFormat) t.sheet.cells.delete(key);
          }
      },
      { cellsOf: () => this.sheetOnly() }
    );
  }
}

type RangeTarget = { sheet: FakeSheet; areas: Rect[] };

/** Applies a format change to every cell of the target's areas (refusing absurdly large areas). */
function eachCell(t: RangeTarget, f: (format: FakeFormat) => void): void {
  for (const r of t.areas) {
    if (cellCount(r) > 200_000)
      fail("InvalidOperation", `fake: formatting ${rectAddress(r)} cell by cell is too large`);
    for (let row = r.r1; row <= r.r2; row++)
      for (let col = r.c1; col <= r.c2; col++) {
        const key = `${row},${col}`;
        const cell = t.sheet.cells.get(key) ?? { value: null };
        cell.format = cell.format ?? {};
        f(cell.format);
        t.sheet.cells.set(key, cell);
      }
  }
}

class FakeRangeFormat extends FakeObject<RangeTarget> {
  private cells(prop: string, value: unknown, f: (format: FakeFormat) => void): void {
    this.set(prop, value, (t) => eachCell(t, f), { cellsOf: () => this.target()?.sheet });
  }
  get font(): FakeFont {
    return this.child("font", () => new FakeFont(this.context, () => this.resolve()));
  }
  get fill(): FakeFill {
    return this.child("fill", () => new FakeFill(this.context, () => this.resolve()));
  }
  get borders(): FakeBorders {
    return this.child("borders", () => new FakeBorders(this.context, () => this.resolve()));
  }
  set wrapText(value: boolean) {
    this.cells("wrapText", value, (f) => void (f.wrap = value));
  }
  set horizontalAlignment(value: string) {
    this.cells("horizontalAlignment", value, (f) => void (f.horizontal = value));
  }
  set verticalAlignment(value: string) {
    this.cells("verticalAlignment", value, (f) => void (f.vertical = value));
  }
  set columnWidth(points: number) {
    this.fake.requireApi("RangeFormat.columnWidth", "1.2");
    this.set(
      "columnWidth",
      points,
      (t) => {
        for (const r of t.areas)
          for (let c = r.c1; c <= r.c2; c++) t.sheet.columnWidths.set(c, points);
      },
      { cellsOf: () => this.target()?.sheet }
    );
  }
  set rowHeight(points: number) {
    this.fake.requireApi("RangeFormat.rowHeight", "1.2");
    this.set(
      "rowHeight",
      points,
      (t) => {
        for (const r of t.areas)
          for (let row = r.r1; row <= r.r2; row++) t.sheet.rowHeights.set(row, points);
      },
      { cellsOf: () => this.target()?.sheet }
    );
  }
}

class FakeFont extends FakeObject<RangeTarget> {
  private cells(prop: string, value: unknown, f: (format: FakeFormat) => void): void {
    this.set(`font.${prop}`, value, (t) => eachCell(t, f), { cellsOf: () => this.target()?.sheet });
  }
  set name(value: string) {
    this.cells("name", value, (f) => void (f.fontName = value));
  }
  set size(value: number) {
    this.cells("size", value, (f) => void (f.fontSize = value));
  }
  set bold(value: boolean) {
    this.cells("bold", value, (f) => void (f.bold = value));
  }
  set color(value: string) {
    this.cells("color", value, (f) => void (f.fontColor = value.replace(/^#/, "").toUpperCase()));
  }
}

class FakeFill extends FakeObject<RangeTarget> {
  set color(value: string) {
    this.set(
      "fill.color",
      value,
      (t) => eachCell(t, (f) => void (f.fill = value.replace(/^#/, "").toUpperCase())),
      {
        cellsOf: () => this.target()?.sheet,
      }
    );
  }
  clear(): void {
    this.call("fill.clear", [], (t) => eachCell(t, (f) => void (f.fill = null)), {
      cellsOf: () => this.target()?.sheet,
    });
  }
}

const EDGES = [
  "EdgeTop",
  "EdgeBottom",
  "EdgeLeft",
  "EdgeRight",
  "InsideHorizontal",
  "InsideVertical",
  "DiagonalDown",
  "DiagonalUp",
];

class FakeBorders extends FakeObject<RangeTarget> {
  getItem(index: string): FakeBorder {
    this.navigate();
    if (!EDGES.includes(index)) fail("InvalidArgument", `border ${index}`);
    return new FakeBorder(this.context, () => this.resolve(), index);
  }
}

class FakeBorder extends FakeObject<RangeTarget> {
  constructor(
    context: FakeContext,
    resolver: () => Resolved<RangeTarget>,
    private readonly edge: string
  ) {
    super(context, resolver);
  }
  set style(value: string) {
    const edge = this.edge;
    this.set(
      `border.${edge}.style`,
      value,
      (t) =>
        eachCell(t, (f) => {
          f.borders = { ...(f.borders ?? {}), [edge]: value };
        }),
      { cellsOf: () => this.target()?.sheet }
    );
  }
  set color(value: string) {
    this.set(`border.${this.edge}.color`, value, () => undefined, {
      cellsOf: () => this.target()?.sheet,
    });
  }
  set weight(value: string) {
    this.set(`border.${this.edge}.weight`, value, () => undefined, {
      cellsOf: () => this.target()?.sheet,
    });
  }
}

/* ---------- conditional formats ---------- */

/**
 * A range's conditional formats: "The collection of ConditionalFormats that intersect the range"
 * (Range.conditionalFormats, [Api set: ExcelApi 1.6]), in priority order.
 */
function rulesIn(sheet: FakeSheet, areas: Rect[]): FakeRule[] {
  return sheet.rules.filter((rule) => areasIntersect(areasOf(rule.range), areas));
}

/** Does a cell of the sheet carry two rules or more? */
function stackedRules(sheet: FakeSheet): boolean {
  const areas = sheet.rules.map((r) => areasOf(r.range));
  for (let i = 0; i < areas.length; i++)
    for (let j = i + 1; j < areas.length; j++) if (areasIntersect(areas[i], areas[j])) return true;
  return false;
}

const sameAreas = (a: string, b: string) =>
  areasOf(a).map(rectAddress).sort().join(",") === areasOf(b).map(rectAddress).sort().join(",");

/**
 * Rules whose properties cannot be read: a cellValue rule sharing cells with another cellValue rule ("Reading
 * conditionalFormats items throws error after adding a second cellValue rule to the same table column range",
 * office-js #6827), and a rule with a duplicate — same type, formula and cells ("When I manually add a
 * conditional format to a cell in a sheet and duplicate the rule, office-js fails to read the newly inserted
 * rules properties", office-js #6835). Both are open; reading the rule or its format throws.
 */
function unreadable(sheet: FakeSheet, rule: FakeRule): boolean {
  const areas = areasOf(rule.range);
  return sheet.rules.some(
    (other) =>
      other !== rule &&
      ((rule.type === "CellValue" &&
        other.type === "CellValue" &&
        areasIntersect(areas, areasOf(other.range))) ||
        (other.type === rule.type &&
          other.formula === rule.formula &&
          sameAreas(other.range, rule.range)))
  );
}

function failUnreadable(t: RuleTarget): void {
  if (unreadable(t.sheet, t.rule))
    fail(
      "GeneralException",
      "An internal error has occurred. (Reading a conditional format's rule or format: office-js #6827, #6835.)"
    );
}

type RuleTarget = {
  sheet: FakeSheet;
  rule: FakeRule;
  /** The collection the rule was reached through, as it stands: its `id` and `priority` are positions in it. */
  members: () => FakeRule[];
  /** Reached through the collection of the whole sheet (`worksheet.getRange().conditionalFormats`). */
  wholeSheet: boolean;
};

class FakeConditionalFormatCollection extends FakeCollection<RangeTarget, FakeConditionalFormat> {
  private wholeSheet(t: RangeTarget): boolean {
    return t.areas.length === 1 && isWholeSheet(t.areas[0]);
  }

  /**
   * The rule at a position of this collection, found when a command runs: "id: The priority of the conditional
   * format in the current ConditionalFormatCollection" (Excel.ConditionalFormat,
   * learn.microsoft.com/javascript/api/excel/excel.conditionalformat), so an id names a position, and the rule
   * there changes when one before it is deleted.
   */
  private at(position: () => number, what: string): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, () => {
      const t = this.resolve();
      if (t === NULL) return NULL;
      const members = () => rulesIn(t.sheet, t.areas);
      const rule = members()[position()];
      return rule
        ? { sheet: t.sheet, rule, members, wholeSheet: this.wholeSheet(t) }
        : fail(
            "ItemNotFound",
            `The requested resource doesn't exist (conditional format ${what}).`
          );
    });
  }

  protected members(t: RangeTarget): FakeConditionalFormat[] {
    return rulesIn(t.sheet, t.areas).map((_, i) => this.at(() => i, `at ${i}`));
  }

  add(type: string): FakeConditionalFormat {
    const fake = this.fake;
    const tag = fake.ruleId();
    let whole = false;
    this.call(
      "add",
      [type],
      (t) => {
        whole = this.wholeSheet(t);
        // "Adds a new conditional format to the collection at the first/top priority."
        t.sheet.rules.unshift({ id: tag, type, range: t.areas.map(rectAddress).join(",") });
      },
      { cellsOf: () => this.target()?.sheet }
    );
    return new FakeConditionalFormat(this.context, () => {
      const t = this.resolve();
      if (t === NULL) return NULL;
      const rule = t.sheet.rules.find((r) => r.id === tag);
      return rule
        ? { sheet: t.sheet, rule, members: () => rulesIn(t.sheet, t.areas), wholeSheet: whole }
        : fail("ItemNotFound", `The requested resource doesn't exist (conditional format).`);
    });
  }

  /** By id — a position (see `at`); an id that is not one is not found. */
  getItem(id: string): FakeConditionalFormat {
    this.navigate();
    const position = /^\d+$/.test(id) ? Number(id) : -1;
    return this.at(() => position, id);
  }

  getItemAt(index: number): FakeConditionalFormat {
    this.navigate();
    return this.at(() => index, `at ${index}`);
  }

  /**
   * "Clears all conditional formats active on the current specified range": the range's cells lose every rule;
   * a rule that also covers other cells keeps those.
   */
  clearAll(): void {
    this.call(
      "clearAll",
      [],
      (t) => {
        const kept: FakeRule[] = [];
        for (const rule of t.sheet.rules) {
          let areas = areasOf(rule.range);
          for (const cleared of t.areas) areas = areas.flatMap((a) => subtract(a, cleared));
          if (!areas.length) continue;
          rule.range = areas.map(rectAddress).join(",");
          kept.push(rule);
        }
        t.sheet.rules = kept;
      },
      { cellsOf: () => this.target()?.sheet }
    );
  }
}

class FakeConditionalFormat extends FakeObject<RuleTarget> {
  protected scalars() {
    return ["id", "type", "priority", "stopIfTrue"];
  }
  protected scalar(t: RuleTarget, prop: string) {
    if (prop === "id" || prop === "priority") {
      const position = t.members().indexOf(t.rule);
      return prop === "id" ? String(position) : position;
    }
    if (prop === "type") return t.rule.type;
    if (prop === "stopIfTrue") return false;
    return super.scalar(t, prop);
  }
  protected nav(prop: string) {
    if (prop === "customOrNullObject") return this.customOrNullObject;
    if (prop === "custom") return this.custom;
    if (prop === "cellValue") return this.cellValue;
    if (prop === "cellValueOrNullObject") return this.cellValueOrNullObject;
    return undefined;
  }
  /** ConditionalFormat.cellValue: its `rule` is `formula1`, the rule's formula here. */
  get cellValue(): FakeCellValueFormat {
    return this.child(
      "cellValue",
      () =>
        new FakeCellValueFormat(this.context, () => {
          const t = this.resolve();
          if (t === NULL) return NULL;
          return t.rule.type === "CellValue"
            ? t
            : fail("InvalidOperation", "not a cell value conditional format");
        })
    );
  }
  get cellValueOrNullObject(): FakeCellValueFormat {
    return this.child(
      "cellValueOrNullObject",
      () =>
        new FakeCellValueFormat(this.context, () => {
          const t = this.resolve();
          return t === NULL || t.rule.type !== "CellValue" ? NULL : t;
        })
    );
  }
  get id(): string {
    return this.read("id") as string;
  }
  get type(): string {
    return this.read("type") as string;
  }
  get priority(): number {
    return this.read("priority") as number;
  }
  get custom(): FakeCustomFormat {
    return this.child(
      "custom",
      () =>
        new FakeCustomFormat(this.context, () => {
          const t = this.resolve();
          if (t === NULL) return NULL;
          return t.rule.type === "Custom"
            ? t
            : fail("InvalidOperation", "not a custom conditional format");
        })
    );
  }
  get customOrNullObject(): FakeCustomFormat {
    return this.child(
      "customOrNullObject",
      () =>
        new FakeCustomFormat(this.context, () => {
          const t = this.resolve();
          return t === NULL || t.rule.type !== "Custom" ? NULL : t;
        })
    );
  }
  /**
   * Moves the rule ("Priorities greater than the bounds will get and set to the maximum (or minimum if negative)
   * priority"); positions are the sheet's.
   */
  set priority(value: number) {
    this.set(
      "priority",
      value,
      (t) => {
        const rules = t.sheet.rules.filter((r) => r !== t.rule);
        const at =
          value < 0 ? Math.max(0, rules.length + 1 + value) : Math.min(value, rules.length);
        rules.splice(at, 0, t.rule);
        t.sheet.rules = rules;
      },
      { cellsOf: () => this.target()?.sheet }
    );
  }
  /**
   * Deletes the rule at the position this object names. Through the whole sheet's collection it fails where a
   * cell has two rules: "`…getRange().conditionalFormats.getItemAt(0).delete()` … RichApi.Error: Item Not Found",
   * with two rules on A1 (office-js #5222, open).
   */
  delete(): void {
    this.call(
      "delete",
      [],
      (t) => {
        if (t.wholeSheet && stackedRules(t.sheet))
          fail("ItemNotFound", "Item Not Found. (office-js #5222)");
        t.sheet.rules = t.sheet.rules.filter((r) => r !== t.rule);
      },
      { cellsOf: () => this.target()?.sheet }
    );
  }
}

class FakeCustomFormat extends FakeObject<RuleTarget> {
  protected nav(prop: string) {
    if (prop === "rule") return this.rule;
    return undefined;
  }
  get rule(): FakeRuleFormula {
    return this.child("rule", () => new FakeRuleFormula(this.context, () => this.resolve()));
  }
  get format(): FakeConditionalRangeFormat {
    return this.child(
      "format",
      () => new FakeConditionalRangeFormat(this.context, () => this.resolve())
    );
  }
}

class FakeCellValueFormat extends FakeObject<RuleTarget> {
  protected scalars() {
    return ["rule"];
  }
  protected scalar(t: RuleTarget, prop: string) {
    if (prop === "rule") {
      failUnreadable(t);
      return { formula1: t.rule.formula ?? "" };
    }
    return super.scalar(t, prop);
  }
  get rule(): { formula1: string } {
    return this.read("rule") as { formula1: string };
  }
}

class FakeRuleFormula extends FakeObject<RuleTarget> {
  protected scalars() {
    return ["formula"];
  }
  protected scalar(t: RuleTarget, prop: string) {
    if (prop === "formula") {
      failUnreadable(t);
      return t.rule.formula ?? "";
    }
    return super.scalar(t, prop);
  }
  get formula(): string {
    return this.read("formula") as string;
  }
  set formula(value: string) {
    if (!value.startsWith("="))
      fail("InvalidArgument", `A conditional format formula must start with "=" (${value}).`);
    this.set("formula", value, (t) => void (t.rule.formula = value), {
      cellsOf: () => this.target()?.sheet,
    });
  }
}

class FakeConditionalRangeFormat extends FakeObject<RuleTarget> {
  get fill(): { color: string } {
    return this.colorOf("fill.color", (rule, color) => void (rule.fill = color));
  }
  get font(): { color: string } {
    return this.colorOf("font.color", (rule, color) => void (rule.fontColor = color));
  }
  /** A write-only `color` (as Office's before load) that stores the colour, "#"-less and upper case, on the rule. */
  private colorOf(
    path: string,
    store: (rule: RuleTarget["rule"], color: string) => void
  ): { color: string } {
    const set = (value: string) =>
      this.set(path, value, (t) => store(t.rule, value.replace(/^#/, "").toUpperCase()), {
        cellsOf: () => this.target()?.sheet,
      });
    return {
      get color(): string {
        return notLoaded("color");
      },
      set color(value: string) {
        set(value);
      },
    };
  }
}

/* ---------- data validation ---------- */

class FakeDataValidation extends FakeObject<RangeTarget> {
  private upsert(t: RangeTarget): FakeValidation {
    const range = t.areas.map(rectAddress).join(",");
    let v = t.sheet.validations.find((x) => x.range === range);
    if (!v) {
      v = { range };
      t.sheet.validations.push(v);
    }
    return v;
  }
  clear(): void {
    this.call(
      "clear",
      [],
      (t) => {
        t.sheet.validations = t.sheet.validations.filter(
          (v) => !t.areas.some((a) => intersects(parseRect(v.range), a))
        );
      },
      { cellsOf: () => this.target()?.sheet }
    );
  }
  set rule(value: unknown) {
    this.set(
      "rule",
      value,
      (t) => {
        const range = t.areas.map(rectAddress).join(",");
        if (
          t.sheet.validations.some(
            (v) => v.range !== range && t.areas.some((a) => intersects(parseRect(v.range), a))
          )
        )
          fail(
            "InvalidOperation",
            "The range already holds a different data validation rule: clear it first."
          );
        this.upsert(t).rule = value;
      },
      { cellsOf: () => this.target()?.sheet }
    );
  }
  set errorAlert(value: unknown) {
    this.set("errorAlert", value, (t) => void (this.upsert(t).errorAlert = value), {
      cellsOf: () => this.target()?.sheet,
    });
  }
  set prompt(value: unknown) {
    this.set("prompt", value, (t) => void (this.upsert(t).prompt = value), {
      cellsOf: () => this.target()?.sheet,
    });
  }
  set ignoreBlanks(value: boolean) {
    this.set("ignoreBlanks", value, (t) => void (this.upsert(t).ignoreBlanks = value), {
      cellsOf: () => this.target()?.sheet,
    });
  }
}

/* ---------- events ---------- */

/** OfficeExtension.EventHandlerResult: `remove()` is queued in the context the handler was added in. */
export class FakeEventHandlerResult {
  constructor(
    readonly context: FakeContext,
    private readonly event: string,
    private readonly handler: (args: unknown) => unknown
  ) {}
  remove(): void {
    const { context, event, handler } = this;
    context.fake.stats.methodCalls++;
    context.push({
      write: false,
      bytes: 100,
      run: () => void context.fake.eventHandlers.get(event)?.delete(handler),
    });
  }
}

/** OfficeExtension.EventHandlers: `add` registers the handler with the next sync of its context. */
class FakeEventHandlers {
  constructor(
    private readonly context: FakeContext,
    private readonly event: string
  ) {}
  add(handler: (args: unknown) => unknown): FakeEventHandlerResult {
    const { context, event } = this;
    const fake = context.fake;
    fake.stats.methodCalls++;
    context.push({
      write: false,
      bytes: 100,
      run: () => {
        const set = fake.eventHandlers.get(event) ?? new Set();
        set.add(handler);
        fake.eventHandlers.set(event, set);
      },
    });
    return new FakeEventHandlerResult(context, event, handler);
  }
}

/* ---------- dialogs ---------- */

/**
 * A dialog opened with Office.context.ui.displayDialogAsync: its callback is called later, never during the call,
 * with an AsyncResult (`status` "succeeded" and the Dialog as `value`, or "failed" and an `error`); the Dialog's
 * DialogEventReceived handlers get `{ error: 12006 }` when the user closes it ("The dialog box was closed,
 * usually because the user chose the X button": Office.Dialog and the dialog API's error codes,
 * learn.microsoft.com/javascript/api/office/office.dialog).
 */
export class FakeDialog {
  closed = false;
  readonly handlers = new Map<string, ((args: unknown) => void)[]>();
  constructor(
    readonly url: string,
    readonly options: unknown
  ) {}
  addEventHandler(eventType: string, handler: (args: unknown) => void): void {
    this.handlers.set(eventType, [...(this.handlers.get(eventType) ?? []), handler]);
  }
  /** Called from the page that opened it: closes it, no event. */
  close(): void {
    this.closed = true;
  }
  /** The user closes it with its X. */
  closeByUser(): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.handlers.get(DIALOG_EVENT_RECEIVED) ?? []) h({ error: 12006 });
  }
  /** The message it was opened with (help.html shows its `message` query parameter). */
  get message(): string {
    return new URL(this.url).searchParams.get("message") ?? "";
  }
}

const DIALOG_EVENT_RECEIVED = "dialogEventReceived";

/* ---------- Office and Excel globals ---------- */

export interface InstalledOffice {
  fake: FakeExcel;
  /** Removes Office and Excel from the global object again. */
  uninstall(): void;
}

/**
 * Sets `Office` (onReady, context.requirements.isSetSupported, HostType, actions.associate) and `Excel` (run,
 * the enums) on `globalObj`, backed by `workbook`.
 */
export function installFakeOffice(
  globalObj: object,
  workbook: FakeExcel | Partial<FakeWorkbookModel>,
  options: FakeOptions = {}
): InstalledOffice {
  const fake = workbook instanceof FakeExcel ? workbook : new FakeExcel(workbook, options);
  const target = globalObj as Record<string, unknown>;
  const previous = { Office: target.Office, Excel: target.Excel };
  const info = { host: "Excel", platform: "OfficeOnline" };
  target.Office = {
    HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac" },
    onReady: (callback?: (i: typeof info) => void) =>
      Promise.resolve(info).then((i) => {
        callback?.(i);
        return i;
      }),
    EventType: {
      DialogMessageReceived: "dialogMessageReceived",
      DialogEventReceived: DIALOG_EVENT_RECEIVED,
    },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    context: {
      host: "Excel",
      requirements: {
        isSetSupported: (name: string, version?: string) =>
          name === "ExcelApi" && fake.supports(version ?? "1.1"),
      },
      ui: {
        displayDialogAsync: (
          url: string,
          optionsOrCallback?: unknown,
          maybeCallback?: (result: unknown) => void
        ) => {
          const callback =
            typeof optionsOrCallback === "function"
              ? (optionsOrCallback as (result: unknown) => void)
              : maybeCallback;
          const options = typeof optionsOrCallback === "function" ? {} : optionsOrCallback;
          const failure = fake.failures.dialog;
          const dialog = failure === undefined ? new FakeDialog(url, options) : undefined;
          // The dialog is shown, then its callback called: the user cannot close it before.
          setTimeout(() => {
            if (dialog) fake.dialogs.push(dialog);
            callback?.(
              dialog
                ? { status: "succeeded", value: dialog }
                : { status: "failed", error: { code: failure, message: "The dialog failed." } }
            );
          });
        },
      },
    },
    actions: {
      associate: (id: string, action: (...args: unknown[]) => unknown) =>
        void fake.actions.set(id, action),
    },
  };
  target.Excel = {
    // Excel.run(batch), or Excel.run(context | object, batch) to carry on in an earlier batch's context.
    run: <T>(
      first: FakeContext | FakeObject<unknown> | ((context: FakeContext) => Promise<T>),
      second?: (context: FakeContext) => Promise<T>
    ) => {
      if (typeof first === "function") return fake.run(first);
      const context = first instanceof FakeContext ? first : first.context;
      return fake.run(second!, context);
    },
    ConditionalFormatType: {
      custom: "Custom",
      dataBar: "DataBar",
      colorScale: "ColorScale",
      iconSet: "IconSet",
      topBottom: "TopBottom",
      presetCriteria: "PresetCriteria",
      containsText: "ContainsText",
      cellValue: "CellValue",
    },
    ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents" },
    SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
    BorderIndex: {
      edgeTop: "EdgeTop",
      edgeBottom: "EdgeBottom",
      edgeLeft: "EdgeLeft",
      edgeRight: "EdgeRight",
      insideVertical: "InsideVertical",
      insideHorizontal: "InsideHorizontal",
    },
    BorderLineStyle: { none: "None", continuous: "Continuous" },
    DataValidationAlertStyle: { stop: "Stop", warning: "Warning", information: "Information" },
    PageOrientation: { portrait: "Portrait", landscape: "Landscape" },
    ErrorCodes: {
      accessDenied: "AccessDenied",
      generalException: "GeneralException",
      invalidArgument: "InvalidArgument",
      invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
      itemAlreadyExists: "ItemAlreadyExists",
      itemNotFound: "ItemNotFound",
    },
  };
  return {
    fake,
    uninstall: () => {
      target.Office = previous.Office;
      target.Excel = previous.Excel;
    },
  };
}
