/**
 * A department's own 绩效指标 table, wherever the reader found it (seed 001's 年度绩效指标完成情况, 广州's 年度主要工作任务
 * / 年度绩效目标 / 完成情况, the nationwide 自评表's rows, the 一体化 export's split targets), adopted: a 绩效指标 sheet
 * whose columns refer to the department's cells — its names, targets (joined from 计算符号 / 指标值 where split),
 * actuals, units, 分值 as weights, reasons and its own 得分 — so its table is never changed and our sheet follows it;
 * a column the department's table lacks is typed on ours.
 */
import type { Framework, Lang } from "../../domain/types";
import { freeSheetName } from "../adopt";
import type { IndicatorTableReading } from "../reader/bindReading";
import { cellValue, sheetRef, type WorkbookSnapshot } from "../snapshot";
import type { WritePlan } from "../writePlan";
import { TABLE_COLS, TABLE_SHEET } from "./layout";
import { tableSheetPlan, type SourceCell } from "./tableSheet";
import { joinedFormula, joinedValue, showFormula, shownValue } from "./departmentCells";

/** The plan adding a 绩效指标 sheet over a recognized table. */
export function adoptTablePlan(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  table: IndicatorTableReading,
  lang: Lang = "zh"
): WritePlan {
  const source = snapshot.sheets.find((s) => s.name === table.table.sheet)!;
  const sheetName = freeSheetName(snapshot, TABLE_SHEET);
  const { cols } = table;
  const refOf = (row: number, col: number) => sheetRef(source.name, row, col);
  const valueOf = (row: number, col: number) => cellValue(source, row, col);
  /** A cell on our sheet that shows the department's: blank stays blank, an error shows its code (#NUM!). */
  const refer = (row: number, col: number): SourceCell | undefined => {
    if (col < 0) return undefined;
    const v = valueOf(row, col);
    return { formula: showFormula(refOf(row, col), v), result: shownValue(v) };
  };
  /** A cell joined from several of the department's (≥ & 95), as text. */
  const joined = (row: number, parts: number[]): SourceCell => {
    const values = parts.map((col) => valueOf(row, col));
    return {
      formula: joinedFormula(
        parts.map((col) => refOf(row, col)),
        values
      ),
      result: joinedValue(values),
    };
  };
  const rows = table.rows.map((row) => {
    // A target split over 计算符号 / 指标值 (/ 计量单位, which our unit column carries) is read as one target.
    const target =
      cols.operator >= 0 ? joined(row, [cols.operator, cols.target]) : refer(row, cols.target);
    // With a unit column, a bare number actual takes the unit (96 with % is 96%): it is shown as text.
    const actual =
      cols.actual < 0
        ? undefined
        : cols.unit >= 0
          ? joined(row, [cols.actual])
          : refer(row, cols.actual);
    const cells: (SourceCell | undefined)[] = [];
    cells[TABLE_COLS.group] = refer(row, cols.level1) ?? { value: null };
    cells[TABLE_COLS.subgroup] = refer(row, cols.level2) ?? { value: null };
    cells[TABLE_COLS.name] = refer(row, cols.name);
    cells[TABLE_COLS.target] = target;
    cells[TABLE_COLS.actual] = actual ?? { value: null };
    cells[TABLE_COLS.unit] = refer(row, cols.unit);
    cells[TABLE_COLS.weight] = refer(row, cols.weight);
    cells[TABLE_COLS.tier] = refer(row, cols.tier);
    cells[TABLE_COLS.reason] = refer(row, cols.reason);
    cells[TABLE_COLS.selfScore] = refer(row, cols.selfScore);
    return cells as SourceCell[];
  });
  const { sheet, names } = tableSheetPlan(framework, {
    sheetName,
    lang,
    rows,
    adoptedFrom: source.name,
  });
  return { sheets: [sheet], names };
}
