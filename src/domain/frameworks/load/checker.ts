/**
 * Reading an untrusted JSON value with its path: every mistake is recorded as an issue naming where it stands in
 * the file (`indicators[3].rule.bands[1].points`) and what is wrong, in plain words; reading goes on, so one pass
 * reports every mistake. Nothing here throws.
 */
import { editDistance as distance } from "../../names";
import type { Expr } from "../../expr";
import { say } from "../../i18n";
import type { Lang, Localized } from "../../types";
import { parseFormula } from "./formula";

export interface Issue {
  /** Where in the file: `indicators[3].rule.bands[1]`; "" for the file as a whole. */
  path: string;
  message: string;
}

/** A path one step down: `indicators[3]`, `rule.bands`; a key that is not a plain word is quoted: `points["a.b"]`. */
export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** The steps of a path `at` built: `points["a.b"][2]` → ["points", "a.b", 2]. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const step = /^(?:\.?([\p{L}_$][\p{L}\p{N}_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/u;
  let rest = path;
  while (rest) {
    const m = step.exec(rest);
    if (!m) break;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    rest = rest.slice(m[0].length);
  }
  return out;
}

/**
 * Where a path stands in the file, as a sort key: each step's place among its siblings (a field's place in its
 * object, an element's index); a step the file does not have (a missing field) comes after its siblings.
 */
export function documentOrder(value: unknown, path: string): number[] {
  const key: number[] = [];
  let node: unknown = value;
  for (const step of pathSegments(path)) {
    if (Array.isArray(node) && typeof step === "number") {
      key.push(step);
      node = node[step];
    } else if (node && typeof node === "object" && !Array.isArray(node)) {
      const keys = Object.keys(node);
      const i = keys.indexOf(String(step));
      key.push(i < 0 ? keys.length : i);
      node = (node as Record<string, unknown>)[String(step)];
    } else key.push(Number.MAX_SAFE_INTEGER);
  }
  return key;
}

/** A value as a message quotes it: "1" for a text, 1 for a number, 数组 / 对象 for the rest. */
export function describe(v: unknown, lang: Lang): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return say(lang, "数组", "an array");
  return say(lang, "对象", "an object");
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The closest of `candidates` to `word` when it is close enough to be a typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))
    ? best
    : undefined;
}

export interface Fields {
  required: string[];
  optional?: string[];
}

export class Checker {
  readonly issues: Issue[] = [];

  constructor(readonly lang: Lang) {}

  say(zh: string, en: string): string {
    return say(this.lang, zh, en);
  }

  fail(path: string, zh: string, en: string): undefined {
    this.issues.push({ path, message: say(this.lang, zh, en) });
    return undefined;
  }

  /** Any object {…}, its fields unchecked. */
  record(path: string, v: unknown): Record<string, unknown> | undefined {
    if (isRecord(v)) return v;
    return this.fail(
      path,
      `应为对象 {…}，现为${describe(v, this.lang)}`,
      `must be an object {…}, not ${describe(v, this.lang)}`
    );
  }

  /** An object with these fields (and `$comment`, a note anywhere); unknown and missing fields are issues. */
  object(path: string, v: unknown, fields: Fields): Record<string, unknown> | undefined {
    if (!isRecord(v))
      return this.fail(
        path,
        `应为对象 {…}，现为${describe(v, this.lang)}`,
        `must be an object {…}, not ${describe(v, this.lang)}`
      );
    const known = [...fields.required, ...(fields.optional ?? [])];
    for (const key of Object.keys(v)) {
      if (known.includes(key) || key === "$comment") continue;
      const guess = closest(key, known);
      this.fail(
        at(path, key),
        `未知的字段“${key}”${guess ? `，是否应为“${guess}”？` : `（可用：${known.join("、")}）`}`,
        `unknown field "${key}"${guess ? `; did you mean "${guess}"?` : ` (known: ${known.join(", ")})`}`
      );
    }
    for (const key of fields.required)
      if (!(key in v)) this.fail(at(path, key), "缺少此字段", "this field is missing");
    return v;
  }

