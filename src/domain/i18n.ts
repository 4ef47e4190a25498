import { excelRound } from "./excelMath";
import type { Lang, Localized } from "./types";

export function localize(text: Localized, lang: Lang): string {
  return lang === "en" ? text.en : text.zh;
}

/** Picks the Chinese or the English wording. */
export function say(lang: Lang, zh: string, en: string): string {
  return lang === "en" ? en : zh;
}

/**
 * A number written out in full up to 15 digits, else as 1.599×10³⁰⁴ — never 1.59e+304; beyond what a double holds
 * (a figure computed from one near 1.8×10³⁰⁸), in words — never Infinity or NaN.
 */
export function plainMagnitude(n: number): string {
  if (Number.isNaN(n)) return "无法计算的数";
  if (!Number.isFinite(n)) return n > 0 ? "超出可计算范围的数" : "超出可计算范围的负数";
  if (Math.abs(n) < 1e15) return String(Number(n.toPrecision(15)));
  const [mantissa, exponent] = n.toExponential(3).split("e");
  const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const power = String(Number(exponent))
    .replace(/\d/g, (d) => sup[Number(d)])
    .replace("-", "⁻");
  return `${Number(mantissa)}×10${power}`;
}

/** A figure rounded to 2 decimals as shown: a huge or overflowing one as plainMagnitude writes it. */
const shownRounded = (x: number) =>
  Number.isFinite(x) && Math.abs(x) < 1e15 ? String(excelRound(x, 2)) : plainMagnitude(x);

/** 2 decimals at most, no trailing zeros: 2.24, 1, 0.5. */
export function formatPoints(x: number): string {
  return shownRounded(x);
}

/** A fraction as a percentage with 2 decimals at most: 0.17633 → 17.63%, 1 → 100%. */
export function formatPercent(x: number): string {
  return `${shownRounded(x * 100)}%`;
}

/** Percentage points: 0.0763 → 7.63. */
export function formatPercentagePoints(x: number): string {
  return shownRounded(x * 100);
}

/** The English plural of a noun (of its last word): point → points, breach → breaches, entry → entries. */
function pluralOf(noun: string): string {
  if (/(s|sh|ch|x|z)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/**
 * A number and its English noun, singular only when the number as shown is 1: 1 point, 0 points, 0.5 points,
 * 2.5 points, 1 red breach, 3 workbooks. `many` for an irregular plural. Chinese needs none (1 分, 2 分).
 */
export function plural(n: number | string, noun: string, many?: string): string {
  const shown = typeof n === "number" ? String(n) : n;
  return `${shown} ${/^[-−]?1$/.test(shown) ? noun : (many ?? pluralOf(noun))}`;
}

/** Points in English, 2 decimals at most: 1 point, 0.76 points, 6 points. */
export const enPoints = (x: number): string => plural(formatPoints(x), "point");

/** The difference of two percentages in English: 0.0763 → 7.63 percentage points, 0.01 → 1 percentage point. */
export const enPercentagePoints = (x: number): string =>
  plural(formatPercentagePoints(x), "percentage point");

/** Characters two columns wide (CJK, Hangul, full-width forms): all in the Basic Multilingual Plane. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/** How often a global pattern occurs in a text. */
export const occurrences = (text: string, pattern: RegExp): number =>
  text.match(pattern)?.length ?? 0;

/**
 * Columns as a terminal or a spreadsheet column shows them: CJK characters take two, any other character (a
 * character outside the BMP too) one. Counted by whole-text matches, not character by character: the widths of a
 * recompute's explanations were a measurable part of its first, cold run (bench/README.md).
 */
export function displayWidth(text: string): number {
  return text.length - occurrences(text, SURROGATE_PAIR) + occurrences(text, WIDE);
}
