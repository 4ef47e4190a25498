/** Reading a framework file's structure into a `Framework`: fields, types, kinds (names are checked in references.ts). */
import type {
  Framework,
  GradeBand,
  IndicatorDef,
  InputDef,
  InputKind,
  MetricDef,
  TableFeed,
  TextInputDef,
  ThresholdDef,
} from "../../types";
import { foldName } from "../../names";
import { STANDARD_GRADES } from "../grades";
import { at, type Checker } from "./checker";
import { NAME, complete, readConditions, readRule, withOptional } from "./rule";
import { readTableScoring } from "./tableScoring";
import { readReportOutline } from "./reportOutline";
import { checklistItemKey } from "../../rules/checklist";

export const INPUT_KINDS: readonly InputKind[] = [
  "amount",
  "count",
  "rate",
  "score",
  "yesno",
  "tier",
  "checkItem",
];

const ID = {
  re: /^[A-Za-z][A-Za-z0-9_-]*$/,
  zh: " 不是有效的标识（只能用英文字母、数字、_ 和 -，以字母开头）",
  en: "is not a valid id (letters, digits, _ and -, starting with a letter)",
};

/** The parts of a file as read, each list aligned with the file's (undefined where an element has mistakes). */
export interface Parts {
  inputs: (InputDef | undefined)[];
  texts: (TextInputDef | undefined)[];
  metrics: (MetricDef | undefined)[];
  indicators: (IndicatorDef | undefined)[];
  thresholds: (ThresholdDef | undefined)[];
  indicatorTable: (TableFeed | undefined)[];
}

/** What was read, and every key the file declares (even where its definition has mistakes). */
export interface ReadShape {
  /** Undefined when any part has a mistake. */
  framework?: Framework;
  parts: Parts;
  /** Keys of inputs, texts and metrics as written, malformed definitions included: no "unknown name" for them. */
  declared: Set<string>;
  declaredIndicators: Set<string>;
}

const optional = <T>(v: unknown, read: () => T | undefined): T | undefined | null =>
  v === undefined ? undefined : (read() ?? null);

/**
 * Other names a department's sheet may use for an element (`aliases`): texts that still say something once white
 * space, punctuation, numbering and notes are set aside, as a sheet's names are compared (see names.ts).
 */
function readAliases(c: Checker, path: string, v: unknown): string[] | undefined | null {
  return optional(v, () =>
    c.list(at(path, "aliases"), v, (p, x) => {
      const alias = c.string(p, x);
      if (alias === undefined || foldName(alias)) return alias;
      return c.fail(
        p,
        `别名“${alias}”去掉空白、标点、编号和括注后什么也不剩，匹配不到表中的任何名称`,
        `the alias "${alias}" is nothing once white space, punctuation, numbering and notes are set aside: it matches no name in a sheet`
      );
    })
  );
}

function readInputDef(c: Checker, path: string, v: unknown): InputDef | undefined {
  const o = c.object(path, v, {
    required: ["key", "label", "kind"],
    optional: ["aliases", "max", "tiers", "unit", "source", "fallback"],
  });
  if (!o) return undefined;
  const kind = c.oneOf(at(path, "kind"), o.kind, INPUT_KINDS);
  const needsMax = kind === "score" || kind === "checkItem";
  let max: number | undefined | null;
  if (needsMax && o.max === undefined)
    c.fail(at(path, "max"), `${kind} 类输入需要满分 max`, `an input of kind ${kind} needs its max`);
  else if (!needsMax && o.max !== undefined && kind)
    c.fail(
      at(path, "max"),
      `只有 score、checkItem 类输入有 max`,
      `only score and checkItem inputs have a max`
    );
  else max = optional(o.max, () => c.number(at(path, "max"), o.max, { positive: true }));
  let tiers: InputDef["tiers"] | null | undefined;
  if (kind === "tier" && o.tiers === undefined)
    c.fail(
      at(path, "tiers"),
      "tier 类输入需要列出可选档次 tiers",
      "an input of kind tier needs its tiers"
    );
  else if (kind !== "tier" && o.tiers !== undefined && kind)
    c.fail(at(path, "tiers"), "只有 tier 类输入有 tiers", "only tier inputs have tiers");
  else
    tiers = optional(o.tiers, () =>
      c.list(
        at(path, "tiers"),
        o.tiers,
        (p, x) => {
          const t = c.object(p, x, { required: ["value"], optional: ["en"] });
          if (!t) return undefined;
          const value = c.string(at(p, "value"), t.value);
          const en = t.en === undefined ? value : c.string(at(p, "en"), t.en);
          return value === undefined || en === undefined ? undefined : { value, en };
        },
        true
      )
    );
  const base = complete({
    key: c.string(at(path, "key"), o.key, NAME),
    label: c.localized(at(path, "label"), o.label),
    kind,
  });
  const extra = {
    aliases: readAliases(c, path, o.aliases),
    max,
    tiers,
    unit: optional(o.unit, () => c.localized(at(path, "unit"), o.unit)),
    source: optional(o.source, () => c.localized(at(path, "source"), o.source)),
    fallback: optional(o.fallback, () => c.formula(at(path, "fallback"), o.fallback)),
  };
  if (!base || Object.values(extra).includes(null) || (needsMax && max === undefined))
    return undefined;
  if (kind === "tier" && !tiers) return undefined;
  return withOptional(base, extra);
}

