/// <reference types="office-js" />
/**
 * The Office.js host: the only code that touches Excel's JavaScript API. It reads the open workbook into a
 * WorkbookSnapshot and applies a WritePlan to it; it decides how to write, never what. Everything is batched:
 *
 * - reading the standard template is ONE `context.sync()`: defined names, the sheet list, the workbook's date
 *   system (queueDateSystem), and for the known sheets (基础数据, 评分表, 说明, selfeval_backup) their
 *   protection, used range (values, formulas, value types, number formats — a formula is written over General
 *   where a cell is Text; a number shown as a date is read as the date's text, as the ExcelJS host reads it)
 *   within READ_WINDOW — the first 10,000 rows and 200 columns, so a stray entry far away can never make Excel
 *   return null values (it does over five million cells) — and conditional formats (type, formula — so our own
 *   are found by position, see excelBlocks' ruleOps). When the names point at sheets not read yet, or there is
 *   no template (a department's own workbook), a second phase reads the other sheets: one more sync (one per
 *   sheet if the response would be too large). If reading the rules fails (office-js #6827, #6835: Excel cannot
 *   read some rules), that read is made again without them (and without the date system) — one more sync, only
 *   then — and the write clears the cells the plan highlights before adding ours;
 * - applying a plan is ONE sync: the plan is compiled into ops (src/hosts/excelBlocks.ts, pure and tested on
 *   its own) that write whole rectangular ranges, never cell by cell; it is split into several syncs only when
 *   the request would exceed ~4 MB (Excel on the web refuses requests over 5 MB), and re-split if Excel still
 *   refuses its size;
 * - a protected sheet, a missing sheet or a protected workbook structure is refused before anything is
 *   written; if a write still fails after part of it was applied, the changes are undone from the snapshot read
 *   before (the backup's content included) and the error is reported.
 *
 * Contents are written through `range.formulas` blocks (formulas and plain values together): Excel parses
 * strings given to `range.values` exactly as it parses `range.formulas` ("=…", "+…", "-…" become formulas,
 * "1,349.42" a number), so choosing the setter protects nothing. Text that Excel would re-interpret is written
 * behind a leading apostrophe instead (Excel's "store as text" prefix; the cell reads back as the text alone).
 * No cell gets the "@" text format, which would also turn a formula written later into text.
 *
 * Requirement: ExcelApi 1.7 (names' formulas, workbook protection, tab colour and freeze panes; conditional
 * formats are 1.6, *OrNullObject 1.4). Used when present, each checked with isSetSupported and otherwise left
 * out and said (`skipped`): ExcelApi 1.8 (data validation: the drop-down lists), 1.9 (page layout for printing;
 * RangeAreas to style many ranges in one call), 1.18 (cell notes).
 */
import type { Framework, Lang, Report } from "../domain/types";
import { readBackup, restorePlan } from "../workbook/backup";
import { BACKUP_SHEET, DEFAULT_SHEETS, type SheetNames } from "../workbook/layout";
import { FRAMEWORK_SHEET } from "../workbook/frameworkChoice";
import { planTemplateInsertion } from "../workbook/insertTemplate";
import { recomputeWorkbook, RecomputeFailure } from "../workbook/recompute";
import { applyToSnapshot } from "../workbook/applyToSnapshot";
import {
  columnLetter,
  parseRef,
  type CellValue,
  type DefinedName,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from "../workbook/snapshot";
import { FONT_NAME, STYLES } from "../workbook/styles";
import { OWN_RULE_MARKER, PRINT_MARGINS, type WritePlan } from "../workbook/writePlan";
import {
  compilePlan,
  officeCell,
  PlanRefused,
  refFromNameFormula,
  revertPlan,
  sheetState,
  splitOps,
  stateAfter,
  batchBytes,
  topLeftOf,
  READ_WINDOW,
  READ_WINDOW_ADDRESS,
  skippedFeatures,
  type Capabilities,
  type Op,
  type SheetState,
  type WorkbookState,
} from "./excelBlocks";
import { numberCellValue } from "./dateCells";

/* ---------- requirements ---------- */

// In excelRequirements.ts, which the task pane loads at start without the rest of this host.
import { capabilities, REQUIRED_API, requirementsMissing } from "./excelRequirements";
export { capabilities, REQUIRED_API, requirementsMissing } from "./excelRequirements";

/* ---------- errors ---------- */

/** A failure explained in plain words (the task pane shows `message` as is). */
export class ExcelHostFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** A write failed half way and the workbook was put back as it was. */
    readonly restored = false,
    readonly syncs = 0,
    readonly cause?: unknown
  ) {
    super(message);
    this.name = "ExcelHostFailure";
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; debugInfo?: { code?: unknown } };
  if (typeof e.code === "string") return e.code;
  if (typeof e.debugInfo?.code === "string") return e.debugInfo.code;
  return undefined;
}

