/**
 * A department's cell as one of ours shows it, by a formula that never turns into an error and a cached result
 * that is exactly what the formula computes (in Excel and in LibreOffice): an error value shows as its code in
 * text (#NUM!), a date as the text the engine read it as (2018-05-11; the file reader gives dates as text, the
 * formula would give the serial number), a number joined into a text as Excel writes it (15 significant digits).
 */
import { formatNumberLiteral } from "../../domain/formula";
import { numberOf } from "../../domain/parse/number";
import { isBlank } from "../../domain/parse/readInput";
import type { CellValue } from "../snapshot";
import type { PlainValue } from "../writePlan";

const numberLiteral = (n: number) =>
  n < 0 ? `(${formatNumberLiteral(n)})` : formatNumberLiteral(n);
const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** ERROR.TYPE's codes 1…14, in order (LibreOffice gives the first seven alike). */
const ERROR_CODES = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CONNECT!",
  "#BLOCKED!",
  "#UNKNOWN!",
  "#FIELD!",
  "#CALC!",
];

const ERROR_TEXT =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CONNECT!|BLOCKED!|UNKNOWN!|FIELD!|CALC!)$/;

/** The error code a value holds: an error value, or the text of one (as our cells show it); else undefined. */
export function errorCode(v: unknown): string | undefined {
  if (v && typeof v === "object" && "error" in v) return String((v as { error: unknown }).error);
  if (typeof v === "string" && ERROR_TEXT.test(v.trim())) return v.trim();
  return undefined;
}

/**
 * An error's code as text (#NUM!), for a cell known to hold an error. LibreOffice has no ERROR.TYPE for the
 * #NULL! it reads from a file (Excel's is 1): that is the error ERROR.TYPE fails on.
 */
export function errorTextFormula(ref: string): string {
  return `IFERROR(CHOOSE(ERROR.TYPE(${ref}),${ERROR_CODES.map(quoted).join(",")}),"#NULL!")`;
}

/** A date as the file reader shows it (2024-05-01, 2024-05-01 08:30), or a time of day alone (08:30:15). */
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME_TEXT = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The serial number of a date or time as the file reader shows it, or undefined for any other text. */
export function dateSerial(text: string): number | undefined {
  const seconds = (h?: string, m?: string, s?: string) =>
    h === undefined ? 0 : (Number(h) * 3600 + Number(m) * 60 + Number(s ?? 0)) / 86_400;
  const time = TIME_TEXT.exec(text);
  if (time) return seconds(time[1], time[2], time[3]);
  const date = DATE_TEXT.exec(text);
  if (!date) return undefined;
  const [y, mo, d] = date.slice(1, 4).map(Number);
  return Date.UTC(y, mo - 1, d) / 86_400_000 + 25_569 + seconds(date[4], date[5], date[6]);
}

/** Whether the file reader read the value as a date: its text (2024-05-01, 2024-05-01 08:30, 08:30). */
export const readAsDate = (v: unknown): v is string =>
  typeof v === "string" && dateSerial(v) !== undefined;

/**
 * TRUE while the cell still holds the date Recompute read as `v` (its serial number, to the second); FALSE for
 * anything else, never an error. Undefined when `v` is no date read. FALSE() rather than a bare FALSE, which
 * HyperFormula reads as a name.
 */
export function heldDateTest(ref: string, v: unknown): string | undefined {
  if (!readAsDate(v)) return undefined;
  return `IF(ISNUMBER(${ref}),ABS(${ref}-${formatNumberLiteral(dateSerial(v)!)})<0.00001,FALSE())`;
}

/**
 * The cell's value, a date read as text shown as that text while the cell still holds that date: a formula
 * over `ref` that is no error unless the cell is one.
 */
function valueFormula(ref: string, v: CellValue): string {
  // LibreOffice holds TRUE as the number 1 (TRUE&"" is 1 there, TRUE in Excel): as the engine reads it, TRUE.
  if (typeof v === "boolean") return `IF(ISLOGICAL(${ref}),IF(${ref},"TRUE","FALSE"),${ref})`;
  const held = heldDateTest(ref, v);
  return held === undefined ? ref : `IF(${held},${quoted(v as string)},${ref})`;
}

/** Shows the department's cell: blank stays blank, an error shows its code, TRUE / FALSE as text. */
export function showFormula(ref: string, v: CellValue): string {
  return `=IF(ISERROR(${ref}),${errorTextFormula(ref)},IF(ISBLANK(${ref}),"",${valueFormula(ref, v)}))`;
}

