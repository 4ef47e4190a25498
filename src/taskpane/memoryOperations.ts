/**
 * WorkbookOperations over a workbook held in memory as a snapshot: the real workbook logic (template,
 * recompute, restore), only the spreadsheet is a plain object. For tests and the browser preview.
 */
import type { Framework, Lang } from "../domain/types";
import { applyToSnapshot } from "../workbook/applyToSnapshot";
import { readBackup, restorePlan } from "../workbook/backup";
import { inspectWorkbook } from "../workbook/inspect";
import { templateSheetList } from "../workbook/layout";
import { recomputeWorkbook, RecomputeFailure } from "../workbook/recompute";
import type { WorkbookSnapshot } from "../workbook/snapshot";
import { planTemplateInsertion } from "../workbook/insertTemplate";
import { reportOfWorkbook } from "../report/fromWorkbook";
import { UserFacingError, type WorkbookOperations } from "./operations";

export interface MemoryWorkbook extends WorkbookOperations {
  snapshot(): WorkbookSnapshot;
  selected(): string | undefined;
  /** Replaces the workbook (as if the user edited it) and tells the listeners. */
  edit(next: WorkbookSnapshot): void;
}

export function memoryOperations(initial: WorkbookSnapshot, lang: Lang = "zh"): MemoryWorkbook {
  let workbook = initial;
  let selection: string | undefined;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  return {
    snapshot: () => workbook,
    selected: () => selection,
    edit(next) {
      workbook = next;
      changed();
    },
    async inspect(chosen?: Framework) {
      return inspectWorkbook(workbook, chosen, lang);
    },
    async insertTemplate(framework: Framework) {
      let insertion;
      try {
        insertion = planTemplateInsertion(workbook, framework, lang);
      } catch (err) {
        if (err instanceof RecomputeFailure) throw new UserFacingError(err.message);
        throw err;
      }
      for (const plan of insertion.plans) workbook = applyToSnapshot(workbook, plan);
      return { sheets: templateSheetList(framework, insertion.sheets) };
    },
    async recompute(chosen, onStep) {
      onStep?.("reading");
      onStep?.("computing");
      let result;
      try {
        result = recomputeWorkbook(workbook, chosen, { lang });
      } catch (err) {
        if (err instanceof RecomputeFailure) throw new UserFacingError(err.message);
        throw err;
      }
      onStep?.("writing");
      workbook = applyToSnapshot(workbook, result.plan);
      onStep?.("done");
      return { changedCells: result.changedCells };
    },
    async draftReport(chosen, given = {}) {
      try {
        return reportOfWorkbook(workbook, chosen, given, lang);
      } catch (err) {
        if (err instanceof RecomputeFailure) throw new UserFacingError(err.message);
        throw err;
      }
    },
    async undo() {
      const entries = readBackup(workbook);
      if (!entries)
        throw new UserFacingError(
          lang === "en" ? "There is no recompute to undo." : "没有可撤销的计算。"
        );
      workbook = applyToSnapshot(workbook, restorePlan(workbook, entries));
      return { restored: entries.filter((e) => e.kind === "cell").length };
    },
    async selectCell(cell) {
      selection = cell;
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