const MESSAGES: Record<string, [string, string]> = {
  InvalidOperationInCellEditMode: [
    "单元格正在编辑，请先按 Enter 或 Esc 退出编辑，然后再试。",
    "A cell is being edited: press Enter or Esc to finish editing, then try again.",
  ],
  AccessDenied: [
    "工作表受保护（或工作簿只读），无法写入。请先撤销工作表保护（审阅 → 撤销工作表保护），然后再试。",
    "The sheet is protected (or the workbook is read-only), so it cannot be written. Unprotect it (Review → Unprotect Sheet) and try again.",
  ],
  ItemNotFound: [
    "找不到要写入的工作表或名称：它可能在计算过程中被删除或重命名了。请重新计算。",
    "A sheet or name to write is gone: it may have been deleted or renamed meanwhile. Run Recompute again.",
  ],
  ItemAlreadyExists: [
    "已有同名的工作表或名称，无法添加。请重新计算；如仍出现，请检查工作簿中的名称（公式 → 名称管理器）。",
    "A sheet or name of the same name already exists. Run again; if it persists, check the workbook's names (Formulas → Name Manager).",
  ],
  RequestPayloadSizeLimitExceeded: [
    "一次写入的数据超过了 Excel 的请求大小上限，未做任何改动。",
    "The data to write exceeds Excel's request size limit; nothing was changed.",
  ],
  ResponsePayloadSizeLimitExceeded: [
    "工作表中的数据太多，Excel 无法一次读取。请删除不需要的工作表或空白区域后再试。",
    "The sheets hold too much data for Excel to read at once. Remove unneeded sheets or empty areas and try again.",
  ],
  GeneralException: [
    "Excel 内部错误，操作未能完成。请稍后重试；如果反复出现，请保存并重新打开工作簿。",
    "Excel reported an internal error and the operation did not complete. Try again; if it persists, save and reopen the workbook.",
  ],
  MergedRangeConflict: [
    "要写入的区域与合并单元格冲突。请取消这些单元格的合并后再试。",
    "The area to write conflicts with merged cells. Unmerge them and try again.",
  ],
  InvalidArgument: [
    "Excel 不接受要写入的内容（参数无效）。请重新插入标准模板后再试。",
    "Excel did not accept what was to be written (invalid argument). Insert the standard template again and retry.",
  ],
  InvalidReference: [
    "引用无效：工作表或名称可能已被改动。请重新计算。",
    "A reference is invalid: a sheet or name may have changed. Run Recompute again.",
  ],
  ApiNotFound: [
    `当前的 Excel 版本过旧，不支持所需的功能：需要 Excel 2019 或更新的版本（ExcelApi ${REQUIRED_API}）。`,
    `This Excel is too old for a feature the add-in needs: Excel 2019 or later (ExcelApi ${REQUIRED_API}).`,
  ],
  ActivityLimitReached: [
    "Excel 暂时繁忙（操作次数达到上限），请稍后再试。",
    "Excel is busy (activity limit reached). Try again in a moment.",
  ],
  Conflict: [
    "工作簿正在被其他操作修改，请稍后再试。",
    "The workbook is being changed by something else. Try again in a moment.",
  ],
  InsertDeleteConflict: [
    "工作簿正在被其他操作修改，请稍后再试。",
    "The workbook is being changed by something else. Try again in a moment.",
  ],
};

/**
 * An error from Office (by its `code`), from this host or from Recompute, as one plain message in the user's
 * language — never a stack trace.
 */
export function officeErrorMessage(error: unknown, lang: Lang = "zh"): string {
  if (
    error instanceof ExcelHostFailure ||
    error instanceof RecomputeFailure ||
    error instanceof PlanRefused
  )
    return error.message;
  const code = errorCode(error);
  const known = code ? MESSAGES[code] : undefined;
  if (known) return lang === "en" ? known[1] : known[0];
  const detail =
    error instanceof Error
      ? error.message.split("\n")[0]
      : typeof error === "string"
        ? error.split("\n")[0]
        : "";
  if (code)
    return lang === "en"
      ? `Excel could not complete the operation (error ${code}).`
      : `Excel 未能完成操作（错误代码 ${code}）。`;
  return lang === "en"
    ? `The operation did not complete${detail ? `: ${detail}` : "."}`
    : `操作未能完成${detail ? `：${detail}` : "。"}`;
}

/** Errors after which Excel has applied nothing of the request. */
const NOTHING_APPLIED = new Set([
  "InvalidOperationInCellEditMode",
  "RequestPayloadSizeLimitExceeded",
]);

/* ---------- syncs ---------- */

/** `context.sync()`, counted. */
export interface SyncCounter {
  count: number;
  sync(): Promise<void>;
}

export function syncCounter(context: Excel.RequestContext): SyncCounter {
  const counter: SyncCounter = {
    count: 0,
    sync: async () => {
      counter.count++;
      await context.sync();
    },
  };
  return counter;
}

