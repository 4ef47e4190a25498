/**
 * A lean, read-only reader of an .xlsx into its WorkbookSnapshot, for the commands that only read (`audit`): the
 * zip by zlib (zip.ts), and only the parts a snapshot holds — workbook.xml and its rels, sharedStrings, styles.xml
 * (which cells show dates) and each worksheet's cells, merges and hyperlinks — scanned by a small XML reader of
 * our own instead of ExcelJS building its full model of every part (bench/README.md has the figures).
 *
 * Its answer is the answer of the ExcelJS path (xlsx.ts: readWorkbook, then snapshotOf), value for value:
 * ExcelJS's own rules are followed where they are odd (a `str` value decoded twice, phonetic runs dropped,
 * _xHHHH_ escapes decoded in shared strings only, a date-formatted formula result of text turned into a date,
 * a hyperlink cell losing its formula, a merged area's other cells left empty). Whatever it cannot be sure to read
 * the same way — zip64 or encryption, Strict OOXML, DOCTYPE or CDATA, notes, drawings, tables, an XML feature or
 * structure it does not know, anything on which ExcelJS would fail — it refuses: `leanSnapshot` answers
 * undefined and the caller reads the file with ExcelJS. Never a different answer, only sometimes none.
 */
import { dateText, isDateFormat, LAST_DATE_SERIAL, serialDate } from "./dateCells";
import { CLOSE, OPEN, refuse, Refused, TEXT, XmlReader } from "./xmlReader";
import { readZip } from "./zip";
import {
  columnLetter,
  quoteSheet,
  sheetGrids,
  type CellValue,
  type DefinedName,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from "../workbook/snapshot";

/** ExcelJS's table of built-in number formats (a small data module of its own) and its shared-formula slide. */
const builtInFormats = require("exceljs/lib/xlsx/defaultnumformats") as Record<
  number,
  { f?: string; "zh-cn"?: string }
>;
const { slideFormula } = require("exceljs/lib/utils/shared-formula") as {
  slideFormula(formula: string, from: string, to: string): string;
};

/** Why the last `leanSnapshot` refused (for tests and the bench), or undefined when it read the file. */
export let lastRefusal: string | undefined;

/** The workbook's snapshot read the lean way, or undefined: read it with ExcelJS instead. */
export function leanSnapshot(bytes: Buffer): WorkbookSnapshot | undefined {
  try {
    const snapshot = readSnapshot(bytes);
    lastRefusal = undefined;
    return snapshot;
  } catch (err) {
    // Anything unexpected (a fault of ours included) is a refusal: ExcelJS reads the file.
    lastRefusal = err instanceof Refused ? err.message : `unexpected: ${String(err)}`;
    return undefined;
  }
}

/* ---------- XML ---------- */

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const COMMENTS_TYPE = `${REL_NS}/comments`;
const VML_TYPE = `${REL_NS}/vmlDrawing`;

/** Opens a part at its root element, which must be `root` in the transitional (not Strict) namespace. */
function openRoot(text: string, root: string, ns = MAIN_NS): XmlReader {
  const xml = new XmlReader(text);
  if (xml.next() !== OPEN || xml.name !== root) refuse(`${root} is not the root`);
  if (xml.attributes().xmlns !== ns) refuse(`${root} is not in the transitional namespace`);
  return xml;
}

/** ExcelJS's `utils.xmlDecode`: applied by it a second time to `str` values and sheet names. */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case "&lt;":
        return "<";
      case "&gt;":
        return ">";
      case "&amp;":
        return "&";
      case "&apos;":
        return "'";
      case "&quot;":
        return '"';
      default:
        return c;
    }
  });
}

/** ExcelJS's decoding of _xHHHH_ escapes in a shared string's text (upper-case hex only, as it reads them). */
const unescapeText = (text: string) =>
  text.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/* ---------- parts ---------- */

interface Relationship {
  Id: string;
  Type?: string;
  Target?: string;
}

function readRels(text: string): Relationship[] {
  const xml = openRoot(text, "Relationships", PACKAGE_REL_NS);
  const rels: Relationship[] = [];
  for (;;) {
    const kind = xml.next();
    if (kind === CLOSE) break;
    if (kind === TEXT) continue;
    if (xml.name !== "Relationship") refuse("an unknown element in rels");
    rels.push(xml.attributes() as unknown as Relationship);
    xml.skip();
  }
  xml.finish();
  return rels;
}

interface SheetEntry {
  name: string;
  id: number;
  state: string | undefined;
  rId: string | undefined;
}

