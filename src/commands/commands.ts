/**
 * The ribbon's 重新计算: recomputes without opening the pane. `event.completed()` is always called; a failure is
 * shown in a small dialog in plain words (Excel has no notification area for add-in commands).
 */
import type { Lang } from "../domain/types";
import { recomputeInExcel } from "../hosts/excel";

function lang(): Lang {
  return /^en/i.test(Office.context?.displayLanguage ?? "") ? "en" : "zh";
}

/** Shows a message in a dialog (help.html renders the message passed in its query). */
function tell(message: string): void {
  const url = new URL("help.html", window.location.href);
  url.searchParams.set("message", message);
  Office.context.ui.displayDialogAsync(url.toString(), {
    height: 30,
    width: 30,
    displayInIframe: true,
  });
}

export async function recompute(event: Office.AddinCommands.Event): Promise<void> {
  try {
    // The workbook's own framework: saved in it by its template, else told by its indicator names.
    await recomputeInExcel(undefined, lang());
  } catch (err) {
    tell(err instanceof Error ? err.message : String(err));
  } finally {
    event.completed();
  }
}

Office.onReady(() => {
  Office.actions.associate("recompute", recompute);
});