function readTextDef(c: Checker, path: string, v: unknown): TextInputDef | undefined {
  const o = c.object(path, v, {
    required: ["key", "label"],
    optional: ["aliases", "requiredWhen", "requiredMessage", "source"],
  });
  if (!o) return undefined;
  const base = complete({
    key: c.string(at(path, "key"), o.key, NAME),
    label: c.localized(at(path, "label"), o.label),
  });
  const extra = {
    aliases: readAliases(c, path, o.aliases),
    requiredWhen: optional(o.requiredWhen, () =>
      c.formula(at(path, "requiredWhen"), o.requiredWhen)
    ),
    requiredMessage: optional(o.requiredMessage, () =>
      c.localized(at(path, "requiredMessage"), o.requiredMessage)
    ),
    source: optional(o.source, () => c.localized(at(path, "source"), o.source)),
  };
  if (!base || Object.values(extra).includes(null)) return undefined;
  return withOptional(base, extra);
}

function readMetricDef(c: Checker, path: string, v: unknown): MetricDef | undefined {
  const o = c.object(path, v, { required: ["key", "label", "expr"], optional: ["source"] });
  if (!o) return undefined;
  const base = complete({
    key: c.string(at(path, "key"), o.key, NAME),
    label: c.localized(at(path, "label"), o.label),
    expr: c.formula(at(path, "expr"), o.expr),
  });
  const source = optional(o.source, () => c.string(at(path, "source"), o.source));
  if (!base || source === null) return undefined;
  return withOptional(base, { source });
}

function readIndicatorDef(c: Checker, path: string, v: unknown): IndicatorDef | undefined {
  const o = c.object(path, v, {
    required: ["id", "name", "level1", "level2", "max", "criteria", "rule"],
    optional: ["aliases", "source"],
  });
  if (!o) return undefined;
  const base = complete({
    id: c.string(at(path, "id"), o.id, NAME),
    name: c.localized(at(path, "name"), o.name),
    level1: c.localized(at(path, "level1"), o.level1),
    level2: c.localized(at(path, "level2"), o.level2),
    max: c.number(at(path, "max"), o.max, { positive: true }),
    criteria: c.localized(at(path, "criteria"), o.criteria),
    rule: readRule(c, at(path, "rule"), o.rule),
  });
  const aliases = readAliases(c, path, o.aliases);
  const source = optional(o.source, () => c.string(at(path, "source"), o.source));
  if (!base || aliases === null || source === null) return undefined;
  return withOptional(base, { aliases, source });
}

