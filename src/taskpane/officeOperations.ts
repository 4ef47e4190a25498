/**
 * WorkbookOperations in Excel: each a short Excel.run through the Office.js host (src/hosts/excel.ts), whose
 * failures arrive as plain Chinese (or English) messages.
 */
import type { Framework, Lang } from "../domain/types";
import {
  insertTemplateInExcel,
  readSnapshot,
  recomputeInExcel,
  undoInExcel,
  officeErrorMessage,
} from "../hosts/excel";
import { reportOfWorkbook } from "../report/fromWorkbook";
import { inspectWorkbook } from "../workbook/inspect";
import { RecomputeFailure } from "../workbook/recompute";
import { templateSheetList } from "../workbook/layout";
import { UserFacingError, type WorkbookOperations } from "./operations";

/** Runs an Office call, turning any failure into a message the pane shows as it is. */
async function plainly<T>(lang: Lang, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new UserFacingError(
      err instanceof Error && err.name === "ExcelHostFailure"
        ? err.message
        : officeErrorMessage(err, lang)
    );
  }
}

export function officeOperations(lang: Lang): WorkbookOperations {
  return {
    inspect: (chosen?: Framework) =>
      plainly(lang, () =>
        Excel.run(async (context) =>
          inspectWorkbook((await readSnapshot(context, { lang })).snapshot, chosen, lang)
        )
      ),
    insertTemplate: (framework: Framework) =>
      plainly(lang, async () => {
        const result = await insertTemplateInExcel(framework, lang);
        return {
          sheets: result.sheets ? templateSheetList(framework, result.sheets) : [],
          skipped: result.skipped,
        };
      }),
    recompute: (chosen, onStep) =>
      plainly(lang, async () => {
        onStep?.("reading");
        const result = await recomputeInExcel(chosen, lang);
        onStep?.("done");
        return { changedCells: result.changedCells, skipped: result.skipped };
      }),
    undo: () => plainly(lang, async () => ({ restored: (await undoInExcel(lang)).changedCells })),
    // Read-only: one read of the workbook; the recompute's writes are applied to that copy only.
    draftReport: async (chosen, given = {}) => {
      const { snapshot } = await plainly(lang, () =>
        Excel.run((context) => readSnapshot(context, { lang }))
      );
      try {
        return reportOfWorkbook(snapshot, chosen, given, lang);
      } catch (err) {
        if (err instanceof RecomputeFailure) throw new UserFacingError(err.message);
        throw err;
      }
    },
    selectCell: (cell) =>
      plainly(lang, () =>
        Excel.run(async (context) => {
          // Cells are named like 基础数据!B12 (the sheet quoted when it must be: '基础数据 (2)'!B12).
          const bang = cell.lastIndexOf("!");
          if (bang < 0) return;
          const sheet = cell
            .slice(0, bang)
            .replace(/^'(.*)'$/, "$1")
            .replace(/''/g, "'");
          // The sheet shown first: select() on a sheet that is not active often selects nothing
          // (office-js #5118).
          const worksheet = context.workbook.worksheets.getItem(sheet);
          worksheet.activate();
          worksheet.getRange(cell.slice(bang + 1)).select();
          await context.sync();
        })
      ),
    onChanged(listener) {
      let active = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const changed = () => {
        if (!active) return;
        clearTimeout(timer);
        timer = setTimeout(listener, 600); // one re-read after a burst of edits
      };
      const shown = () => {
        if (document.visibilityState === "visible") changed();
      };
      document.addEventListener("visibilitychange", shown);
      // Edits in any sheet (WorksheetCollection.onChanged, ExcelApi 1.9), including a Recompute started from the
      // ribbon. One handler per subscription, removed with it: a handler left behind re-reads the workbook at
      // every edit for as long as the pane is open.
      const registered: Promise<
        OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | undefined
      > = Office.context.requirements.isSetSupported("ExcelApi", "1.9")
        ? Excel.run(async (context) => {
            const handler = context.workbook.worksheets.onChanged.add(async () => changed());
            await context.sync();
            return handler;
          }).catch(() => undefined)
        : Promise.resolve(undefined);
      return () => {
        active = false;
        clearTimeout(timer);
        document.removeEventListener("visibilitychange", shown);
        // "The same RequestContext object that the handler was added in must be used when removing the
        // handler" (OfficeExtension.EventHandlerResult).
        void registered
          .then((handler) =>
            handler
              ? Excel.run(handler.context, async (context) => {
                  handler.remove();
                  await context.sync();
                })
              : undefined
          )
          .catch(() => undefined);
      };
    },
  };
}
