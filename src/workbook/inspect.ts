/**
 * What the task pane shows about a workbook before and after Recompute, without writing anything: which
 * layout was recognized, the scores as Recompute would write them, whether there is something to undo.
 */
import type { Framework, Lang, Report } from "../domain/types";
import { readBackup } from "./backup";
import { bindTemplate } from "./bindTemplate";
import { RecomputeFailure } from "./failure";
import { chooseFramework, type FrameworkChoice } from "./frameworkChoice";
import { recompute } from "./recompute";
import { readWorkbook, recognizeScoreSheet } from "./recognize";
import { readsAsForm } from "./reader/adoptForm";
import { bindTable } from "./table/bindTable";
import type { WorkbookSnapshot } from "./snapshot";

export type LayoutKind = "template" | "adopted" | "existing" | "none";

export interface WorkbookStatus {
  framework: string;
  /** Which framework scores the workbook and why; absent when it cannot be chosen (see `message`). */
  choice?: FrameworkChoice;
  layout: LayoutKind;
  /** The sheets the layout was found in (input sheet, score sheet, 绩效指标). */
  sheets: string[];
  report?: Report;
  selfTotal?: number;
  department?: string;
  canUndo: boolean;
  /** Why nothing can be scored yet (no score sheet). */
  message?: string;
}

export function inspectWorkbook(
  snapshot: WorkbookSnapshot,
  chosen: Framework | undefined,
  lang: Lang = "zh"
): WorkbookStatus {
  const canUndo = readBackup(snapshot) !== undefined;
  let choice: FrameworkChoice;
  try {
    choice = chooseFramework(snapshot, { ...(chosen ? { chosen } : {}), lang });
  } catch (err) {
    if (!(err instanceof RecomputeFailure)) throw err;
    return {
      framework: chosen?.id ?? "",
      layout: "none",
      sheets: [],
      canUndo,
      message: err.message,
    };
  }
  const framework = choice.framework;
  const binding = bindTemplate(snapshot, framework);
  const reading = readWorkbook(snapshot, framework);
  const recognized = binding ? undefined : recognizeScoreSheet(snapshot, framework, reading);
  // A 自评表 without a score sheet (the nationwide form) is the department's own workbook too.
  const form = !binding && !recognized && readsAsForm(reading);
  const layout: LayoutKind = binding
    ? binding.adopted
      ? "adopted"
      : "template"
    : recognized || form
      ? "existing"
      : "none";
  const sheets = binding
    ? [
        ...new Set([
          ...[...binding.inputs.values()].map((r) => r.sheet),
          ...[...binding.scores.values()].map((r) => r.sheet),
        ]),
      ]
    : recognized
      ? [recognized.sheet]
      : form
        ? [...new Set(reading.tables.map((t) => t.sheet))]
        : [];
  // The 绩效指标 sheet, or a department's own table it would be built over.
  const table = bindTable(snapshot, framework)?.sheet ?? reading.indicatorTable?.table.sheet;
  if (framework.indicatorTable?.length && table && !sheets.includes(table)) sheets.push(table);
  try {
    // Only the report is used (nothing is written): one pass, in the pane's language.
    const result = recompute(snapshot, framework, {
      lang,
      sheetLang: lang,
      backup: false,
      reading,
    });
    return {
      framework: framework.id,
      choice,
      layout,
      sheets,
      report: result.report,
      selfTotal: result.selfTotal,
      department: result.department,
      canUndo,
    };
  } catch (err) {
    if (!(err instanceof RecomputeFailure)) throw err;
    return { framework: framework.id, choice, layout, sheets, canUndo, message: err.message };
  }
}