function readThreshold(c: Checker, path: string, v: unknown): ThresholdDef | undefined {
  const o = c.object(path, v, {
    required: ["metric", "indicator"],
    optional: ["red", "amber", "message", "source"],
  });
  if (!o) return undefined;
  if (o.red === undefined && o.amber === undefined)
    c.fail(path, "至少要给出 red 或 amber 条件之一", "give red or amber conditions, or both");
  const red = optional(o.red, () => readConditions(c, at(path, "red"), o.red));
  const amber = optional(o.amber, () => readConditions(c, at(path, "amber"), o.amber));
  let message: ThresholdDef["message"] | null = {};
  if (o.message !== undefined) {
    const m = c.object(at(path, "message"), o.message, {
      required: [],
      optional: ["red", "amber"],
    });
    const mRed = m && optional(m.red, () => c.localized(at(at(path, "message"), "red"), m.red));
    const mAmber =
      m && optional(m.amber, () => c.localized(at(at(path, "message"), "amber"), m.amber));
    message =
      !m || mRed === null || mAmber === null
        ? null
        : withOptional({}, { red: mRed, amber: mAmber });
  }
  const base = complete({
    metric: c.string(at(path, "metric"), o.metric, NAME),
    indicator: c.string(at(path, "indicator"), o.indicator, NAME),
    message,
  });
  const source = optional(o.source, () => c.string(at(path, "source"), o.source));
  if (!base || red === null || amber === null || source === null || (!red && !amber))
    return undefined;
  return withOptional(base, { red, amber, source }) as ThresholdDef;
}

function readGrades(c: Checker, path: string, v: unknown): GradeBand[] | undefined {
  const items = c.array(path, v, true);
  if (!items) return undefined;
  const out: GradeBand[] = [];
  let ok = true;
  items.forEach((x, i) => {
    const p = at(path, i);
    const last = i === items.length - 1;
    const o = c.object(p, x, { required: ["grade"], optional: ["min", "en"] });
    if (!o) return void (ok = false);
    if (last && o.min !== undefined)
      c.fail(
        at(p, "min"),
        "最后一档不写 min：低于上一档的总分都属于它",
        "the last grade has no min: every total below the one above is in it"
      );
    if (!last && o.min === undefined)
      c.fail(
        at(p, "min"),
        "缺少此字段（总分 ≥ min 为此档；只有最后一档不写）",
        "this field is missing (total ≥ min; only the last grade has none)"
      );
    const min = last ? -Infinity : c.number(at(p, "min"), o.min);
    const grade = c.string(at(p, "grade"), o.grade);
    const en = o.en === undefined ? grade : c.string(at(p, "en"), o.en);
    if (
      min === undefined ||
      grade === undefined ||
      en === undefined ||
      (last && o.min !== undefined)
    )
      ok = false;
    else out.push({ min, grade, en });
  });
  out.forEach((g, i) => {
    if (i > 0 && i < out.length - 1 && !(g.min < out[i - 1].min))
      c.fail(
        at(at(path, i), "min"),
        `应低于上一档的 ${out[i - 1].min}（从高到低排列）`,
        `must be below the grade above (${out[i - 1].min}): highest first`
      );
  });
  return ok ? out : undefined;
}

function readFeed(c: Checker, path: string, v: unknown): TableFeed | undefined {
  const o = c.object(path, v, {
    required: ["input", "max"],
    optional: ["groups", "aliases", "source"],
  });
  if (!o) return undefined;
  const base = complete({
    input: c.string(at(path, "input"), o.input, NAME),
    max: c.number(at(path, "max"), o.max, { positive: true }),
  });
  const groups = optional(o.groups, () =>
    c.list(at(path, "groups"), o.groups, (p, x) => c.string(p, x), true)
  );
  const aliases = readAliases(c, path, o.aliases);
  const source = optional(o.source, () => c.string(at(path, "source"), o.source));
  if (!base || groups === null || aliases === null || source === null) return undefined;
  if (Array.isArray(o.groups) && groups && groups.length !== o.groups.length) return undefined;
  return withOptional(base, { groups, aliases, source });
}

const keysOf = (v: unknown, field: string): string[] =>
  Array.isArray(v)
    ? v.flatMap((x) =>
        x && typeof x === "object" && typeof (x as Record<string, unknown>)[field] === "string"
          ? [(x as Record<string, string>)[field]]
          : []
      )
    : [];

