/**
 * The task pane's WorkbookOperations in Excel, with the engine (the Office.js host, the workbook logic, the rules
 * and the presets) in a chunk of its own, loaded at the first call: the pane shows itself before that code has
 * arrived. The same operations as officeOperations.ts, which this hands every call to.
 */
import type { Lang } from "../domain/types";
import type { WorkbookOperations } from "./operations";

export function lazyOfficeOperations(lang: Lang): WorkbookOperations {
  let loading: Promise<WorkbookOperations> | undefined;
  const engine = () =>
    (loading ??= import(/* webpackChunkName: "engine" */ "./officeOperations").then((m) =>
      m.officeOperations(lang)
    ));
  return {
    inspect: async (chosen) => (await engine()).inspect(chosen),
    insertTemplate: async (framework) => (await engine()).insertTemplate(framework),
    recompute: async (chosen, onStep) => (await engine()).recompute(chosen, onStep),
    undo: async () => (await engine()).undo(),
    draftReport: async (chosen, given) => (await engine()).draftReport(chosen, given),
    selectCell: async (cell) => (await engine()).selectCell(cell),
    onChanged(listener) {
      let unsubscribe: (() => void) | undefined;
      let active = true;
      void engine().then((ops) => {
        if (active) unsubscribe = ops.onChanged?.(listener);
      });
      return () => {
        active = false;
        unsubscribe?.();
      };
    },
  };
}
