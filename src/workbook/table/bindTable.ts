/**
 * Finds the 绩效指标 sheet by its defined names (the header cell, and one total cell per feed), and reads its rows
 * as the engine takes them. Rows the user inserted between the header and the totals are read too.
 */
import { givenWeight, type IndicatorRowInput } from "../../domain/indicatorTable/scoreTable";
import { isBlank, spreadsheetError } from "../../domain/parse/readInput";
import { say } from "../../domain/i18n";
import type { Breach, Framework, Lang } from "../../domain/types";
import { namedCells, type CellRef } from "../bindTemplate";
import {
  address,
  cellLabel,
  cellValue,
  getSheet,
  parseAddress,
  type CellValue,
  type WorkbookSnapshot,
} from "../snapshot";
import { TABLE_COLS, tableNames } from "./layout";

export interface TableBinding {
  sheet: string;
  headerRow: number;
  /** Rows between the header and the first total row (or the sheet's end). */
  rows: number[];
  /** Each feed's total cell, by the input it feeds. */
  totals: Map<string, CellRef>;
  /** Built over a department's own table: columns A–E refer to its cells. */
  adopted: boolean;
}

/** One row as read: the engine's input, and the cell values its live formulas are guarded by. */
export interface TableRow {
  row: number;
  input: IndicatorRowInput;
  target: CellValue;
  actual: CellValue;
  unit: CellValue;
  weight: CellValue;
  tier: CellValue;
  selfScore: CellValue;
}

export function bindTable(
  snapshot: WorkbookSnapshot,
  framework: Framework
): TableBinding | undefined {
  const cells = namedCells(snapshot);
  const header = cells.get(tableNames.header);
  if (!header) return undefined;
  const sheet = getSheet(snapshot, header.sheet);
  if (!sheet) return undefined;
  const totals = new Map<string, CellRef>();
  for (const feed of framework.indicatorTable ?? []) {
    const cell = cells.get(tableNames.total(feed.input));
    if (cell && cell.sheet === header.sheet) totals.set(feed.input, cell);
  }
  const end = totals.size
    ? Math.min(...[...totals.values()].map((c) => c.row))
    : sheet.values.length;
  const rows: number[] = [];
  for (let r = header.row + 1; r < end; r++) rows.push(r);
  return {
    sheet: header.sheet,
    headerRow: header.row,
    rows,
    totals,
    adopted: cells.has(tableNames.adopted),
  };
}

/**
 * The department's cell an adopted cell's error comes from: of the cells its formula refers to, the first showing
 * an error ('部门整体绩效指标'!E7 → 部门整体绩效指标!E7).
 */
function sourceOfError(
  snapshot: WorkbookSnapshot,
  formula: string | null | undefined
): string | undefined {
  // An exec loop, not matchAll: the pane's engine runs on webviews without it (test/build.webviews).
  const REF = /(?:'((?:[^']|'')+)'|([^\s'!(),=&"]+))!\$?([A-Z]{1,3})\$?(\d+)/g;
  const refs: { sheet: string; address: string }[] = [];
  for (let m = REF.exec(formula ?? ""); m; m = REF.exec(formula ?? ""))
    refs.push({ sheet: (m[1] ?? m[2]).replace(/''/g, "'"), address: `${m[3]}${m[4]}` });
  const showsError = (r: { sheet: string; address: string }) => {
    const sheet = getSheet(snapshot, r.sheet);
    const at = sheet ? parseAddress(r.address) : undefined;
    return !!sheet && !!at && spreadsheetError(cellValue(sheet, at.row, at.col)) !== undefined;
  };
  const found = refs.find(showsError);
  return found ? cellLabel(found.sheet, found.address) : undefined;
}

/** What each column is called in a message. */
const COLUMN_WORDS: Record<number, [string, string]> = {
  [TABLE_COLS.name]: ["三级指标", "indicator"],
  [TABLE_COLS.target]: ["指标值", "target"],
  [TABLE_COLS.actual]: ["实际完成值", "actual"],
  [TABLE_COLS.unit]: ["计量单位", "unit"],
  [TABLE_COLS.weight]: ["权重", "weight"],
  [TABLE_COLS.tier]: ["完成档次", "tier"],
  [TABLE_COLS.reason]: ["偏差原因", "reason"],
  [TABLE_COLS.selfScore]: ["得分", "self score"],
};

const text = (v: CellValue) => (v === null ? "" : typeof v === "object" ? v.error : String(v));

