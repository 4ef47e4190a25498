/**
 * The names a department's sheet gives the framework's indicators, inputs and table groups, compared as a reader
 * compares them: after folding white space and line breaks (`预算编制\n合理性`), punctuation, full-width forms,
 * numbering (`1.`, `（一）`, `一、`) and parenthesised notes (`预算执行率（6分）`, `公众（服务对象）满意度`). Each
 * framework element may list `aliases`; a name matches one element or is reported, never guessed.
 */
import type { Framework, Localized } from "./types";

/** Parenthesised notes, any bracket kind, once NFKC has made them ASCII (（6分） → (6分)). */
const NOTES = /\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|〔[^〔〕]*〕/g;
/**
 * Leading numbering: 1. 1、 1) 1.2 1.2. 一、 第一项 第一部分 … (（一）, (1) and ⑴ are notes). A bare number is not
 * numbering: "12 月末累计支出进度" keeps its 12.
 */
const NUMBERING =
  /^(?:\d{1,2}(?:\.\d{1,2})*[.、)]|\d{1,2}(?:\.\d{1,2})+|[一二三四五六七八九十]{1,3}[、.]|第[一二三四五六七八九十\d]{1,3}(?:项|条|部分))(?=[^\d.%])/;
/** Leading circled numbers (① ❶ ➀ ⓫), which NFKC would make a bare digit (① → 1). */
const CIRCLED = /^[\u2460-\u2473\u24eb-\u24ff\u2776-\u2793]+/;
/** Punctuation and symbols that only separate words. */
const PUNCTUATION = /[\s、，,。.：:；;“”"'‘’`·•・\-—–_/\\|!?？！~～*＊#]/g;

/** Applies `step` until the text no longer changes (notes nested at any depth, numbering like 1.一、). */
function repeat(s: string, step: (s: string) => string): string {
  for (let before = ""; before !== s;) {
    before = s;
    s = step(s);
  }
  return s;
}

function foldOnce(value: string): string {
  let s = value.replace(/\s+/g, "").replace(CIRCLED, "");
  s = s.normalize("NFKC").replace(/\s+/g, "");
  s = repeat(s, (x) => x.replace(NOTES, ""));
  s = repeat(s, (x) => x.replace(NUMBERING, ""));
  return s.replace(PUNCTUATION, "").toLowerCase();
}

/**
 * Names folded before: a sheet's labels and a framework's names are folded again and again (each framework's
 * index, each reading of a table); a long audit clears the list now and then.
 */
const foldedNames = new Map<string, string>();
const FOLDED_KEPT = 20_000;
/** Longer texts (a paragraph, not a name) are folded each time, not kept. */
const NAME_LENGTH = 200;

/**
 * A name as the reader compares it: "1. 预算执行率（6分）" → "预算执行率"; "" for a value that is not text. Folding
 * a folded name changes nothing: it is repeated until the text is stable (removing "-" from "-1)预算" exposes "1)").
 */
export function foldName(value: unknown): string {
  if (typeof value !== "string") return "";
  if (value.length > NAME_LENGTH) return foldAll(value);
  const known = foldedNames.get(value);
  if (known !== undefined) return known;
  if (foldedNames.size >= FOLDED_KEPT) foldedNames.clear();
  const name = foldAll(value);
  foldedNames.set(value, name);
  return name;
}

function foldAll(value: string): string {
  let s = value;
  // Each round only removes characters (or normalizes, once); the bound is a guard, never reached in practice.
  for (let round = 0; round < 8; round++) {
    const next = foldOnce(s);
    if (next === s) break;
    s = next;
  }
  return s;
}

export type NamedKind = "indicator" | "input" | "text" | "feed";

/** One thing a sheet may name: an indicator, an input, a free text, or a 绩效指标 table feed's group. */
export interface NamedElement {
  kind: NamedKind;
  /** The indicator's id, the input's or text's key, or the feed's input. */
  id: string;
  /** The framework's own name, as shown in messages. */
  name: string;
  /** Every name it answers to, folded. */
  folded: string[];
}

export type NameMatch =
  | { kind: "match"; element: NamedElement }
  | { kind: "ambiguous"; elements: NamedElement[] }
  | { kind: "none"; nearest?: NamedElement };

export interface NameIndex {
  elements: NamedElement[];
  /** Folded name → the elements answering to it. */
  byName: Map<string, NamedElement[]>;
}

/** An element answering to `names` (its own name first, then its aliases), shown as `name`. */
function element(
  kind: NamedKind,
  id: string,
  name: string,
  names: readonly string[]
): NamedElement {
  const folded = [...new Set(names.map(foldName).filter((s) => s.length > 0))];
  return { kind, id, name, folded };
}

/**
 * What of a framework a sheet may name: a Framework, or a preset's file as it is (its names are the framework's,
 * word for word; frameworks.detect.test.ts holds them equal), so that telling a sheet's framework need not load them all.
 */
export interface FrameworkNames {
  name: Localized;
  indicators: readonly {
    id: string;
    name: Localized;
    level1: Localized;
    level2: Localized;
    aliases?: readonly string[];
  }[];
  inputs: readonly { key: string; label: Localized; aliases?: readonly string[] }[];
  texts?: readonly { key: string; label: Localized; aliases?: readonly string[] }[];
  indicatorTable?: readonly {
    input: string;
    groups?: readonly string[];
    aliases?: readonly string[];
  }[];
}

/** Everything a framework lets a sheet name, with its aliases. */
export function nameIndex(framework: FrameworkNames | Framework): NameIndex {
  const elements: NamedElement[] = [
    ...framework.indicators.map((i) =>
      element("indicator", i.id, i.name.zh, [i.name.zh, ...(i.aliases ?? [])])
    ),
    ...framework.inputs.map((i) =>
      element("input", i.key, i.label.zh, [i.label.zh, ...(i.aliases ?? [])])
    ),
    ...(framework.texts ?? []).map((t) =>
      element("text", t.key, t.label.zh, [t.label.zh, ...(t.aliases ?? [])])
    ),
    // A feed answers to its groups and aliases only, never to its input's key.
    ...(framework.indicatorTable ?? []).flatMap((f) => {
      const names = [...(f.groups ?? []), ...(f.aliases ?? [])];
      return names.length ? [element("feed", f.input, names[0], names)] : [];
    }),
  ];
  const byName = new Map<string, NamedElement[]>();
  for (const e of elements)
    for (const name of e.folded) byName.set(name, [...(byName.get(name) ?? []), e]);
  return { elements, byName };
}

/** Levenshtein distance: the nearest element of a name that matches none, a "did you mean" in a framework file. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length];
}

/** The element of `kinds` nearest to a folded name (for the message; never used as a match). */
export function nearestElement(
  index: NameIndex,
  folded: string,
  kinds: NamedKind[]
): NamedElement | undefined {
  let best: { e: NamedElement; d: number } | undefined;
  for (const e of index.elements) {
    if (!kinds.includes(e.kind)) continue;
    for (const name of e.folded) {
      const d = editDistance(folded, name) / Math.max(folded.length, name.length);
      if (!best || d < best.d) best = { e, d };
    }
  }
  return best && best.d < 0.75 ? best.e : undefined;
}

/** What a name on a sheet stands for, among elements of the given kinds. */
export function matchName(index: NameIndex, name: unknown, kinds: NamedKind[]): NameMatch {
  const folded = foldName(name);
  if (!folded) return { kind: "none" };
  const found = (index.byName.get(folded) ?? []).filter((e) => kinds.includes(e.kind));
  const distinct = [...new Map(found.map((e) => [`${e.kind}:${e.id}`, e])).values()];
  if (distinct.length === 1) return { kind: "match", element: distinct[0] };
  if (distinct.length > 1) return { kind: "ambiguous", elements: distinct };
  const nearest = nearestElement(index, folded, kinds);
  return nearest ? { kind: "none", nearest } : { kind: "none" };
}