/* ---------- reading ---------- */

/** The sheets the standard template and Recompute use: read in the first sync. */
export const KNOWN_SHEETS = [
  DEFAULT_SHEETS.input,
  DEFAULT_SHEETS.score,
  DEFAULT_SHEETS.guide,
  DEFAULT_SHEETS.table,
  BACKUP_SHEET,
  FRAMEWORK_SHEET,
];

interface SheetLoad {
  sheet: Excel.Worksheet;
  /** The used range within READ_WINDOW: what is read. */
  used: Excel.Range;
  /** The whole used range, its address only: to tell when part of the sheet was left out. */
  whole: Excel.Range;
  /** The conditional formats of READ_WINDOW, when they are read. */
  rules?: Excel.ConditionalFormatCollection;
}

/**
 * Queues what a sheet's snapshot and state need: protection, the used range within READ_WINDOW (values,
 * formulas, types, number formats) and the whole used range's address; with `rules`, the conditional formats of READ_WINDOW
 * (type, and a custom rule's formula: ours carry OWN_RULE_MARKER).
 */
function queueSheetLoad(sheet: Excel.Worksheet, rules: boolean): SheetLoad {
  sheet.load("name,visibility");
  sheet.protection.load("protected");
  const used = sheet.getRange(READ_WINDOW_ADDRESS).getUsedRangeOrNullObject(true);
  used.load("address,values,formulas,valueTypes,numberFormat");
  const whole = sheet.getUsedRangeOrNullObject(true);
  whole.load("address");
  if (!rules) return { sheet, used, whole };
  const formats = sheet.getRange(READ_WINDOW_ADDRESS).conditionalFormats;
  formats.load("items/type,items/customOrNullObject/rule/formula");
  return { sheet, used, whole, rules: formats };
}

interface LoadedSheet {
  snapshot: SheetSnapshot;
  state: SheetState;
  /** A plain note when part of the sheet was left out of the read. */
  note?: string;
}

const localAddress = (address: string) => address.slice(address.lastIndexOf("!") + 1);

/** A loaded sheet (after sync) as snapshot and state; undefined when the sheet does not exist. */
function sheetFromLoad(load: SheetLoad, lang: Lang, date1904: boolean): LoadedSheet | undefined {
  const { sheet, used, whole, rules } = load;
  if (sheet.isNullObject) return undefined;
  const hidden = sheet.visibility !== "Visible";
  const snapshot: SheetSnapshot = {
    name: sheet.name,
    hidden,
    values: [],
    formulas: [],
    merges: [],
  };
  let note: string | undefined;
  let formats: SheetState["formats"];
  if (!used.isNullObject) {
    const values = used.values as unknown[][] | null;
    const formulas = used.formulas as unknown[][] | null;
    const types = used.valueTypes as string[][] | null;
    // READ_WINDOW keeps a read far below Excel's five million cells; should Excel still send no values, the
    // sheet is refused by name rather than read wrong.
    if (!Array.isArray(values) || !Array.isArray(formulas) || !Array.isArray(types))
      throw new ExcelHostFailure(
        lang === "en"
          ? `The sheet “${sheet.name}” is too large for Excel to hand over (${localAddress(used.address)}). Delete what it holds beyond the table, or move the sheet to another workbook, and try again.`
          : `工作表“${sheet.name}”的数据过多，Excel 无法读出（${localAddress(used.address)}）。请删除表格以外的多余内容，或将该表移到另一个工作簿后再试。`,
        "SheetTooLarge"
      );
    const { row: r0, col: c0 } = topLeftOf(used.address);
    const width = c0 + (values[0]?.length ?? 0);
    const numberFormats = (used.numberFormat as unknown[][] | null) ?? [];
    const text: string[] = [];
    numberFormats.forEach((line, i) =>
      line.forEach((f, j) => {
        if (f === "@") text.push(`${r0 + i},${c0 + j}`);
      })
    );
    formats = {
      area: { row: r0, col: c0, rows: values.length, cols: values[0]?.length ?? 0 },
      text,
    };
    for (let r = 0; r < r0 + values.length; r++) {
      const valueRow = new Array<CellValue>(width).fill(null);
      const formulaRow = new Array<string | null>(width).fill(null);
      if (r >= r0) {
        const formatRow = numberFormats[r - r0];
        values[r - r0].forEach((v: unknown, j: number) => {
          // A date is a number shown as a date: read as the date's text, as the ExcelJS host reads it (dateCells.ts).
          const shown = typeof v === "number" ? numberCellValue(v, formatRow?.[j], date1904) : v;
          const cell = officeCell(shown, formulas[r - r0]?.[j], types[r - r0]?.[j]);
          valueRow[c0 + j] = cell.value;
          formulaRow[c0 + j] = cell.formula;
        });
      }
      snapshot.values.push(valueRow);
      snapshot.formulas.push(formulaRow);
    }
  }
  if (!whole.isNullObject && (used.isNullObject || whole.address !== used.address))
    note =
      lang === "en"
        ? `Only the first ${READ_WINDOW.rows.toLocaleString("en")} rows and ${READ_WINDOW.cols} columns of the sheet “${sheet.name}” were read: it has entries as far as ${localAddress(whole.address)}. If that is a stray entry, delete it.`
        : `工作表“${sheet.name}”只读取了前 ${READ_WINDOW.rows} 行、${READ_WINDOW.cols} 列：该表的内容一直延伸到 ${localAddress(whole.address)}。如是误输入的内容，请删除。`;
  const ownRules: number[] = [];
  let userRules = 0;
  if (rules)
    rules.items.forEach((rule, index) => {
      const custom = rule.type === "Custom" ? rule.customOrNullObject : undefined;
      const formula = custom && !custom.isNullObject ? custom.rule.formula : "";
      if (typeof formula === "string" && formula.includes(OWN_RULE_MARKER)) ownRules.push(index);
      else userRules++;
    });
  return {
    snapshot,
    note,
    state: {
      name: sheet.name,
      visible: !hidden,
      loaded: true,
      protected: sheet.protection.protected,
      rulesRead: !!rules,
      ownRules,
      userRules,
      ...(formats ? { formats } : {}),
    },
  };
}

