/**
 * Which framework scores a workbook, and why: the one the user chose (the pane's picker, `--framework`), else
 * the one saved in the workbook when its template was laid out or its sheet adopted, else the one its indicator
 * names tell (a 管理效能 table is 广州's), else 深圳's. The framework is saved in a hidden sheet: a preset by its id,
 * a framework file whole, as JSON, so the workbook recomputes the same anywhere.
 */
import {
  DEFAULT_FRAMEWORK,
  PRESETS,
  detectFramework,
  frameworkById,
  loadFrameworkFile,
} from "../domain/frameworks";
import { frameworkToJson } from "../domain/frameworks/load/serialize";
import { localize, say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { RecomputeFailure } from "./failure";
import {
  absoluteRef,
  cellValue,
  getSheet,
  type DefinedName,
  type WorkbookSnapshot,
} from "./snapshot";
import type { SheetPlan } from "./writePlan";

export const FRAMEWORK_SHEET = "selfeval_framework";
export const FRAMEWORK_NAME = "selfeval_framework";
/** A cell holds at most 32,767 characters: a framework file is split over as many cells as it needs. */
const CHUNK = 30000;

export type ChoiceHow = "chosen" | "stored" | "detected" | "default";

export interface FrameworkChoice {
  framework: Framework;
  how: ChoiceHow;
  /** A sentence for the pane and the CLI. */
  reason: string;
}

const isPreset = (framework: Framework) => PRESETS[framework.id] === framework;

/** The hidden sheet saving the framework: A1 its id, A2… its file (a framework that is not a preset). */
export function frameworkSheetPlan(framework: Framework): {
  sheet: SheetPlan;
  names: DefinedName[];
} {
  const text = isPreset(framework) ? "" : JSON.stringify(frameworkToJson(framework));
  const chunks = text.match(new RegExp(`[\\s\\S]{1,${CHUNK}}`, "g")) ?? [];
  return {
    sheet: {
      name: FRAMEWORK_SHEET,
      create: true,
      hidden: true,
      cells: [
        { row: 0, col: 0, value: framework.id },
        ...chunks.map((value, i) => ({ row: i + 1, col: 0, value })),
      ],
    },
    names: [{ name: FRAMEWORK_NAME, ref: absoluteRef(FRAMEWORK_SHEET, 0, 0) }],
  };
}

/** The framework saved in the workbook, if any; a saved file that no longer loads is a failure naming its mistakes. */
export function storedFramework(
  snapshot: WorkbookSnapshot,
  lang: Lang = "zh"
): Framework | undefined {
  const sheet = getSheet(snapshot, FRAMEWORK_SHEET);
  if (!sheet) return undefined;
  const id = cellValue(sheet, 0, 0);
  let text = "";
  for (let row = 1; typeof cellValue(sheet, row, 0) === "string"; row++)
    text += cellValue(sheet, row, 0) as string;
  if (!text) {
    const preset = typeof id === "string" ? frameworkById(id) : undefined;
    if (preset) return preset;
    throw new RecomputeFailure(
      say(
        lang,
        `工作簿保存的评分框架“${String(id)}”不是内置框架，也没有保存框架文件：请用“从文件加载”选择它的框架文件`,
        `the workbook's framework "${String(id)}" is no preset and its file is not saved: load its framework file`
      )
    );
  }
  const loaded = loadFrameworkFile(text, lang);
  if (!loaded.ok)
    throw new RecomputeFailure(
      say(
        lang,
        "工作簿保存的评分框架无法读取：",
        "the workbook's saved framework cannot be read: "
      ) + loaded.errors.map((e) => `${e.path} ${e.message}`).join("；")
    );
  return loaded.framework;
}

/** The texts of a workbook's cells (the first 300 rows, 30 columns of each sheet), to tell the framework by. */
function labelsOf(snapshot: WorkbookSnapshot): string[] {
  const labels: string[] = [];
  for (const sheet of snapshot.sheets)
    for (const row of sheet.values.slice(0, 300))
      for (const v of row.slice(0, 30)) if (typeof v === "string" && v.trim()) labels.push(v);
  return labels;
}

const named = (framework: Framework, lang: Lang) =>
  `“${localize(framework.name, lang)}”（${framework.id}）`;

export function chooseFramework(
  snapshot: WorkbookSnapshot,
  options: { chosen?: Framework; lang?: Lang } = {}
): FrameworkChoice {
  const lang = options.lang ?? "zh";
  const stored = storedFramework(snapshot, lang);
  if (options.chosen && !(stored && stored.id === options.chosen.id)) {
    if (stored)
      throw new RecomputeFailure(
        say(
          lang,
          `这个工作簿按${named(stored, lang)}建立，不能按${named(options.chosen, lang)}计算：请改选${named(stored, lang)}，或在新工作簿中插入所选框架的模板`,
          `this workbook was laid out for ${stored.id}, not ${options.chosen.id}: choose ${stored.id}, or insert the chosen framework's template in a new workbook`
        )
      );
    return {
      framework: options.chosen,
      how: "chosen",
      reason: say(
        lang,
        `按所选评分框架${named(options.chosen, lang)}`,
        `as chosen: ${options.chosen.id}`
      ),
    };
  }
  if (stored)
    return {
      framework: stored,
      how: "stored",
      reason: say(
        lang,
        `按工作簿保存的评分框架${named(stored, lang)}`,
        `as saved in the workbook: ${stored.id}`
      ),
    };
  const detection = detectFramework(labelsOf(snapshot), lang);
  const detected = detection.framework ? frameworkById(detection.framework) : undefined;
  if (detected) return { framework: detected, how: "detected", reason: detection.reason };
  const fallback = frameworkById(DEFAULT_FRAMEWORK)!;
  return {
    framework: fallback,
    how: "default",
    reason: say(
      lang,
      `${detection.reason}，按默认的${named(fallback, lang)}`,
      `${detection.reason}: the default, ${fallback.id}`
    ),
  };
}
