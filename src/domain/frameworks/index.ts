import type { Framework } from "../types";
import { shenzhen } from "./shenzhen";

export const FRAMEWORKS: Record<string, Framework> = { shenzhen };
export const DEFAULT_FRAMEWORK = "shenzhen";

export function findFramework(id: string): Framework | undefined {
  return Object.prototype.hasOwnProperty.call(FRAMEWORKS, id) ? FRAMEWORKS[id] : undefined;
}