interface WorkbookPart {
  sheets: SheetEntry[];
  names: { name: string; text: string; localSheetId?: number }[];
  date1904: boolean;
}

/** The top-level elements of workbook.xml ExcelJS ignores or reads without fail (their content is not used). */
const WORKBOOK_KEEP = new Set([
  "fileVersion",
  "fileSharing",
  "workbookPr",
  "workbookProtection",
  "bookViews",
  "sheets",
  "definedNames",
  "calcPr",
  "AlternateContent",
  "mc:AlternateContent",
  "extLst",
  "fileRecoveryPr",
  "x15ac:absPath",
]);
const WORKBOOK_PARSED = new Set([
  "fileVersion",
  "workbookPr",
  "bookViews",
  "sheets",
  "definedNames",
  "calcPr",
]);

function readWorkbookPart(text: string): WorkbookPart {
  const xml = openRoot(text, "workbook");
  const part: WorkbookPart = { sheets: [], names: [], date1904: false };
  for (;;) {
    const kind = xml.next();
    if (kind === CLOSE) break;
    if (kind === TEXT) continue;
    const name = xml.name;
    if (!WORKBOOK_KEEP.has(name)) refuse(`workbook.xml: ${name}`);
    if (name === "workbookPr") {
      part.date1904 = xml.attributes().date1904 === "1";
      xml.skip();
    } else if (name === "sheets") {
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name !== "sheet") refuse("an unknown element in sheets");
        const a = xml.attributes();
        part.sheets.push({
          name: xmlDecode(a.name ?? refuse("a sheet without a name")),
          id: parseInt(a.sheetId, 10),
          state: a.state,
          rId: a["r:id"],
        });
        xml.skip();
      }
    } else if (name === "definedNames") {
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name !== "definedName") refuse("an unknown element in definedNames");
        const a = xml.attributes();
        if (a.name === undefined) refuse("a defined name without a name");
        const local = a.localSheetId === undefined ? undefined : parseInt(a.localSheetId, 10);
        part.names.push({ name: a.name, text: xml.textContent() ?? "", localSheetId: local });
      }
    } else {
      // Elements ExcelJS parses must not hold one of the others (it would read it there too).
      xml.skip((inner) => {
        if (!WORKBOOK_PARSED.has(name) && WORKBOOK_PARSED.has(inner))
          refuse(`workbook.xml: ${inner} inside ${name}`);
      });
    }
  }
  xml.finish();
  return part;
}

/** A shared string as ExcelJS models it: its text, or rich text runs (their texts, joined by the snapshot). */
type SharedString = string | { runs: (string | undefined)[] };

function readSharedStrings(text: string): SharedString[] {
  const xml = openRoot(text, "sst");
  const values: SharedString[] = [];
  for (;;) {
    const kind = xml.next();
    if (kind === CLOSE) break;
    if (kind === TEXT) continue;
    if (xml.name !== "si") refuse("an unknown element in sst"); // ExcelJS throws
    let plain: string | undefined;
    let runs: (string | undefined)[] | undefined;
    for (;;) {
      const k = xml.next();
      if (k === CLOSE) break;
      if (k === TEXT) continue;
      if (xml.name === "t") {
        if (plain !== undefined || runs) refuse("a shared string of mixed parts");
        plain = unescapeText(xml.textContent() ?? "");
      } else if (xml.name === "r") {
        if (plain !== undefined) refuse("a shared string of mixed parts");
        runs ??= [];
        runs.push(readRun(xml));
      } else if (xml.name === "rPh" || xml.name === "phoneticPr") {
        // Phonetic (furigana) runs: ExcelJS reads and drops them.
        xml.skip((inner) => {
          if (inner !== "t" && inner !== "r" && inner !== "rPr" && !FONT_PARTS.has(inner))
            refuse("an unknown element in a phonetic run");
        });
      } else refuse(`an unknown element in a shared string: ${xml.name}`);
    }
    if (plain === undefined && !runs) refuse("an empty shared string"); // ExcelJS cannot read it as a value
    values.push(runs ? { runs } : plain!);
  }
  xml.finish();
  return values;
}

const FONT_PARTS = new Set([
  "b",
  "i",
  "u",
  "strike",
  "outline",
  "shadow",
  "condense",
  "extend",
  "sz",
  "color",
  "rFont",
  "name",
  "family",
  "charset",
  "scheme",
  "vertAlign",
]);

