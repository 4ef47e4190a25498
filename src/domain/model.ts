import { childrenOf, clamp, refsOf, round, type Expr } from "./expr";
import { toFormula } from "./formula";
import { localize } from "./i18n";
import { checklistItemKey } from "./rules/checklist";
import { compileRule } from "./rules";
import type { Framework, IndicatorDef, InputDef, Lang, MetricDef } from "./types";

/**
 * The inputs a framework reads: those it lists, plus one `<indicatorId>_<n>` per checklist item
 * (是 / 否 or a partial score up to the item's weight).
 */
export function frameworkInputs(framework: Framework): InputDef[] {
  const items: InputDef[] = framework.indicators.flatMap((indicator) =>
    indicator.rule.kind === "checklist"
      ? indicator.rule.items.map((item, i) => ({
          key: checklistItemKey(indicator.id, i + 1),
          label: {
            zh: `${indicator.name.zh} ${i + 1}：${item.text.zh}`,
            en: `${indicator.name.en} ${i + 1}: ${item.text.en}`,
          },
          kind: "checkItem" as const,
          max: item.weight,
        }))
      : []
  );
  return [...framework.inputs, ...items];
}

/** The 三级 score as one expression: the rule, clamped to [0, max], rounded to 2 decimals. */
export function indicatorExpr(framework: Framework, indicator: IndicatorDef): Expr {
  return round(clamp(compileRule(indicator.rule, { framework, indicator }), 0, indicator.max), 2);
}

/** A framework's inputs, metrics and compiled indicator expressions, looked up by key; built once per framework. */
export interface FrameworkIndex {
  inputs: Map<string, InputDef>;
  metrics: Map<string, MetricDef>;
  indicatorExprs: Map<string, Expr>;
  /** The same expressions as Excel formula text over defined names. */
  indicatorFormulas: Map<string, string>;
}

const indexes = new WeakMap<Framework, FrameworkIndex>();

export function indexFramework(framework: Framework): FrameworkIndex {
  let index = indexes.get(framework);
  if (!index) {
    const indicatorExprs = new Map(
      framework.indicators.map((ind) => [ind.id, indicatorExpr(framework, ind)])
    );
    index = {
      inputs: new Map(frameworkInputs(framework).map((d) => [d.key, d])),
      metrics: new Map(framework.metrics.map((m) => [m.key, m])),
      indicatorExprs,
      indicatorFormulas: new Map([...indicatorExprs].map(([id, e]) => [id, toFormula(e)])),
    };
    indexes.set(framework, index);
  }
  return index;
}

/** The name of an input or a metric in the given language (the key itself when unknown). */
export function labelOf(framework: Framework, key: string, lang: Lang): string {
  const index = indexFramework(framework);
  const def =
    index.inputs.get(key) ?? index.metrics.get(key) ?? framework.texts?.find((t) => t.key === key);
  return def ? localize(def.label, lang) : key;
}

/**
 * Every input an expression reads, through metrics, fallbacks included: what must be valid for the formula to
 * compute (an input with a fallback is valid when blank).
 */
export function inputsOf(framework: Framework, e: Expr): string[] {
  const index = indexFramework(framework);
  const out: string[] = [];
  const seenMetrics = new Set<string>();
  const walk = (x: Expr): void => {
    for (const key of refsOf(x)) {
      const metric = index.metrics.get(key);
      if (metric) {
        if (!seenMetrics.has(key)) {
          seenMetrics.add(key);
          walk(metric.expr);
        }
      } else if (!out.includes(key)) out.push(key);
    }
  };
  walk(e);
  return out;
}

/** The first indicator whose score reads the input (效果性 reads effectivenessScore), if any. */
export function indicatorReading(framework: Framework, input: string): IndicatorDef | undefined {
  const index = indexFramework(framework);
  return framework.indicators.find((i) => refsOf(index.indicatorExprs.get(i.id)!).includes(input));
}

/**
 * Inputs an indicator may read blank: those with a fallback, and those read as `refOr` (a score entered instead
 * of a computed one, e.g. 广州 履职效能 from the table or 50 less the points off).
 */
export function optionalInputs(framework: Framework): Set<string> {
  const index = indexFramework(framework);
  const out = new Set<string>(
    frameworkInputs(framework)
      .filter((d) => d.fallback)
      .map((d) => d.key)
  );
  const walk = (x: Expr): void => {
    if (x.t === "refOr") out.add(x.key);
    childrenOf(x).forEach(walk);
  };
  for (const e of index.indicatorExprs.values()) walk(e);
  for (const m of framework.metrics) walk(m.expr);
  return out;
}
