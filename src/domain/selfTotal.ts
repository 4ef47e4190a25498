/**
 * The department's own 自评总分 against its own scores: a total that is not the sum of the self-reported scores
 * is a mistake of the department's sheet (seed 002's county example reports 98 over scores that add up to 88).
 */
import { excelRound } from "./excelMath";
import type { Breach, Lang, Report } from "./types";

/** The sum of the self-reported scores, rounded as Excel shows it; undefined when none was reported. */
export function selfScoreSum(report: Report): number | undefined {
  const selfs = report.indicators.flatMap((r) => (r.selfScore === undefined ? [] : [r.selfScore]));
  return selfs.length
    ? excelRound(
        selfs.reduce((a, b) => a + b, 0),
        2
      )
    : undefined;
}

/** The red finding when the department's own total is not the sum of its scores (a cent apart or more). */
export function selfTotalMismatch(
  report: Report,
  written: number,
  lang: Lang,
  cell?: string
): Breach | undefined {
  const sum = selfScoreSum(report);
  if (sum === undefined || Math.abs(excelRound(written - sum, 2)) < 0.01) return undefined;
  return {
    metric: "selfTotal",
    value: written,
    severity: "red",
    message:
      lang === "en"
        ? `the reported total ${written} is not the sum of the reported scores (${sum})`
        : `自评总分 ${written} 与各项自评得分之和 ${sum} 不一致`,
    ...(cell ? { cell } : {}),
  };
}
