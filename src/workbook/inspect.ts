/**
 * What the task pane shows about a workbook before and after Recompute, without writing anything: which
 * layout was recognized, the scores as Recompute would write them, whether there is something to undo.
 */
import type { Framework, Lang, Report } from "../domain/types";
import { readBackup } from "./backup";
import { bindTemplate } from "./bindTemplate";
import { recompute, RecomputeFailure } from "./recompute";
import { recognizeScoreSheet } from "./recognize";
import { bindTable } from "./table/bindTable";
import { recognizeTable } from "./table/recognizeTable";
import type { WorkbookSnapshot } from "./snapshot";

export type LayoutKind = "template" | "adopted" | "existing" | "none";

export interface WorkbookStatus {
  framework: string;
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
  framework: Framework,
  lang: Lang = "zh"
): WorkbookStatus {
  const canUndo = readBackup(snapshot) !== undefined;
  const binding = bindTemplate(snapshot, framework);
  const recognized = binding ? undefined : recognizeScoreSheet(snapshot, framework);
  const layout: LayoutKind = binding
    ? binding.adopted
      ? "adopted"
      : "template"
    : recognized
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
      : [];
  // The 绩效指标 sheet, or a department's own table it would be built over.
  const table = bindTable(snapshot, framework)?.sheet ?? recognizeTable(snapshot)?.sheet;
  if (framework.indicatorTable?.length && table && !sheets.includes(table)) sheets.push(table);
  try {
    const result = recompute(snapshot, framework, { lang, backup: false });
    return {
      framework: framework.id,
      layout,
      sheets,
      report: result.report,
      selfTotal: result.selfTotal,
      department: result.department,
      canUndo,
    };
  } catch (err) {
    if (!(err instanceof RecomputeFailure)) throw err;
    return { framework: framework.id, layout, sheets, canUndo, message: err.message };
  }
}
