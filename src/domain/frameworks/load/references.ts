/**
 * The names of a framework file, checked against each other: every name a formula, a rule, a threshold or a table
 * feed uses is defined, and of a kind that fits (a yes/no rule reads a 是 / 否 input …); no name is defined twice
 * (Excel's defined names ignore case) or looks like a cell address; no metric depends on itself; no two indicators
 * (inputs, texts, table feeds) answer to one name of a sheet, their names and aliases compared folded as a sheet's are.
 */
import { refsOf, type Expr } from "../../expr";
import type { IndicatorDef, InputDef, InputKind, Rule, TextInputDef } from "../../types";
import { plural } from "../../i18n";
import { foldName } from "../../names";
import { checklistItemKey } from "../../rules/checklist";
import { at, closest, type Checker } from "./checker";
import type { Parts } from "./shape";

/** A1 and R1C1 addresses, and the truth values: names a spreadsheet reads as something else. */
const CELL_LIKE = /^([A-Za-z]{1,3}[0-9]+|[rRcC]|[rR][0-9]*[cC][0-9]*|true|false)$/i;

type Category = "input" | "text" | "metric";

interface Names {
  /** Every name, with what it is and where it is defined. */
  defined: Map<string, { category: Category; path: string; input?: InputDef; text?: TextInputDef }>;
  /** The file's declared keys, malformed definitions included. */
  declared: Set<string>;
  indicators: Set<string>;
}

const NUMERIC: readonly InputKind[] = ["amount", "count", "rate", "score", "checkItem"];

function collectNames(c: Checker, parts: Parts, declared: Set<string>): Names {
  const defined: Names["defined"] = new Map();
  const byLowerCase = new Map<string, string>();
  const define = (
    key: string,
    category: Category,
    path: string,
    input?: InputDef,
    text?: TextInputDef
  ) => {
    if (CELL_LIKE.test(key))
      c.fail(
        path,
        `名称“${key}”像单元格地址或逻辑值，工作表无法把它定义为名称，请换一个（如 ${key}Value）`,
        `the name "${key}" reads as a cell address or a truth value in a sheet; choose another (e.g. ${key}Value)`
      );
    const twin = byLowerCase.get(key.toLowerCase());
    if (twin !== undefined) {
      const first = defined.get(twin)?.path ?? "";
      c.fail(
        path,
        twin === key
          ? `名称“${key}”重复（已在 ${first} 定义）`
          : `名称“${key}”与 ${first} 的“${twin}”只差大小写，工作表中会是同一个名称`,
        twin === key
          ? `the name "${key}" is defined twice (first at ${first})`
          : `the name "${key}" differs from "${twin}" (${first}) only in case: one name in a sheet`
      );
      return;
    }
    byLowerCase.set(key.toLowerCase(), key);
    defined.set(key, { category, path, input, text });
  };
  parts.inputs.forEach((d, i) => d && define(d.key, "input", at(at("inputs", i), "key"), d));
  parts.texts.forEach(
    (d, i) => d && define(d.key, "text", at(at("texts", i), "key"), undefined, d)
  );
  parts.metrics.forEach((d, i) => d && define(d.key, "metric", at(at("metrics", i), "key")));
  // Checklist items are inputs of their own: <indicatorId>_<n>.
  parts.indicators.forEach((ind, i) => {
    if (ind?.rule.kind !== "checklist") return;
    ind.rule.items.forEach((item, n) =>
      define(
        checklistItemKey(ind.id, n + 1),
        "input",
        at(at(at(at("indicators", i), "rule"), "items"), n),
        {
          key: checklistItemKey(ind.id, n + 1),
          label: item.text,
          kind: "checkItem",
          max: item.weight,
        }
      )
    );
  });
  const indicators = new Set<string>();
  const idsLower = new Map<string, string>();
  parts.indicators.forEach((ind, i) => {
    if (!ind) return;
    const twin = idsLower.get(ind.id.toLowerCase());
    if (twin !== undefined)
      c.fail(
        at(at("indicators", i), "id"),
        `指标标识“${ind.id}”重复（或只差大小写）：“${twin}”`,
        `the indicator id "${ind.id}" is used twice (or differs only in case): "${twin}"`
      );
    idsLower.set(ind.id.toLowerCase(), ind.id);
    indicators.add(ind.id);
  });
  return { defined, declared, indicators };
}

class References {
  constructor(
    private readonly c: Checker,
    private readonly names: Names
  ) {}

