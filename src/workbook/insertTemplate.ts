/**
 * 插入标准模板 into an open workbook. The template's defined names are workbook-wide, so a second template
 * would take them over from the first; it is refused. Sheets the user already has under the template's names
 * are never overwritten: the template's get a suffix (基础数据 (2)).
 */
import type { Framework, Lang, Report } from "../domain/types";
import { freeSheetName } from "./adopt";
import { applyToSnapshot } from "./applyToSnapshot";
import { bindTemplate } from "./bindTemplate";
import { DEFAULT_SHEETS, type SheetNames } from "./layout";
import { localize } from "../domain/i18n";
import { storedFramework } from "./frameworkChoice";
import { recompute, RecomputeFailure } from "./recompute";
import type { WorkbookSnapshot } from "./snapshot";
import { templatePlan } from "./template";
import type { WritePlan } from "./writePlan";

export interface TemplateInsertion {
  sheets: SheetNames;
  /** The template laid out, then its live formulas: applied in this order. */
  plans: [WritePlan, WritePlan];
  /** What the new, empty template scores (nothing yet: every input is blank). */
  report: Report;
}

/** `lang` for the messages and the report; `sheetLang` for the sheets' words (Chinese unless asked). */
export function planTemplateInsertion(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  lang: Lang = "zh",
  sheetLang: Lang = "zh"
): TemplateInsertion {
  // A template of another framework shares input names with this one: a second template is refused either way.
  const saved = storedFramework(snapshot, lang);
  if (saved && saved.id !== framework.id)
    throw new RecomputeFailure(
      lang === "en"
        ? `This workbook already has the standard template of ${saved.id}; insert the ${framework.id} template in a new workbook.`
        : `工作簿中已有按“${localize(saved.name, lang)}”建立的标准模板：请在新工作簿中插入“${localize(framework.name, lang)}”的模板。`
    );
  const existing = bindTemplate(snapshot, framework);
  if (existing) {
    const sheets = [...new Set([...existing.scores.values()].map((r) => r.sheet))].join("、");
    throw new RecomputeFailure(
      lang === "en"
        ? `This workbook already has the standard template (${sheets}); fill it in and recompute.`
        : `工作簿中已有标准模板（${sheets}），无需再次插入：请在其中填写数据后重新计算。`
    );
  }
  const sheets: SheetNames = {
    input: freeSheetName(snapshot, DEFAULT_SHEETS.input),
    score: freeSheetName(snapshot, DEFAULT_SHEETS.score),
    guide: freeSheetName(snapshot, DEFAULT_SHEETS.guide),
    table: freeSheetName(snapshot, DEFAULT_SHEETS.table),
  };
  const template = templatePlan(framework, {}, sheets, sheetLang);
  const live = recompute(applyToSnapshot(snapshot, template), framework, {
    lang,
    sheetLang,
    backup: false,
  });
  return { sheets, plans: [template, live.plan], report: live.report };
}
