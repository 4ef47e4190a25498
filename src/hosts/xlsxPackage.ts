/**
 * An .xlsx package in and out of an ExcelJS workbook with the zip done by Node's zlib (zip.ts). ExcelJS's own
 * `xlsx.load` / `xlsx.writeFile` go through JSZip, a zip library in JavaScript: on a department's workbook it
 * took most of a recompute's time (bench/README.md has the figures). Here ExcelJS still parses and renders every
 * part — cells, styles, notes, validations, conditional formats, names, media — part by part exactly as its
 * `load` and `write` do (exceljs 4.4 lib/xlsx/xlsx.js, followed step by step); only the zip is ours. An archive
 * the lean reader does not support (zip64, encryption) is read by ExcelJS's own path.
 */
import { PassThrough } from "stream";
import type ExcelJS from "exceljs";
import { PartParsers, ValueType, type PartParser } from "./exceljsParts";
import { readZip, writeZip, type ZipEntry } from "./zip";

/** What ExcelJS's XLSX class does part by part (its methods, public in JavaScript, absent from its typings). */
interface XlsxParts {
  load(data: Buffer): Promise<unknown>;
  parseRels(stream: PartInput): Promise<unknown>;
  parseWorkbook(stream: PartInput): Promise<WorkbookPart>;
  reconcile(model: PackageModel, options: object): void;
  _processWorksheetEntry(
    stream: PartInput,
    model: PackageModel,
    sheetNo: string,
    options: object,
    path: string
  ): Promise<void>;
  _processWorksheetRelsEntry(s: PartInput, model: PackageModel, sheetNo: string): Promise<void>;
  _processMediaEntry(s: PartInput, model: PackageModel, name: string): Promise<void>;
  _processDrawingEntry(s: PartInput, model: PackageModel, name: string): Promise<void>;
  _processCommentEntry(s: PartInput, model: PackageModel, name: string): Promise<void>;
  _processTableEntry(s: PartInput, model: PackageModel, name: string): Promise<void>;
  _processDrawingRelsEntry(s: PartInput, model: PackageModel, name: string): Promise<void>;
  _processVmlDrawingEntry(s: PartInput, model: PackageModel, name: string): Promise<void>;
  prepareModel(model: PackageModel, options: object): void;
  addContentTypes(zip: Parts, model: PackageModel): Promise<void>;
  addOfficeRels(zip: Parts, model: PackageModel): Promise<void>;
  addWorkbookRels(zip: Parts, model: PackageModel): Promise<void>;
  addWorksheets(zip: Parts, model: PackageModel): Promise<void>;
  addSharedStrings(zip: Parts, model: PackageModel): Promise<void>;
  addDrawings(zip: Parts, model: PackageModel): Promise<void>;
  addTables(zip: Parts, model: PackageModel): Promise<void>;
  addThemes(zip: Parts, model: PackageModel): Promise<void>;
  addStyles(zip: Parts, model: PackageModel): Promise<void>;
  addMedia(zip: Parts, model: PackageModel): Promise<void>;
  addApp(zip: Parts, model: PackageModel): Promise<void>;
  addCore(zip: Parts, model: PackageModel): Promise<void>;
  addWorkbook(zip: Parts, model: PackageModel): Promise<void>;
}

type PackageModel = Record<string, unknown>;

/**
 * What ExcelJS's part parsers read (its parseSax: `for await` over the chunks, strings taken as they are): an XML
 * part's whole text as one chunk, or a byte stream (media).
 */
type PartInput = Iterable<string> | PassThrough;

interface WorkbookPart {
  sheets: unknown;
  definedNames: unknown;
  views: unknown;
  properties: unknown;
  calcProperties: unknown;
}

/**
 * An XML part as ExcelJS's parsers take it: its text, here as the one chunk of an array. A stream (a PassThrough
 * fed 16 KB strings, as before) gave the same events through Node's stream machinery and its async iterator —
 * measurably slower in a command's cold process, for nothing (bench/README.md).
 */
function textChunks(data: Buffer): string[] {
  return [data.toString("utf8")];
}

/** A binary part (media) as a byte stream. */
function byteStream(data: Buffer): PassThrough {
  const stream = new PassThrough();
  stream.end(data);
  return stream;
}

const parts = (workbook: ExcelJS.Workbook) => workbook.xlsx as unknown as XlsxParts;

