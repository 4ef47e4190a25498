/** Reading a rule of a framework file: its kind, then the fields that kind takes (see types.ts `Rule`). */
import type { Band, Condition, Rule, RulePart } from "../../types";
import { at, closest, type Checker } from "./checker";

export const RULE_KINDS = [
  "checklist",
  "deduction",
  "ratio",
  "bands",
  "overLimit",
  "quarterly",
  "entered",
  "deducted",
  "yesNo",
  "tier",
  "sum",
] as const;

export const CONDITION_OPS = ["<", "<=", ">", ">=", "="] as const;

/** A key of an input, text or metric: a name the sheet can define (letters, digits, _). */
export const NAME = {
  re: /^[A-Za-z_][A-Za-z0-9_]*$/,
  zh: " 不是有效的名称（只能用英文字母、数字和 _，且不以数字开头）",
  en: "is not a valid name (letters, digits and _, not starting with a digit)",
};

const FIELDS: Record<(typeof RULE_KINDS)[number], { required: string[]; optional?: string[] }> = {
  checklist: { required: ["items"] },
  deduction: { required: ["count", "per"] },
  ratio: {
    required: ["metric", "weight"],
    optional: ["zeroAbove", "denominator", "ifZeroDenominator"],
  },
  bands: { required: ["metric", "bands", "otherwise"] },
  overLimit: { required: ["metric", "limit", "perPoint", "weight"] },
  quarterly: { required: ["ratios", "average", "perQuarter", "averageWeight"] },
  entered: { required: ["input"] },
  deducted: { required: ["deduction"], optional: ["reason", "score"] },
  yesNo: { required: ["input", "points"] },
  tier: { required: ["input", "points"] },
  sum: { required: ["parts"], optional: ["gate"] },
};

/** The object when every field was read, else undefined (the issues are recorded). */
export const complete = <T extends object>(
  o: T
): { [K in keyof T]: Exclude<T[K], undefined> } | undefined =>
  Object.values(o).some((v) => v === undefined)
    ? undefined
    : (o as { [K in keyof T]: Exclude<T[K], undefined> });

