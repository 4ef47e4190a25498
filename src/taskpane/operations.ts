/**
 * What the task pane can do to the open workbook. The pane's components receive this as a prop: in Excel it is
 * backed by Office.js (officeOperations.ts), in tests and the browser preview by an in-memory workbook.
 */
import type { Framework } from "../domain/types";
import type { ReportDocument } from "../report/document";
import type { WorkbookStatus } from "../workbook/inspect";

export type { WorkbookStatus };

export type Step = "reading" | "computing" | "writing" | "done";

export interface RecomputeOutcome {
  changedCells: number;
  /** What this Excel left out, one plain sentence each (drop-down lists on an older Excel …). */
  skipped?: string[];
}

/** The department and the year for the report's title, when the workbook does not say (typed in the pane). */
export interface ReportBasics {
  department?: string;
  year?: string;
}

/** The 自评报告 drafted from the workbook, and what its title still lacks (neither in the workbook nor given). */
export interface ReportDraft {
  document: ReportDocument;
  missing: (keyof ReportBasics)[];
  /** The file name to offer: 「部门2023年度自评报告.docx」. */
  fileName: string;
}

export interface WorkbookOperations {
  /**
   * Reads the workbook and says what Recompute would do, under `chosen` or the workbook's own framework (saved
   * in it, else told by its indicator names); writes nothing.
   */
  inspect(chosen?: Framework): Promise<WorkbookStatus>;
  /** Adds the standard template's sheets for `framework` (never overwriting a sheet: a suffix is added). */
  insertTemplate(framework: Framework): Promise<{ sheets: string[]; skipped?: string[] }>;
  recompute(
    chosen: Framework | undefined,
    onStep?: (step: Step) => void
  ): Promise<RecomputeOutcome>;
  /**
   * Recomputes read-only (nothing is written to the workbook) and drafts the 自评报告 under `chosen` or the
   * workbook's own framework; `given` fills the department or the year where the workbook has neither.
   */
  draftReport(chosen: Framework | undefined, given?: ReportBasics): Promise<ReportDraft>;
  /** Puts back every cell the last Recompute changed. */
  undo(): Promise<{ restored: number }>;
  /** Selects a cell named like 基础数据!B12 (for a breach or an input problem clicked in the pane). */
  selectCell(cell: string): Promise<void>;
  /** Calls `listener` when the workbook changes (or the pane is shown again); returns the unsubscribe. */
  onChanged?(listener: () => void): () => void;
}

/** A failure to show the user as it is: already in plain words. */
export class UserFacingError extends Error {}
