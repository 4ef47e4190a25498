/**
 * The audit's progress line on a terminal, redrawn in place: the bar, n/total, files per second and the time left
 * (or, at the end, the time taken), and the last file checked.
 */
import { basename } from "path";
import { say } from "../domain/i18n";
import type { Lang } from "../domain/types";

/** A duration in plain words: 12 秒, 3 分 05 秒, 1 小时 02 分. */
export function duration(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return say(lang, `${s} 秒`, `${s} s`);
  if (s < 3600)
    return say(
      lang,
      `${Math.floor(s / 60)} 分 ${two(s % 60)} 秒`,
      `${Math.floor(s / 60)} min ${two(s % 60)} s`
    );
  const m = Math.round(s / 60);
  return say(
    lang,
    `${Math.floor(m / 60)} 小时 ${two(m % 60)} 分`,
    `${Math.floor(m / 60)} h ${two(m % 60)} min`
  );
}

/** How fast, and how long is left (the time taken once done); nothing before the first file is done. */
function pace(done: number, total: number, elapsedMs: number, lang: Lang): string {
  const seconds = elapsedMs / 1000;
  if (done === 0 || seconds <= 0) return "";
  const rate = done / seconds;
  const shown = rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
  if (done === total)
    return say(
      lang,
      `每秒 ${shown} 个，用时 ${duration(seconds, lang)}`,
      `${shown} files/s, took ${duration(seconds, lang)}`
    );
  const left = duration((total - done) / rate, lang);
  return say(lang, `每秒 ${shown} 个，约剩 ${left}`, `${shown} files/s, about ${left} left`);
}

export function progressLine(
  done: number,
  total: number,
  file: string,
  elapsedMs: number,
  lang: Lang
): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${pace(done, total, elapsedMs, lang).padEnd(24)} ${basename(file).slice(0, 40).padEnd(40)}`;
}