export interface ReadResult {
  snapshot: WorkbookSnapshot;
  /** What the write phase needs beyond the snapshot: protection, our rules' positions, names. Plain data. */
  handles: WorkbookState;
  /** Syncs the read took (1 for the standard template). */
  syncs: number;
  /** Plain notes on what the read left out (a sheet read only within READ_WINDOW). */
  notes: string[];
}

export interface ReadOptions {
  counter?: SyncCounter;
  /**
   * Read every sheet the workbook logic may need (default). False: the first phase only — names, the sheet
   * list and the known sheets — enough to insert a template.
   */
  complete?: boolean;
  /** The language of the notes and messages. */
  lang?: Lang;
}

/**
 * One sync of reads, queued by `queue(true)`: when it fails, it is queued again without the conditional formats
 * (`queue(false)`) and synced once more — Excel cannot read some rules (office-js #6827, #6835), and they must
 * not cost the whole read. Cell-edit mode and a response too large are not the rules' doing: thrown as they are.
 */
async function syncReads<T>(
  counter: SyncCounter,
  queue: (rules: boolean) => T
): Promise<{ loads: T; rules: boolean }> {
  const loads = queue(true);
  try {
    await counter.sync();
    return { loads, rules: true };
  } catch (error) {
    const code = errorCode(error);
    if (code === "InvalidOperationInCellEditMode" || code === "ResponsePayloadSizeLimitExceeded")
      throw error;
    const again = queue(false);
    await counter.sync();
    return { loads: again, rules: false };
  }
}

/** Sheets (not read yet) the workbook logic needs: those names and the backup point at, or all for recognition. */
function sheetsToRead(snapshot: WorkbookSnapshot, handles: WorkbookState): string[] {
  const unread = handles.sheets.filter((s) => !s.loaded).map((s) => s.name);
  if (!unread.length) return [];
  const hasTemplate = snapshot.names.some((n) => {
    const ref = parseRef(n.ref);
    return n.name.startsWith("score_") && ref && sheetState(handles, ref.sheet);
  });
  if (!hasTemplate) return unread; // a department's own workbook: any sheet may be its score sheet
  const wanted = new Set<string>();
  for (const n of snapshot.names) {
    const ref = parseRef(n.ref);
    if (ref) wanted.add(ref.sheet.toLowerCase());
  }
  for (const e of readBackup(snapshot) ?? [])
    if (e.kind === "cell") wanted.add(e.sheet.toLowerCase());
  return unread.filter((name) => wanted.has(name.toLowerCase()));
}

/**
 * Queues the question that tells the workbook's date system: DATE(1904,1,1) through `workbook.functions` (ExcelApi
 * 1.2, within the 1.7 the add-in needs) is 0 when the workbook counts dates from 1904 and 1462 when from 1900 ("year
 * Is a number from 1900 or 1904 (depending on the workbook's date system)": Functions.date,
 * learn.microsoft.com/javascript/api/excel/excel.functions). The same serial is another date in each system, and
 * the ExcelJS host reads the system from the file (workbookPr date1904). `Workbook.use1904DateSystem` would say it
 * directly, but it is in no released requirement set — listed among the preview APIs only (ExcelApi BETA), absent
 * from the typings of ExcelApi 1.1–1.20 — so it cannot be asked behind isSetSupported (excelRequirements.ts).
 */
function queueDateSystem(workbook: Excel.Workbook): Excel.FunctionResult<number> {
  const probe = workbook.functions.date(1904, 1, 1);
  probe.load("value");
  return probe;
}