  string(
    path: string,
    v: unknown,
    pattern?: { re: RegExp; zh: string; en: string }
  ): string | undefined {
    if (typeof v !== "string")
      return this.fail(
        path,
        `应为文本，现为${describe(v, this.lang)}`,
        `must be a text, not ${describe(v, this.lang)}`
      );
    if (v.trim() === "") return this.fail(path, "不能为空", "must not be empty");
    if (pattern && !pattern.re.test(v))
      return this.fail(
        path,
        `${describe(v, this.lang)}${pattern.zh}`,
        `${describe(v, this.lang)} ${pattern.en}`
      );
    return v;
  }

  number(
    path: string,
    v: unknown,
    limits: { min?: number; positive?: boolean; integer?: boolean } = {}
  ): number | undefined {
    if (typeof v !== "number" || !Number.isFinite(v))
      return this.fail(
        path,
        `应为数字，现为${describe(v, this.lang)}`,
        `must be a number, not ${describe(v, this.lang)}`
      );
    if (limits.positive && !(v > 0))
      return this.fail(path, `应大于 0，现为 ${v}`, `must be above 0, not ${v}`);
    if (limits.min !== undefined && v < limits.min)
      return this.fail(
        path,
        `不能小于 ${limits.min}，现为 ${v}`,
        `must be at least ${limits.min}, not ${v}`
      );
    if (limits.integer && !Number.isInteger(v))
      return this.fail(path, `应为整数，现为 ${v}`, `must be a whole number, not ${v}`);
    return v;
  }

  array(path: string, v: unknown, nonEmpty = false): unknown[] | undefined {
    if (!Array.isArray(v))
      return this.fail(
        path,
        `应为数组 […]，现为${describe(v, this.lang)}`,
        `must be an array […], not ${describe(v, this.lang)}`
      );
    if (nonEmpty && v.length === 0) return this.fail(path, "不能为空数组", "must not be empty");
    return v;
  }

  /** Each element read by `read`; undefined when any element has a mistake (its issues recorded). */
  list<T>(
    path: string,
    v: unknown,
    read: (p: string, x: unknown) => T | undefined,
    nonEmpty = false
  ): T[] | undefined {
    const items = this.array(path, v, nonEmpty);
    if (!items) return undefined;
    const out = items.map((x, i) => read(at(path, i), x));
    return out.every((x) => x !== undefined) ? (out as T[]) : undefined;
  }

  /** "预算编制" (the same text in both languages) or {"zh": "预算编制", "en": "Budget preparation"}. */
  localized(path: string, v: unknown): Localized | undefined {
    if (typeof v === "string") {
      const zh = this.string(path, v);
      return zh === undefined ? undefined : { zh, en: zh };
    }
    const o = this.object(path, v, { required: ["zh"], optional: ["en"] });
    if (!o) return undefined;
    const zh = this.string(at(path, "zh"), o.zh);
    const en = o.en === undefined ? zh : this.string(at(path, "en"), o.en);
    return zh === undefined || en === undefined ? undefined : { zh, en };
  }

  /** A formula in the sheet's syntax (see formula.ts), parsed to the engine's expression. */
  formula(path: string, v: unknown): Expr | undefined {
    if (typeof v !== "string")
      return this.fail(
        path,
        `应为公式文本（如 "carryOver/budgetTotal"），现为${describe(v, this.lang)}`,
        `must be a formula text (e.g. "carryOver/budgetTotal"), not ${describe(v, this.lang)}`
      );
    const parsed = parseFormula(v, this.lang);
    if (parsed.ok) return parsed.expr;
    const pointer = `${v.slice(0, parsed.at)}⟨${v.slice(parsed.at, parsed.at + 1) || "…"}⟩${v.slice(parsed.at + 1)}`;
    return this.fail(
      path,
      `公式第 ${parsed.at + 1} 个字符处：${parsed.message}（${pointer}）`,
      `formula, character ${parsed.at + 1}: ${parsed.message} (${pointer})`
    );
  }

  /** One of the listed texts. */
  oneOf<T extends string>(path: string, v: unknown, values: readonly T[]): T | undefined {
    if (typeof v === "string" && (values as readonly string[]).includes(v)) return v as T;
    const guess = typeof v === "string" ? closest(v, values) : undefined;
    return this.fail(
      path,
      `应为 ${values.join(" / ")} 之一，现为${describe(v, this.lang)}${guess ? `（是否应为 ${guess}？）` : ""}`,
      `must be one of ${values.join(" / ")}, not ${describe(v, this.lang)}${guess ? ` (did you mean ${guess}?)` : ""}`
    );
  }
}
