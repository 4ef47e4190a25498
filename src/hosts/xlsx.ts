/**
 * The ExcelJS host: reads an .xlsx into a WorkbookSnapshot and applies a WritePlan to it, for the command line
 * and tests. It decides how to write, never what: everything written comes from the plan.
 */
import { readFileSync } from "fs";
import { rename, rm } from "fs/promises";
import type ExcelJS from "exceljs";
import { dateText } from "./dateCells";
import { builtInNumberFormats, streamingWriter, ValueType, Workbook } from "./exceljsParts";
import { loadXlsx, saveXlsx } from "./xlsxPackage";
import { replaceFile, tempPathBeside } from "../files/replaceFile";
import {
  quoteSheet,
  sheetGrids,
  type CellValue,
  type DefinedName,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from "../workbook/snapshot";
import { FONT_NAME, HIGHLIGHTS, STYLES, type StyleName } from "../workbook/styles";
import {
  OWN_RULE_MARKER,
  PRINT_MARGINS,
  type CellWrite,
  type ConditionalFormat,
  type ListValidation,
  type SheetPlan,
  type WritePlan,
} from "../workbook/writePlan";

/* ---------- reading ---------- */

/**
 * ExcelJS has no format code for the built-in formats whose code depends on the language of Excel (27–36 and
 * 50–58): the date a Chinese Excel shows as 2024年5月1日 (31) or 5月1日 (58) would be read as its serial
 * number — 45413, a plausible amount in 万元 — and written back unformatted. They are given the codes Chinese
 * Excel uses, so such a cell reads as a date and keeps its format.
 */
for (const id of Object.keys(builtInNumberFormats).map(Number)) {
  const format = builtInNumberFormats[id];
  if (format.f === undefined && format["zh-cn"] !== undefined) format.f = format["zh-cn"];
}

/** Opens an .xlsx file: the ExcelJS workbook (to apply a plan to and write back) and its snapshot. */
export async function readWorkbook(
  path: string
): Promise<{ workbook: ExcelJS.Workbook; snapshot: WorkbookSnapshot }> {
  const workbook = new Workbook();
  await loadXlsx(workbook, readFileSync(path));
  return { workbook, snapshot: snapshotOf(workbook) };
}

/**
 * The workbook as plain data. Defined names: workbook names that point at a cell or a rectangular range, with
 * the ref normalised to `'Sheet'!$C$7` (quoted like `absoluteRef`); a name over several areas keeps its first;
 * built-in `_xlnm.*` names (print titles, filters) are left out. ExcelJS itself cannot hold names over
 * constants, formulas or whole rows/columns, and folds sheet-scoped names into workbook names.
 */
export function snapshotOf(workbook: ExcelJS.Workbook): WorkbookSnapshot {
  const names: DefinedName[] = [];
  for (const { name, ranges } of workbook.definedNames.model) {
    if (name.startsWith("_xlnm.") || ranges.length === 0) continue;
    names.push({ name, ref: normaliseRef(ranges[0]) });
  }
  return { sheets: workbook.worksheets.map(sheetSnapshot), names };
}

function sheetSnapshot(worksheet: ExcelJS.Worksheet): SheetSnapshot {
  const found: { row: number; col: number; value: CellValue; formula: string | null }[] = [];
  worksheet.eachRow((row, rowNumber) => {
    row.eachCell((cell, colNumber) => {
      // The other cells of a merged area report the top-left cell's value in ExcelJS; Excel shows them empty.
      if (cell.type === ValueType.Merge) return;
      let value: CellValue;
      let formula: string | null = null;
      if (cell.type === ValueType.Formula) {
        // `cell.formula` resolves a shared formula to this cell's own text; `cell.result` keeps a falsy result
        // (`cell.value.result` drops 0, FALSE and "").
        formula = cell.formula ? `=${cell.formula}` : null;
        value = plainValue(cell.result, cell.address);
      } else {
        value = plainValue(cell.value, cell.address);
      }
      if (value === null && formula === null) return;
      found.push({ row: rowNumber - 1, col: colNumber - 1, value, formula });
    });
  });
  const { values, formulas } = sheetGrids(found);
  return {
    name: worksheet.name,
    hidden: worksheet.state === "hidden" || worksheet.state === "veryHidden",
    values,
    formulas,
    merges: worksheet.hasMerges ? worksheet.model.merges.map(normaliseRange) : [],
  };
}

/**
 * An ExcelJS value (or formula result) as a snapshot value. ExcelJS gives a date-formatted number as a Date (its
 * `isDateFmt`, the test dateCells.ts shares with the Office.js host), read as the date's text (dateCells.ts); a
 * number past 9999-12-31 stays a number (exceljsParts.ts).
 */
function plainValue(v: unknown, where: string): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return dateText(v);
  if (typeof v === "object") {
    if ("error" in v) return { error: String((v as ExcelJS.CellErrorValue).error) };
    if ("richText" in v)
      return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("");
    if ("hyperlink" in v && "text" in v) return plainValue((v as { text: unknown }).text, where);
  }
  throw new Error(`单元格 ${where} 的内容无法识别`);
}