  private unknown(path: string, key: string, what: string, whatEn: string): void {
    if (this.names.declared.has(key)) return; // defined, with mistakes of its own reported there
    const guess = closest(key, this.names.defined.keys());
    this.c.fail(
      path,
      `${what}“${key}”未定义${guess ? `，是否应为“${guess}”？` : ""}`,
      `${whatEn} "${key}" is not defined${guess ? `; did you mean "${guess}"?` : ""}`
    );
  }

  /** A name a formula or a metric-reading rule uses: an input or a metric. */
  value(path: string, key: string): void {
    const def = this.names.defined.get(key);
    if (!def) return this.unknown(path, key, "名称", "the name");
    if (def.category === "text")
      this.c.fail(
        path,
        `“${key}”是文本输入，不能参与计算`,
        `"${key}" is a text input: it cannot be computed with`
      );
    else if (def.input && !NUMERIC.includes(def.input.kind))
      this.c.fail(
        path,
        `“${key}”不是数值输入（${def.input.kind}）`,
        `"${key}" is not a numeric input (${def.input.kind})`
      );
  }

  /** An input of one of these kinds. */
  input(path: string, key: string, kinds: readonly InputKind[]): InputDef | undefined {
    const def = this.names.defined.get(key);
    if (!def) return void this.unknown(path, key, "输入", "the input");
    if (def.category !== "input" || !def.input || !kinds.includes(def.input.kind)) {
      const is = def.category === "input" ? (def.input?.kind ?? "") : def.category;
      this.c.fail(
        path,
        `“${key}”应为 ${kinds.join(" / ")} 类输入，现为 ${is}`,
        `"${key}" must be an input of kind ${kinds.join(" / ")}, not ${is}`
      );
      return undefined;
    }
    return def.input;
  }

  /** A text input; `required`: one with a requiredWhen (a deduction's reason must be asked for). */
  text(path: string, key: string, required = false): void {
    const def = this.names.defined.get(key);
    if (!def) return this.unknown(path, key, "文本输入", "the text input");
    if (def.category !== "text")
      return this.c.fail(
        path,
        `“${key}”应为文本输入（texts 中定义）`,
        `"${key}" must be a text input (defined in texts)`
      );
    if (required && !def.text?.requiredWhen)
      this.c.fail(
        path,
        `扣分原因“${key}”应在 texts 中写明 requiredWhen（如 "扣分输入<>0"），否则没写原因的扣分不会被发现`,
        `the reason "${key}" needs a requiredWhen in texts (e.g. "deduction<>0"), or a deduction without a reason would go unnoticed`
      );
  }

  formula(path: string, e: Expr): void {
    for (const key of refsOf(e)) this.value(path, key);
  }

  indicator(path: string, id: string): void {
    if (this.names.indicators.has(id) || this.names.declared.has(id)) return;
    const guess = closest(id, this.names.indicators);
    this.c.fail(
      path,
      `指标“${id}”未定义${guess ? `，是否应为“${guess}”？` : ""}`,
      `the indicator "${id}" is not defined${guess ? `; did you mean "${guess}"?` : ""}`
    );
  }

