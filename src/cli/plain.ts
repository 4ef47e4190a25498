/**
 * The last look at every message the command line prints: a value quoted from a cell or a file is cut to 40
 * characters (a 100,000-character cell is not echoed whole), and a number in exponent notation (1.5987782520304764e+304)
 * is written as people write it (1.599×10³⁰⁴). The report's numbers are left as they are; only its words change.
 */
import type { Report } from "../domain/types";

const MAX_QUOTED = 40;
const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** 1.5987782520304764e+304 → 1.599×10³⁰⁴ (four significant digits). */
export function plainNumber(mantissa: string, exponent: string): string {
  const m = Number(Number(mantissa).toPrecision(4));
  const e = String(Number(exponent));
  return `${m}×10${Array.from(e, (c) => SUPERSCRIPT[c] ?? c).join("")}`;
}

const EXPONENT = /(?<![\w.])(\d+(?:\.\d+)?)e([+-]?\d+)(?![\w])/gi;
const QUOTED = /“([^”]*)”|"([^"\n]*)"|「([^」]*)」/g;

const cut = (text: string) => {
  const chars = Array.from(text);
  return chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join("")}…` : text;
};

/** A message made plain: quoted values cut, exponent notation spelled out. */
export function plainText(message: string): string {
  return message
    .replace(QUOTED, (whole: string, a?: string, b?: string, c?: string) => {
      const inner = a ?? b ?? c ?? "";
      return Array.from(inner).length > MAX_QUOTED ? whole.replace(inner, cut(inner)) : whole;
    })
    .replace(EXPONENT, (_whole, mantissa: string, exponent: string) =>
      plainNumber(mantissa, exponent)
    );
}

/** The report with its words made plain (errors, breaches, explanations, the rows not matched). */
export function plainReport<R extends Report>(report: R): R {
  return {
    ...report,
    errors: report.errors.map((e) => ({ ...e, message: plainText(e.message) })),
    breaches: report.breaches.map((b) => ({ ...b, message: plainText(b.message) })),
    indicators: report.indicators.map((r) => ({ ...r, explanation: plainText(r.explanation) })),
    ...(report.indicatorTable
      ? {
          indicatorTable: report.indicatorTable.map((r) => ({
            ...r,
            explanation: plainText(r.explanation),
          })),
        }
      : {}),
    ...(report.recognized
      ? {
          recognized: {
            ...report.recognized,
            unmatched: report.recognized.unmatched.map((u) => ({ ...u, text: cut(u.text) })),
          },
        }
      : {}),
  };
}
