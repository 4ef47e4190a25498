/**
 * The frameworks shipped with the product, each a framework file in presets/ (see schemas/framework.schema.json):
 * 深圳 (seeds 000, 001), 广州 履职效能 / 管理效能 (seeds 003, 004), a county's 投入与管理 / 产出 / 效益 / 满意度
 * (seed 002), and the 财预〔2020〕10号 project self-evaluation (seed 004's 见义勇为专项资金).
 *
 * Each is validated when first asked for, once, and is the same object ever after: validating all four took longer
 * than the rest of `selfeval --help` (bench/README.md), which only lists their ids.
 */
import type { FrameworkNames } from "../names";
import type { Framework } from "../types";
import { presetFramework } from "./load/preset";
import countyData from "./presets/county.json";
import guangzhouData from "./presets/guangzhou.json";
import projectData from "./presets/project.json";
import shenzhenData from "./presets/shenzhen.json";

/**
 * The framework files by id, in the order the help lists them: read as they are only for their names (telling a
 * sheet's framework, detect.ts), else through PRESETS.
 */
export const PRESET_FILES: Record<string, FrameworkNames> = {
  shenzhen: shenzhenData,
  guangzhou: guangzhouData,
  county: countyData,
  project: projectData,
};

/** By id, in the order the help lists them; a preset's framework is made on first use. */
export const PRESETS: Record<string, Framework> = {};
for (const [id, file] of Object.entries(PRESET_FILES)) {
  let framework: Framework | undefined;
  Object.defineProperty(PRESETS, id, {
    enumerable: true,
    get: () => (framework ??= presetFramework(file)),
  });
}