  rule(path: string, rule: Rule, indicator: IndicatorDef, topLevel: boolean): void {
    const c = this.c;
    const p = (k: string) => at(path, k);
    const overMax = (where: string, points: number) => {
      if (topLevel && points > indicator.max)
        c.fail(
          where,
          `${points} 分超过本项满分 ${indicator.max}`,
          `gives ${plural(points, "point")}, more than the indicator's max ${indicator.max}`
        );
    };
    switch (rule.kind) {
      case "checklist": {
        const total = rule.items.reduce((s, item) => s + item.weight, 0);
        if (topLevel && Math.abs(total - indicator.max) > 1e-9)
          c.fail(
            p("items"),
            `各项分值之和 ${Number(total.toPrecision(12))} 与本项满分 ${indicator.max} 不符`,
            `the items' weights add up to ${Number(total.toPrecision(12))}, not the indicator's max ${indicator.max}`
          );
        return;
      }
      case "deduction":
        this.input(p("count"), rule.count, ["count", "score"]);
        return;
      case "ratio":
        this.value(p("metric"), rule.metric);
        if (rule.denominator) this.value(p("denominator"), rule.denominator);
        return;
      case "bands":
        this.value(p("metric"), rule.metric);
        rule.bands.forEach((b, i) => overMax(at(at(p("bands"), i), "points"), b.points));
        overMax(p("otherwise"), rule.otherwise);
        return;
      case "overLimit":
        this.value(p("metric"), rule.metric);
        return;
      case "quarterly":
        rule.ratios.forEach((r, i) => this.value(at(p("ratios"), i), r));
        this.value(p("average"), rule.average);
        return;
      case "entered": {
        const def = this.input(p("input"), rule.input, ["score"]);
        if (def && topLevel && def.max !== indicator.max)
          c.fail(
            p("input"),
            `输入“${rule.input}”的满分 ${def.max} 与本项满分 ${indicator.max} 不一致`,
            `the input "${rule.input}" has max ${def.max}, the indicator ${indicator.max}`
          );
        return;
      }
      case "deducted": {
        this.input(p("deduction"), rule.deduction, ["score"]);
        if (rule.reason) this.text(p("reason"), rule.reason, true);
        if (rule.score) {
          const def = this.input(p("score"), rule.score, ["score"]);
          if (def && def.max !== indicator.max)
            c.fail(
              p("score"),
              `输入“${rule.score}”的满分 ${def.max} 与本项满分 ${indicator.max} 不一致`,
              `the input "${rule.score}" has max ${def.max}, the indicator ${indicator.max}`
            );
        }
        return;
      }
      case "yesNo":
        this.input(p("input"), rule.input, ["yesno"]);
        overMax(p("points"), rule.points);
        return;
      case "tier": {
        const def = this.input(p("input"), rule.input, ["tier"]);
        const tiers = new Set((def?.tiers ?? []).map((t) => t.value));
        if (def)
          for (const tier of Object.keys(rule.points))
            if (!tiers.has(tier))
              c.fail(
                at(p("points"), tier),
                `“${tier}”不是输入“${rule.input}”的档次（${[...tiers].join(" / ")}）`,
                `"${tier}" is not a tier of "${rule.input}" (${[...tiers].join(" / ")})`
              );
        return;
      }
      case "sum":
        rule.parts.forEach((part, i) =>
          this.rule(at(at(p("parts"), i), "rule"), part.rule, indicator, false)
        );
        if (rule.gate) this.input(at(p("gate"), "input"), rule.gate.input, ["yesno"]);
        return;
    }
  }
}

/** The first cycle among the metrics' dependencies, as a path of keys, with the index of the metric it starts at. */
function metricCycle(parts: Parts): { index: number; cycle: string[] } | undefined {
  const exprs = new Map<string, Expr>();
  parts.metrics.forEach((m) => m && exprs.set(m.key, m.expr));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === "done") return undefined;
    if (state.get(key) === "visiting") return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, "visiting");
    stack.push(key);
    for (const dep of refsOf(exprs.get(key) as Expr)) {
      if (!exprs.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(key, "done");
    return undefined;
  };
  for (const m of parts.metrics) {
    const cycle = m && visit(m.key);
    if (cycle) return { index: parts.metrics.findIndex((x) => x?.key === cycle[0]), cycle };
  }
  return undefined;
}

type SheetNameKind = "indicator" | "input" | "text" | "feed";

const KIND_WORDS: Record<SheetNameKind, { zh: string; en: string }> = {
  indicator: { zh: "指标", en: "indicators" },
  input: { zh: "输入", en: "inputs" },
  text: { zh: "文本输入", en: "text inputs" },
  feed: { zh: "计分项", en: "table feeds" },
};

/**
 * A sheet's name matches one element, never two: two different elements of one kind may not answer to the same name
 * once folded (white space, punctuation, full-width forms, numbering and notes set aside, see names.ts) — a name or
 * an alias equal to another's. Reported where the second stands, naming the first.
 */
function checkSheetNames(c: Checker, parts: Parts): void {
  const seen = new Map<string, { element: string; path: string; text: string }>();
  const answer = (kind: SheetNameKind, element: string, path: string, text: string) => {
    const folded = foldName(text);
    if (!folded) return;
    const key = `${kind}:${folded}`;
    const first = seen.get(key);
    if (!first) return void seen.set(key, { element, path, text });
    if (first.element === element) return;
    const words = KIND_WORDS[kind];
    c.fail(
      path,
      `“${text}”与 ${first.path} 的“${first.text}”是同一名称（不计空白、标点、编号和括注），表中写这个名称时无法判断是哪一个${words.zh}`,
      `"${text}" is the same name as "${first.text}" at ${first.path} (white space, punctuation, numbering and notes aside): a sheet using it could not tell the two ${words.en} apart`
    );
  };
  const aliases = (kind: SheetNameKind, element: string, path: string, list?: string[]) =>
    list?.forEach((alias, n) => answer(kind, element, at(at(path, "aliases"), n), alias));
  parts.inputs.forEach((d, i) => {
    if (!d) return;
    const path = at("inputs", i);
    answer("input", `${i}`, at(path, "label"), d.label.zh);
    aliases("input", `${i}`, path, d.aliases);
  });
  parts.texts.forEach((d, i) => {
    if (!d) return;
    const path = at("texts", i);
    answer("text", `${i}`, at(path, "label"), d.label.zh);
    aliases("text", `${i}`, path, d.aliases);
  });
  parts.indicators.forEach((d, i) => {
    if (!d) return;
    const path = at("indicators", i);
    answer("indicator", `${i}`, at(path, "name"), d.name.zh);
    aliases("indicator", `${i}`, path, d.aliases);
  });
  parts.indicatorTable.forEach((d, i) => {
    if (!d) return;
    const path = at("indicatorTable", i);
    d.groups?.forEach((group, n) => answer("feed", `${i}`, at(at(path, "groups"), n), group));
    aliases("feed", `${i}`, path, d.aliases);
  });
}