/**
 * Reads the workbook: one sync for the standard template (see the file comment); a second phase for sheets
 * beyond the known ones when the workbook logic needs them. A sync whose conditional formats cannot be read is
 * made again without them (`syncReads`).
 */
export async function readSnapshot(
  context: Excel.RequestContext,
  options: ReadOptions = {}
): Promise<ReadResult> {
  const counter = options.counter ?? syncCounter(context);
  const lang = options.lang ?? "zh";
  const start = counter.count;
  const workbook = context.workbook;
  const names = workbook.names;
  const worksheets = workbook.worksheets;
  const protection = workbook.protection;
  const dateSystem: { probe?: Excel.FunctionResult<number> } = {};
  const first = await syncReads(counter, (rules) => {
    names.load("items/name,items/type,items/formula");
    worksheets.load("items/name,items/visibility");
    protection.load("protected");
    // Asked again without the rules, the date system is left out too: should it be what failed, the read still
    // succeeds (dates then counted from 1900, the default).
    dateSystem.probe = rules ? queueDateSystem(workbook) : undefined;
    return KNOWN_SHEETS.map((name) => queueSheetLoad(worksheets.getItemOrNullObject(name), rules));
  });
  const date1904 = dateSystem.probe?.value === 0;

  const loaded = new Map<string, LoadedSheet>();
  const take = (loads: SheetLoad[]) => {
    for (const load of loads) {
      const sheet = sheetFromLoad(load, lang, date1904);
      if (sheet) loaded.set(sheet.snapshot.name.toLowerCase(), sheet);
    }
  };
  take(first.loads);
  const list = worksheets.items.map((s) => ({ name: s.name, visible: s.visibility === "Visible" }));
  const definedNames: DefinedName[] = names.items.map((n) => ({
    name: n.name,
    ref: refFromNameFormula(n.formula),
  }));
  const build = (): ReadResult => {
    const sheets = list.map(
      (s): LoadedSheet =>
        loaded.get(s.name.toLowerCase()) ?? {
          snapshot: { name: s.name, hidden: !s.visible, values: [], formulas: [], merges: [] },
          state: {
            name: s.name,
            visible: s.visible,
            loaded: false,
            protected: false,
            rulesRead: false,
            ownRules: [],
            userRules: 0,
          },
        }
    );
    return {
      snapshot: { sheets: sheets.map((s) => s.snapshot), names: definedNames },
      handles: {
        sheets: sheets.map((s) => s.state),
        names: definedNames,
        protected: protection.protected,
      },
      syncs: counter.count - start,
      notes: sheets.flatMap((s) => (s.note ? [s.note] : [])),
    };
  };
  let result = build();
  if (options.complete === false) return result;

  const more = sheetsToRead(result.snapshot, result.handles);
  if (!more.length) return result;
  try {
    const second = await syncReads(counter, (rules) =>
      more.map((name) => queueSheetLoad(worksheets.getItem(name), rules))
    );
    take(second.loads);
  } catch (error) {
    if (errorCode(error) !== "ResponsePayloadSizeLimitExceeded") throw error;
    // Too much for one response: one sheet at a time.
    for (const name of more) {
      const one = await syncReads(counter, (rules) => [
        queueSheetLoad(worksheets.getItem(name), rules),
      ]);
      take(one.loads);
    }
  }
  result = build();
  return result;
}

/* ---------- writing ---------- */

function hex(color: string): string {
  return `#${color.replace(/^#/, "")}`;
}

type Edge =
  "EdgeTop" | "EdgeBottom" | "EdgeLeft" | "EdgeRight" | "InsideHorizontal" | "InsideVertical";
const EDGES: Edge[] = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"];

/** Applies a named style to a range's format: what the style leaves out is reset, unless the sheet is new. */
function applyStyle(format: Excel.RangeFormat, op: Extract<Op, { kind: "style" }>): void {
  const s = STYLES[op.style];
  const fresh = op.fresh;
  format.font.name = FONT_NAME;
  format.font.size = s.size ?? 11;
  if (s.bold || !fresh) format.font.bold = !!s.bold;
  if (s.color || !fresh) format.font.color = hex(s.color ?? "000000");
  if (s.fill) format.fill.color = hex(s.fill);
  else if (!fresh) format.fill.clear();
  if (s.border || !fresh) {
    const style = s.border ? "Continuous" : "None";
    const edges: Edge[] = [...EDGES];
    if (op.multiRow) edges.push("InsideHorizontal");
    if (op.multiCol) edges.push("InsideVertical");
    for (const edge of edges) {
      format.borders.getItem(edge).style = style; // thin, automatic (black) colour: Excel's defaults
    }
  }
  if (s.horizontal)
    format.horizontalAlignment =
      s.horizontal === "left" ? "Left" : s.horizontal === "right" ? "Right" : "Center";
  else if (!fresh) format.horizontalAlignment = "General";
  if (s.vertical) format.verticalAlignment = s.vertical === "top" ? "Top" : "Center";
  else if (!fresh) format.verticalAlignment = "Bottom";
  if (s.wrap || !fresh) format.wrapText = !!s.wrap;
}