/** A rich text run (`<r>`): its text (_xHHHH_ decoded), or undefined when it has none. */
function readRun(xml: XmlReader): string | undefined {
  let text: string | undefined;
  for (;;) {
    const k = xml.next();
    if (k === CLOSE) return text;
    if (k === TEXT) continue;
    if (xml.name === "t") {
      if (text !== undefined) refuse("a run with two texts");
      text = unescapeText(xml.textContent() ?? "");
    } else if (xml.name === "rPr") {
      xml.skip((inner) => {
        if (!FONT_PARTS.has(inner)) refuse("an unknown element in a run's font");
      });
    } else refuse("an unknown element in a run");
  }
}

/** For each cell style (cellXfs) index, whether it shows a number as a date; whether there are dxfs. */
function readStyles(text: string): { dates: boolean[]; dxfs: boolean } {
  const xml = openRoot(text, "styleSheet");
  const custom: Record<number, string> = {};
  let formats: (number | undefined)[] | undefined;
  let dxfs = false;
  for (;;) {
    const kind = xml.next();
    if (kind === CLOSE) break;
    if (kind === TEXT) continue;
    const name = xml.name;
    if (name === "numFmts") {
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name !== "numFmt") refuse("an unknown element in numFmts");
        const a = xml.attributes();
        if (a.formatCode === undefined) refuse("a number format without a code"); // ExcelJS throws
        custom[parseInt(a.numFmtId, 10)] = a.formatCode.replace(/[\\](.)/g, "$1");
        xml.skip();
      }
    } else if (name === "cellXfs") {
      if (formats) refuse("two cellXfs");
      formats = [];
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name !== "xf") refuse("an unknown element in cellXfs");
        formats.push(parseInt(xml.attributes().numFmtId, 10));
        xml.skip((inner) => {
          if (inner !== "alignment" && inner !== "protection") refuse(`cellXfs: ${inner}`);
        });
      }
    } else if (name === "dxfs") {
      xml.skip((inner) => {
        if (inner === "dxf") dxfs = true;
        if (inner === "numFmts" || inner === "cellXfs") refuse(`styles: ${inner} inside dxfs`);
      });
    } else if (
      name === "fonts" ||
      name === "fills" ||
      name === "borders" ||
      name === "cellStyleXfs" ||
      name === "cellStyles" ||
      name === "tableStyles" ||
      name === "colors" ||
      name === "extLst"
    ) {
      // Read by ExcelJS's own lists; they must not hold the lists read here.
      xml.skip((inner) => {
        if (inner === "numFmts" || inner === "cellXfs") refuse(`styles: ${inner} inside ${name}`);
      });
    } else refuse(`styles: ${name}`);
  }
  xml.finish();
  if (!formats?.length) refuse("no cell styles"); // ExcelJS fails on any cell that names a style then
  // ExcelJS's getStyleModel: a custom format before the built-in one of the same id (with the Chinese codes
  // xlsx.ts gives the language-dependent ids), and none for id 0 or no id.
  const dates = formats!.map((id) => {
    if (!id) return false;
    const builtIn = builtInFormats[id];
    const code = custom[id] || (builtIn && (builtIn.f ?? builtIn["zh-cn"]));
    return isDateFormat(code);
  });
  return { dates, dxfs };
}

/* ---------- worksheets ---------- */

/** Top-level worksheet elements read without fail by ExcelJS, or ignored by it; the others are refused. */
const SHEET_KEEP = new Set([
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "ignoredErrors",
  "legacyDrawing",
]);
/** The worksheet elements ExcelJS parses (wherever they stand, inside an element it does not know too). */
const SHEET_PARSED = new Set([
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "autoFilter",
  "mergeCells",
  "rowBreaks",
  "hyperlinks",
  "pageMargins",
  "dataValidations",
  "pageSetup",
  "headerFooter",
  "printOptions",
  "picture",
  "drawing",
  "sheetProtection",
  "tableParts",
  "conditionalFormatting",
  "extLst",
]);

const CELL_REF = /^([A-Z]{1,3})([1-9][0-9]{0,6})$/;
const MAX_COLUMN = 16384;
const MAX_ROW = 1_048_576;

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  return n;
}

/** A cell reference ExcelJS reads as we do: A1 … XFD1048576, upper case, no $. */
function cellRef(ref: string | undefined): { row: number; col: number } {
  const m = ref === undefined ? null : CELL_REF.exec(ref);
  if (!m) return refuse(`a cell reference this reader does not read: ${ref}`);
  const col = columnNumber(m[1]);
  const row = Number(m[2]);
  if (col > MAX_COLUMN || row > MAX_ROW) refuse("a cell beyond the sheet");
  return { row, col };
}

interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A sqref or merge reference: A1 or A1:B2 (either corner first). */
function area(ref: string): Area {
  const [from, to = from, extra] = ref.split(":");
  if (extra !== undefined) refuse("a reference of three parts");
  const a = cellRef(from);
  const b = cellRef(to);
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/** One cell as ExcelJS's cell parser leaves it, before the sheet is put together. */
interface RawCell {
  row: number;
  col: number;
  address: string;
  style: number;
  t: string | undefined;
  formula: string | undefined;
  shareType: string | undefined;
  si: string | undefined;
  ref: string | undefined;
  value: string | undefined;
  runs: (string | undefined)[] | undefined;
}

interface SheetPart {
  cells: RawCell[];
  merges: Area[];
  hyperlinks: { address: string | undefined; rId: string }[];
  /** Whether a conditional format's rule names a differential style (ExcelJS fails on it without dxfs). */
  dxfUsed: boolean;
}

function readCell(xml: XmlReader, rowNumber: number): RawCell {
  const a = xml.attributes();
  const { row, col } = cellRef(a.r);
  if (row !== rowNumber) refuse("a cell outside its row");
  const cell: RawCell = {
    row,
    col,
    address: a.r,
    style: a.s === undefined ? 0 : parseInt(a.s, 10),
    t: a.t,
    formula: undefined,
    shareType: undefined,
    si: undefined,
    ref: undefined,
    value: undefined,
    runs: undefined,
  };
  let seen = 0;
  for (;;) {
    const kind = xml.next();
    if (kind === CLOSE) break;
    if (kind === TEXT) continue;
    const name = xml.name;
    if (name === "f" && !(seen & 1)) {
      seen |= 1;
      const f = xml.attributes();
      cell.shareType = f.t;
      cell.si = f.si;
      cell.ref = f.ref;
      cell.formula = xml.textContent();
    } else if (name === "v" && !(seen & 6)) {
      seen |= 2;
      cell.value = xml.textContent();
    } else if (name === "is" && !(seen & 6)) {
      seen |= 4;
      if (cell.t !== "inlineStr") refuse("an inline string in a cell of another type");
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name === "t" && cell.value === undefined && !cell.runs) {
          // The cell's own <t>: ExcelJS takes its text as it is (no _xHHHH_ decoding).
          cell.value = xml.textContent();
        } else if (xml.name === "r" && cell.value === undefined) {
          cell.runs ??= [];
          cell.runs.push(readRun(xml));
        } else refuse(`an inline string of parts this reader does not read: ${xml.name}`);
      }
    } else refuse(`a cell holding ${name}`);
  }
  return cell;
}

function readSheetPart(text: string): SheetPart {
  const xml = openRoot(text, "worksheet");
  const part: SheetPart = {
    cells: [],
    merges: [],
    hyperlinks: [],
    dxfUsed: /<cfRule\b[^>]*\sdxfId\s*=/.test(text),
  };
  for (;;) {
    const kind = xml.next();
    if (kind === CLOSE) break;
    if (kind === TEXT) continue;
    const name = xml.name;
    if (!SHEET_KEEP.has(name)) refuse(`worksheet: ${name}`);
    if (name === "sheetData") {
      let lastRow = 0;
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name !== "row") refuse("an unknown element in sheetData");
        const { r, s } = xml.attributes();
        const rowNumber = r !== undefined && /^[1-9][0-9]{0,6}$/.test(r) ? Number(r) : 0;
        if (rowNumber <= lastRow || rowNumber > MAX_ROW)
          refuse("rows without numbers, or out of order");
        const rowStyle = s === undefined ? 0 : parseInt(s, 10);
        if (rowStyle) part.cells.push(rowStyleMarker(rowNumber, rowStyle));
        lastRow = rowNumber;
        let lastCol = 0;
        for (;;) {
          const kc = xml.next();
          if (kc === CLOSE) break;
          if (kc === TEXT) continue;
          if (xml.name !== "c") refuse("an unknown element in a row");
          const cell = readCell(xml, rowNumber);
          if (cell.col <= lastCol) refuse("cells out of order");
          lastCol = cell.col;
          part.cells.push(cell);
        }
      }
    } else if (name === "mergeCells") {
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name !== "mergeCell") refuse("an unknown element in mergeCells");
        const ref = xml.attributes().ref;
        if (ref === undefined || !ref.includes(":")) refuse("a merge that is not an area");
        part.merges.push(area(ref));
        xml.skip();
      }
    } else if (name === "hyperlinks") {
      for (;;) {
        const k = xml.next();
        if (k === CLOSE) break;
        if (k === TEXT) continue;
        if (xml.name !== "hyperlink") refuse("an unknown element in hyperlinks");
        const a = xml.attributes();
        if (a["r:id"]) part.hyperlinks.push({ address: a.ref, rId: a["r:id"] });
        xml.skip();
      }
    } else if (name === "dataValidations") {
      xml.skip((inner) => {
        if (inner !== "dataValidation" && inner !== "formula1" && inner !== "formula2")
          refuse(`dataValidations: ${inner}`);
      });
    } else {
      // ExcelJS expands a validation's sqref cell by cell and fails on a reference it cannot read; the
      // validations are checked in checkValidations. Other elements: nothing ExcelJS parses inside them.
      xml.skip((inner) => {
        if (!SHEET_PARSED.has(name) && SHEET_PARSED.has(inner))
          refuse(`worksheet: ${inner} inside ${name}`);
        if (name === "conditionalFormatting" && inner === "extLst") refuse("a rule's extLst");
      });
    }
  }
  xml.finish();
  checkValidations(text);
  return part;
}

