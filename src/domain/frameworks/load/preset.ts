/** A preset shipped with the product: a framework file like any other, validated when it is loaded. */
import type { Framework } from "../../types";
import { validateFramework } from "./validate";

/** The preset's framework; a preset with a mistake is a bug of the product, so this throws naming every path. */
export function presetFramework(value: unknown): Framework {
  const result = validateFramework(value, "en");
  if (result.ok) return result.framework;
  const id = (value as { id?: unknown } | null)?.id;
  throw new Error(
    `the preset ${String(id)} is invalid:\n${result.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}`
  );
}
