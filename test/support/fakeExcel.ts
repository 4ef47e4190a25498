/**
 * A small fake of Excel's JavaScript API (the part src/hosts/excel.ts uses), strict where Office.js is strict:
 *
 * - load before read: reading a property that was not loaded and synced throws PropertyNotLoaded, as Office.js
 *   does; `isNullObject` needs a sync; a collection's `items` exist only after `load` and `sync`;
 * - sync semantics: property sets and method calls are queued and take effect, in order, only at `sync()`; a
 *   load queued after a write sees the write; an error at one command leaves the commands before it applied
 *   and drops the rest, as a real request does;
 * - Excel's typing: a string given to `values` or `formulas` is parsed as if typed ("=…" and "+…" become
 *   formulas, "1,349.42" a number, "TRUE" a boolean), unless it starts with an apostrophe (stored as the text
 *   after it) or the cell's number format is "@";
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
  id: string;
  type: string;
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
}

export interface FakeFailures {
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

/** A sheet name as Excel prints it in a reference: quoted only when needed. */
export function sheetInRef(name: string): string {
  const plain =
    /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name);
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
function typed(input: unknown, numberFormat: string | undefined): Partial<FakeCell> | undefined {
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
  if (
    /^\d{1,4}\s*[-/年]\s*\d{1,2}(\s*[-/月]\s*\d{1,4}\s*日?)?$/.test(t) ||
    /^\d{1,2}\s*[:：]\s*\d{2}(\s*[:：]\s*\d{2})?(\s*[AaPp][Mm])?$/.test(t)
  )
    return { value: DATE_STAND_IN };
  return { value: s };
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

export interface FakeOptions {
  /** The highest ExcelApi requirement set supported (default "1.9"). */
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
  private commandsSinceArmed = 0;
  private nextRuleId = 1;

  constructor(model?: Partial<FakeWorkbookModel>, options: FakeOptions = {}) {
    this.model = {
      sheets: model?.sheets ?? [],
      names: model?.names ?? [],
      protected: model?.protected ?? false,
    };
    this.apiVersion = options.apiVersion ?? "1.9";
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
    const t = typed(input, before?.numberFormat) ?? {};
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

  /** Runs a batch like Excel.run: a fresh request context; pending commands are synced at the end. */
  async run<T>(batch: (context: FakeContext) => Promise<T>): Promise<T> {
    const context = new FakeContext(this);
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
  /** Needs this ExcelApi version. */
  api?: string;
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
        if (command.api && !fake.supports(command.api))
          fail("ApiNotFound", `The requested API is not available (ExcelApi ${command.api}).`);
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
  readonly protection: FakeWorkbookProtection;

  constructor(context: FakeContext) {
    super(context, () => context.fake.model);
    this.worksheets = new FakeWorksheetCollection(context);
    this.names = new FakeNamedItemCollection(context);
    this.protection = new FakeWorkbookProtection(context);
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
    this.navigate();
    const fake = this.fake;
    return labelled(new FakeWorksheet(this.context, () => fake.sheet(name) ?? NULL), name);
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
    this.set(
      "tabColor",
      value,
      (sheet) => {
        sheet.tabColor = value.replace(/^#/, "").toUpperCase();
      },
      { api: "1.7" }
    );
  }

  get protection(): FakeWorksheetProtection {
    return this.child(
      "protection",
      () => new FakeWorksheetProtection(this.context, () => this.resolve())
    );
  }

  get freezePanes(): FakeFreezePanes {
    return this.child("freezePanes", () => new FakeFreezePanes(this.context, () => this.resolve()));
  }

  get pageLayout(): FakePageLayout {
    return this.child("pageLayout", () => new FakePageLayout(this.context, () => this.resolve()));
  }

  get notes(): FakeNotes {
    return this.child("notes", () => new FakeNotes(this.context, () => this.resolve()));
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
    this.navigate();
    if (!this.fake.supports("1.9"))
      fail("ApiNotFound", "The requested API is not available (getRanges, ExcelApi 1.9).");
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

function usedRect(sheet: FakeSheet, valuesOnly: boolean): Rect | undefined {
  let rect: Rect | undefined;
  for (const [key, cell] of sheet.cells) {
    if (valuesOnly ? !hasContent(cell) : !hasContent(cell) && !cell.format && !cell.numberFormat)
      continue;
    const [r, c] = key.split(",").map(Number);
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

class FakeFreezePanes extends FakeObject<FakeSheet> {
  freezeRows(count: number): void {
    this.call("freezeRows", [count], (s) => void (s.freeze = { rows: count, cols: 0 }), {
      api: "1.7",
    });
  }
  freezeColumns(count: number): void {
    this.call("freezeColumns", [count], (s) => void (s.freeze = { rows: 0, cols: count }), {
      api: "1.7",
    });
  }
  freezeAt(range: string | FakeRange): void {
    const address = typeof range === "string" ? range : "";
    if (typeof range !== "string") fail("InvalidArgument", "fake: freezeAt takes an address");
    this.call(
      "freezeAt",
      [address],
      (s) => {
        const r = parseRect(address);
        s.freeze = { rows: r.r2 + 1, cols: r.c2 + 1 };
      },
      { api: "1.7" }
    );
  }
  unfreeze(): void {
    this.call("unfreeze", [], (s) => void delete s.freeze, { api: "1.7" });
  }
}

class FakePageLayout extends FakeObject<FakeSheet> {
  private setLayout(prop: string, value: unknown): void {
    this.set(prop, value, (s) => void (s.pageLayout[prop] = value), { api: "1.9" });
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
    this.call("setPrintTitleRows", [rows], (s) => void (s.pageLayout.printTitleRows = rows), {
      api: "1.9",
    });
  }
}

class FakeNotes extends FakeObject<FakeSheet> {
  add(address: string, content: string): void {
    this.call("add", [address, content], (s) => void s.notes.push({ address, content }), {
      api: "1.18",
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
    this.navigate();
    return new FakeNamedItem(this.context, () => this.find(name) ?? NULL);
  }
  add(name: string, reference: string, comment?: string): FakeNamedItem {
    const fake = this.fake;
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
  get formula(): string {
    if (!this.fake.supports("1.7")) fail("ApiNotFound", "NamedItem.formula needs ExcelApi 1.7");
    return this.read("formula") as string;
  }
  delete(): void {
    const fake = this.fake;
    this.call(
      "delete",
      [],
      (n) => void (fake.model.names = fake.model.names.filter((x) => x !== n))
    );
  }
}

/* ---------- ranges ---------- */

type Areas = Rect[] | typeof NULL;

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
    const grid = <V>(f: (cell: FakeCell | undefined) => V): V[][] => {
      if (cellCount(r) > 2_000_000)
        fail(
          "ResponsePayloadSizeLimitExceeded",
          "The response payload size has exceeded the limit."
        );
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
    const t = typed(v, cell.numberFormat);
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

  set columnHidden(hidden: boolean) {
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
    return this.child(
      "conditionalFormats",
      () => new FakeConditionalFormatCollection(this.context, () => this.resolve())
    );
  }

  get dataValidation(): FakeDataValidation {
    return this.child(
      "dataValidation",
      () => new FakeDataValidation(this.context, () => this.resolve())
    );
  }

  merge(across?: boolean): void {
    this.call(
      "merge",
      [!!across],
      (t) => {
        const r = this.area(t);
        const address = rectAddress(r);
        if (t.sheet.merges.some((m) => m !== address && intersects(parseRect(m), r)))
          fail("MergedRangeConflict", `Cannot merge ${address}: it overlaps a merged area.`);
        if (!t.sheet.merges.includes(address)) t.sheet.merges.push(address);
      },
      { cellsOf: () => this.sheetOnly() }
    );
  }

  unmerge(): void {
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

/* ---------- conditional formats and validation ---------- */

class FakeConditionalFormatCollection extends FakeCollection<RangeTarget, FakeConditionalFormat> {
  protected members(t: RangeTarget): FakeConditionalFormat[] {
    return t.sheet.rules
      .filter((rule) => t.areas.some((a) => intersects(parseRect(rule.range), a)))
      .map(
        (rule) =>
          new FakeConditionalFormat(this.context, () =>
            t.sheet.rules.includes(rule) ? { sheet: t.sheet, rule } : fail("ItemNotFound", "rule")
          )
      );
  }

  add(type: string): FakeConditionalFormat {
    const fake = this.fake;
    const id = fake.ruleId();
    let sheet: FakeSheet | undefined;
    this.call(
      "add",
      [type],
      (t) => {
        sheet = t.sheet;
        const range = t.areas.map(rectAddress).join(",");
        // Excel puts a new rule first (highest priority).
        t.sheet.rules.unshift({ id, type, range });
      },
      { cellsOf: () => this.target()?.sheet, api: "1.6" }
    );
    return new FakeConditionalFormat(this.context, () => {
      const s = sheet ?? this.target()?.sheet;
      const rule = s?.rules.find((r) => r.id === id);
      return s && rule ? { sheet: s, rule } : fail("ItemNotFound", `rule ${id}`);
    });
  }

  getItem(id: string): FakeConditionalFormat {
    this.navigate();
    return new FakeConditionalFormat(this.context, () => {
      const t = this.resolve();
      if (t === NULL) return NULL;
      const rule = t.sheet.rules.find((r) => r.id === id);
      return rule
        ? { sheet: t.sheet, rule }
        : fail("ItemNotFound", `The requested resource doesn't exist (conditional format ${id}).`);
    });
  }
}

type RuleTarget = { sheet: FakeSheet; rule: FakeRule };

class FakeConditionalFormat extends FakeObject<RuleTarget> {
  protected scalars() {
    return ["id", "type", "priority", "stopIfTrue"];
  }
  protected scalar(t: RuleTarget, prop: string) {
    if (prop === "id") return t.rule.id;
    if (prop === "type") return t.rule.type;
    if (prop === "priority") return t.sheet.rules.indexOf(t.rule);
    if (prop === "stopIfTrue") return false;
    return super.scalar(t, prop);
  }
  protected nav(prop: string) {
    if (prop === "customOrNullObject") return this.customOrNullObject;
    if (prop === "custom") return this.custom;
    return undefined;
  }
  get id(): string {
    return this.read("id") as string;
  }
  get type(): string {
    return this.read("type") as string;
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
  delete(): void {
    this.call(
      "delete",
      [],
      (t) => void (t.sheet.rules = t.sheet.rules.filter((r) => r !== t.rule)),
      {
        cellsOf: () => this.target()?.sheet,
      }
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

class FakeRuleFormula extends FakeObject<RuleTarget> {
  protected scalars() {
    return ["formula"];
  }
  protected scalar(t: RuleTarget, prop: string) {
    if (prop === "formula") return t.rule.formula ?? "";
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
      { cellsOf: () => this.target()?.sheet, api: "1.8" }
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
      { cellsOf: () => this.target()?.sheet, api: "1.8" }
    );
  }
  set errorAlert(value: unknown) {
    this.set("errorAlert", value, (t) => void (this.upsert(t).errorAlert = value), {
      cellsOf: () => this.target()?.sheet,
      api: "1.8",
    });
  }
  set prompt(value: unknown) {
    this.set("prompt", value, (t) => void (this.upsert(t).prompt = value), {
      cellsOf: () => this.target()?.sheet,
      api: "1.8",
    });
  }
  set ignoreBlanks(value: boolean) {
    this.set("ignoreBlanks", value, (t) => void (this.upsert(t).ignoreBlanks = value), {
      cellsOf: () => this.target()?.sheet,
      api: "1.8",
    });
  }
}

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
    context: {
      host: "Excel",
      requirements: {
        isSetSupported: (name: string, version?: string) =>
          name === "ExcelApi" && fake.supports(version ?? "1.1"),
      },
    },
    actions: {
      associate: (id: string, action: (...args: unknown[]) => unknown) =>
        void fake.actions.set(id, action),
    },
  };
  target.Excel = {
    run: <T>(batch: (context: FakeContext) => Promise<T>) => fake.run(batch),
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
