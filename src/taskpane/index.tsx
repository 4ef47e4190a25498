/**
 * The task pane's entry: waits for Office, checks the Excel version, renders the pane in the user's language and theme.
 * The engine (Office.js host, workbook logic, rules, presets) is a chunk of its own, loaded at the pane's first read
 * (lazyOperations.ts).
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import type { Lang } from "../domain/types";
import { requirementsMissing } from "../hosts/excelRequirements";
import { App } from "./components/App";
import { lazyOfficeOperations } from "./lazyOperations";
import { isDarkColor } from "./theme";

function officeLang(): Lang {
  const language = Office.context?.displayLanguage ?? navigator.language ?? "zh-CN";
  return /^en/i.test(language) ? "en" : "zh";
}

function showPlainMessage(container: HTMLElement, text: string): void {
  container.textContent = "";
  const p = document.createElement("p");
  p.style.padding = "12px";
  p.setAttribute("role", "alert");
  p.textContent = text;
  container.appendChild(p);
}

Office.onReady(() => {
  const container = document.getElementById("container") as HTMLElement;
  const lang = officeLang();
  const missing = requirementsMissing(lang);
  if (missing) {
    showPlainMessage(container, missing);
    return;
  }
  const dark = isDarkColor(Office.context?.officeTheme?.bodyBackgroundColor);
  createRoot(container).render(<App operations={lazyOfficeOperations(lang)} initialLang={lang} dark={dark} />);
});
