/**
 * Recognizes a department's own score sheet, shaped like seed 001's 《部门整体支出绩效评分表》: title rows
 * above, headers 一级/二级/三级指标 and 分数 / 得分 / 自评得分 in their usual spellings, merged group cells,
 * indicator names broken over lines or oddly spaced, other sheets around it.
 */
import { normalizeText, parseNumberText } from "../domain/parse/number";
import type { Framework } from "../domain/types";
import { cellValue, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from "./snapshot";

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
}

/** Text with white space, line breaks and full-width forms folded: "预算编制\n合理性" → "预算编制合理性". */
export function foldText(v: CellValue): string {
  if (typeof v !== "string") return "";
  return normalizeText(v).replace(/[：:]$/, "");
}

const SCORE_HEADERS = /^(自评)?(得分|分数|评分|自评分)$|^自评得分$|^实际得分$/;
const THIRD_LEVEL = /三级指标/;
const TOTAL = /^(综合评分|总分|合计|总计|综合得分)$/;
const GRADE = /^(评分等级|等级|评价等级|自评等级)$/;
const DEPARTMENT = /^部门(（单位）|\(单位\))?名称$|^单位名称$|^部门名称$/;

/** Names the seeds use beside the framework's own (keyed by indicator id). */
const ALIASES: Record<string, string[]> = {
  effectiveness: ["社会效益经济效益生态效益", "社会效益、经济效益、生态效益"],
  satisfaction: ["满意度", "公众满意度", "服务对象满意度"],
  disclosure: ["预决算信息公开情况"],
  procurement: ["政府采购执行率"],
  execution: ["预算执行情况"],
};

function indicatorOf(framework: Framework, text: string): string | undefined {
  if (text.length < 3) return undefined;
  for (const indicator of framework.indicators) {
    const name = foldText(indicator.name.zh);
    if (text === name) return indicator.id;
  }
  for (const indicator of framework.indicators) {
    const candidates = [indicator.name.zh, ...(ALIASES[indicator.id] ?? [])].map(foldText);
    if (
      candidates.some(
        (c) => c.length >= 4 && (text === c || (text.startsWith(c) && text.length - c.length <= 2))
      )
    )
      return indicator.id;
  }
  return undefined;
}

function valueRight(sheet: SheetSnapshot, row: number, col: number): CellValue {
  const cells = sheet.values[row] ?? [];
  for (let c = col + 1; c < cells.length; c++) {
    const v = cells[c];
    if (v !== null && v !== "") return v;
  }
  return null;
}

function recognizeSheet(sheet: SheetSnapshot, framework: Framework): RecognizedSheet | undefined {
  const height = sheet.values.length;
  let headerRow = -1;
  let scoreCol = -1;
  for (let r = 0; r < Math.min(height, 30) && scoreCol < 0; r++) {
    const row = sheet.values[r] ?? [];
    if (!row.some((v) => THIRD_LEVEL.test(foldText(v)))) continue;
    // The score header may sit in this row or, merged, a row or two above.
    for (let rr = Math.max(0, r - 2); rr <= Math.min(height - 1, r + 1) && scoreCol < 0; rr++) {
      const cells = sheet.values[rr] ?? [];
      for (let c = cells.length - 1; c >= 0; c--) {
        if (SCORE_HEADERS.test(foldText(cells[c]))) {
          scoreCol = c;
          headerRow = r;
          break;
        }
      }
    }
  }
  if (scoreCol < 0) return undefined;

  // The name column: the one where most framework indicator names appear below the header.
  const hits = new Map<number, RecognizedRow[]>();
  for (let r = headerRow + 1; r < height; r++) {
    (sheet.values[r] ?? []).forEach((v, c) => {
      const id = indicatorOf(framework, foldText(v));
      if (id && c !== scoreCol)
        hits.set(c, [
          ...(hits.get(c) ?? []),
          { indicatorId: id, row: r, selfScore: cellValue(sheet, r, scoreCol) },
        ]);
    });
  }
  const [nameCol, found] = [...hits.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [
    -1,
    [],
  ];
  if (nameCol < 0 || found.length < Math.min(5, framework.indicators.length)) return undefined;
  const rows: RecognizedRow[] = [];
  for (const row of found) if (!rows.some((r) => r.indicatorId === row.indicatorId)) rows.push(row);

  const recognized: RecognizedSheet = {
    sheet: sheet.name,
    headerRow,
    nameCol,
    scoreCol,
    rows,
    missing: framework.indicators
      .map((i) => i.id)
      .filter((id) => !rows.some((r) => r.indicatorId === id)),
    lastCol: Math.max(0, ...sheet.values.map((r) => r.length)) - 1,
  };
  for (let r = headerRow + 1; r < height; r++) {
    (sheet.values[r] ?? []).forEach((v, c) => {
      const text = foldText(v);
      if (TOTAL.test(text) && recognized.totalRow === undefined) {
        recognized.totalRow = r;
        const atScore = cellValue(sheet, r, scoreCol);
        recognized.selfTotal =
          atScore !== null && atScore !== "" ? atScore : valueRight(sheet, r, c);
      } else if (GRADE.test(text) && recognized.gradeRow === undefined) {
        recognized.gradeRow = r;
        const atScore = cellValue(sheet, r, scoreCol);
        recognized.selfGrade =
          atScore !== null && atScore !== "" ? atScore : valueRight(sheet, r, c);
      }
    });
  }
  return recognized;
}

/** The department's name, wherever a 部门（单位）名称 label stands in the workbook. */
export function findDepartment(snapshot: WorkbookSnapshot): string | undefined {
  for (const sheet of snapshot.sheets) {
    for (let r = 0; r < Math.min(sheet.values.length, 40); r++) {
      const row = sheet.values[r] ?? [];
      for (let c = 0; c < row.length; c++) {
        if (!DEPARTMENT.test(foldText(row[c]))) continue;
        const v = valueRight(sheet, r, c);
        if (typeof v === "string" && v.trim()) return v.trim();
      }
    }
  }
  return undefined;
}

/** The first sheet that reads as a score sheet of this framework (most indicators recognized wins). */
export function recognizeScoreSheet(
  snapshot: WorkbookSnapshot,
  framework: Framework
): RecognizedSheet | undefined {
  const candidates = snapshot.sheets
    .filter((s) => !s.hidden)
    .map((s) => recognizeSheet(s, framework))
    .filter((r): r is RecognizedSheet => r !== undefined)
    .sort((a, b) => b.rows.length - a.rows.length);
  const best = candidates[0];
  if (best) best.department = findDepartment(snapshot);
  return best;
}

/** A self-reported total as a number, when it reads as one. */
export function numberOf(v: CellValue): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const parsed = parseNumberText(v);
    return parsed.ok ? parsed.number.value : undefined;
  }
  return undefined;
}
