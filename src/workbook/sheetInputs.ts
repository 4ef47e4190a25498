/**
 * What 基础数据 lists: the framework's figures (InputDef) and its free texts (a deduction's reason), one row
 * each. Texts are no input kind of the engine's: they are read as typed, required only when their condition holds.
 */
import { frameworkInputs } from "../domain/model";
import type { Framework, InputDef, TextInputDef } from "../domain/types";

export type TextSheetDef = Omit<InputDef, "kind"> & { kind: "text"; text: TextInputDef };
export type SheetInputDef = InputDef | TextSheetDef;

export function sheetInputs(framework: Framework): SheetInputDef[] {
  const texts: TextSheetDef[] = (framework.texts ?? []).map((text) => ({
    key: text.key,
    label: text.label,
    kind: "text",
    ...(text.source ? { source: text.source } : {}),
    text,
  }));
  return [...frameworkInputs(framework), ...texts];
}
