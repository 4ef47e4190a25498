import { say } from "../i18n";
import type { Framework, Lang } from "../types";
import { loadFrameworkFile } from "./load/loadFile";
import type { LoadResult } from "./load/validate";
import { PRESETS } from "./presets";

export { PRESETS } from "./presets";
export { loadFrameworkFile } from "./load/loadFile";
export { validateFramework, type Issue, type LoadResult } from "./load/validate";
export { detectFramework, type Detection } from "./detect";

/** The presets by id (the name the rest of the code has used). */
export const FRAMEWORKS: Record<string, Framework> = PRESETS;
export const DEFAULT_FRAMEWORK = "shenzhen";

/** A preset by its id, or undefined. */
export function frameworkById(id: string): Framework | undefined {
  return Object.prototype.hasOwnProperty.call(PRESETS, id) ? PRESETS[id] : undefined;
}

export const findFramework = frameworkById;

/**
 * A framework file of the user's own (`--framework file.json`, 从文件加载…): validated, and refused when it takes a
 * preset's id — the workbook saves a framework by its id, and two frameworks of one id could not be told apart.
 */
export function loadUserFramework(text: string, lang: Lang = "zh"): LoadResult {
  const loaded = loadFrameworkFile(text, lang);
  if (!loaded.ok || !frameworkById(loaded.framework.id)) return loaded;
  return {
    ok: false,
    errors: [
      {
        path: "id",
        message: say(
          lang,
          `“${loaded.framework.id}”是内置评分框架的 id，请为本框架另取一个（如 ${loaded.framework.id}-2025）`,
          `"${loaded.framework.id}" is a preset's id: give this framework another (e.g. ${loaded.framework.id}-2025)`
        ),
      },
    ],
  };
}
