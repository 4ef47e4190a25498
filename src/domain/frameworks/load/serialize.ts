/** A `Framework` as a framework file's JSON value: formulas as the sheet's formula text, the last grade without `min`. */
import { toFormula } from "../../formula";
import type { Framework } from "../../types";

/** Drops undefined fields, as JSON does. */
const clean = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** An element with its `aliases` written right after the name they stand beside (`name`, `label`, `groups`). */
function aliasesAfter<T extends { aliases?: string[] }>(
  def: T,
  ...after: string[]
): Record<string, unknown> {
  const { aliases, ...rest } = def;
  if (!aliases) return rest;
  const keys = Object.keys(rest);
  const at = Math.max(...after.map((k) => keys.indexOf(k))) + 1 || keys.length;
  const entries = Object.entries(rest);
  return Object.fromEntries([...entries.slice(0, at), ["aliases", aliases], ...entries.slice(at)]);
}

export function frameworkToJson(framework: Framework): Record<string, unknown> {
  const { inputs, texts, metrics, grades, ...rest } = framework;
  const out: Record<string, unknown> = {
    id: rest.id,
    name: rest.name,
    ...(rest.source !== undefined ? { source: rest.source } : {}),
    inputs: inputs.map(({ fallback, ...def }) => ({
      ...aliasesAfter(def, "label"),
      ...(fallback ? { fallback: toFormula(fallback) } : {}),
    })),
    ...(texts
      ? {
          texts: texts.map(({ requiredWhen, ...def }) => ({
            ...aliasesAfter(def, "label"),
            ...(requiredWhen ? { requiredWhen: toFormula(requiredWhen) } : {}),
          })),
        }
      : {}),
    metrics: metrics.map((m) => ({ ...m, expr: toFormula(m.expr) })),
    indicators: rest.indicators.map((i) => aliasesAfter(i, "name")),
    thresholds: rest.thresholds,
    grades: grades.map((g, i) => (i === grades.length - 1 ? { grade: g.grade, en: g.en } : g)),
    ...(rest.indicatorTable
      ? {
          indicatorTable: rest.indicatorTable.map((f) => aliasesAfter(f, "input", "max", "groups")),
        }
      : {}),
    ...(rest.tableScoring !== undefined ? { tableScoring: rest.tableScoring } : {}),
    ...(rest.report !== undefined ? { report: rest.report } : {}),
  };
  return clean(out);
}
