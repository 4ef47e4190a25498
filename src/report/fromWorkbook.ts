/**
 * The 自评报告 of a workbook snapshot, as the pane drafts it: recomputed read-only under the framework chosen (else
 * the workbook's own), its facts read, the department or the year the user typed filling what the workbook lacks.
 */
import { say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { recomputeWorkbook } from "../workbook/recompute";
import { workbookFacts, yearOf } from "../workbook/reportFacts";
import type { WorkbookSnapshot } from "../workbook/snapshot";
import type { ReportDocument } from "./document";
import { draftReport } from "./draft";

export interface WorkbookReport {
  document: ReportDocument;
  missing: ("department" | "year")[];
  fileName: string;
}

/** Throws RecomputeFailure (in plain words) when the workbook has no score sheet to report on. */
export function reportOfWorkbook(
  snapshot: WorkbookSnapshot,
  chosen: Framework | undefined,
  given: { department?: string; year?: string },
  lang: Lang
): WorkbookReport {
  const result = recomputeWorkbook(snapshot, chosen, { lang, backup: false });
  const framework = result.choice.framework;
  const facts = workbookFacts(snapshot, result, framework, lang);
  if (!facts.department && given.department?.trim()) facts.department = given.department.trim();
  const year = given.year === undefined ? undefined : yearOf(given.year.trim());
  if (!facts.year && year) facts.year = year;
  const missing: WorkbookReport["missing"] = [];
  if (!facts.department) missing.push("department");
  if (!facts.year) missing.push("year");
  // A file name Windows and macOS accept: the department's name without \ / : * ? " < > |.
  const department = (facts.department ?? "").replace(/[\\/:*?"<>|\s]+/g, "");
  const fileName = say(
    lang,
    `${department}${facts.year ? `${facts.year}年度` : ""}部门整体支出绩效自评报告.docx`,
    `${department ? `${department}-` : ""}${facts.year ? `${facts.year}-` : ""}self-evaluation-report.docx`
  );
  return { document: draftReport(result.report, framework, facts, lang), missing, fileName };
}
