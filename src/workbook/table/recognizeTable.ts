/**
 * A department's own 绩效指标 table, as seed 001 prints it under 年度绩效指标完成情况: a header row with 三级指标,
 * 预期指标值 (or 年度指标值) and 实际完成指标值 (or 实际完成值), 一级 / 二级指标 beside them, then a row per indicator
 * (一级 / 二级 cells merged down); also 广州's 年度主要工作任务 / 年度绩效目标 / 完成情况 (seed 003) and a table of 年度指标值
 * only (seed 004). Adopting it adds a 绩效指标 sheet whose columns A–E refer to the department's cells, so its
 * table is never changed and our sheet follows it; a column the department's table lacks is typed on ours.
 */
import { isBlank } from "../../domain/parse/readInput";
import type { Framework, Lang } from "../../domain/types";
import { freeSheetName } from "../adopt";
import { BACKUP_SHEET } from "../layout";
import { namedCells } from "../bindTemplate";
import { address, cellValue, quoteSheet, type CellValue, type WorkbookSnapshot } from "../snapshot";
import type { WritePlan } from "../writePlan";
import { TABLE_SHEET, tableNames } from "./layout";
import { tableSheetPlan, type SourceCell } from "./tableSheet";

export interface RecognizedTable {
  sheet: string;
  headerRow: number;
  /** Columns of 一级, 二级, 三级指标, 指标值, 实际完成值 (一级 / 二级 may be missing: -1). */
  cols: [number, number, number, number, number];
  rows: number[];
}

const squeeze = (v: CellValue) => (typeof v === "string" ? v.replace(/\s+/g, "") : "");
const MAX_ROWS = 500;

/**
 * The columns of a header row: 三级指标 (or, as 广州's seed 003 prints it, 年度主要工作任务), its 指标值 (预期 / 年度 /
 * 年度绩效目标), and 实际完成值 (or 完成情况) when there is one — seed 004's table has none: the actual is then
 * typed on our sheet.
 */
function headerColumns(row: CellValue[]): RecognizedTable["cols"] | undefined {
  const find = (test: (s: string) => boolean) => row.findIndex((v) => test(squeeze(v)));
  let name = find((s) => s === "三级指标");
  if (name < 0) name = find((s) => /^(年度)?(主要)?工作任务$/.test(s));
  const target = find((s) =>
    /^(预期|年度)?(绩效)?指标值$|^目标值$|^年度(绩效)?目标$|^年度绩效目标值$/.test(s)
  );
  const actual = find((s) => /^实际完成(指标)?值?$|^完成值$|^(实际)?完成情况$/.test(s));
  if (name < 0 || target < 0) return undefined;
  return [find((s) => s === "一级指标"), find((s) => s === "二级指标"), name, target, actual];
}

/** The first such table in the workbook (our own sheets excepted), or undefined. */
export function recognizeTable(snapshot: WorkbookSnapshot): RecognizedTable | undefined {
  const ours = new Set(
    [...namedCells(snapshot).entries()]
      .filter(([name]) => name === tableNames.header)
      .map(([, ref]) => ref.sheet)
  );
  for (const sheet of snapshot.sheets) {
    if (sheet.name === BACKUP_SHEET || ours.has(sheet.name)) continue;
    for (let r = 0; r < sheet.values.length; r++) {
      const cols = headerColumns(sheet.values[r] ?? []);
      if (!cols) continue;
      const rows: number[] = [];
      for (let row = r + 1; row < sheet.values.length && rows.length < MAX_ROWS; row++) {
        const cells = cols.map((col) => (col < 0 ? null : cellValue(sheet, row, col)));
        if (cells.every(isBlank)) break;
        rows.push(row);
      }
      if (rows.length) return { sheet: sheet.name, headerRow: r, cols, rows };
    }
  }
  return undefined;
}

/** The plan adding a 绩效指标 sheet over a recognized table. */
export function adoptTablePlan(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  table: RecognizedTable,
  lang: Lang = "zh"
): WritePlan {
  const source = snapshot.sheets.find((s) => s.name === table.sheet)!;
  const sheetName = freeSheetName(snapshot, TABLE_SHEET);
  const refer = (row: number, col: number): SourceCell => {
    if (col < 0) return { value: null };
    const ref = `${quoteSheet(table.sheet)}!${address(row, col)}`;
    const v = cellValue(source, row, col);
    const result = typeof v === "number" || typeof v === "string" ? v : "";
    return { formula: `=IF(ISBLANK(${ref}),"",${ref})`, result };
  };
  const { sheet, names } = tableSheetPlan(framework, {
    sheetName,
    lang,
    rows: table.rows.map((row) => table.cols.map((col) => refer(row, col))),
    adoptedFrom: table.sheet,
  });
  return { sheets: [sheet], names };
}