/** Queues one op's Office.js calls. */
function queueOp(
  context: Excel.RequestContext,
  op: Op,
  sheets: Map<string, Excel.Worksheet>
): void {
  const worksheets = context.workbook.worksheets;
  const sheetOf = (name: string): Excel.Worksheet => {
    const key = name.toLowerCase();
    let sheet = sheets.get(key);
    if (!sheet) {
      sheet = worksheets.getItem(name);
      sheets.set(key, sheet);
    }
    return sheet;
  };
  switch (op.kind) {
    case "addSheet":
      sheets.set(op.sheet.toLowerCase(), worksheets.add(op.sheet));
      return;
    case "deleteSheet":
      worksheets.getItem(op.sheet).delete();
      sheets.delete(op.sheet.toLowerCase());
      return;
    case "visibility":
      sheetOf(op.sheet).visibility = op.visible ? "Visible" : "Hidden";
      return;
    case "clearContents":
      sheetOf(op.sheet).getRange().clear("Contents");
      return;
    case "contents":
      sheetOf(op.sheet).getRange(op.address).formulas = op.data;
      return;
    case "numberFormat":
      sheetOf(op.sheet).getRange(op.address).numberFormat = op.data;
      return;
    case "style": {
      const sheet = sheetOf(op.sheet);
      const format =
        op.addresses.length === 1
          ? sheet.getRange(op.addresses[0]).format
          : sheet.getRanges(op.addresses.join(",")).format;
      applyStyle(format, op);
      return;
    }
    case "note":
      sheetOf(op.sheet).notes.add(op.address, op.text);
      return;
    case "merge": {
      const range = sheetOf(op.sheet).getRange(op.address);
      if (op.unmergeFirst) range.unmerge();
      range.merge(false);
      return;
    }
    case "columnWidth":
      sheetOf(op.sheet).getRange(op.address).format.columnWidth = op.points;
      return;
    case "rowHeight":
      sheetOf(op.sheet).getRange(op.address).format.rowHeight = op.points;
      return;
    case "hideColumns":
      sheetOf(op.sheet).getRange(op.address).columnHidden = true;
      return;
    case "freeze": {
      const panes = sheetOf(op.sheet).freezePanes;
      if (op.rows > 0 && op.cols > 0) panes.freezeAt(`A1:${columnLetter(op.cols - 1)}${op.rows}`);
      else if (op.rows > 0) panes.freezeRows(op.rows);
      else if (op.cols > 0) panes.freezeColumns(op.cols);
      else panes.unfreeze();
      return;
    }
    case "validation": {
      const validation = sheetOf(op.sheet).getRange(op.address).dataValidation;
      validation.clear();
      validation.rule = { list: { inCellDropDown: true, source: op.list.join(",") } };
      validation.ignoreBlanks = true;
      validation.errorAlert = {
        showAlert: true,
        style: op.allowOther ? "Warning" : "Stop",
        title: "绩效自评助手",
        message: op.allowOther
          ? "不是列表中的选项：如为部分得分，请点击“是”保留。"
          : "请从下拉列表中选择。",
      };
      if (op.prompt) validation.prompt = { showPrompt: true, title: "", message: op.prompt };
      return;
    }
    case "print": {
      const layout = sheetOf(op.sheet).pageLayout;
      layout.orientation = op.landscape ? "Landscape" : "Portrait";
      layout.paperSize = "A4";
      // One page wide, as many pages tall as needed (0: automatic, as in Excel's "Fit to … pages tall").
      layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      layout.setPrintMargins("Inches", PRINT_MARGINS);
      if (op.titleRows) layout.setPrintTitleRows(op.titleRows);
      return;
    }
    case "tabColor":
      sheetOf(op.sheet).tabColor = hex(op.color);
      return;
    case "deleteRule":
      // By position, through the collection the rules were read from (READ_WINDOW), never the whole sheet's.
      sheetOf(op.sheet).getRange(op.scope).conditionalFormats.getItemAt(op.index).delete();
      return;
    case "clearRules":
      sheetOf(op.sheet).getRange(op.address).conditionalFormats.clearAll();
      return;
    case "addRule": {
      const rule = sheetOf(op.sheet).getRange(op.address).conditionalFormats.add("Custom");
      rule.custom.rule.formula = op.formula;
      rule.custom.format.fill.color = hex(op.fill);
      rule.custom.format.font.color = hex(op.fontColor);
      // To the back (a priority beyond the end is clamped to the last): the user's rules keep precedence, and
      // ours keep the plan's order (red before amber) whether Excel adds a new rule first or last. Set last:
      // changing the priority invalidates this proxy.
      rule.priority = 1_000_000;
      return;
    }
    case "deleteName":
      context.workbook.names.getItem(op.name).delete();
      return;
    case "addName":
      context.workbook.names.add(op.name, op.formula);
      return;
  }
}

