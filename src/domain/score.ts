import { approxEqual, excelRound } from "./excelMath";
import { DivisionByZero, evaluate, evaluateNumber, type Value } from "./evaluate";
import { childrenOf, type Expr } from "./expr";
import { gradeOf } from "./frameworks/grades";
import { enPoints, formatPercent, formatPoints, localize, plural, say } from "./i18n";
import { indexFramework, indicatorReading, labelOf, type FrameworkIndex } from "./model";
import { isBlank, readInput, type ReadMode } from "./parse/readInput";
import type { IndicatorRowInput } from "./indicatorTable/scoreTable";
import { scoreTableFeeds, type FedTable } from "./indicatorTable/feeds";
import { resolveTableScoring } from "./indicatorTable/tableScoring";
import { conditionExpr } from "./rules/bands";
import { explainRule, type ExplainContext } from "./rules";
import { readTexts } from "./rules/texts";
import type {
  Breach,
  Framework,
  GroupResult,
  IndicatorDef,
  IndicatorResult,
  InputError,
  InputToFill,
  Lang,
  Report,
} from "./types";

export interface ScoreOptions {
  lang?: Lang;
  /** Where each input came from in a workbook (key → `基础数据!C7`); metrics too, when the sheet computes them. */
  cells?: Record<string, string>;
  /** `cell` when the inputs come from a workbook: read as the sheet's formulas see them. */
  mode?: ReadMode;
  /** Scores the department reported itself, by indicator id (numbers or text as typed). */
  selfScores?: Record<string, unknown>;
  /** The 绩效指标 table: scored, and feeding the framework's indicator when no score is entered for it. */
  indicators?: IndicatorRowInput[];
  /** Where each self-reported score stands (indicator id → cell). */
  selfScoreCells?: Record<string, string>;
}

/** The key under which a self-reported score's error or breach is filed. */
export const selfScoreKey = (indicatorId: string): string => `selfScore_${indicatorId}`;

interface ReadInputs {
  values: Map<string, number | string>;
  errors: Map<string, string>;
}

function readAll(
  index: FrameworkIndex,
  raw: Record<string, unknown>,
  lang: Lang,
  mode: ReadMode
): ReadInputs {
  const values = new Map<string, number | string>();
  const errors = new Map<string, string>();
  for (const def of index.inputs.values()) {
    const read = readInput(def, raw[def.key], lang, mode);
    if (read.error) errors.set(def.key, read.error);
    else if (read.value !== undefined) values.set(def.key, read.value);
  }
  return { values, errors };
}

/** The inputs an expression reads, through metrics, that are blank (missing) or unreadable (invalid). */
function unmetInputs(
  e: Expr,
  index: FrameworkIndex,
  inputs: ReadInputs,
  out = { missing: new Set<string>(), invalid: new Set<string>() }
) {
  const need = (key: string): void => {
    const metric = index.metrics.get(key);
    if (metric) unmetInputs(metric.expr, index, inputs, out);
    else if (inputs.errors.has(key)) out.invalid.add(key);
    else if (!inputs.values.has(key)) out.missing.add(key);
  };
  const visit = (x: Expr): void => {
    if (x.t === "ref") need(x.key);
    else if (x.t === "refOr") {
      if (inputs.errors.has(x.key)) out.invalid.add(x.key);
      else if (!inputs.values.has(x.key)) visit(x.fallback);
    } else childrenOf(x).forEach(visit);
  };
  visit(e);
  return out;
}

/** Looks up inputs and computes metrics on demand, each once. */
function makeResolver(index: FrameworkIndex, inputs: ReadInputs) {
  const metricValues = new Map<string, Value>();
  const resolve = (key: string): Value | undefined => {
    if (inputs.values.has(key)) return inputs.values.get(key);
    const metric = index.metrics.get(key);
    if (!metric) return undefined;
    if (!metricValues.has(key)) metricValues.set(key, evaluate(metric.expr, resolve));
    return metricValues.get(key);
  };
  return resolve;
}

