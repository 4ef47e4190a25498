/// <reference types="office-js" />
/**
 * Whether this Excel can run the add-in, and which optional parts of the API it has: read at start, before the
 * rest of the Office.js host (excel.ts) is loaded, so the task pane can say so without loading it.
 */
import type { Lang } from "../domain/types";
import type { Capabilities } from "./excelBlocks";

/** The ExcelApi requirement set the add-in needs (names' formulas, workbook protection: 1.7). */
export const REQUIRED_API = "1.7";

interface OfficeGlobal {
  context?: { requirements?: { isSetSupported(name: string, version?: string): boolean } };
}

function officeGlobal(): OfficeGlobal | undefined {
  return (globalThis as { Office?: OfficeGlobal }).Office;
}

function supports(version: string): boolean {
  try {
    return !!officeGlobal()?.context?.requirements?.isSetSupported("ExcelApi", version);
  } catch {
    return false;
  }
}

/**
 * Undefined when this Excel can run the add-in; else a plain message naming what is too old.
 * ExcelApi 1.7 is in Excel 2019, Excel 2021 / 2024 and Microsoft 365 (Windows, Mac, web); Excel 2016 as sold
 * (volume licence) stops at 1.2.
 */
export function requirementsMissing(lang: Lang = "zh"): string | undefined {
  const office = officeGlobal();
  if (!office?.context?.requirements)
    return lang === "en"
      ? "Open this add-in inside Excel: the Office runtime is not available here."
      : "请在 Excel 中打开绩效自评助手：当前环境没有 Office 运行环境。";
  if (supports(REQUIRED_API)) return undefined;
  return lang === "en"
    ? `This version of Excel is too old for the add-in: it needs Excel 2019 or later (Excel 2021, Excel 2024, Microsoft 365 or Excel on the web), that is, ExcelApi ${REQUIRED_API}.`
    : `当前的 Excel 版本过旧，无法使用绩效自评助手：需要 Excel 2019 或更新的版本（Excel 2021、Excel 2024、Microsoft 365 或网页版 Excel），即支持 ExcelApi ${REQUIRED_API} 的版本。`;
}

/** The optional parts of the API this Excel has (Office.context.requirements.isSetSupported). */
export function capabilities(): Capabilities {
  return {
    dataValidation: supports("1.8"),
    rangeAreas: supports("1.9"),
    pageLayout: supports("1.9"),
    notes: supports("1.18"),
  };
}
