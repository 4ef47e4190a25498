/**
 * What the 自评报告 takes from a workbook beyond the report a recompute returns: the department and the year (from
 * 基础数据, else a 部门（单位）名称 / 预算年度 cell or a title's 「2023年度」), every input and text as its cell
 * holds it (the figures the report states, the 扣分原因 it quotes), and the 绩效指标 rows as written (年度指标值,
 * 实际完成值 and 偏差原因 as the department typed them). Read from the workbook as the recompute would leave it,
 * without writing anything.
 */
import type { IndicatorRowInput } from "../domain/indicatorTable/scoreTable";
import type { Framework, Lang } from "../domain/types";
import { applyToSnapshot } from "./applyToSnapshot";
import { bindTemplate, type CellRef } from "./bindTemplate";
import { foldText } from "./recognize";
import { valueRight } from "./reader/readTables";
import type { RecomputeResult } from "./recompute";
import { cellValue, getSheet, type CellValue, type WorkbookSnapshot } from "./snapshot";
import { bindTable, readTableRows } from "./table/bindTable";

export interface WorkbookFacts {
  department?: string;
  /** 2023 as text. */
  year?: string;
  /** Each input and text of the framework as its cell holds it (a formula's result), by key. */
  values: Record<string, unknown>;
  /** The 绩效指标 rows as written, in the order of the report's `indicatorTable`. */
  tableRows?: IndicatorRowInput[];
  /** The department's own total as its sheet states it. */
  selfTotal?: number;
}

const YEAR_LABEL = /^(预算|评价|考核|自评)?年度$/;
const YEAR_IN_TEXT = /(?:^|[^\d])((?:19|20)\d{2})\s*年度?/;

/** 2023 from 2023, "2023", "2023年", "2023 年度"; undefined for anything else. */
export function yearOf(v: CellValue | unknown): string | undefined {
  if (typeof v === "number" && Number.isInteger(v) && v >= 1900 && v <= 2100) return String(v);
  if (typeof v !== "string") return undefined;
  const m = /^\s*((?:19|20)\d{2})\s*(年度?)?\s*$/.exec(v.replace(/[（）()]/g, ""));
  return m ? m[1] : undefined;
}

/** A 预算年度 cell's year, else the first 「2023年度」 in a sheet's first rows (a title, 「（2023年度）」). */
function findYear(snapshot: WorkbookSnapshot): string | undefined {
  for (const sheet of snapshot.sheets)
    for (const row of sheet.values.slice(0, 40))
      for (let c = 0; c < row.length; c++) {
        if (!YEAR_LABEL.test(foldText(row[c]))) continue;
        const at = valueRight(row, c);
        const year = at === undefined ? undefined : yearOf(row[at]);
        if (year) return year;
      }
  for (const sheet of snapshot.sheets)
    for (const row of sheet.values.slice(0, 5))
      for (const v of row) {
        const m = typeof v === "string" ? YEAR_IN_TEXT.exec(v) : null;
        if (m) return m[1];
      }
  return undefined;
}

function valueAt(snapshot: WorkbookSnapshot, ref: CellRef | undefined): CellValue {
  const sheet = ref && getSheet(snapshot, ref.sheet);
  return sheet && ref ? cellValue(sheet, ref.row, ref.col) : null;
}

const text = (v: CellValue): string | undefined =>
  typeof v === "string" && v.trim() ? v.trim() : undefined;

/** The facts of a workbook a recompute (`result`, under `framework`) has just read; nothing is written. */
export function workbookFacts(
  snapshot: WorkbookSnapshot,
  result: RecomputeResult,
  framework: Framework,
  lang: Lang
): WorkbookFacts {
  // The workbook as the recompute would leave it: a department's own sheets adopted, 基础数据 referring to them.
  const after = applyToSnapshot(snapshot, result.plan);
  const binding = bindTemplate(after, framework);
  const values: Record<string, unknown> = {};
  for (const [key, ref] of binding?.inputs ?? []) values[key] = valueAt(after, ref);
  // The template's own cell when it has one (its neighbours hold hints, not names), else the recompute's finding.
  const department = text(valueAt(after, binding?.meta.get("departmentName"))) ?? result.department;
  const year = yearOf(valueAt(after, binding?.meta.get("budgetYear"))) ?? findYear(snapshot);
  const tableBinding = bindTable(after, framework);
  const tableRows = tableBinding
    ? readTableRows(after, tableBinding, lang).rows.map((r) => r.input)
    : undefined;
  const facts: WorkbookFacts = { values };
  if (department) facts.department = department;
  if (year) facts.year = year;
  if (tableRows) facts.tableRows = tableRows;
  if (result.selfTotal !== undefined) facts.selfTotal = result.selfTotal;
  return facts;
}