/** Each part of the package into the model, as ExcelJS's `load` does with the parts it knows. */
async function loadPart(
  xlsx: XlsxParts,
  model: PackageModel,
  { name: path, data }: ZipEntry
): Promise<void> {
  const name = path.startsWith("/") ? path.slice(1) : path;
  const stream = /xl\/media\//.test(name) ? byteStream(data) : textChunks(data);
  switch (name) {
    case "_rels/.rels":
      model.globalRels = await xlsx.parseRels(stream);
      return;
    case "xl/workbook.xml": {
      const workbook = await xlsx.parseWorkbook(stream);
      Object.assign(model, {
        sheets: workbook.sheets,
        definedNames: workbook.definedNames,
        views: workbook.views,
        properties: workbook.properties,
        calcProperties: workbook.calcProperties,
      });
      return;
    }
    case "xl/_rels/workbook.xml.rels":
      model.workbookRels = await xlsx.parseRels(stream);
      return;
    case "xl/sharedStrings.xml": {
      model.sharedStrings = new PartParsers.sharedStrings();
      await (model.sharedStrings as PartParser).parseStream(stream);
      return;
    }
    case "xl/styles.xml": {
      model.styles = new PartParsers.styles();
      await (model.styles as PartParser).parseStream(stream);
      return;
    }
    case "docProps/app.xml": {
      const app = (await new PartParsers.app().parseStream(stream)) as {
        company: unknown;
        manager: unknown;
      };
      model.company = app.company;
      model.manager = app.manager;
      return;
    }
    case "docProps/core.xml": {
      Object.assign(model, await new PartParsers.core().parseStream(stream));
      return;
    }
  }
  let m: RegExpMatchArray | null;
  if ((m = name.match(/xl\/worksheets\/sheet(\d+)[.]xml/)))
    return xlsx._processWorksheetEntry(stream, model, m[1], {}, name);
  if ((m = name.match(/xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/)))
    return xlsx._processWorksheetRelsEntry(stream, model, m[1]);
  if ((m = name.match(/xl\/theme\/([a-zA-Z0-9]+)[.]xml/))) {
    // What ExcelJS's _processThemeEntry keeps: the part's text, rendered back as it is.
    (model.themes as Record<string, string>)[m[1]] = data.toString();
    return;
  }
  if ((m = name.match(/xl\/media\/([a-zA-Z0-9]+[.][a-zA-Z0-9]{3,4})$/)))
    return xlsx._processMediaEntry(stream, model, m[1]);
  if ((m = name.match(/xl\/drawings\/([a-zA-Z0-9]+)[.]xml/)))
    return xlsx._processDrawingEntry(stream, model, m[1]);
  if ((m = name.match(/xl\/(comments\d+)[.]xml/)))
    return xlsx._processCommentEntry(stream, model, m[1]);
  if ((m = name.match(/xl\/tables\/(table\d+)[.]xml/)))
    return xlsx._processTableEntry(stream, model, m[1]);
  if ((m = name.match(/xl\/drawings\/_rels\/([a-zA-Z0-9]+)[.]xml[.]rels/)))
    return xlsx._processDrawingRelsEntry(stream, model, m[1]);
  if ((m = name.match(/xl\/drawings\/(vmlDrawing\d+)[.]vml/)))
    return xlsx._processVmlDrawingEntry(stream, model, m[1]);
}

/** Reads an .xlsx file's bytes into `workbook`; the parts unzipped by zlib, parsed by ExcelJS. */
export async function loadXlsx(workbook: ExcelJS.Workbook, bytes: Buffer): Promise<void> {
  const xlsx = parts(workbook);
  const entries = readZip(bytes);
  if (!entries) {
    await xlsx.load(bytes);
    return;
  }
  const model: PackageModel = {
    worksheets: [],
    worksheetHash: {},
    worksheetRels: [],
    themes: {},
    media: [],
    mediaIndex: {},
    drawings: {},
    drawingRels: {},
    comments: {},
    tables: {},
    vmlDrawings: {},
  };
  // In order, one at a time: the worksheets' order in the model is the order of their parts, as in ExcelJS.
  for (const entry of entries) await loadPart(xlsx, model, entry);
  xlsx.reconcile(model, {});
  (workbook as unknown as { model: PackageModel }).model = model;
}

/** The parts ExcelJS renders, collected by name (its zip writer's `append`). */
class Parts {
  readonly entries: ZipEntry[] = [];
  append(data: string | Buffer, options: { name: string; base64?: boolean }): void {
    const bytes =
      typeof data === "string"
        ? Buffer.from(data, options.base64 ? "base64" : "utf8")
        : Buffer.from(data);
    this.entries.push({ name: options.name, data: bytes });
  }
}

interface CellModel {
  type: number;
  result?: unknown;
  style?: object;
}
interface RowModel {
  style?: object;
  cells?: CellModel[];
}

const isEmptyStyle = (style: object | undefined) =>
  style === undefined || Object.keys(style).length === 0;

/**
 * One object for every empty style ExcelJS renders alike. Its styles part renders a style to XML once per style
 * object (a WeakMap keyed by the object) and keeps one entry per distinct XML; the model it builds gives every
 * cell and row without a style a new empty object, so a department's workbook had some 800 empty objects each
 * rendered to the same <xf> (measured: a third of the write's preparation). An empty style renders alike for
 * every cell whose value is not a date (a date gets ExcelJS's date format, so its cells keep their own objects)
 * and for every row; the first one takes the index it took before, the others find it: the same bytes.
 */
function shareEmptyStyles(model: PackageModel): void {
  const empty = {};
  for (const sheet of model.worksheets as { rows?: RowModel[] }[])
    for (const row of sheet.rows ?? []) {
      if (row.style !== undefined && isEmptyStyle(row.style)) row.style = empty;
      for (const cell of row.cells ?? []) {
        const date =
          cell.type === ValueType.Date ||
          (cell.type === ValueType.Formula && cell.result instanceof Date);
        if (!date && isEmptyStyle(cell.style)) cell.style = empty;
      }
    }
}

/** The workbook as .xlsx bytes: every part rendered by ExcelJS, in its order, deflated by zlib. */
export async function saveXlsx(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const xlsx = parts(workbook);
  const model = (workbook as unknown as { model: PackageModel }).model;
  const zip = new Parts();
  shareEmptyStyles(model);
  xlsx.prepareModel(model, {});
  await xlsx.addContentTypes(zip, model);
  await xlsx.addOfficeRels(zip, model);
  await xlsx.addWorkbookRels(zip, model);
  await xlsx.addWorksheets(zip, model);
  await xlsx.addSharedStrings(zip, model); // always after the worksheets
  await xlsx.addDrawings(zip, model);
  await xlsx.addTables(zip, model);
  await Promise.all([xlsx.addThemes(zip, model), xlsx.addStyles(zip, model)]);
  await xlsx.addMedia(zip, model);
  await Promise.all([xlsx.addApp(zip, model), xlsx.addCore(zip, model)]);
  await xlsx.addWorkbook(zip, model);
  return writeZip(zip.entries);
}
