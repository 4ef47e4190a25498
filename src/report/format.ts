/** How the report writes numbers and quotes: 24,345.86 万元, 96.67 分, 17.63%, “…” around the department's words. */
import { excelRound } from "../domain/excelMath";
import { formatPercent, formatPoints, say } from "../domain/i18n";
import type { Lang } from "../domain/types";
import type { Inline } from "./document";

export { formatPercent, formatPoints };

/** Thousands separated, `decimals` places: 24345.861 → 24,345.86. */
export function formatNumber(x: number, decimals: number): string {
  const [whole, fraction] = Math.abs(excelRound(x, decimals)).toFixed(decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${x < 0 && excelRound(x, decimals) !== 0 ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/** Points: 96.67 分 / 96.67 points. */
export const points = (x: number, lang: Lang): string =>
  say(lang, `${formatPoints(x)} 分`, `${formatPoints(x)} points`);

/** The department's own words, quoted as written (never rewritten): “…”. */
export const quoted = (text: string, lang: Lang): string =>
  say(lang, `“${text.trim()}”`, `"${text.trim()}"`);

/** Without a closing full stop (a message ends where the report's sentence goes on). */
export const unstopped = (text: string): string => text.trim().replace(/[。．.;；，,]+$/u, "");

/** Inlines joined into one sentence: parts separated by ，(, ), ended by 。(.); adjacent texts merged. */
export function sentence(parts: Inline[][], lang: Lang): Inline[] {
  const out: Inline[] = [];
  const push = (i: Inline) => {
    const last = out[out.length - 1];
    if (last && "text" in last && "text" in i && !last.bold && !i.bold)
      out[out.length - 1] = { text: last.text + i.text };
    else out.push(i);
  };
  parts.forEach((part, n) => {
    if (n > 0) push({ text: say(lang, "，", ", ") });
    part.forEach(push);
  });
  push({ text: say(lang, "。", ".") });
  return out;
}