/** Checks every reference of the file; issues are recorded on the checker. */
export function checkReferences(
  c: Checker,
  parts: Parts,
  declared: Set<string>,
  declaredIndicators: Set<string>
): void {
  const names = collectNames(c, parts, declared);
  checkSheetNames(c, parts);
  declaredIndicators.forEach((id) => names.indicators.add(id));
  const refs = new References(c, names);
  parts.inputs.forEach((d, i) => {
    if (!d?.fallback) return;
    const path = at(at("inputs", i), "fallback");
    if (refsOf(d.fallback).includes(d.key))
      c.fail(
        path,
        `备用公式不能引用输入自身“${d.key}”`,
        `the fallback cannot use the input itself ("${d.key}")`
      );
    else refs.formula(path, d.fallback);
  });
  parts.texts.forEach(
    (d, i) => d?.requiredWhen && refs.formula(at(at("texts", i), "requiredWhen"), d.requiredWhen)
  );
  parts.metrics.forEach((d, i) => d && refs.formula(at(at("metrics", i), "expr"), d.expr));
  const cycle = metricCycle(parts);
  if (cycle)
    c.fail(
      at(at("metrics", cycle.index), "expr"),
      `指标公式循环引用：${cycle.cycle.join(" → ")}`,
      `the metrics depend on themselves: ${cycle.cycle.join(" → ")}`
    );
  parts.indicators.forEach(
    (ind, i) => ind && refs.rule(at(at("indicators", i), "rule"), ind.rule, ind, true)
  );
  parts.thresholds.forEach((t, i) => {
    if (!t) return;
    refs.value(at(at("thresholds", i), "metric"), t.metric);
    refs.indicator(at(at("thresholds", i), "indicator"), t.indicator);
  });
  const fed = new Map<string, number>();
  parts.indicatorTable.forEach((feed, i) => {
    if (!feed) return;
    const path = at("indicatorTable", i);
    const def = refs.input(at(path, "input"), feed.input, ["score"]);
    if (def && def.max !== feed.max)
      c.fail(
        at(path, "max"),
        `与输入“${feed.input}”的满分 ${def.max} 不一致`,
        `differs from the max of the input "${feed.input}" (${def.max})`
      );
    if (fed.has(feed.input))
      c.fail(
        at(path, "input"),
        `输入“${feed.input}”已由 indicatorTable[${fed.get(feed.input)}] 计分`,
        `the input "${feed.input}" is already fed by indicatorTable[${fed.get(feed.input)}]`
      );
    fed.set(feed.input, i);
    if (!feed.groups && i < parts.indicatorTable.length - 1)
      c.fail(
        path,
        "没有 groups 的计分项接收所有行，只能放在最后（否则其后的计分项得不到任何行）",
        "a feed without groups takes every row: it must come last"
      );
    // Only when every indicator could be read: one with a mistake of its own may be the one reading the input.
    const allRead = parts.indicators.every((ind) => ind !== undefined);
    if (def && allRead && !parts.indicators.some((ind) => ind && readsInput(ind.rule, feed.input)))
      c.fail(
        at(path, "input"),
        `没有指标读取输入“${feed.input}”，绩效指标表的得分将无处计入`,
        `no indicator reads the input "${feed.input}": the table's score would count nowhere`
      );
  });
}

/** Whether a rule reads the input (as an entered score, or a deducted rule's score). */
function readsInput(rule: Rule, key: string): boolean {
  switch (rule.kind) {
    case "entered":
      return rule.input === key;
    case "deducted":
      return rule.score === key;
    case "sum":
      return rule.parts.some((p) => readsInput(p.rule, key));
    default:
      return false;
  }
}
