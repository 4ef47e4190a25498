/**
 * The free texts beside the figures (a deduction's reason): read as typed, and required when their condition holds
 * — a non-zero deduction without its reason is an error on the reason, so the indicator reading it goes unscored.
 */
import { evaluate, type Value } from "../evaluate";
import { localize, say } from "../i18n";
import { isBlank, shown, spreadsheetError } from "../parse/readInput";
import type { Expr } from "../expr";
import { indexFramework } from "../model";
import type { Framework, Lang, TextInputDef } from "../types";

/** A cell's text: a formula's result, rich text's runs, a hyperlink's text; anything else as it is shown. */
export function textOf(raw: unknown): string | undefined {
  let v = raw;
  if (v && typeof v === "object") {
    const o = v as { result?: unknown; richText?: { text?: unknown }[]; text?: unknown };
    if ("result" in o) v = o.result;
    else if (Array.isArray(o.richText)) v = o.richText.map((r) => String(r.text ?? "")).join("");
    else if ("text" in o) v = o.text;
  }
  if (isBlank(v)) return undefined;
  const text = shown(v).trim();
  return text === "" ? undefined : text;
}

/** Whether `when` holds over the inputs read so far; undefined when it cannot be computed (its own inputs are blank or bad). */
function holds(
  framework: Framework,
  when: Expr,
  values: Map<string, number | string>
): boolean | undefined {
  const { metrics } = indexFramework(framework);
  const resolve = (key: string): Value | undefined => {
    if (values.has(key)) return values.get(key);
    const metric = metrics.get(key);
    return metric ? evaluate(metric.expr, resolve) : undefined;
  };
  try {
    const v = evaluate(when, resolve);
    return v === true || (typeof v === "number" && v !== 0);
  } catch {
    return undefined;
  }
}

function requiredMessage(def: TextInputDef, lang: Lang): string {
  if (def.requiredMessage) return localize(def.requiredMessage, lang);
  const label = localize(def.label, lang);
  return say(
    lang,
    `「${label}」未填写，此时必须填写`,
    `${label} is blank, and it is required here`
  );
}

/**
 * Reads the framework's texts from `raw` into `values`; a blank text whose `requiredWhen` holds goes to `errors`
 * (with the framework's message, which names the indicator). Inputs must have been read into `values` first.
 */
export function readTexts(
  framework: Framework,
  raw: Record<string, unknown>,
  values: Map<string, number | string>,
  errors: Map<string, string>,
  lang: Lang
): void {
  const texts = framework.texts ?? [];
  for (const def of texts) {
    // An error value (#N/A, a department's formula gone wrong) is no reason: it is to be checked, as an input's.
    const given = raw[def.key];
    const error = spreadsheetError(
      given && typeof given === "object" && "result" in given
        ? (given as { result: unknown }).result
        : given
    );
    if (error) {
      const label = localize(def.label, lang);
      errors.set(
        def.key,
        say(
          lang,
          `「${label}」显示错误值 ${error}，请检查其公式或改填文字`,
          `${label} shows the error ${error}; check its formula or type the text`
        )
      );
      continue;
    }
    const text = textOf(raw[def.key]);
    if (text !== undefined) values.set(def.key, text);
  }
  for (const def of texts) {
    if (values.has(def.key) || errors.has(def.key) || !def.requiredWhen) continue;
    if (holds(framework, def.requiredWhen, values)) errors.set(def.key, requiredMessage(def, lang));
  }
}
