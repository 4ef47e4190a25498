/**
 * The presets by id and name only, for the task pane's picker to list at once; each framework itself (its rules,
 * from presets/*.json) is loaded when needed. A test holds this list to presets.ts, id for id, name for name.
 */
import type { Framework, Localized } from "../types";

/** What the picker shows of a framework. */
export interface FrameworkEntry {
  id: string;
  name: Localized;
}

/** The framework a template is laid out for when none is picked or told (frameworks/index.ts: DEFAULT_FRAMEWORK). */
export const DEFAULT_PRESET = "shenzhen";

/** In the order presets.ts gives them (the help's order). */
export const PRESET_INDEX: readonly FrameworkEntry[] = [
  {
    id: "shenzhen",
    name: {
      zh: "深圳市部门整体支出绩效评价共性指标体系",
      en: "Shenzhen departmental expenditure performance framework",
    },
  },
  {
    id: "guangzhou",
    name: {
      zh: "广州市区级部门整体支出绩效自评（履职效能、管理效能）",
      en: "Guangzhou district departmental self-evaluation (duty performance, management efficiency)",
    },
  },
  {
    id: "county",
    name: {
      zh: "县级部门整体支出绩效自评（投入与管理、产出、效益、满意度）",
      en: "County departmental self-evaluation (input and management, output, benefit, satisfaction)",
    },
  },
  {
    id: "project",
    name: {
      zh: "项目支出绩效自评（财预〔2020〕10号）",
      en: "Project expenditure self-evaluation (Cai Yu [2020] No. 10)",
    },
  },
];

/**
 * A preset, loaded on first use (in the task pane, a chunk of its own with the engine that needs every preset to
 * tell a workbook's framework by its indicator names); the same object the rest of the code uses.
 */
export async function loadPreset(id: string): Promise<Framework | undefined> {
  const { frameworkById } = await import(/* webpackChunkName: "presets" */ "./index");
  return frameworkById(id);
}