/** A write that failed, and whether part of it may have been applied. */
class WriteFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly partial: boolean
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

export interface ApplyOptions extends Capabilities {
  counter?: SyncCounter;
  lang?: Lang;
  /** Split the batch above this estimated request size (default ~4 MB; Excel on the web refuses 5 MB). */
  maxPayloadBytes?: number;
}

export const MAX_PAYLOAD_BYTES = 4_000_000;

/** Queues ops and syncs them: in as few syncs as the payload allows, re-splitting when Excel refuses the size. */
async function runOps(
  context: Excel.RequestContext,
  ops: Op[],
  counter: SyncCounter,
  maxBytes: number
): Promise<void> {
  let appliedSomething = false;
  const sheets = new Map<string, Excel.Worksheet>();
  const run = async (chunk: Op[]): Promise<void> => {
    for (const op of chunk) queueOp(context, op, sheets);
    try {
      await counter.sync();
      appliedSomething = true;
    } catch (error) {
      sheets.clear(); // proxies queued in a failed request are not to be reused
      const code = errorCode(error);
      const bytes = batchBytes(chunk);
      if (code === "RequestPayloadSizeLimitExceeded") {
        const smaller = splitOps(chunk, Math.max(1, Math.floor(bytes / 2)));
        if (smaller.length > 1) {
          for (const part of smaller) await run(part);
          return;
        }
      }
      throw new WriteFailure(error, appliedSomething || !NOTHING_APPLIED.has(code ?? ""));
    }
  };
  for (const chunk of splitOps(ops, maxBytes)) await run(chunk);
}

/**
 * Applies plans (in order, as one batch: one sync unless the payload must be split) to the workbook read as
 * `read`. Refuses before writing anything (PlanRefused) when a sheet to write is protected or missing. If the
 * write fails after part of it was applied, the workbook is put back as `read` found it and an
 * ExcelHostFailure with `restored` is thrown.
 */
export async function applyPlan(
  context: Excel.RequestContext,
  plans: WritePlan | WritePlan[],
  read: ReadResult,
  options: ApplyOptions = {}
): Promise<{ syncs: number; skipped: string[] }> {
  const counter = options.counter ?? syncCounter(context);
  const start = counter.count;
  const list = Array.isArray(plans) ? plans : [plans];
  const caps: Capabilities = {
    dataValidation: options.dataValidation,
    rangeAreas: options.rangeAreas,
    pageLayout: options.pageLayout,
    notes: options.notes,
  };
  const skipped = skippedFeatures(list, caps, options.lang);
  const ops: Op[] = [];
  let state = read.handles;
  for (const plan of list) {
    ops.push(...compilePlan(plan, state, { ...caps, lang: options.lang }));
    state = stateAfter(state, plan);
  }
  const maxBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  try {
    await runOps(context, ops, counter, maxBytes);
  } catch (failure) {
    if (!(failure instanceof WriteFailure)) throw failure;
    const lang = options.lang ?? "zh";
    const message = officeErrorMessage(failure.error, lang);
    const code = errorCode(failure.error) ?? "Unknown";
    if (!failure.partial)
      throw new ExcelHostFailure(message, code, false, counter.count - start, failure.error);
    try {
      const now = await readSnapshot(context, { counter, complete: false, lang });
      let before = read.snapshot;
      let beforeState = read.handles;
      const reverts: WritePlan[] = [];
      // Undo the plans last to first, each against the workbook as it stood before it.
      const states: { snapshot: WorkbookSnapshot; handles: WorkbookState }[] = [];
      for (const plan of list) {
        states.push({ snapshot: before, handles: beforeState });
        before = applyToSnapshot(before, plan);
        beforeState = stateAfter(beforeState, plan);
      }
      let current = now.handles;
      for (let i = list.length - 1; i >= 0; i--) {
        const revert = revertPlan(states[i].snapshot, states[i].handles, list[i], current);
        reverts.push(revert);
        current = stateAfter(current, revert);
      }
      const revertOps: Op[] = [];
      let revertState = now.handles;
      for (const revert of reverts) {
        revertOps.push(...compilePlan(revert, revertState, { lang }));
        revertState = stateAfter(revertState, revert);
      }
      await runOps(context, revertOps, counter, maxBytes);
    } catch (restoreError) {
      const detail = officeErrorMessage(
        restoreError instanceof WriteFailure ? restoreError.error : restoreError,
        lang
      );
      throw new ExcelHostFailure(
        lang === "en"
          ? `${message} The changes made before the failure could not be undone automatically (${detail}); use Undo last recompute, or close the workbook without saving.`
          : `${message}出错前已写入的部分未能自动恢复（${detail}）：请点击“撤销上次计算”，或不保存关闭工作簿。`,
        code,
        false,
        counter.count - start,
        failure.error
      );
    }
    throw new ExcelHostFailure(
      lang === "en"
        ? `${message} The workbook has been put back as it was.`
        : `${message}工作簿已自动恢复为操作前的状态。`,
      code,
      true,
      counter.count - start,
      failure.error
    );
  }
  return { syncs: counter.count - start, skipped };
}