/** Each data validation's sqref: references ExcelJS reads without fail, and areas of a sane size. */
function checkValidations(text: string): void {
  const at = text.indexOf("<dataValidations");
  if (at < 0) return;
  const SQREF = /<dataValidation\b[^>]*?\ssqref\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  SQREF.lastIndex = at;
  let m: RegExpExecArray | null;
  while ((m = SQREF.exec(text))) {
    for (const ref of (m[1] ?? m[2]).split(/\s+/).filter(Boolean)) {
      const a = area(ref);
      if ((a.bottom - a.top + 1) * (a.right - a.left + 1) > 100_000)
        refuse("a validation over a large area");
    }
  }
  if (/<dataValidation\b(?![^>]*\ssqref\s*=)[^>]*>/.test(text.slice(at)))
    refuse("a validation without a sqref");
}

/** A row's own style, kept only to check that ExcelJS can read it (row styles need cellXfs too). */
function rowStyleMarker(row: number, style: number): RawCell {
  return {
    row,
    col: 0,
    address: "",
    style,
    t: "rowStyle",
    formula: undefined,
    shareType: undefined,
    si: undefined,
    ref: undefined,
    value: undefined,
    runs: undefined,
  };
}

/* ---------- the snapshot ---------- */

interface Context {
  /** The notes (comments) and their vml drawings in the package, by the name a sheet's rels give them. */
  noteParts: Set<string>;
  strings: SharedString[] | undefined;
  dates: boolean[] | undefined;
  date1904: boolean;
}

/** What ExcelJS's date conversion (with exceljsParts.ts's patch) and snapshotOf make of a value. */
function asDate(v: unknown, date1904: boolean): CellValue {
  // ExcelJS converts whatever the cell holds — text or TRUE too — as JavaScript's arithmetic does.
  const n = Number(v);
  if (Math.abs(n) > LAST_DATE_SERIAL) return plain(v);
  return dateText(serialDate(n, date1904));
}

function plain(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "object" && "error" in v) return { error: String(v.error) };
  return refuse("a value snapshotOf does not know");
}

function sharedString(cell: RawCell, ctx: Context): CellValue {
  const index = parseInt(cell.value!, 10);
  const s = ctx.strings?.[index];
  if (s === undefined) refuse("a shared string that is not there"); // ExcelJS fails on it
  return typeof s === "string" ? s : s!.runs.join("");
}