const SHEET_REF = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/;

/** `Sheet1!$C$7` or `'O''Brien'!$C$7` → `'Sheet1'!$C$7`, `'O''Brien'!$C$7`. */
function normaliseRef(ref: string): string {
  const m = SHEET_REF.exec(ref);
  if (!m) return ref;
  return `${quoteSheet(sheetOfMatch(m))}!${m[3]}`;
}

function sheetOfMatch(m: RegExpExecArray): string {
  return (m[1] ?? m[2]).replace(/''/g, "'");
}

/** "$a$1:$f$1" → "A1:F1". */
function normaliseRange(range: string): string {
  return range.replace(/\$/g, "").toUpperCase();
}

/* ---------- applying a plan ---------- */

/**
 * Applies a plan: deletes sheets (missing ones are ignored), then writes each sheet, then the defined names,
 * and asks Excel to recalculate everything on open. Sheets are checked before anything changes: a sheet to
 * update that does not exist, or one to create that does, throws and leaves the workbook as it was.
 */
export function applyPlan(workbook: ExcelJS.Workbook, plan: WritePlan): void {
  checkSheets(workbook, plan);
  for (const name of plan.names) checkName(name.name, name.ref);

  const deleted = new Set<string>();
  for (const name of plan.deleteSheets ?? []) {
    const worksheet = workbook.getWorksheet(name);
    if (!worksheet) continue;
    workbook.removeWorksheet(worksheet.id);
    deleted.add(name);
  }
  for (const sheetPlan of plan.sheets) {
    const worksheet = sheetPlan.create
      ? workbook.addWorksheet(sheetPlan.name)
      : (workbook.getWorksheet(sheetPlan.name) as ExcelJS.Worksheet);
    applySheet(worksheet, sheetPlan);
  }

  // Names: a deleted sheet's names would point nowhere (Excel turns them into #REF!, which ExcelJS cannot
  // hold), so they go with it; then the plan's names replace any of the same name; then removeNames.
  const replaced = new Set(plan.names.map((n) => n.name));
  workbook.definedNames.model = workbook.definedNames.model.filter(
    ({ name, ranges }) => !replaced.has(name) && !ranges.every((r) => deleted.has(sheetOfRef(r)))
  );
  for (const { name, ref } of plan.names) workbook.definedNames.add(ref.replace(/^=/, ""), name);
  const removed = new Set(plan.removeNames ?? []);
  if (removed.size)
    workbook.definedNames.model = workbook.definedNames.model.filter(
      ({ name }) => !removed.has(name)
    );

  workbook.calcProperties.fullCalcOnLoad = true;
}

function checkSheets(workbook: ExcelJS.Workbook, plan: WritePlan): void {
  // The sheets as they will be: by lower-case name (Excel compares sheet names without case) → name, visible.
  const sheets = new Map(
    workbook.worksheets.map((w) => [
      w.name.toLowerCase(),
      { name: w.name, visible: w.state === "visible" },
    ])
  );
  for (const name of plan.deleteSheets ?? [])
    if (sheets.get(name.toLowerCase())?.name === name) sheets.delete(name.toLowerCase());
  for (const { name, create, hidden } of plan.sheets) {
    const key = name.toLowerCase();
    const sheet = sheets.get(key);
    if (create && sheet) throw new Error(`工作表“${name}”已存在，无法新建`);
    if (!create && sheet?.name !== name) throw new Error(`找不到工作表“${name}”`);
    sheets.set(key, { name, visible: hidden === undefined ? (sheet?.visible ?? true) : !hidden });
  }
  if (![...sheets.values()].some((s) => s.visible))
    throw new Error("写入后工作簿将没有可见的工作表");
}

