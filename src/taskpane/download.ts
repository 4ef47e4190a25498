/**
 * Saving a file the pane made (the 自评报告) through the webview's downloads: a Blob behind an `<a download>`.
 * Office's webviews on Mac and iPad (WKWebView) ignore such a link without a word (office-js #2700, "by design"),
 * and a webview without `download` on links cannot save at all: both are told apart beforehand, so the pane can say
 * how else to get the file instead of seeming to do nothing.
 */

export type SaveOutcome = "started" | "blocked";

/** Whether this host lets the pane download: not Office on Mac or iPad, and a webview that knows `download`. */
export function downloadsAllowed(): boolean {
  const office = typeof Office === "undefined" ? undefined : Office;
  const platform = office?.context?.platform;
  if (
    platform !== undefined &&
    (platform === office?.PlatformType?.Mac || platform === office?.PlatformType?.iOS)
  )
    return false;
  return typeof document !== "undefined" && "download" in document.createElement("a");
}

/** Starts the download of `blob` as `fileName`; "blocked" where the host cannot (nothing is attempted then). */
export function saveBlob(blob: Blob, fileName: string): SaveOutcome {
  if (!downloadsAllowed() || typeof URL.createObjectURL !== "function") return "blocked";
  let url: string;
  try {
    url = URL.createObjectURL(blob);
  } catch {
    return "blocked";
  }
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.appendChild(link);
  try {
    link.click();
  } catch {
    return "blocked";
  } finally {
    link.remove();
    // Revoked once the download has had time to read it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return "started";
}

/**
 * Whether this webview can run the report's Word writer (docx): TextEncoder, String's matchAll, trimStart and
 * trimEnd, and look-behind in regular expressions — what EdgeHTML 18 and Internet Explorer lack. Checked before
 * its chunk is loaded.
 */
export function canWriteDocuments(): boolean {
  const text = String.prototype as unknown as Record<string, unknown>;
  if (typeof TextEncoder !== "function") return false;
  if (["matchAll", "trimStart", "trimEnd"].some((f) => typeof text[f] !== "function")) return false;
  try {
    // Built at run time, so the old webviews' parse of the bundle never meets the syntax (test/build.webviews).
    return new RegExp(["(?", "<=a)b"].join("")).test("ab");
  } catch {
    return false;
  }
}
