/**
 * Reading the numbers finance staff type: `1,349.42`, `97.62%`, full-width `９５％`, `4154.02万元`,
 * `41,540,200元`, `222人`. Never guesses: what it cannot read is a reason, not a number.
 */
export interface ParsedNumber {
  value: number;
  /** Typed with a % sign (value already divided by 100). */
  percent: boolean;
  /** The unit word that followed the number, if any (万元, 元, 人 …). */
  unit?: string;
}

export type ParseResult = { ok: true; number: ParsedNumber } | { ok: false; reason: ParseFailure };

export type ParseFailure = "notNumber" | "badSeparators";

const UNIT_WORDS = [
  "亿元",
  "万元",
  "千元",
  "元",
  "万",
  "人次",
  "人",
  "个",
  "项",
  "次",
  "件",
  "张",
  "户",
  "台",
  "辆",
  // A score typed with its unit: 5分.
  "分",
];

/** Full-width digits and signs to ASCII, all white space removed. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2212\u2012\u2013\u2014]/g, "-")
    .replace(/[。]/g, ".")
    .replace(/\s+/g, "");
}

const PLAIN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

export function parseNumberText(text: string): ParseResult {
  let s = normalizeText(text);
  let unit: string | undefined;
  for (const word of UNIT_WORDS) {
    if (s.endsWith(word) && s.length > word.length) {
      unit = word;
      s = s.slice(0, -word.length);
      break;
    }
  }
  let percent = false;
  if (s.endsWith("%")) {
    if (unit) return { ok: false, reason: "notNumber" };
    percent = true;
    s = s.slice(0, -1);
  }
  if (s.includes(",")) {
    if (!GROUPED.test(s)) return { ok: false, reason: "badSeparators" };
    s = s.replace(/,/g, "");
  }
  if (!PLAIN.test(s)) return { ok: false, reason: "notNumber" };
  const n = Number(s);
  if (!Number.isFinite(n)) return { ok: false, reason: "notNumber" };
  // Divide by 100 through the decimal text, so 97.62% is exactly the double 0.9762.
  const value = percent ? Number(shiftDecimal(s, -2)) : n;
  return { ok: true, number: { value, percent, unit } };
}

/** Moves the decimal point of a plain decimal string by `places` (negative: left). */
export function shiftDecimal(s: string, places: number): string {
  const negative = s.startsWith("-");
  const body = s.replace(/^[+-]/, "");
  const [intPart, fracPart = ""] = body.split(".");
  let digits = intPart + fracPart;
  let point = intPart.length + places;
  if (point <= 0) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + "0".repeat(point - digits.length);
  }
  const text = `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.$/, "");
  return (negative ? "-" : "") + text;
}

/** value × 10^places, done on the decimal text so 97.62 → 0.9762 exactly as typed. */
export function scaleByPowerOfTen(value: number, places: number): number {
  const text = String(value);
  return /e/i.test(text) ? value * Math.pow(10, places) : Number(shiftDecimal(text, places));
}

/** A cell's value as a number when it reads as one (5, "0.5", "5分", "９５", "1,349.42"); else undefined. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const parsed = parseNumberText(v);
  return parsed.ok ? parsed.number.value : undefined;
}
