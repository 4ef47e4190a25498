/** A framework file's `tableScoring`: a rule set's name, or an object overriding one field by field. */
import {
  FIELDS,
  INCLUSIVE,
  REVERSE_RULES,
  RULE_SET_NAMES,
  TIER_POSITIONS,
  overlappingTiers,
  resolveTableScoring,
  tierRanges,
  type Inclusive,
  type TableScoringOverrides,
  type TableScoringSpec,
  type TierPosition,
  type TierSpec,
} from "../../indicatorTable/tableScoring";
import { at, describe, type Checker } from "./checker";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A share of the weight: a number ≥ 0. */
function share(c: Checker, path: string, v: unknown): number | undefined {
  return c.number(path, v, { min: 0 });
}

function readTier(c: Checker, path: string, v: unknown): TierSpec | undefined {
  let from: number | undefined;
  let to: number | undefined;
  let inclusive: Inclusive | undefined;
  if (Array.isArray(v)) {
    if (v.length !== 2)
      return c.fail(
        path,
        `应为两个数 [from, to]（占分值的比例，如 [0.6, 0.8]），现有 ${v.length} 个`,
        `must be two numbers [from, to] (shares of the weight, e.g. [0.6, 0.8]), not ${v.length}`
      );
    from = share(c, at(path, 0), v[0]);
    to = share(c, at(path, 1), v[1]);
  } else if (isRecord(v)) {
    const o = c.object(path, v, { required: ["from", "to"], optional: ["inclusive"] });
    if (!o) return undefined;
    from = share(c, at(path, "from"), o.from);
    to = share(c, at(path, "to"), o.to);
    inclusive =
      o.inclusive === undefined
        ? undefined
        : c.oneOf(at(path, "inclusive"), o.inclusive, INCLUSIVE);
    if (o.inclusive !== undefined && inclusive === undefined) return undefined;
  } else
    return c.fail(
      path,
      `应为 [from, to] 或 {"from", "to", "inclusive"}，现为${describe(v, c.lang)}`,
      `must be [from, to] or {"from", "to", "inclusive"}, not ${describe(v, c.lang)}`
    );
  if (from === undefined || to === undefined) return undefined;
  if (!(from < to))
    return c.fail(
      path,
      `区间的下端 ${from} 应小于上端 ${to}`,
      `the range's lower end ${from} must be below its upper end ${to}`
    );
  if (Array.isArray(v)) return [from, to];
  return inclusive ? { from, to, inclusive } : { from, to };
}

function readTiers(c: Checker, path: string, v: unknown): Record<string, TierSpec> | undefined {
  const o = c.record(path, v);
  if (!o) return undefined;
  const names = Object.keys(o).filter((k) => k !== "$comment");
  if (!names.length) return c.fail(path, "至少要有一个档次", "give at least one tier");
  const out: Record<string, TierSpec> = {};
  let ok = true;
  for (const name of names) {
    if (!name.trim()) {
      ok = false;
      c.fail(at(path, name), "档次名称不能为空", "a tier's name must not be empty");
      continue;
    }
    const tier = readTier(c, at(path, name), o[name]);
    if (tier === undefined) ok = false;
    else out[name] = tier;
  }
  if (!ok) return undefined;
  const overlap = overlappingTiers(tierRanges(out));
  if (overlap)
    return c.fail(
      at(path, overlap[1]),
      `与“${overlap[0]}”的区间重叠：一个得分只能属于一个档次（相邻档次共用的端点只能含在其中一个里）`,
      `overlaps ${overlap[0]}: a score belongs to one tier only (an end two tiers share belongs to one of them)`
    );
  return out;
}

function readTierDefault(
  c: Checker,
  path: string,
  v: unknown,
  tiers: string[]
): TierPosition | Record<string, TierPosition> | undefined {
  if (typeof v === "string") return c.oneOf(path, v, TIER_POSITIONS);
  const o = c.record(path, v);
  if (!o) return undefined;
  const out: Record<string, TierPosition> = {};
  let ok = true;
  for (const [name, x] of Object.entries(o)) {
    if (name === "$comment") continue;
    if (!tiers.includes(name)) {
      ok = false;
      c.fail(
        at(path, name),
        `没有名为“${name}”的档次（档次：${tiers.join("、")}）`,
        `no tier is called "${name}" (tiers: ${tiers.join(", ")})`
      );
      continue;
    }
    const position = c.oneOf(at(path, name), x, TIER_POSITIONS);
    if (position === undefined) ok = false;
    else out[name] = position;
  }
  return ok ? out : undefined;
}

/** Reads `tableScoring`; undefined (with every mistake recorded) when it has one. */
export function readTableScoring(
  c: Checker,
  path: string,
  v: unknown
): TableScoringSpec | undefined {
  if (typeof v === "string") return c.oneOf(path, v, RULE_SET_NAMES);
  if (!isRecord(v))
    return c.fail(
      path,
      `应为规则集名称（${RULE_SET_NAMES.join(" / ")}）或逐项调整的对象 {…}，现为${describe(v, c.lang)}`,
      `must be a rule set's name (${RULE_SET_NAMES.join(" / ")}) or an object overriding its fields, not ${describe(v, c.lang)}`
    );
  const o = c.object(path, v, {
    required: [],
    optional: ["base", ...FIELDS],
  });
  if (!o) return undefined;
  const before = c.issues.length;
  const out: TableScoringOverrides = {};
  if (o.base !== undefined) out.base = c.oneOf(at(path, "base"), o.base, RULE_SET_NAMES);
  if (o.reverse !== undefined) out.reverse = c.oneOf(at(path, "reverse"), o.reverse, REVERSE_RULES);
  if (o.tiers !== undefined) out.tiers = readTiers(c, at(path, "tiers"), o.tiers);
  const tierNames = Object.keys(out.tiers ?? resolveTableScoring(out.base ?? "national").tiers);
  if (o.tierDefault !== undefined)
    out.tierDefault = readTierDefault(c, at(path, "tierDefault"), o.tierDefault, tierNames);
  if (o.overCompletion !== undefined && o.overCompletion !== null) {
    const ratio = c.number(at(path, "overCompletion"), o.overCompletion);
    if (ratio !== undefined && !(ratio > 1))
      c.fail(
        at(path, "overCompletion"),
        `应大于 1（完成率达到此值须说明原因，如 1.3 即 130%），或为 null（不要求）`,
        `must be above 1 (the completion from which a reason is required, 1.3 for 130%), or null (none)`
      );
    else out.overCompletion = ratio;
  } else if (o.overCompletion === null) out.overCompletion = null;
  if (o.cap !== undefined) {
    if (typeof o.cap === "boolean") out.cap = o.cap;
    else
      c.fail(
        at(path, "cap"),
        `应为 true 或 false，现为${describe(o.cap, c.lang)}`,
        `must be true or false, not ${describe(o.cap, c.lang)}`
      );
  }
  if (o.equalTolerance !== undefined) {
    const tolerance = c.number(at(path, "equalTolerance"), o.equalTolerance, { min: 0 });
    if (tolerance !== undefined && !(tolerance < 1))
      c.fail(
        at(path, "equalTolerance"),
        `应小于 1（相对误差，如 0.005 即 0.5%）`,
        `must be below 1 (a relative tolerance, 0.005 for 0.5%)`
      );
    else out.equalTolerance = tolerance;
  }
  return c.issues.length > before ? undefined : out;
}