/** A list field read element by element, aligned with the file (undefined: the field or the element has mistakes). */
function aligned<T>(
  c: Checker,
  field: string,
  v: unknown,
  read: (p: string, x: unknown) => T | undefined,
  nonEmpty = false
): (T | undefined)[] | undefined {
  const items = c.array(field, v, nonEmpty);
  return items?.map((x, i) => read(at(field, i), x));
}

const whole = <T>(items: (T | undefined)[] | undefined): T[] | undefined =>
  items && items.every((x) => x !== undefined) ? (items as T[]) : undefined;

/** The inputs `<indicatorId>_<n>` of the file's checklist indicators, as written (malformed ones passed over). */
function checklistItemsOf(indicators: unknown): Set<string> {
  const keys = new Set<string>();
  if (!Array.isArray(indicators)) return keys;
  for (const ind of indicators as { id?: unknown; rule?: { kind?: unknown; items?: unknown } }[]) {
    if (typeof ind?.id !== "string" || ind.rule?.kind !== "checklist") continue;
    const items = Array.isArray(ind.rule.items) ? ind.rule.items.length : 0;
    for (let n = 1; n <= items; n++) keys.add(checklistItemKey(ind.id, n));
  }
  return keys;
}

/** Reads the whole file's structure; `framework` is undefined when any part has a mistake. */
export function readShape(c: Checker, v: unknown): ReadShape {
  const declared = new Set<string>();
  const declaredIndicators = new Set<string>();
  const parts: Parts = {
    inputs: [],
    texts: [],
    metrics: [],
    indicators: [],
    thresholds: [],
    indicatorTable: [],
  };
  const o = c.object("", v, {
    required: ["id", "name", "indicators"],
    optional: [
      "$schema",
      "source",
      "inputs",
      "texts",
      "metrics",
      "thresholds",
      "grades",
      "indicatorTable",
      "tableScoring",
      "report",
    ],
  });
  if (!o) return { parts, declared, declaredIndicators };
  for (const field of ["inputs", "texts", "metrics"])
    keysOf(o[field], "key").forEach((k) => declared.add(k));
  keysOf(o.indicators, "id").forEach((k) => declaredIndicators.add(k));
  const before = c.issues.length;
  const field = <T>(
    name: keyof Parts,
    read: (p: string, x: unknown) => T | undefined,
    nonEmpty = false
  ) => {
    if (o[name] === undefined && name !== "indicators") return [] as T[];
    const items = aligned(c, name, o[name], read, nonEmpty);
    (parts[name] as (T | undefined)[]) = items ?? [];
    return whole(items);
  };
  const framework = {
    id: c.string("id", o.id, ID),
    name: c.localized("name", o.name),
    inputs: field("inputs", (p, x) => readInputDef(c, p, x)),
    metrics: field("metrics", (p, x) => readMetricDef(c, p, x)),
    indicators: field("indicators", (p, x) => readIndicatorDef(c, p, x), true),
    thresholds: field("thresholds", (p, x) => readThreshold(c, p, x)),
    grades: o.grades === undefined ? STANDARD_GRADES : readGrades(c, "grades", o.grades),
  };
  const texts = field("texts", (p, x) => readTextDef(c, p, x));
  const feeds = field("indicatorTable", (p, x) => readFeed(c, p, x), true);
  const source = optional(o.source, () => c.string("source", o.source));
  const tableScoring = optional(o.tableScoring, () =>
    readTableScoring(c, "tableScoring", o.tableScoring)
  );
  const report = optional(o.report, () =>
    readReportOutline(c, "report", o.report, {
      declared,
      checklistItems: checklistItemsOf(o.indicators),
    })
  );
  if (o.$schema !== undefined) c.string("$schema", o.$schema);
  const base = complete(framework);
  if (
    c.issues.length > before ||
    !base ||
    !texts ||
    !feeds ||
    source === null ||
    tableScoring === null ||
    report === null
  )
    return { parts, declared, declaredIndicators };
  const extra = {
    texts: o.texts === undefined ? undefined : texts,
    indicatorTable: o.indicatorTable === undefined ? undefined : feeds,
    tableScoring,
    report,
    source,
  };
  return { framework: withOptional(base, extra) as Framework, parts, declared, declaredIndicators };
}