/** Computes a metric, or undefined when its inputs are missing, invalid or divide by zero. */
function tryMetric(
  key: string,
  index: FrameworkIndex,
  inputs: ReadInputs,
  resolve: (k: string) => Value | undefined
): number | undefined {
  const metric = index.metrics.get(key);
  const expr: Expr = metric ? metric.expr : { t: "ref", key };
  const unmet = unmetInputs(expr, index, inputs);
  if (unmet.missing.size || unmet.invalid.size) return undefined;
  try {
    const v = resolve(key);
    return typeof v === "number" ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Scores a framework from raw inputs (as typed: numbers, text, 是 / 否). Never throws on bad input: what cannot
 * be read is an error naming the input (and its cell), and the indicators that need it are left unscored.
 */
export function scoreFramework(
  framework: Framework,
  raw: Record<string, unknown>,
  options: ScoreOptions = {}
): Report {
  const lang = options.lang ?? "zh";
  const cells = options.cells ?? {};
  const table =
    framework.indicatorTable && options.indicators
      ? scoreTableFeeds(
          framework.indicatorTable,
          options.indicators,
          lang,
          resolveTableScoring(framework.tableScoring)
        )
      : undefined;
  // A feed fills its input only when the user entered no score there.
  const fromTable = (table?.fed ?? []).filter(({ feed }) => isBlank(raw[feed.input]));
  for (const { feed, result } of fromTable)
    if (result.total !== null) raw = { ...raw, [feed.input]: result.total };
  const index = indexFramework(framework);
  const inputs = readAll(index, raw, lang, options.mode ?? "typed");
  // Free texts (a deduction's reason): read as typed; a required one left blank is an error on it.
  readTexts(framework, raw, inputs.values, inputs.errors, lang);
  const resolve = makeResolver(index, inputs);
  const label = (key: string) => labelOf(framework, key, lang);

  const errors: InputError[] = [];
  const addError = (input: string, message: string, cell = cells[input]) => {
    if (!errors.some((e) => e.input === input))
      errors.push({ input, ...(cell ? { cell } : {}), message });
  };
  for (const [key, message] of inputs.errors) addError(key, message);

  // Which indicators need each blank input, so the error can say what it blocks.
  const missingFor = new Map<string, string[]>();
  // Every input an unscored indicator waits for: blank, or to be corrected.
  const blocking = new Map<string, InputToFill["problem"]>();
  const blocks = (key: string, problem: InputToFill["problem"]) => {
    // A required text left blank is filed as an error, but the user reads it as one to fill.
    if (!blocking.has(key)) blocking.set(key, isBlank(raw[key]) ? "missing" : problem);
  };

  const explainContext = (indicator: IndicatorDef): ExplainContext => ({
    framework,
    indicator,
    lang,
    value: resolve,
    evaluate: (e) => evaluateNumber(e, resolve),
    holds: (e) => evaluate(e, resolve) === true,
    label,
  });

  const indicators: IndicatorResult[] = framework.indicators.map((indicator) => {
    const expr = index.indicatorExprs.get(indicator.id) as Expr;
    const base = {
      id: indicator.id,
      name: localize(indicator.name, lang),
      level1: localize(indicator.level1, lang),
      level2: localize(indicator.level2, lang),
      max: indicator.max,
      breaches: [] as string[],
      formula: index.indicatorFormulas.get(indicator.id) as string,
    };
    const unmet = unmetInputs(expr, index, inputs);
    if (unmet.missing.size || unmet.invalid.size) {
      for (const key of unmet.missing) {
        missingFor.set(key, [...(missingFor.get(key) ?? []), base.name]);
        blocks(key, "missing");
      }
      for (const key of unmet.invalid) blocks(key, "invalid");
      const parts: string[] = [];
      if (unmet.missing.size)
        parts.push(
          say(
            lang,
            `缺少：${[...unmet.missing].map((k) => `「${label(k)}」`).join("、")}`,
            `missing: ${[...unmet.missing].map(label).join(", ")}`
          )
        );
      if (unmet.invalid.size)
        parts.push(
          say(
            lang,
            `输入有误：${[...unmet.invalid].map((k) => `「${label(k)}」`).join("、")}`,
            `invalid: ${[...unmet.invalid].map(label).join(", ")}`
          )
        );
      return {
        ...base,
        score: null,
        explanation: say(lang, `未计分（${parts.join("；")}）`, `not scored (${parts.join("; ")})`),
      };
    }
    try {
      const score = evaluateNumber(expr, resolve);
      return {
        ...base,
        score,
        explanation: explainRule(indicator.rule, explainContext(indicator)),
      };
    } catch (err) {
      if (err instanceof DivisionByZero && err.divisor) {
        blocks(err.divisor, "invalid");
        addError(
          err.divisor,
          say(
            lang,
            `「${label(err.divisor)}」为 0，无法计算「${base.name}」`,
            `${label(err.divisor)} is 0, so ${base.name} cannot be computed`
          )
        );
        return {
          ...base,
          score: null,
          explanation: say(
            lang,
            `未计分（「${label(err.divisor)}」为 0，无法计算比率）`,
            `not scored (${label(err.divisor)} is 0)`
          ),
        };
      }
      const detail = err instanceof Error ? err.message : String(err);
      return {
        ...base,
        score: null,
        explanation: say(
          lang,
          `未计分（计算出错：${detail}）`,
          `not scored (calculation failed: ${detail})`
        ),
      };
    }
  });

  for (const [key, names] of missingFor) {
    addError(
      key,
      say(
        lang,
        `「${label(key)}」未填写，无法计算${names.map((n) => `「${n}」`).join("、")}`,
        `${label(key)} is blank, so ${names.join(", ")} cannot be computed`
      )
    );
  }

  const breaches: Breach[] = [];
  for (const t of framework.thresholds) {
    const value = tryMetric(t.metric, index, inputs, resolve);
    if (value === undefined) continue;
    const severity =
      t.red && evaluate(conditionExpr(t.metric, t.red), resolve) === true
        ? "red"
        : t.amber && evaluate(conditionExpr(t.metric, t.amber), resolve) === true
          ? "amber"
          : undefined;
    if (!severity) continue;
    const template = t.message[severity];
    const message = template
      ? localize(template, lang).replace("{value}", formatPercent(value))
      : `${label(t.metric)} ${formatPercent(value)}`;
    breaches.push({
      metric: t.metric,
      indicator: t.indicator,
      value: excelRound(value, 4),
      severity,
      message,
      ...(cells[t.metric] ? { cell: cells[t.metric] } : {}),
    });
    indicators.find((r) => r.id === t.indicator)?.breaches.push(t.metric);
  }

  applySelfScores(indicators, breaches, addError, options, lang);

  const groups = groupResults(indicators);
  const scored = indicators.filter((r) => r.score !== null);
  const total = excelRound(
    scored.reduce((s, r) => s + (r.score as number), 0),
    2
  );
  const metrics: Record<string, number | null> = {};
  for (const m of framework.metrics) {
    const v = tryMetric(m.key, index, inputs, resolve);
    metrics[m.key] = v === undefined ? null : Number(v.toPrecision(10));
  }
  if (table) {
    errors.push(...table.errors);
    breaches.push(...table.breaches);
    for (const fed of fromTable) explainFromTable(framework, indicators, fed, lang);
  }
  const complete = scored.length === indicators.length;
  const toFill: InputToFill[] = errors.flatMap((e) => {
    const problem = blocking.get(e.input);
    return problem
      ? [{ input: e.input, label: label(e.input), ...(e.cell ? { cell: e.cell } : {}), problem }]
      : [];
  });
  return {
    framework: framework.id,
    total,
    // A partial total is never graded: it would read as the department's grade.
    grade: complete ? gradeOf(total, framework.grades).grade : null,
    complete,
    scored: scored.length,
    indicatorCount: indicators.length,
    toFill,
    indicators,
    groups,
    metrics,
    breaches,
    errors,
    ...(table
      ? { indicatorTable: table.rows, tableScoring: resolveTableScoring(framework.tableScoring) }
      : {}),
  };
}

/** The indicator the table feeds says so, with the count of rows met. */
function explainFromTable(
  framework: Framework,
  indicators: IndicatorResult[],
  { feed, result: table }: FedTable,
  lang: Lang
): void {
  const reading = indicatorReading(framework, feed.input);
  const result = reading && indicators.find((r) => r.id === reading.id);
  if (!result) return;
  // Rows that count: all but 不适用 (a row whose target cannot be read counts, unscored).
  const applicable = table.rows.filter((r) => r.direction !== "na" || r.weight > 0);
  const met = applicable.filter((r) => r.met).length;
  result.explanation =
    table.total === null
      ? say(
          lang,
          `未计分（绩效指标表中有 ${applicable.length - applicable.filter((r) => r.score !== null).length} 项无法计分）`,
          `not scored (some indicator rows cannot be scored)`
        )
      : say(
          lang,
          `按绩效指标完成情况：${applicable.length} 项指标中 ${met} 项达到目标，得 ${formatPoints(table.total)} 分（不适用的指标不计，权重分给其他指标）`,
          `from the indicator table: ${met} of ${plural(applicable.length, "target")} met, ${enPoints(table.total)}`
        );
}

/** Reads the department's own scores and flags each that differs from the rule's by 0.01 or more. */
function applySelfScores(
  indicators: IndicatorResult[],
  breaches: Breach[],
  addError: (input: string, message: string, cell?: string) => void,
  options: ScoreOptions,
  lang: Lang
): void {
  const selfScores = options.selfScores ?? {};
  for (const result of indicators) {
    if (!(result.id in selfScores)) continue;
    const key = selfScoreKey(result.id);
    const cell = options.selfScoreCells?.[result.id];
    const read = readInput(
      {
        key,
        label: { zh: `${result.name}（自评得分）`, en: `${result.name} (self-reported)` },
        kind: "score",
        max: result.max,
      },
      selfScores[result.id],
      lang,
      // The department's own record, never computed with: read as typed ("0.5", "5分"), whatever the cell holds.
      "typed"
    );
    if (read.error) {
      addError(key, read.error, cell);
      continue;
    }
    if (typeof read.value !== "number") continue;
    result.selfScore = read.value;
    if (result.score === null) continue;
    const difference = excelRound(read.value - result.score, 2);
    if (Math.abs(difference) < 0.01 || approxEqual(read.value, result.score)) continue;
    breaches.push({
      metric: key,
      indicator: result.id,
      value: read.value,
      severity: "red",
      message: say(
        lang,
        `「${result.name}」自评 ${formatPoints(read.value)} 分，按评分标准应为 ${formatPoints(result.score)} 分（相差 ${formatPoints(difference)} 分）`,
        `${result.name}: self-reported ${formatPoints(read.value)}, the rule gives ${formatPoints(result.score)} (${formatPoints(difference)} apart)`
      ),
      ...(cell ? { cell } : {}),
    });
    result.breaches.push(key);
  }
}

/** 一级 and 二级 subtotals: sums of the rounded 三级 scores, with their maxima. */
function groupResults(indicators: IndicatorResult[]): GroupResult[] {
  const groups: GroupResult[] = [];
  const find = (level: 1 | 2, name: string, parent?: string) => {
    let g = groups.find((x) => x.level === level && x.name === name && x.parent === parent);
    if (!g) {
      g = { level, name, ...(parent ? { parent } : {}), max: 0, score: 0, complete: true };
      groups.push(g);
    }
    return g;
  };
  for (const r of indicators) {
    for (const g of [find(1, r.level1), find(2, r.level2, r.level1)]) {
      g.max = excelRound(g.max + r.max, 2);
      if (r.score === null) g.complete = false;
      else g.score = excelRound(g.score + r.score, 2);
    }
  }
  return groups;
}
