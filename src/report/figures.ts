/**
 * A `figures` part: the inputs, texts and metrics named, each with its label, its value as the workbook holds it
 * and its unit — 年初预算数 24,345.86 万元，资金调整调剂率 17.63% — in one sentence; a figure the workbook lacks is a
 * place for the department to fill (〔待填写：调整后预算数〕).
 */
import { localize, say } from "../domain/i18n";
import { frameworkInputs } from "../domain/model";
import { isBlank, readInput } from "../domain/parse/readInput";
import type { Framework, InputDef, Lang, Report } from "../domain/types";
import type { Inline } from "./document";
import { formatNumber, formatPercent, formatPoints, quoted, sentence } from "./format";

export interface FigureSource {
  framework: Framework;
  report: Report;
  /** Each input and text as its cell holds it. */
  values: Record<string, unknown>;
  lang: Lang;
}

/** An input's value as the report writes it: 24,345.86 万元, 245 人, 97.62%, 1 分, 是. */
function inputValue(def: InputDef, value: number | string, lang: Lang): string {
  if (typeof value === "string") return value;
  const unit = def.unit ? localize(def.unit, lang) : "";
  switch (def.kind) {
    case "amount":
      return `${formatNumber(value, 2)}${unit ? ` ${unit}` : ""}`;
    case "count":
      return `${formatNumber(value, 0)}${unit ? ` ${unit}` : ""}`;
    case "rate":
      return formatPercent(value);
    case "score":
    case "checkItem":
      return say(lang, `${formatPoints(value)} 分`, `${formatPoints(value)} points`);
    default:
      return String(value);
  }
}

/** One figure: its label and value, or a place to fill. */
export function figure(key: string, source: FigureSource): Inline[] {
  const { framework, report, values, lang } = source;
  const input = frameworkInputs(framework).find((d) => d.key === key);
  if (input) {
    const label = localize(input.label, lang);
    const read = readInput(input, values[key], lang, "cell");
    if (read.value === undefined) return [{ ask: label }];
    const value = inputValue(input, read.value, lang);
    return [
      {
        text:
          input.kind === "yesno" || input.kind === "tier"
            ? `${label}：${value}`
            : `${label} ${value}`,
      },
    ];
  }
  const text = framework.texts?.find((t) => t.key === key);
  if (text) {
    const label = localize(text.label, lang);
    const raw = values[key];
    return isBlank(raw) || typeof raw !== "string"
      ? [{ ask: label }]
      : [{ text: `${label}：${quoted(raw, lang)}` }];
  }
  const metric = framework.metrics.find((m) => m.key === key);
  if (metric) {
    const label = localize(metric.label, lang);
    const value = report.metrics[key];
    return typeof value === "number"
      ? [{ text: `${label} ${formatPercent(value)}` }]
      : [{ ask: label }];
  }
  return [{ ask: key }];
}

/** The figures named, as one sentence. */
export function figuresSentence(keys: string[], source: FigureSource): Inline[] {
  return sentence(
    keys.map((k) => figure(k, source)),
    source.lang
  );
}