/* ---------- the task pane's commands ---------- */

export interface ExcelRunResult {
  report?: Report;
  /** Cells whose content changed (Recompute), or restored (撤销). */
  changedCells: number;
  /** `context.sync()` calls made. */
  syncs: number;
  /** Insert template: the sheet names used (suffixed when taken). */
  sheets?: SheetNames;
  /**
   * What was left out, one plain sentence each: parts of the plan this Excel cannot do (drop-down lists below
   * ExcelApi 1.8 …), sheets read only in part. Empty when nothing was.
   */
  skipped: string[];
}

interface RunOptions {
  /** For tests: the payload limit above which a batch is split. */
  maxPayloadBytes?: number;
}

/** Runs `body` in Excel.run; any failure becomes an ExcelHostFailure with a plain message. */
async function runInExcel(
  lang: Lang,
  body: (context: Excel.RequestContext, counter: SyncCounter) => Promise<ExcelRunResult>
): Promise<ExcelRunResult> {
  const missing = requirementsMissing(lang);
  if (missing) throw new ExcelHostFailure(missing, "RequirementsMissing");
  let syncs = 0;
  try {
    return await Excel.run(async (context) => {
      const counter = syncCounter(context);
      try {
        return await body(context, counter);
      } finally {
        syncs = counter.count;
      }
    });
  } catch (error) {
    if (error instanceof ExcelHostFailure) throw error;
    const code = error instanceof PlanRefused ? error.reason : errorCode(error);
    throw new ExcelHostFailure(
      officeErrorMessage(error, lang),
      code ?? "Unknown",
      false,
      syncs,
      error
    );
  }
}

/** 重新计算: read (1 sync) → recompute → apply (1 sync). */
export function recomputeInExcel(
  chosen: Framework | undefined,
  lang: Lang = "zh",
  options: RunOptions = {}
): Promise<ExcelRunResult> {
  return runInExcel(lang, async (context, counter) => {
    const read = await readSnapshot(context, { counter, lang });
    // The framework chosen, else the workbook's own (saved in it, else told by its indicator names).
    const result = recomputeWorkbook(read.snapshot, chosen, { lang });
    const applied = await applyPlan(context, result.plan, read, {
      ...capabilities(),
      counter,
      lang,
      ...options,
    });
    return {
      report: result.report,
      changedCells: result.changedCells,
      syncs: counter.count,
      skipped: [...read.notes, ...applied.skipped],
    };
  });
}

/**
 * 插入标准模板: the template's three sheets under free names (基础数据 (2) … when taken — no sheet is ever
 * overwritten), and Recompute on them, in one batch: read (1 sync) → plan → apply (1 sync). The template's
 * defined names replace those of an earlier template (names are workbook-wide), so Recompute binds to the new
 * one.
 */
export function insertTemplateInExcel(
  framework: Framework,
  lang: Lang = "zh",
  options: RunOptions = {}
): Promise<ExcelRunResult> {
  return runInExcel(lang, async (context, counter) => {
    const read = await readSnapshot(context, { counter, complete: false, lang });
    const insertion = planTemplateInsertion(read.snapshot, framework, lang);
    const names: SheetNames = insertion.sheets;
    const applied = await applyPlan(context, insertion.plans, read, {
      ...capabilities(),
      counter,
      lang,
      ...options,
    });
    return {
      report: insertion.report,
      changedCells: 0,
      syncs: counter.count,
      sheets: names,
      skipped: [...read.notes, ...applied.skipped],
    };
  });
}

/** 撤销上次计算: read (1 sync) → restore plan from the backup sheet → apply (1 sync). */
export function undoInExcel(lang: Lang = "zh", options: RunOptions = {}): Promise<ExcelRunResult> {
  return runInExcel(lang, async (context, counter) => {
    const read = await readSnapshot(context, { counter, lang });
    const entries = readBackup(read.snapshot);
    if (!entries)
      throw new ExcelHostFailure(
        lang === "en"
          ? "There is no recompute to undo."
          : "没有可撤销的计算：工作簿中没有上次计算的备份。",
        "NothingToUndo",
        false,
        counter.count
      );
    const applied = await applyPlan(context, restorePlan(read.snapshot, entries), read, {
      ...capabilities(),
      counter,
      lang,
      ...options,
    });
    return {
      changedCells: entries.filter((e) => e.kind === "cell").length,
      syncs: counter.count,
      skipped: [...read.notes, ...applied.skipped],
    };
  });
}