/** showFormula's result for the value the cell holds. */
export function shownValue(v: CellValue): PlainValue {
  const code = errorCode(v);
  if (code !== undefined && typeof v === "object") return code;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return v === null ? "" : (v as PlainValue);
}

/**
 * A number as Excel writes it into text (=A1&""): 15 significant digits, 1E+20 from 10^15 up (LibreOffice writes
 * 1E+020 there: joinedFormula writes such a number's text itself).
 */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const short = Number(n.toPrecision(15));
  const text = Math.abs(short) >= 1e15 ? short.toExponential() : String(short);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
  return m ? `${m[1]}E${m[2]}${m[3].padStart(2, "0")}` : text;
}

/** A cell's value as it reads inside a text formula (x&""). */
function asText(v: CellValue): string {
  if (v === null) return "";
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "object") return v.error;
  return v;
}

/** TRUE for a cell the engine reads as blank: empty, or text of white space alone. */
function blankFormula(ref: string): string {
  const bare = ["CHAR(9)", "CHAR(10)", "CHAR(13)", quoted("\u3000")].reduce(
    (text, gone) => `SUBSTITUTE(${text},${gone},"")`,
    `${ref}&""`
  );
  return `LEN(TRIM(${bare}))=0`;
}

/**
 * A cell's value inside a joined text: as valueFormula, but a number of 10^15 or more (which Excel joins as
 * -9.99E+15, LibreOffice as -9.99E+015) as the text Excel writes, while the cell still holds that number.
 */
function joinedTerm(ref: string, v: CellValue): string {
  if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) < 1e15)
    return valueFormula(ref, v);
  const literal = v < 0 ? `(${formatNumberLiteral(v)})` : formatNumberLiteral(v);
  return `IF(ISNUMBER(${ref}),IF(${ref}=${literal},${quoted(numberText(v))},${ref}),${ref})`;
}

/**
 * Several of the department's cells joined into one text (≥ & 95), blank while the last is blank; the first
 * error among them shows as its code.
 */
export function joinedFormula(refs: string[], values: CellValue[]): string {
  const main = refs[refs.length - 1];
  const firstError = refs.reduceRight(
    (rest, ref) => `IF(ISERROR(${ref}),${errorTextFormula(ref)},${rest})`,
    '""'
  );
  const anyError = `OR(${refs.map((ref) => `ISERROR(${ref})`).join(",")})`;
  const joined = refs.map((ref, i) => joinedTerm(ref, values[i])).join("&");
  return `=IF(IF(ISERROR(${main}),FALSE,${blankFormula(main)}),"",IF(${anyError},${firstError},${joined}&""))`;
}

/** joinedFormula's result for the values the cells hold. */
export function joinedValue(values: CellValue[]): string {
  const main = values[values.length - 1];
  if (!(main !== null && typeof main === "object") && isBlank(main)) return "";
  const error = values.find((v) => v !== null && typeof v === "object");
  if (error) return asText(error);
  return values.map(asText).join("");
}

/**
 * A department's cell read as a number (a score): a number, or text that reads as one (5分) while the cell still
 * holds that text; a date read as text, an error or other text reads as none. `value` is the number or 0, `counts`
 * TRUE when the cell reads as a number, `read` what it reads as now.
 */
export function numberTerm(
  ref: string,
  v: CellValue
): { value: string; counts: string; read: number | undefined } {
  const held = heldDateTest(ref, v);
  if (held !== undefined)
    return {
      value: `IF(${held},0,IF(ISNUMBER(${ref}),${ref},0))`,
      counts: `IF(${held},FALSE(),ISNUMBER(${ref}))`,
      read: undefined,
    };
  // A boolean is no number to the engine (LibreOffice holds TRUE as 1).
  if (typeof v === "boolean")
    return {
      value: `IF(ISLOGICAL(${ref}),0,IF(ISNUMBER(${ref}),${ref},0))`,
      counts: `IF(ISLOGICAL(${ref}),FALSE,ISNUMBER(${ref}))`,
      read: undefined,
    };
  const text = typeof v === "string" ? numberOf(v) : undefined;
  if (text !== undefined) {
    const same = `IF(ISTEXT(${ref}),${ref}=${quoted(v as string)},FALSE)`;
    return {
      value: `IF(ISNUMBER(${ref}),${ref},IF(${same},${numberLiteral(text)},0))`,
      counts: `IF(ISNUMBER(${ref}),TRUE,${same})`,
      read: text,
    };
  }
  return {
    value: `IF(ISNUMBER(${ref}),${ref},0)`,
    counts: `ISNUMBER(${ref})`,
    read: typeof v === "number" && Number.isFinite(v) ? v : undefined,
  };
}