const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d+`;
const RANGE_REF = new RegExp(String.raw`^=?(?:'(?:[^']|'')+'|[^'!]+)!${CELL}(?::${CELL})?$`);

/** ExcelJS keeps only names over a cell or a rectangular range; Excel rejects names that read as a cell. */
function checkName(name: string, ref: string): void {
  if (
    !/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name) ||
    /^([A-Za-z]{1,3}\d+|[RrCc]|[Rr]\d*[Cc]\d*)$/.test(name)
  )
    throw new Error(`名称“${name}”不是合法的 Excel 名称`);
  if (!RANGE_REF.test(ref.trim()))
    throw new Error(`名称“${name}”的引用“${ref}”不是单元格或区域引用`);
}

function sheetOfRef(ref: string): string {
  const m = SHEET_REF.exec(ref);
  return m ? sheetOfMatch(m) : "";
}

function applySheet(worksheet: ExcelJS.Worksheet, plan: SheetPlan): void {
  if (plan.hidden !== undefined) worksheet.state = plan.hidden ? "hidden" : "visible";
  if (plan.clear) {
    worksheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type !== ValueType.Merge) cell.value = null;
      })
    );
  }
  freeMergedCells(worksheet, plan.cells);
  for (const write of plan.cells) writeCell(worksheet.getCell(write.row + 1, write.col + 1), write);
  if (plan.merges?.length) applyMerges(worksheet, plan.merges);
  plan.columnWidths?.forEach((width, i) => {
    if (Number.isFinite(width) && width > 0) worksheet.getColumn(i + 1).width = width;
  });
  for (const { row, height } of plan.rowHeights ?? []) worksheet.getRow(row + 1).height = height;
  for (const col of plan.hiddenColumns ?? []) worksheet.getColumn(col + 1).hidden = true;
  if (plan.freeze) applyFreeze(worksheet, plan.freeze);
  for (const validation of plan.validations ?? []) applyValidation(worksheet, validation);
  if (plan.conditionalFormats) applyConditionalFormats(worksheet, plan.conditionalFormats);
  if (plan.print) {
    const titles = plan.print.titleRows?.replace(/\$/g, "");
    worksheet.pageSetup = {
      ...worksheet.pageSetup,
      paperSize: 9 as ExcelJS.PaperSize, // A4
      orientation: plan.print.landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages tall as needed
      margins: { ...PRINT_MARGINS },
      printTitlesRow: titles ? (titles.includes(":") ? titles : `${titles}:${titles}`) : undefined,
    };
  }
  if (plan.tabColor) worksheet.properties.tabColor = { argb: argb(plan.tabColor) };
}

/**
 * A cell the plan writes inside a merged area the user made over it (not the area's top-left cell): the area is
 * unmerged first, as Excel asks before a write into part of a merged cell. ExcelJS would otherwise write the
 * value into the area's top-left cell, over what the user typed there (found by the hostile-workbook fuzz test:
 * a merge over 基础数据's status column lost the 单位 beside it, and 撤销 could not bring it back).
 */
function freeMergedCells(worksheet: ExcelJS.Worksheet, writes: CellWrite[]): void {
  if (!worksheet.hasMerges) return;
  for (const write of writes) {
    const cell = worksheet.findCell(write.row + 1, write.col + 1);
    if (!cell?.isMerged || cell.master === cell) continue;
    const inside = worksheet.model.merges.find((range) => {
      const [from, to = from] = normaliseRange(range).split(":");
      const a = splitAddress(from);
      const b = splitAddress(to);
      return (
        write.row + 1 >= a.row &&
        write.row + 1 <= b.row &&
        write.col + 1 >= a.col &&
        write.col + 1 <= b.col
      );
    });
    if (inside) worksheet.unMergeCells(inside);
  }
}

function writeCell(cell: ExcelJS.Cell, write: CellWrite): void {
  if (write.formula !== undefined) {
    const formula = write.formula.replace(/^=/, "");
    cell.value =
      write.result === undefined || write.result === null
        ? { formula }
        : { formula, result: write.result };
  } else if (write.error !== undefined) {
    cell.value = { error: write.error as ExcelJS.CellErrorValue["error"] };
  } else if (write.value !== undefined) {
    cell.value = write.value;
  }
  if (write.style || write.numberFormat !== undefined)
    cell.style = restyled(cell.style, write, cell.worksheet.workbook);
  if (write.note) cell.note = write.note;
}

/** Per workbook, the key of a cell without a style of its own (new cells each get an empty object). */
const noStyle = new WeakMap<ExcelJS.Workbook, object>();
const restyles = new WeakMap<object, Map<string, Partial<ExcelJS.Style>>>();

/**
 * A cell's style with the write's named style and number format over it. Whole style objects, never
 * `cell.font.bold = …`: ExcelJS shares style objects between a merged area's cells and with row styles, so
 * mutating one in place would restyle the others. Cells of one style written alike get one object: ExcelJS
 * renders a style once per object (it knows them by identity), where a new object per cell cost most of writing
 * a recomputed workbook (bench/README.md). Never shared between workbooks.
 */
function restyled(
  base: Partial<ExcelJS.Style>,
  write: CellWrite,
  workbook: ExcelJS.Workbook
): Partial<ExcelJS.Style> {
  let from: object = base;
  if (!base || !Object.keys(base).length) {
    from = noStyle.get(workbook) ?? {};
    noStyle.set(workbook, from);
  }
  const key = `${write.style ?? ""}\u0000${write.numberFormat ?? "\u0000"}`;
  let made = restyles.get(from);
  if (!made) restyles.set(from, (made = new Map()));
  let style = made.get(key);
  if (!style) {
    style = { ...(from as Partial<ExcelJS.Style>), ...(write.style ? cellStyle(write.style) : {}) };
    if (write.numberFormat !== undefined) style.numFmt = write.numberFormat;
    made.set(key, style);
  }
  return style;
}

/** A named style as ExcelJS style parts; what the style leaves out is reset (no fill, no border). */
function cellStyle(name: StyleName): Partial<ExcelJS.Style> {
  const s = STYLES[name];
  const font: Partial<ExcelJS.Font> = { name: FONT_NAME, size: s.size ?? 11 };
  if (s.bold) font.bold = true;
  if (s.color) font.color = { argb: argb(s.color) };
  const thin: Partial<ExcelJS.Border> = { style: "thin" };
  const alignment: Partial<ExcelJS.Alignment> = {};
  if (s.wrap) alignment.wrapText = true;
  if (s.horizontal) alignment.horizontal = s.horizontal;
  if (s.vertical) alignment.vertical = s.vertical;
  return {
    font,
    fill: s.fill
      ? { type: "pattern", pattern: "solid", fgColor: { argb: argb(s.fill) } }
      : { type: "pattern", pattern: "none" },
    border: s.border ? { top: thin, left: thin, bottom: thin, right: thin } : {},
    alignment,
  };
}

function argb(hex: string): string {
  return `FF${hex.replace(/^#/, "").toUpperCase()}`;
}

function applyMerges(worksheet: ExcelJS.Worksheet, merges: string[]): void {
  const existing = new Set(worksheet.hasMerges ? worksheet.model.merges.map(normaliseRange) : []);
  for (const merge of merges) {
    const range = normaliseRange(merge);
    if (existing.has(range)) continue;
    // ExcelJS refuses to merge over another merged area: free the cells first (Excel does the same).
    worksheet.unMergeCells(range);
    worksheet.mergeCells(range);
  }
}

function applyFreeze(worksheet: ExcelJS.Worksheet, freeze: { rows: number; cols: number }): void {
  // Keep the view's display settings (zoom, gridlines); drop the old pane and selection.
  const { showGridLines, showRowColHeaders, showRuler, zoomScale, zoomScaleNormal, rightToLeft } =
    worksheet.views[0] ?? {};
  const keep = {
    showGridLines,
    showRowColHeaders,
    showRuler,
    zoomScale,
    zoomScaleNormal,
    rightToLeft,
  };
  for (const key of Object.keys(keep) as (keyof typeof keep)[])
    if (keep[key] === undefined) delete keep[key];
  worksheet.views =
    freeze.rows > 0 || freeze.cols > 0
      ? [{ ...keep, state: "frozen", xSplit: freeze.cols, ySplit: freeze.rows }]
      : [{ ...keep, state: "normal" }];
}

/** Every cell of `range`, as 1-based row and column. */
function cellsOf(range: string): { row: number; col: number }[] {
  const [from, to = from] = normaliseRange(range).split(":");
  const a = splitAddress(from);
  const b = splitAddress(to);
  const out: { row: number; col: number }[] = [];
  for (let row = Math.min(a.row, b.row); row <= Math.max(a.row, b.row); row++)
    for (let col = Math.min(a.col, b.col); col <= Math.max(a.col, b.col); col++)
      out.push({ row, col });
  return out;
}

function splitAddress(a: string): { row: number; col: number } {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(a);
  if (!m) throw new Error(`不是单元格地址：${a}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

function applyValidation(worksheet: ExcelJS.Worksheet, v: ListValidation): void {
  // A literal list is comma-separated inside one quoted string: items cannot hold commas.
  const bad = v.list.find((item) => item.includes(","));
  if (bad !== undefined) throw new Error(`下拉列表项“${bad}”含逗号，无法写入数据验证`);
  const validation: ExcelJS.DataValidation = {
    type: "list",
    allowBlank: true,
    formulae: [`"${v.list.map((item) => item.replace(/"/g, '""')).join(",")}"`],
    showErrorMessage: true,
    errorStyle: v.allowOther ? "information" : "stop",
  };
  if (v.prompt) Object.assign(validation, { showInputMessage: true, prompt: v.prompt });
  for (const { row, col } of cellsOf(v.range))
    worksheet.getCell(row, col).dataValidation = { ...validation };
}

