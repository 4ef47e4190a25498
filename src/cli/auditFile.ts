/**
 * One workbook checked for `selfeval audit`, read-only: the summary row's data, small whatever the workbook's size.
 * Run in the main thread or in an audit worker (auditWorker.ts); never throws.
 */
import { say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { Conversions } from "../files/convert";
import { FileProblem } from "../files/problem";
import { openWorkbookSnapshot } from "../files/workbookFile";
import type { AuditEntry } from "../workbook/auditSummary";
import { recomputeWorkbook, RecomputeFailure } from "../workbook/recompute";
import { CliFailure } from "./io";
import { plainText } from "./plain";

/** The row of a file that could not be checked at all: `why`, in plain words. */
export function failedEntry(file: string, chosen: Framework | undefined, why: string): AuditEntry {
  return {
    file,
    framework: chosen?.id ?? "",
    breaches: [],
    differences: [],
    errors: 0,
    failure: why,
  };
}

/** What a row says when the check itself failed (a fault of ours, not of the workbook). */
export function unexpectedFailure(lang: Lang): string {
  return say(
    lang,
    "检查时出现意外错误，未能检查此工作簿",
    "an unexpected error stopped the check of this workbook"
  );
}

/** Checks one workbook; never throws. */
export async function auditWorkbook(
  file: string,
  chosen: Framework | undefined,
  lang: Lang,
  conversions: Conversions = new Conversions()
): Promise<AuditEntry> {
  try {
    // Read-only: the snapshot alone (the lean reader, else ExcelJS), never a workbook to write back.
    const opened = await openWorkbookSnapshot(file, lang, conversions);
    // Each workbook under its own framework (saved in it, or told by its indicator names) unless one is chosen.
    const result = recomputeWorkbook(opened.snapshot, chosen, { lang, backup: false });
    const { report } = result;
    return {
      file,
      department: result.department,
      framework: result.choice.framework.id,
      selfTotal: result.selfTotal,
      total: report.total,
      grade: report.grade,
      complete: report.complete,
      scored: report.scored,
      indicatorCount: report.indicatorCount,
      breaches: report.breaches.map((b) => ({ ...b, message: plainText(b.message) })),
      differences: report.indicators.flatMap((r) =>
        r.selfScore !== undefined && r.score !== null && Math.abs(r.selfScore - r.score) >= 0.005
          ? [{ name: r.name, self: r.selfScore, computed: r.score }]
          : []
      ),
      errors: report.errors.length,
      ...(opened.convertedFrom
        ? {
            converted: say(
              lang,
              `原文件是${opened.convertedFrom.zh}，已转换为 .xlsx 后检查`,
              `converted from ${opened.convertedFrom.en} and checked`
            ),
          }
        : {}),
    };
  } catch (err) {
    // The reason without the file's name, which the row already shows.
    const plain =
      err instanceof FileProblem || err instanceof RecomputeFailure || err instanceof CliFailure;
    const message = plain ? err.message : unexpectedFailure(lang);
    return failedEntry(
      file,
      chosen,
      plainText(message.startsWith(`${file} `) ? message.slice(file.length + 1) : message)
    );
  }
}

/** A file the audit found: checked, or, when it could not even be read, listed with why. */
export function checkFound(
  found: { file: string; unreadable?: string },
  chosen: Framework | undefined,
  lang: Lang,
  conversions: Conversions
): Promise<AuditEntry> {
  return found.unreadable
    ? Promise.resolve(failedEntry(found.file, chosen, found.unreadable))
    : auditWorkbook(found.file, chosen, lang, conversions);
}
