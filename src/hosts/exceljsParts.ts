/**
 * Every part of ExcelJS the command line uses, each required from its own module, here and nowhere else. The
 * package's entry also loads the streaming reader (unzipper and what it pulls in) and the streaming writer
 * (archiver) whatever the command — more than half of ExcelJS's loading time, for what a recompute never uses
 * (bench/README.md); the streaming writer is loaded when first asked for (the audit summary). The command line's
 * build (scripts/build-cli.js) makes this file a bundle of its own, loaded only by the commands that read or
 * write workbooks.
 */
import type ExcelJS from "exceljs";

export const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

export const ValueType = (
  require("exceljs/lib/doc/enums") as { ValueType: typeof ExcelJS.ValueType }
).ValueType;

/** ExcelJS's streaming writer (`ExcelJS.stream.xlsx.WorkbookWriter`), loaded on first use. */
export const streamingWriter = (): typeof ExcelJS.stream.xlsx.WorkbookWriter =>
  require("exceljs/lib/stream/xlsx/workbook-writer");

/** ExcelJS's table of built-in number formats by id (its own object: a change to it is what ExcelJS reads). */
export const builtInNumberFormats = require("exceljs/lib/xlsx/defaultnumformats") as Record<
  number,
  { f?: string; "zh-cn"?: string }
>;

/** An ExcelJS parser of one part of the package. */
export interface PartParser {
  parseStream(stream: NodeJS.ReadableStream): Promise<unknown>;
}
type PartParserClass = new () => PartParser;

/** The parsers ExcelJS's `xlsx.load` uses itself for these parts (not reachable through the XLSX class). */
export const PartParsers = {
  sharedStrings: require("exceljs/lib/xlsx/xform/strings/shared-strings-xform") as PartParserClass,
  styles: require("exceljs/lib/xlsx/xform/style/styles-xform") as PartParserClass,
  app: require("exceljs/lib/xlsx/xform/core/app-xform") as PartParserClass,
  core: require("exceljs/lib/xlsx/xform/core/core-xform") as PartParserClass,
};
