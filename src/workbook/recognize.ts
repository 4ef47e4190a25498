/**
 * A department's own score sheet, as the general reader (reader/) finds it: seed 001's 《部门整体支出绩效评分表》,
 * a 深圳 评分表 with a two-row header, 广州's 自评表 — whatever the header words, column order and names, as long
 * as the framework knows the names.
 */
import { normalizeText } from "../domain/parse/number";
import type { Framework } from "../domain/types";
import { BACKUP_SHEET, names } from "./layout";
import { bindReading, type Reading } from "./reader/bindReading";
import { readTables, valueRight } from "./reader/readTables";
import { tableNames } from "./table/layout";
import { parseRef, type CellValue, type WorkbookSnapshot } from "./snapshot";

export interface RecognizedRow {
  indicatorId: string;
  row: number;
  /** The self-reported score as it stands in the cell (may be blank or text). */
  selfScore: CellValue;
}

export interface RecognizedSheet {
  sheet: string;
  headerRow: number;
  /** The column holding indicator names and the one holding the department's own scores. */
  nameCol: number;
  scoreCol: number;
  rows: RecognizedRow[];
  /** Framework indicators not found on the sheet. */
  missing: string[];
  totalRow?: number;
  selfTotal?: CellValue;
  gradeRow?: number;
  selfGrade?: CellValue;
  department?: string;
  /** The last column the sheet uses: new columns go after it. */
  lastCol: number;
  /** Everything the reader found in the workbook under the framework (inputs, reasons, unmatched rows). */
  reading: Reading;
}

/** Text with white space, line breaks and full-width forms folded: "预算编制\n合理性" → "预算编制合理性". */
export function foldText(v: CellValue): string {
  if (typeof v !== "string") return "";
  return normalizeText(v).replace(/[：:]$/, "");
}

const DEPARTMENT = /^部门(（单位）|\(单位\))?名称$|^单位名称$|^部门名称$|^主管部门$|^实施单位$/;

/** The score sheet the reader found, in the shape adoption takes. */
function scoreSheetOf(reading: Reading, snapshot: WorkbookSnapshot): RecognizedSheet | undefined {
  const found = reading.scoreSheet;
  if (!found) return undefined;
  const { table } = found;
  const sheet = snapshot.sheets.find((s) => s.name === table.sheet)!;
  return {
    sheet: table.sheet,
    headerRow: table.headerRows[table.headerRows.length - 1],
    nameCol: found.nameCol,
    scoreCol: found.scoreCol,
    rows: found.rows.map((r) => ({
      indicatorId: r.indicatorId,
      row: r.row,
      selfScore: r.selfScore,
    })),
    missing: found.missing,
    ...(table.total ? { totalRow: table.total.row, selfTotal: table.total.value } : {}),
    ...(table.grade ? { gradeRow: table.grade.row, selfGrade: table.grade.value } : {}),
    lastCol: Math.max(0, ...sheet.values.map((r) => r.length)) - 1,
    reading,
  };
}

/** The department's name, wherever a 部门（单位）名称 label stands in the workbook. */
export function findDepartment(snapshot: WorkbookSnapshot): string | undefined {
  for (const sheet of snapshot.sheets) {
    for (let r = 0; r < Math.min(sheet.values.length, 40); r++) {
      const row = sheet.values[r] ?? [];
      for (let c = 0; c < row.length; c++) {
        if (!DEPARTMENT.test(foldText(row[c]))) continue;
        const at = valueRight(row, c);
        const v = at === undefined ? null : row[at];
        if (typeof v === "string" && v.trim()) return v.trim();
      }
    }
  }
  return undefined;
}

/** Every table of the workbook read, and bound to the framework (our own sheets excepted). */
export function readWorkbook(snapshot: WorkbookSnapshot, framework: Framework): Reading {
  return bindReading(readTables(snapshot, ownSheets(snapshot, framework)), framework);
}

/**
 * Sheets the add-in wrote, never read as the department's: the backup, the 绩效指标 sheet, 基础数据 (where the
 * inputs' names stand), and our 评分表 — the sheet of the score cells, unless it is the department's own sheet
 * adopted (our columns beside theirs).
 */
function ownSheets(snapshot: WorkbookSnapshot, framework: Framework): Set<string> {
  const own = new Set<string>([BACKUP_SHEET]);
  const inputs = new Set(framework.inputs.map((i) => i.key));
  const scores = new Set(framework.indicators.map((i) => names.score(i.id)));
  const adopted = snapshot.names.find((n) => n.name === names.adopted);
  const adoptedSheet = adopted ? parseRef(adopted.ref)?.sheet : undefined;
  for (const n of snapshot.names) {
    const ref = parseRef(n.ref);
    if (!ref) continue;
    if (n.name === tableNames.header || inputs.has(n.name)) own.add(ref.sheet);
    else if (scores.has(n.name) && ref.sheet !== adoptedSheet) own.add(ref.sheet);
  }
  return own;
}

/**
 * The sheet that reads as a score sheet of this framework (most indicators recognized wins), when enough of the
 * framework's indicators are named on it.
 */
export function recognizeScoreSheet(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  reading: Reading = readWorkbook(snapshot, framework)
): RecognizedSheet | undefined {
  const best = scoreSheetOf(reading, snapshot);
  if (!best || best.rows.length < Math.min(5, framework.indicators.length)) return undefined;
  best.department = findDepartment(snapshot);
  return best;
}

export { numberOf } from "../domain/parse/number";