/** `worksheet.conditionalFormattings` is public in ExcelJS's JavaScript but missing from its typings. */
type WithConditionalFormats = { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] };

function isOwnRule(rule: ExcelJS.ConditionalFormattingRule): boolean {
  const formulae: unknown[] =
    "formulae" in rule && Array.isArray(rule.formulae) ? rule.formulae : [];
  return formulae.some((f) => typeof f === "string" && f.includes(OWN_RULE_MARKER));
}

/** Replaces our own rules (those carrying OWN_RULE_MARKER) with the plan's, keeping the user's untouched. */
function applyConditionalFormats(worksheet: ExcelJS.Worksheet, formats: ConditionalFormat[]): void {
  const sheet = worksheet as unknown as WithConditionalFormats;
  const kept: ExcelJS.ConditionalFormattingOptions[] = [];
  for (const entry of sheet.conditionalFormattings ?? []) {
    const rules = entry.rules.filter((rule) => !isOwnRule(rule));
    if (rules.length) kept.push({ ...entry, rules });
  }
  // Ours come after the user's rules, so theirs keep precedence where both apply.
  let priority = kept.reduce((p, e) => Math.max(p, ...e.rules.map((r) => r.priority ?? 0)), 0);
  for (const f of formats) {
    const colors = HIGHLIGHTS[f.severity];
    kept.push({
      ref: normaliseRange(f.range),
      rules: [
        {
          type: "expression",
          formulae: [f.formula.replace(/^=/, "")],
          style: {
            fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(colors.fill) } },
            font: { color: { argb: argb(colors.color) } },
          },
          priority: ++priority,
        },
      ],
    });
  }
  sheet.conditionalFormattings = kept;
}

