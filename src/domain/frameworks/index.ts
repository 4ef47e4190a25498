import type { Framework } from "../types";
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
