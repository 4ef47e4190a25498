/**
 * A number shown as a date, read the same way by both hosts: the ExcelJS host (xlsx.ts, the command line) and the
 * Office.js host (excel.ts, the task pane). A workbook stores a date as its serial number and shows it as a date
 * through the cell's number format; read as the number, a date typed into an amount cell would be scored as
 * 45413 万元. Both hosts read such a cell as the date's text (2024-05-01), so the engine asks for it to be checked
 * (是日期) and says the same thing in the pane as on the command line.
 *
 * Plain TypeScript with no dependency: the task pane's bundle takes it without ExcelJS.
 */
import type { CellValue } from "../workbook/snapshot";

/**
 * Whether a number format shows a date or a time: ExcelJS's own test (`isDateFmt` in exceljs/lib/utils/utils.js),
 * which decides when ExcelJS turns a number into a Date. Text inside [] (colours, conditions, locales such as
 * [$-804]) and inside quotes ("年") is left out; any of y m d h M s b left is a date or time.
 */
export function isDateFormat(format: unknown): boolean {
  if (!format || typeof format !== "string") return false;
  const bare = format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(bare);
}

/**
 * The last serial a date can have (9999-12-31 23:59:59): beyond it (either way) Excel shows ########, and the
 * number is kept as the number it is — as the ExcelJS host does (exceljsParts.ts wraps ExcelJS's conversion so).
 */
export const LAST_DATE_SERIAL = 2_958_465.99999;

/** 1900-based serial of 1970-01-01, and the days the 1904 date system counts from later (ExcelJS's constants). */
const UNIX_EPOCH_SERIAL = 25569;
const DAYS_1904 = 1462;

/**
 * A serial number as a Date in UTC, exactly as ExcelJS converts it (`excelToDate`, rounded to the millisecond; the
 * same multiplications in the same order, so the same rounding).
 */
export function serialDate(serial: number, date1904 = false): Date {
  return new Date(
    Math.round((serial - UNIX_EPOCH_SERIAL + (date1904 ? DAYS_1904 : 0)) * 24 * 3600 * 1000)
  );
}

/**
 * A date cell as the text a person reads: 2024-05-01, 2024-05-01 08:30, or 08:30 for a time alone (seconds when
 * there are any). The date is taken in UTC, as ExcelJS gives it; an invalid one is shown as Excel shows it,
 * ########. Never a number: a date typed where an amount belongs is reported, not read as its serial number.
 */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return "########";
  const [date, time] = d.toISOString().slice(0, 19).split("T");
  const clock = time.endsWith(":00") ? time.slice(0, 5) : time;
  // Excel's day zero (1899-12-30 in ExcelJS's reckoning) holds a time of day alone.
  if (date === "1899-12-30") return clock;
  return time === "00:00:00" ? date : `${date} ${clock}`;
}

/**
 * A number read from a cell (a plain value or a formula's result) with the cell's number format: the date's text
 * when the format shows a date or time, else the number. A number past 9999-12-31 stays the number.
 */
export function numberCellValue(value: number, format: unknown, date1904 = false): CellValue {
  if (!isDateFormat(format) || Math.abs(value) > LAST_DATE_SERIAL) return value;
  return dateText(serialDate(value, date1904));
}