/** A text value ending in a digit takes the unit column's word (300 + 张 → 300张); numbers stay numbers. */
function withUnit(value: CellValue, unit: CellValue): unknown {
  if (isBlank(unit) || typeof value !== "string" || !/\d\s*$/.test(value)) return value;
  return `${value.trim()}${text(unit).trim()}`;
}

/**
 * The indicator rows: a row counts when it names an indicator or gives a target or an actual; a blank 一级 / 二级
 * cell repeats the one above (merged cells in printed tables). A weight that is not a number is a warning.
 */
export function readTableRows(
  snapshot: WorkbookSnapshot,
  binding: TableBinding,
  lang: Lang
): { rows: TableRow[]; warnings: Breach[] } {
  const sheet = getSheet(snapshot, binding.sheet)!;
  const c = TABLE_COLS;
  const at = (row: number, col: number) => cellValue(sheet, row, col);
  const rows: TableRow[] = [];
  const warnings: Breach[] = [];
  let group = "";
  let subgroup = "";
  for (const row of binding.rows) {
    if (!isBlank(at(row, c.group))) {
      group = text(at(row, c.group)).trim();
      subgroup = "";
    }
    if (!isBlank(at(row, c.subgroup))) subgroup = text(at(row, c.subgroup)).trim();
    const [name, target, actual] = [c.name, c.target, c.actual].map((col) => at(row, col));
    if (isBlank(name) && isBlank(target) && isBlank(actual)) continue;
    const unit = at(row, c.unit);
    const weight = at(row, c.weight);
    const tier = at(row, c.tier);
    const reason = at(row, c.reason);
    const selfScore = at(row, c.selfScore);
    // The row's cell on this sheet, where its tier, weight and reason are filled (an adopted sheet shows the
    // department's own text in A–E).
    const cell = cellLabel(binding.sheet, address(row, c.name));
    const cellOf = (col: number) => cellLabel(binding.sheet, address(row, col));
    // A cell showing an error value (#NUM!, or the code of a department's error where our cell refers to it):
    // named, with the department's cell it comes from. A target's or an actual's own error (the row unscored)
    // says so already where the cell is ours.
    for (const col of Object.keys(COLUMN_WORDS).map(Number)) {
      const code = spreadsheetError(at(row, col));
      if (!code) continue;
      const source = binding.adopted
        ? sourceOfError(snapshot, sheet.formulas[row]?.[col])
        : undefined;
      if (!source && (col === c.target || col === c.actual)) continue;
      const [zh, en] = COLUMN_WORDS[col];
      const label = (!spreadsheetError(name) && text(name).trim()) || cellOf(col);
      warnings.push({
        metric: "cellError",
        value: 0,
        severity: "red",
        message: say(
          lang,
          `绩效指标“${label}”的${zh}显示错误值 ${code}，请检查${source ? `原表 ${source} ` : "该单元格"}的公式或改填数值${col === c.weight ? "（权重暂按 1 计）" : ""}（${cellOf(col)}）`,
          `indicator "${label}": its ${en} shows the error ${code}; check the formula${source ? ` of ${source}` : ""} or type a value${col === c.weight ? " (weight counted as 1)" : ""}`
        ),
        cell: source ?? cellOf(col),
      });
    }
    if (!isBlank(weight) && givenWeight(weight) === undefined && !spreadsheetError(weight))
      warnings.push({
        metric: "indicatorWeight",
        value: 0,
        severity: "amber",
        message: say(
          lang,
          `绩效指标“${text(name)}”的权重“${text(weight)}”不是非负数字，按 1 计（${cellLabel(binding.sheet, address(row, c.weight))}）`,
          `indicator "${text(name)}": the weight "${text(weight)}" is not a number ≥ 0, counted as 1`
        ),
        cell: cellLabel(binding.sheet, address(row, c.weight)),
      });
    rows.push({
      row,
      target,
      actual,
      unit,
      weight,
      tier,
      selfScore,
      input: {
        group: subgroup ? `${group} · ${subgroup}` : group,
        name: text(name).trim() || text(target).trim(),
        target: withUnit(target, unit),
        actual: withUnit(actual, unit),
        ...(typeof weight === "number" ? { weight } : {}),
        ...(isBlank(tier) ? {} : { tier }),
        ...(isBlank(reason) ? {} : { reason }),
        ...(isBlank(selfScore) ? {} : { selfScore }),
        cell,
        cells: {
          weight: cellOf(c.weight),
          selfScore: cellOf(c.selfScore),
          reason: cellOf(c.reason),
        },
        fromCells: true,
      },
    });
  }
  return { rows, warnings };
}
