/**
 * The frameworks shipped with the product, each a framework file in presets/ (see schemas/framework.schema.json):
 * 深圳 (seeds 000, 001), 广州 履职效能 / 管理效能 (seeds 003, 004), a county's 投入与管理 / 产出 / 效益 / 满意度
 * (seed 002), and the 财预〔2020〕10号 project self-evaluation (seed 004's 见义勇为专项资金).
 */
import type { Framework } from "../types";
import { presetFramework } from "./load/preset";
import countyData from "./presets/county.json";
import guangzhouData from "./presets/guangzhou.json";
import projectData from "./presets/project.json";
import { shenzhen } from "./shenzhen";

export const guangzhou: Framework = presetFramework(guangzhouData);
export const county: Framework = presetFramework(countyData);
export const project: Framework = presetFramework(projectData);

/** By id, in the order the help lists them. */
export const PRESETS: Record<string, Framework> = { shenzhen, guangzhou, county, project };