function sheetSnapshot(
  name: string,
  state: string | undefined,
  part: SheetPart,
  relationships: Relationship[] | undefined,
  ctx: Context
): SheetSnapshot {
  const rels = new Map<string, Relationship>();
  for (const rel of relationships ?? []) {
    rels.set(rel.Id, rel);
  }
  // Notes: ExcelJS fails on a sheet whose notes or their drawing (the vml part) are not in the package.
  const types = [...rels.values()];
  const notes = types.filter((r) => r.Type === COMMENTS_TYPE);
  for (const rel of notes)
    if (!ctx.noteParts.has(rel.Target ?? "")) refuse("notes that are not in the package");
  if (notes.length)
    for (const rel of types)
      if (rel.Type === VML_TYPE && !ctx.noteParts.has(rel.Target ?? ""))
        refuse("the drawing of notes that is not in the package");
  const linked = new Set<string>();
  for (const h of part.hyperlinks) {
    if (!rels.has(h.rId)) refuse("a hyperlink without its relationship"); // ExcelJS fails on it
    if (h.address !== undefined) linked.add(h.address);
  }

  // Merges: ExcelJS fails on two that overlap; every cell of an area but its top-left one is left empty.
  const merges = part.merges;
  for (let i = 0; i < merges.length; i++)
    for (let j = 0; j < i; j++) {
      const a = merges[i];
      const b = merges[j];
      if (a.bottom >= b.top && a.top <= b.bottom && a.right >= b.left && a.left <= b.right)
        refuse("merges that overlap");
    }
  const mergedOver = (row: number, col: number) =>
    merges.some(
      (m) =>
        row >= m.top &&
        row <= m.bottom &&
        col >= m.left &&
        col <= m.right &&
        (row > m.top || col > m.left)
    );

  const styleOk = (style: number) => {
    if (!style) return;
    if (!ctx.dates) refuse("a cell style without styles.xml"); // ExcelJS fails on it
  };
  const isDate = (style: number) => !!style && ctx.dates![style] === true;

  const found: { row: number; col: number; value: CellValue; formula: string | null }[] = [];
  const masters = new Map<string, RawCell>(); // shared formula id → its master cell
  const byAddress = new Map<string, RawCell>();
  for (const cell of part.cells) {
    styleOk(cell.style);
    if (cell.t === "rowStyle") continue;
    byAddress.set(cell.address, cell);
  }
  for (const cell of part.cells) {
    if (cell.t === "rowStyle") continue;
    const date = isDate(cell.style);
    let value: CellValue;
    let formula: string | null = null;
    if (cell.formula || cell.shareType) {
      if (cell.runs) refuse("a formula with an inline string");
      if (cell.shareType && cell.shareType !== "shared" && cell.shareType !== "array")
        refuse(`a formula of type ${cell.shareType}`);
      let result: unknown;
      if (cell.value) {
        if (cell.t === "str") result = xmlDecode(cell.value);
        else if (cell.t === "b") result = parseInt(cell.value, 10) !== 0;
        else if (cell.t === "e") result = { error: cell.value };
        else result = parseFloat(cell.value);
      }
      let text = cell.formula;
      if (cell.shareType === "shared") {
        if (cell.ref) {
          if (cell.si !== undefined) masters.set(cell.si, cell);
        } else {
          const master = cell.si === undefined ? undefined : masters.get(cell.si);
          if (!master) refuse("a shared formula before its master");
          if (!text) {
            const m = master!;
            if (!m.formula || mergedOver(m.row, m.col) || linked.has(m.address))
              refuse("a shared formula whose master has no formula"); // ExcelJS fails on it
            if (byAddress.get(m.address) !== m) refuse("a shared formula's master written twice");
            text = slideFormula(m.formula!, m.address, cell.address);
          }
        }
      }
      value = result !== undefined && date ? asDate(result, ctx.date1904) : plain(result);
      formula = text ? `=${text}` : null;
    } else if (cell.runs) {
      value = cell.runs.join("");
    } else if (cell.value !== undefined) {
      switch (cell.t) {
        case "s":
          value = sharedString(cell, ctx);
          break;
        case "str":
          value = xmlDecode(cell.value);
          break;
        case "inlineStr":
          value = cell.value;
          break;
        case "b":
          value = parseInt(cell.value, 10) !== 0;
          break;
        case "e":
          value = { error: cell.value };
          break;
        default: {
          const n = parseFloat(cell.value);
          value = date ? asDate(n, ctx.date1904) : n;
        }
      }
    } else continue; // an empty cell (ExcelJS's Null or Merge): not in the snapshot
    if (mergedOver(cell.row, cell.col)) continue;
    // A hyperlink cell shows its text (a formula's result); ExcelJS keeps no formula for it.
    if (linked.has(cell.address)) formula = null;
    if (value === null && formula === null) continue;
    found.push({ row: cell.row - 1, col: cell.col - 1, value, formula });
  }

  const { values, formulas } = sheetGrids(found);
  return {
    name,
    hidden: state === "hidden" || state === "veryHidden",
    values,
    formulas,
    merges: merges.map(
      (m) => `${columnLetter(m.left - 1)}${m.top}:${columnLetter(m.right - 1)}${m.bottom}`
    ),
  };
}

