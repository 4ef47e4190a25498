/**
 * Every part of ExcelJS the command line uses, each required from its own module, here and nowhere else. The
 * package's entry also loads the streaming reader (unzipper and what it pulls in) and the streaming writer
 * (archiver) whatever the command — more than half of ExcelJS's loading time, for what a recompute never uses
 * (bench/README.md); the streaming writer is loaded when first asked for (the audit summary). The command line's
 * build (scripts/build-cli.js) makes this file a bundle of its own, loaded only by the commands that read or
 * write workbooks.
 */
import type ExcelJS from "exceljs";
import { LAST_DATE_SERIAL } from "./dateCells";

export const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

export const ValueType = (
  require("exceljs/lib/doc/enums") as { ValueType: typeof ExcelJS.ValueType }
).ValueType;

/**
 * A number formatted as a date that no date can be (past 9999-12-31, where Excel shows ########; beyond about
 * 275,000 years JavaScript's Date is invalid) stays the number it is. ExcelJS turns every date-formatted number
 * into a Date and writes a Date back as its serial: an invalid one came back as `<v>NaN</v>` (LibreOffice: #NUM!),
 * so the department's −9.99e15 was lost by any recompute. ExcelJS calls both through its `utils` object (its
 * cell parser and renderer), so they are wrapped there, once.
 */
const dateUtils = require("exceljs/lib/utils/utils") as {
  excelToDate(v: number, date1904?: boolean): Date | number;
  dateToExcel(d: Date | number, date1904?: boolean): number;
  pastDatesKept?: true;
};
if (!dateUtils.pastDatesKept) {
  const { excelToDate, dateToExcel } = dateUtils;
  dateUtils.excelToDate = (v, date1904) =>
    Math.abs(v) > LAST_DATE_SERIAL ? v : excelToDate.call(dateUtils, v, date1904);
  dateUtils.dateToExcel = (d, date1904) =>
    typeof d === "number" ? d : dateToExcel.call(dateUtils, d, date1904);
  dateUtils.pastDatesKept = true;
}

/**
 * A whole-row range (a print title such as '基础数据'!$1:$3) has no column: ExcelJS's defined-name parser asks
 * its column cache for the letters of column NaN, which fills the cache of all 16,384 column letters first (a
 * tenth of a recompute's parse in a command's process) to find none. The answer, undefined, is given at once; any
 * real column is looked up as before.
 */
const colCache = require("exceljs/lib/utils/col-cache") as {
  n2l(n: number): string | undefined;
  noColumnKept?: true;
};
if (!colCache.noColumnKept) {
  const { n2l } = colCache;
  colCache.n2l = (n) => (Number.isNaN(n) ? undefined : n2l.call(colCache, n));
  colCache.noColumnKept = true;
}

/** ExcelJS's streaming writer (`ExcelJS.stream.xlsx.WorkbookWriter`), loaded on first use. */
export const streamingWriter = (): typeof ExcelJS.stream.xlsx.WorkbookWriter =>
  require("exceljs/lib/stream/xlsx/workbook-writer");

/** ExcelJS's table of built-in number formats by id (its own object: a change to it is what ExcelJS reads). */
export const builtInNumberFormats = require("exceljs/lib/xlsx/defaultnumformats") as Record<
  number,
  { f?: string; "zh-cn"?: string }
>;

/** An ExcelJS parser of one part of the package: it reads the chunks of the part's text with `for await`. */
export interface PartParser {
  parseStream(stream: Iterable<string> | NodeJS.ReadableStream): Promise<unknown>;
}
type PartParserClass = new () => PartParser;

/** The parsers ExcelJS's `xlsx.load` uses itself for these parts (not reachable through the XLSX class). */
export const PartParsers = {
  sharedStrings: require("exceljs/lib/xlsx/xform/strings/shared-strings-xform") as PartParserClass,
  styles: require("exceljs/lib/xlsx/xform/style/styles-xform") as PartParserClass,
  app: require("exceljs/lib/xlsx/xform/core/app-xform") as PartParserClass,
  core: require("exceljs/lib/xlsx/xform/core/core-xform") as PartParserClass,
};