/* ---------- writing ---------- */

/** Writes the workbook to `path` through a temporary file in the same folder, so a failed write leaves no half file. */
export async function writeWorkbook(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  replaceFile(path, await saveXlsx(workbook));
}

/* ---------- streaming ---------- */

/**
 * Writes a plan that creates a new workbook straight to a file, row by row, without holding the workbook in
 * memory (ExcelJS's streaming writer): for large outputs such as the audit summary. Only what such a plan
 * needs is supported — new sheets with values, styles, number formats, column widths and frozen rows;
 * anything else is refused rather than dropped.
 */
export async function writePlanStreamed(plan: WritePlan, path: string): Promise<void> {
  for (const sheet of plan.sheets) {
    const unsupported = (
      ["merges", "validations", "conditionalFormats", "rowHeights", "hiddenColumns"] as const
    ).filter((k) => sheet[k]?.length);
    if (!sheet.create || unsupported.length || plan.names.length || plan.deleteSheets?.length) {
      throw new Error(
        `writePlanStreamed: only new sheets of values and styles (sheet “${sheet.name}”: ${unsupported.join(", ") || "not new"})`
      );
    }
  }
  const temp = tempPathBeside(path);
  try {
    const workbook = new (streamingWriter())({
      filename: temp,
      useStyles: true,
      useSharedStrings: false,
    });
    for (const sheet of plan.sheets) {
      const views = sheet.freeze
        ? [{ state: "frozen" as const, xSplit: sheet.freeze.cols, ySplit: sheet.freeze.rows }]
        : undefined;
      const worksheet = workbook.addWorksheet(sheet.name, { views });
      sheet.columnWidths?.forEach((width, i) => {
        if (Number.isFinite(width) && width > 0) worksheet.getColumn(i + 1).width = width;
      });
      const rows = new Map<number, CellWrite[]>();
      for (const cell of sheet.cells) rows.set(cell.row, [...(rows.get(cell.row) ?? []), cell]);
      for (const rowIndex of [...rows.keys()].sort((a, b) => a - b)) {
        const row = worksheet.getRow(rowIndex + 1);
        for (const write of rows.get(rowIndex)!) writeCell(row.getCell(write.col + 1), write);
        row.commit();
      }
      worksheet.commit();
    }
    await workbook.commit();
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
