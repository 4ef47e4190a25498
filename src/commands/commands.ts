/**
 * The ribbon's 重新计算: recomputes without opening the pane. A failure is shown in a small dialog in plain words
 * (Excel has no notification area for add-in commands). `event.completed()` is always called, and only once the
 * work is done: after the recompute, or — when there is a message to show — once the dialog has closed or could
 * not open. Called earlier, the runtime may close the dialog it has just opened (office-js #428), its callback
 * never heard.
 */
import type { Lang } from "../domain/types";
import { recomputeInExcel } from "../hosts/excel";

function lang(): Lang {
  return /^en/i.test(Office.context?.displayLanguage ?? "") ? "en" : "zh";
}

/**
 * Shows a message in a dialog (help.html renders the message passed in its query); resolves when the user has
 * closed it (DialogEventReceived, 12006), or at once when it could not be opened (displayDialogAsync's callback
 * with a failed status, or an exception).
 */
function tell(message: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const url = new URL("help.html", window.location.href);
      url.searchParams.set("message", message);
      Office.context.ui.displayDialogAsync(
        url.toString(),
        { height: 30, width: 30, displayInIframe: true },
        (result) => {
          if (result.status !== Office.AsyncResultStatus.Succeeded) {
            resolve();
            return;
          }
          // Any DialogEventReceived ends it: closed by the user (12006), or failed to load or navigate.
          result.value.addEventHandler(Office.EventType.DialogEventReceived, () => resolve());
        }
      );
    } catch {
      resolve();
    }
  });
}

export async function recompute(event: Office.AddinCommands.Event): Promise<void> {
  try {
    // The workbook's own framework: saved in it by its template, else told by its indicator names.
    await recomputeInExcel(undefined, lang());
  } catch (err) {
    await tell(err instanceof Error ? err.message : String(err));
  } finally {
    event.completed();
  }
}

Office.onReady(() => {
  Office.actions.associate("recompute", recompute);
});
