/**
 * Adoption by reference: where the department's workbook already holds a figure, a reason or a self score, the
 * cell of ours that takes it (an input of 基础数据, a 自评得分 of our 评分表) refers to the department's cell
 * instead of copying it — so the department's cells stay theirs, and ours follow them. A deduction the sheet
 * implies (分值 − 自评得分, 广州's 自评表) is a formula over both cells; the user may type over it.
 */
import { numberOf } from "../../domain/parse/number";
import { spreadsheetError } from "../../domain/parse/readInput";
import {
  getSheet,
  parseRef,
  sheetRef,
  cellValue,
  type CellValue,
  type WorkbookSnapshot,
} from "../snapshot";
import { heldDateTest } from "../table/departmentCells";
import type { CellRef } from "../bindTemplate";
import { blankTest } from "../liveFormulas";
import type { CellWrite, WritePlan } from "../writePlan";
import type { Reading } from "./bindReading";

const refText = (r: CellRef) => sheetRef(r.sheet, r.row, r.col);

/**
 * What our cell referring to the department's shows, as its cached result: the department's value; an error value
 * as its text (#NAME?), which the engine reads as the error it is (readInput: 显示错误值 …, 请检查), never as blank.
 */
function valueAt(snapshot: WorkbookSnapshot, r: CellRef): string | number | boolean {
  const v = cellAt(snapshot, r);
  if (v !== null && typeof v === "object") return v.error;
  return v ?? "";
}

/** The department's cell as the file reader gives it (null: empty). */
function cellAt(snapshot: WorkbookSnapshot, r: CellRef): CellValue {
  const sheet = getSheet(snapshot, r.sheet);
  return sheet ? cellValue(sheet, r.row, r.col) : null;
}

/** The number a self score or 分值 cell reads as (5, "0.5", "5分"), for a cached result. */
const numberAt = (snapshot: WorkbookSnapshot, r: CellRef) => numberOf(valueAt(snapshot, r));

/** A self score as our cell referring to it shows it: its number ("5分" as 5), else the value as it stands. */
const numberOrValue = (snapshot: WorkbookSnapshot, r: CellRef) => {
  const v = valueAt(snapshot, r);
  return numberOf(v) ?? v;
};

/** A score typed as text ("0.5", "5分") read as its number in the formula too. */
const asNumber = (ref: string) => `IFERROR(VALUE(SUBSTITUTE(${ref}&"","分","")),${ref})`;

/**
 * Our cell referring to the department's: blank while theirs is blank (empty, or a formula showing ""), else its
 * value — a figure typed as text ("5分") as its number. `value`, what Recompute read in the department's cell: a
 * date (2027-09-21, read as that text) shows as that text while the cell holds that date, as the engine reads it
 * (a date typed in an amount is an input to check: 是日期), never as its serial number — which a formula over the
 * date would give, and LibreOffice's VALUE over its text too.
 */
export function referenceFormula(ref: string, numeric: boolean, value?: unknown): string {
  const shown = numeric ? asNumber(ref) : ref;
  const held = heldDateTest(ref, value);
  const guarded = held === undefined ? shown : `IF(${held},${quoted(String(value))},${shown})`;
  return `=IF(${blankTest(ref)},"",${guarded})`;
}

const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Replaces (or adds) the write of one cell of a plan. */
function setCell(plan: WritePlan, target: CellRef, write: Omit<CellWrite, "row" | "col">): void {
  const sheet = plan.sheets.find((s) => s.name === target.sheet);
  if (!sheet) return;
  const i = sheet.cells.findIndex((c) => c.row === target.row && c.col === target.col);
  const cell: CellWrite = {
    ...(i >= 0 ? sheet.cells[i] : {}),
    row: target.row,
    col: target.col,
    ...write,
  } as CellWrite;
  if ("formula" in write) delete (cell as { value?: unknown }).value;
  if (i >= 0) sheet.cells[i] = cell;
  else sheet.cells.push(cell);
}

/** Where a plan's defined name points. */
function named(plan: WritePlan, name: string): CellRef | undefined {
  const n = plan.names.find((x) => x.name === name);
  return n ? parseRef(n.ref) : undefined;
}

/**
 * Makes the plan's input cells (by their defined names) refer to the department's cells the reading found, and,
 * when `selfScoreCell` says where our 自评得分 of an indicator stands, those too.
 */
export function referToDepartment(
  plan: WritePlan,
  snapshot: WorkbookSnapshot,
  reading: Reading,
  selfScoreCell?: (indicatorId: string) => CellRef | undefined
): void {
  const refer = (key: string, source: CellRef, numeric: boolean) => {
    const target = named(plan, key);
    if (!target) return;
    const ref = refText(source);
    const value = numeric
      ? (numberAt(snapshot, source) ?? valueAt(snapshot, source))
      : valueAt(snapshot, source);
    setCell(plan, target, {
      formula: referenceFormula(ref, numeric, valueAt(snapshot, source)),
      result: value,
    });
  };
  for (const [key, source] of reading.inputs) refer(key, source, true);
  for (const [key, source] of reading.texts) refer(key, source, false);
  for (const [key, { max, self }] of reading.deductions) {
    const target = named(plan, key);
    if (!target) continue;
    const maxRef = typeof max === "number" ? String(max) : asNumber(refText(max));
    // An empty 分值 cell reads as 0 in the subtraction.
    const emptyMax = typeof max !== "number" && cellAt(snapshot, max) === null;
    const maxValue = typeof max === "number" ? max : emptyMax ? 0 : numberAt(snapshot, max);
    const selfValue = numberAt(snapshot, self);
    // A date in the 分值 or the 自评得分 (while the cell holds it) shows as that date's text: the engine names the
    // deduction an input to check (是日期), where the subtraction would take the date's serial number.
    const dates = [
      ...(typeof max === "number" ? [] : [{ ref: refText(max), value: valueAt(snapshot, max) }]),
      { ref: refText(self), value: valueAt(snapshot, self) },
    ].flatMap(({ ref, value }) => {
      const held = heldDateTest(ref, value);
      return held === undefined ? [] : [{ held, text: String(value) }];
    });
    // Blank while the self score is; else the difference, or the error the subtraction gives (the 分值's first).
    const maxError = typeof max === "number" ? undefined : spreadsheetError(valueAt(snapshot, max));
    const result =
      valueAt(snapshot, self) === ""
        ? ""
        : dates.length
          ? dates[0].text
          : maxValue !== undefined && selfValue !== undefined
            ? Math.round((maxValue - selfValue) * 1e6) / 1e6
            : (maxError ?? spreadsheetError(valueAt(snapshot, self)) ?? "#VALUE!");
    const difference = dates.reduceRight(
      (rest, d) => `IF(${d.held},${quoted(d.text)},${rest})`,
      `${maxRef}-${asNumber(refText(self))}`
    );
    setCell(plan, target, {
      formula: `=IF(${blankTest(refText(self))},"",${difference})`,
      result,
    });
  }
  if (!selfScoreCell) return;
  for (const [id, source] of reading.selfScores) {
    const target = selfScoreCell(id);
    if (!target) continue;
    const ref = refText(source);
    setCell(plan, target, {
      formula: referenceFormula(ref, true, valueAt(snapshot, source)),
      result: numberOrValue(snapshot, source),
    });
  }
}