/* ---------- defined names ---------- */

const NAME_REF =
  /^(?:'((?:[^']|'')+)'|([^'^ !,:$]+))!\$([A-Z]{1,3})\$([1-9][0-9]{0,6})(?::\$([A-Z]{1,3})\$([1-9][0-9]{0,6}))?$/;

/**
 * A defined name's reference as snapshotOf gives it from ExcelJS's names: one area over a cell or a rectangle
 * (`'Sheet'!$C$7`, corners ordered), null for a name ExcelJS drops (no $ in it: a constant, a formula, #REF!),
 * Refused for anything else (several areas, whole rows, a formula with references).
 */
function nameRef(text: string): string | null {
  if (!text.includes("$")) return null;
  const m = NAME_REF.exec(text);
  if (!m) return refuse("a defined name this reader does not read");
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const a = { col: columnNumber(m[3]), row: Number(m[4]) };
  const b = m[5] ? { col: columnNumber(m[5]), row: Number(m[6]) } : a;
  if (Math.max(a.col, b.col) > MAX_COLUMN || Math.max(a.row, b.row) > MAX_ROW)
    refuse("a name beyond the sheet");
  const top = Math.min(a.row, b.row);
  const bottom = Math.max(a.row, b.row);
  const left = Math.min(a.col, b.col);
  const right = Math.max(a.col, b.col);
  const corner = `$${columnLetter(left - 1)}$${top}`;
  const whole =
    top === bottom && left === right ? corner : `${corner}:$${columnLetter(right - 1)}$${bottom}`;
  return `${quoteSheet(sheet)}!${whole}`;
}

/** An array index as a property key (JavaScript orders those first among an object's keys). */
const indexLike = (name: string) => /^(0|[1-9][0-9]*)$/.test(name);

/* ---------- the package ---------- */

const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
const SHEET_RELS = /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/;
const THEME = /xl\/theme\/([a-zA-Z0-9]+)[.]xml/;
/** Parts ExcelJS parses that this reader does not: a workbook with any of them is read by ExcelJS. */
const OTHER_PARSED = [
  /xl\/media\/([a-zA-Z0-9]+[.][a-zA-Z0-9]{3,4})$/,
  /xl\/drawings\/([a-zA-Z0-9]+)[.]xml/,
];
const COMMENTS = /xl\/(comments\d+)[.]xml/;
const TABLE = /xl\/tables\/(table\d+)[.]xml/;
const DRAWING_RELS = /xl\/drawings\/_rels\/([a-zA-Z0-9]+)[.]xml[.]rels/;
const VML = /xl\/drawings\/(vmlDrawing\d+)[.]vml/;

