/** A framework file's `report`: the 自评报告's outline (see reportOutline.ts), checked field by field. */
import {
  REPORT_PART_KINDS,
  type ReportOutline,
  type ReportPart,
  type ReportSection,
} from "../../reportOutline";
import type { Localized } from "../../types";
import { at, closest, type Checker } from "./checker";
import { complete, withOptional } from "./rule";

/** The words a title or a fixed text may carry, replaced from the workbook. */
const FIELDS_IN_TEXT = ["department", "year"];

/** Sections (一、) and subsections (（一）): an official report goes no deeper. */
const DEPTH = 2;

/** The names a `figures` part may state: the file's inputs, texts and metrics, and checklist items. */
export interface ReportNames {
  declared: Set<string>;
  /** `<indicatorId>_<n>` of the checklist indicators. */
  checklistItems: Set<string>;
}

/** A localized text whose {…} are only {department} and {year}. */
function textWithFields(c: Checker, path: string, v: unknown): Localized | undefined {
  const text = c.localized(path, v);
  if (!text) return undefined;
  for (const [lang, value] of [
    ["zh", text.zh],
    ["en", text.en],
  ] as const) {
    // Not matchAll: the ribbon's bundle runs on webviews without it (test/build.webviews).
    const braces = /\{([^{}]*)\}/g;
    for (let m = braces.exec(value); m; m = braces.exec(value)) {
      if (FIELDS_IN_TEXT.includes(m[1])) continue;
      return c.fail(
        typeof v === "string" ? path : at(path, lang),
        `“{${m[1]}}”不是可替换的内容（只能用 {department} 部门名称、{year} 年度）`,
        `"{${m[1]}}" is not a field that can be filled in (only {department} and {year})`
      );
    }
  }
  return text;
}

function readFigures(
  c: Checker,
  path: string,
  v: unknown,
  names: ReportNames
): string[] | undefined {
  return c.list(
    path,
    v,
    (p, x) => {
      const key = c.string(p, x);
      if (key === undefined || names.declared.has(key) || names.checklistItems.has(key)) return key;
      const guess = closest(key, [...names.declared, ...names.checklistItems]);
      return c.fail(
        p,
        `未知的名称“${key}”${guess ? `，是否应为“${guess}”？` : "（应为本框架的输入、文字或指标名称）"}`,
        `unknown name "${key}"${guess ? `; did you mean "${guess}"?` : " (an input, text or metric of this framework)"}`
      );
    },
    true
  );
}

function readPart(
  c: Checker,
  path: string,
  v: unknown,
  names: ReportNames
): ReportPart | undefined {
  const o = c.record(path, v);
  if (!o) return undefined;
  const kind = c.oneOf(at(path, "kind"), o.kind, REPORT_PART_KINDS);
  if (!kind) return undefined;
  const extra = { figures: "figures", placeholder: "ask", text: "text" } as Record<string, string>;
  const fields = c.object(path, v, { required: ["kind", ...(extra[kind] ? [extra[kind]] : [])] });
  if (!fields) return undefined;
  switch (kind) {
    case "figures": {
      const figures =
        o.figures === undefined ? undefined : readFigures(c, at(path, "figures"), o.figures, names);
      return figures && { kind, figures };
    }
    case "placeholder": {
      // A missing field is said once, by `object`.
      const ask = o.ask === undefined ? undefined : c.localized(at(path, "ask"), o.ask);
      return ask && { kind, ask };
    }
    case "text": {
      const text = o.text === undefined ? undefined : textWithFields(c, at(path, "text"), o.text);
      return text && { kind, text };
    }
    default:
      return { kind };
  }
}

function readSection(
  c: Checker,
  path: string,
  v: unknown,
  names: ReportNames,
  depth: number
): ReportSection | undefined {
  const o = c.object(path, v, { required: ["title"], optional: ["content", "sections"] });
  if (!o) return undefined;
  if (o.content === undefined && o.sections === undefined)
    return c.fail(
      path,
      "此节既无 content 也无 sections：请写明用什么填写它",
      "this section has neither content nor sections: say what fills it"
    );
  if (o.sections !== undefined && depth >= DEPTH)
    return c.fail(
      at(path, "sections"),
      "报告只分两级标题（一、 与 （一）），小节下不能再分节",
      "a report has two levels of headings (一、 and （一）): a subsection has no sections"
    );
  const base = complete({
    title: o.title === undefined ? undefined : textWithFields(c, at(path, "title"), o.title),
  });
  const content =
    o.content === undefined
      ? undefined
      : (c.list(at(path, "content"), o.content, (p, x) => readPart(c, p, x, names), true) ?? null);
  const sections =
    o.sections === undefined
      ? undefined
      : (c.list(
          at(path, "sections"),
          o.sections,
          (p, x) => readSection(c, p, x, names, depth + 1),
          true
        ) ?? null);
  if (!base || content === null || sections === null) return undefined;
  return withOptional(base, { content, sections });
}

/** The `report` field read; undefined when it has a mistake (each recorded with its path). */
export function readReportOutline(
  c: Checker,
  path: string,
  v: unknown,
  names: ReportNames
): ReportOutline | undefined {
  const o = c.object(path, v, { required: ["sections"], optional: ["title"] });
  if (!o) return undefined;
  const title =
    o.title === undefined ? undefined : (textWithFields(c, at(path, "title"), o.title) ?? null);
  const sections = c.list(
    at(path, "sections"),
    o.sections,
    (p, x) => readSection(c, p, x, names, 1),
    true
  );
  if (!sections || title === null) return undefined;
  return withOptional({ sections }, { title });
}