/** Leaves out the optional fields a file does not give. */
export function withOptional<T extends object>(o: T, optional: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function readCondition(c: Checker, path: string, v: unknown): Condition | undefined {
  const o = c.object(path, v, { required: ["op", "value"] });
  if (!o) return undefined;
  return complete({
    op: c.oneOf(at(path, "op"), o.op, CONDITION_OPS),
    value: c.number(at(path, "value"), o.value),
  }) as Condition | undefined;
}

export const readConditions = (c: Checker, path: string, v: unknown): Condition[] | undefined =>
  c.list(path, v, (p, x) => readCondition(c, p, x), true);

function readBand(c: Checker, path: string, v: unknown): Band | undefined {
  const o = c.object(path, v, { required: ["when", "points"] });
  if (!o) return undefined;
  return complete({
    when: readConditions(c, at(path, "when"), o.when),
    points: c.number(at(path, "points"), o.points),
  }) as Band | undefined;
}

export function readRule(c: Checker, path: string, v: unknown): Rule | undefined {
  const head = c.record(path, v);
  if (!head) return undefined;
  if (!("kind" in head))
    return c.fail(
      at(path, "kind"),
      `缺少此字段（规则类型：${RULE_KINDS.join("、")}）`,
      `this field is missing (rule kinds: ${RULE_KINDS.join(", ")})`
    );
  const kind = c.oneOf(at(path, "kind"), head.kind, RULE_KINDS);
  if (!kind) return undefined;
  const o = checkFields(c, path, head, kind);
  const name = (key: string) => c.string(at(path, key), o[key], NAME);
  const optName = (key: string) => (o[key] === undefined ? undefined : name(key));
  const number = (key: string, limits?: Parameters<Checker["number"]>[2]) =>
    c.number(at(path, key), o[key], limits);
  const optNumber = (key: string, limits?: Parameters<Checker["number"]>[2]) =>
    o[key] === undefined ? undefined : number(key, limits);
  switch (kind) {
    case "checklist": {
      const items = c.list(
        at(path, "items"),
        o.items,
        (p, x) => {
          const item = c.object(p, x, { required: ["weight", "text"] });
          if (!item) return undefined;
          return complete({
            weight: c.number(at(p, "weight"), item.weight, { positive: true }),
            text: c.localized(at(p, "text"), item.text),
          }) as { weight: number; text: { zh: string; en: string } } | undefined;
        },
        true
      );
      return complete({ kind, items });
    }
    case "deduction":
      return complete({ kind, count: name("count"), per: number("per", { positive: true }) });
    case "ratio": {
      const base = complete({ kind, metric: name("metric"), weight: number("weight") });
      const optional = {
        zeroAbove: optNumber("zeroAbove"),
        denominator: optName("denominator"),
        ifZeroDenominator: optNumber("ifZeroDenominator"),
      };
      if (o.zeroAbove !== undefined && optional.zeroAbove === undefined) return undefined;
      if (o.denominator !== undefined && optional.denominator === undefined) return undefined;
      if (o.ifZeroDenominator !== undefined && optional.ifZeroDenominator === undefined)
        return undefined;
      return base && withOptional(base, optional);
    }
    case "bands":
      return complete({
        kind,
        metric: name("metric"),
        bands: c.list(at(path, "bands"), o.bands, (p, x) => readBand(c, p, x), true),
        otherwise: number("otherwise"),
      });
    case "overLimit":
      return complete({
        kind,
        metric: name("metric"),
        limit: number("limit"),
        perPoint: number("perPoint", { min: 0 }),
        weight: number("weight"),
      });
    case "quarterly":
      return complete({
        kind,
        ratios: c.list(at(path, "ratios"), o.ratios, (p, x) => c.string(p, x, NAME), true),
        average: name("average"),
        perQuarter: number("perQuarter"),
        averageWeight: number("averageWeight"),
      });
    case "entered":
      return complete({ kind, input: name("input") });
    case "deducted": {
      const base = complete({ kind, deduction: name("deduction") });
      const optional = { reason: optName("reason"), score: optName("score") };
      if (o.reason !== undefined && optional.reason === undefined) return undefined;
      if (o.score !== undefined && optional.score === undefined) return undefined;
      return base && withOptional(base, optional);
    }
    case "yesNo":
      return complete({ kind, input: name("input"), points: number("points") });
    case "tier": {
      const points = c.record(at(path, "points"), o.points);
      if (!points) return complete({ kind, input: name("input"), points: undefined });
      const read: Record<string, number> = {};
      let ok = true;
      for (const [tier, p] of Object.entries(points)) {
        if (tier === "$comment") continue;
        const n = c.number(at(at(path, "points"), tier), p);
        if (n === undefined) ok = false;
        else read[tier] = n;
      }
      if (Object.keys(read).length === 0 && ok)
        c.fail(
          at(path, "points"),
          "至少要给一个档次的分值",
          "give the points of at least one tier"
        );
      return complete({
        kind,
        input: name("input"),
        points: ok && Object.keys(read).length ? read : undefined,
      });
    }
    case "sum": {
      const parts = c.list(
        at(path, "parts"),
        o.parts,
        (p, x): RulePart | undefined => {
          const part = c.object(p, x, { required: ["label", "rule"] });
          if (!part) return undefined;
          return complete({
            label: c.localized(at(p, "label"), part.label),
            rule: readRule(c, at(p, "rule"), part.rule),
          }) as RulePart | undefined;
        },
        true
      );
      const partsOk = Array.isArray(o.parts) && parts?.length === o.parts.length;
      let gate: { input: string; points: number } | undefined;
      if (o.gate !== undefined) {
        const g = c.object(at(path, "gate"), o.gate, { required: ["input", "points"] });
        gate = g
          ? (complete({
              input: c.string(at(at(path, "gate"), "input"), g.input, NAME),
              points: c.number(at(at(path, "gate"), "points"), g.points),
            }) as { input: string; points: number } | undefined)
          : undefined;
        if (!gate) return undefined;
      }
      if (!partsOk) return undefined;
      return withOptional({ kind, parts: parts as RulePart[] }, { gate });
    }
  }
}

/** The rule's fields for its kind: fields of other kinds are reported as unknown here. */
function checkFields(
  c: Checker,
  path: string,
  head: Record<string, unknown>,
  kind: (typeof RULE_KINDS)[number]
): Record<string, unknown> {
  const fields = FIELDS[kind];
  const allowed = ["kind", ...fields.required, ...(fields.optional ?? [])];
  for (const key of Object.keys(head)) {
    if (allowed.includes(key) || key === "$comment") continue;
    const guess = closest(key, allowed);
    c.fail(
      at(path, key),
      `规则类型 ${kind} 没有字段“${key}”${guess ? `，是否应为“${guess}”？` : `（可用：${allowed.join("、")}）`}`,
      `a rule of kind ${kind} has no field "${key}"${guess ? `; did you mean "${guess}"?` : ` (known: ${allowed.join(", ")})`}`
    );
  }
  for (const key of fields.required)
    if (!(key in head))
      c.fail(
        at(path, key),
        `规则类型 ${kind} 需要此字段`,
        `a rule of kind ${kind} needs this field`
      );
  return head;
}
