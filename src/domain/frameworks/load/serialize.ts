/** A `Framework` as a framework file's JSON value: formulas as the sheet's formula text, the last grade without `min`. */
import { toFormula } from "../../formula";
import type { Framework } from "../../types";

/** Drops undefined fields, as JSON does. */
const clean = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function frameworkToJson(framework: Framework): Record<string, unknown> {
  const { inputs, texts, metrics, grades, ...rest } = framework;
  const out: Record<string, unknown> = {
    id: rest.id,
    name: rest.name,
    ...(rest.source !== undefined ? { source: rest.source } : {}),
    inputs: inputs.map(({ fallback, ...def }) => ({
      ...def,
      ...(fallback ? { fallback: toFormula(fallback) } : {}),
    })),
    ...(texts
      ? {
          texts: texts.map(({ requiredWhen, ...def }) => ({
            ...def,
            ...(requiredWhen ? { requiredWhen: toFormula(requiredWhen) } : {}),
          })),
        }
      : {}),
    metrics: metrics.map((m) => ({ ...m, expr: toFormula(m.expr) })),
    indicators: rest.indicators,
    thresholds: rest.thresholds,
    grades: grades.map((g, i) => (i === grades.length - 1 ? { grade: g.grade, en: g.en } : g)),
    ...(rest.indicatorTable ? { indicatorTable: rest.indicatorTable } : {}),
  };
  return clean(out);
}