function readSnapshot(bytes: Buffer): WorkbookSnapshot {
  const entries = readZip(bytes) ?? refuse("a zip this reader does not read");
  const parts = new Map<string, Buffer>();
  for (const { name: path, data } of entries) {
    const name = path.startsWith("/") ? path.slice(1) : path;
    if (parts.has(name)) refuse("a part twice in the zip");
    parts.set(name, data);
  }

  let book: WorkbookPart | undefined;
  let workbookRels: Relationship[] | undefined;
  let strings: SharedString[] | undefined;
  let dates: boolean[] | undefined;
  let dxfs = false;
  const noteParts = new Set<string>();
  const sheetParts = new Map<string, { sheetNo: string; part: SheetPart }>();
  const sheetRels = new Map<string, Relationship[]>();
  for (const [name, data] of parts) {
    const xml = () => data.toString("utf8");
    switch (name) {
      case "xl/workbook.xml":
        book = readWorkbookPart(xml());
        continue;
      case "xl/_rels/workbook.xml.rels":
        workbookRels = readRels(xml());
        continue;
      case "xl/sharedStrings.xml":
        strings = readSharedStrings(xml());
        continue;
      case "xl/styles.xml":
        ({ dates, dxfs } = readStyles(xml()));
        continue;
      case "_rels/.rels":
        readRels(xml());
        continue;
      case "docProps/app.xml":
      case "docProps/core.xml":
        // Parsed by ExcelJS (nothing of them in a snapshot): they must be well-formed.
        new XmlReader(xml()).finish();
        continue;
    }
    // In the order of ExcelJS's loader: the first pattern a name matches says what ExcelJS makes of it.
    let m: RegExpMatchArray | null;
    if ((m = name.match(SHEET_PART))) {
      sheetParts.set(name, { sheetNo: m[1], part: readSheetPart(xml()) });
    } else if ((m = name.match(SHEET_RELS))) {
      sheetRels.set(m[1], readRels(xml()));
    } else if (THEME.test(name)) {
      // Kept by ExcelJS as its text, unread.
    } else if (OTHER_PARSED.some((p) => p.test(name))) {
      refuse(`a part read by ExcelJS only: ${name}`);
    } else if ((m = name.match(COMMENTS))) {
      // Notes: nothing of them in a snapshot; ExcelJS parses them, so they must be well-formed.
      new XmlReader(xml()).finish();
      noteParts.add(`../${m[1]}.xml`);
    } else if (TABLE.test(name) || DRAWING_RELS.test(name)) {
      refuse(`a part read by ExcelJS only: ${name}`);
    } else if ((m = name.match(VML))) {
      new XmlReader(xml()).finish();
      noteParts.add(`../drawings/${m[1]}.vml`);
    }
  }
  if (!book) return refuse("no workbook.xml");
  if (!dates) refuse("no styles.xml"); // ExcelJS fails on any style a cell, row or column names then

  // ExcelJS names each worksheet through its checks: it fails on a name it refuses, or one met twice.
  const seenNames = new Set<string>();
  const seenIds = new Set<number>();
  for (const { name, id } of book.sheets) {
    if (
      name === "" ||
      name === "History" ||
      /[*?:/\\[\]]/.test(name) ||
      /(^')|('$)/.test(name) ||
      name.length > 31 ||
      seenNames.has(name.toLowerCase())
    )
      refuse("a sheet name ExcelJS refuses or shortens");
    seenNames.add(name.toLowerCase());
    if (!Number.isInteger(id) || id < 1 || id > 100_000 || seenIds.has(id))
      refuse("sheet ids ExcelJS would lose or mix up");
    seenIds.add(id);
  }

  // The sheets as ExcelJS's workbook reconcile finds them: by relationship, then by id.
  const rels = new Map((workbookRels ?? []).map((r) => [r.Id, r]));
  const sheets: SheetSnapshot[] = [];
  const ctx: Context = { noteParts, strings, dates, date1904: book.date1904 };
  const used = new Set<string>();
  let index = 0;
  const positions: (string | undefined)[] = [];
  for (const sheet of book.sheets) {
    const rel = sheet.rId === undefined ? undefined : rels.get(sheet.rId);
    if (!rel) continue;
    if (rel.Target === undefined) refuse("a sheet relationship without a target");
    const path = `xl/${rel.Target!.replace(/^(\s|\/xl\/)+/, "")}`;
    const found = sheetParts.get(path);
    if (!found) continue;
    if (found.part.dxfUsed && !dxfs) refuse("a conditional format's style that is not there");
    if (used.has(path)) refuse("two sheets over one part");
    used.add(path);
    positions[index++] = sheet.name;
    sheets.push(
      sheetSnapshot(sheet.name, sheet.state, found.part, sheetRels.get(found.sheetNo), ctx)
    );
  }
  // A worksheet part no sheet names would still be in ExcelJS's model, without a name.
  if (used.size !== sheetParts.size) refuse("a worksheet part no sheet names");

  // Defined names as ExcelJS keeps them: print areas and titles go to their sheets (a print area must have a
  // reference ExcelJS can read); the others by name, the last of a name winning, in order of first sight.
  const names = new Map<string, string | null>();
  for (const { name, text: ref, localSheetId } of book.names) {
    if (name === "_xlnm.Print_Area" || name === "_xlnm.Print_Titles") {
      if (
        name === "_xlnm.Print_Area" &&
        localSheetId !== undefined &&
        positions[localSheetId] !== undefined &&
        !/^(?:'(?:[^']|'')+'|[^'^ !,:]+)!\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?$/.test(
          ref
        )
      )
        refuse("a print area this reader does not read");
      continue;
    }
    if (name === "__proto__" || indexLike(name)) refuse("a name JavaScript orders apart");
    if (name.startsWith("_xlnm.")) {
      // Left out of the snapshot (ExcelJS reads any of them without fail).
      if (!names.has(name)) names.set(name, null);
      continue;
    }
    names.set(name, nameRef(ref));
  }
  const definedNames: DefinedName[] = [];
  for (const [name, ref] of names)
    if (ref !== null && !name.startsWith("_xlnm.")) definedNames.push({ name, ref });
  return { sheets, names: definedNames };
}
