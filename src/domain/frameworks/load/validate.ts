/** A framework file's JSON value checked and turned into a `Framework`, or every mistake with its path. */
import type { Framework, Lang } from "../../types";
import { Checker, documentOrder, type Issue } from "./checker";
import { checkReferences } from "./references";
import { readShape } from "./shape";

export type { Issue } from "./checker";

export type LoadResult = { ok: true; framework: Framework } | { ok: false; errors: Issue[] };

/** Never throws: a mistake anywhere is an error naming its path (`indicators[3].rule.bands[1]`). */
export function validateFramework(value: unknown, lang: Lang = "zh"): LoadResult {
  const c = new Checker(lang);
  const shape = readShape(c, value);
  checkReferences(c, shape.parts, shape.declared, shape.declaredIndicators);
  if (c.issues.length || !shape.framework) {
    const errors = c.issues.length
      ? inFileOrder(value, c.issues)
      : [{ path: "", message: c.say("评分框架不完整", "the framework is incomplete") }];
    return { ok: false, errors };
  }
  return { ok: true, framework: shape.framework };
}

/** The issues top to bottom, as the file has them (those at one place in the order found). */
function inFileOrder(value: unknown, issues: Issue[]): Issue[] {
  const keyed = issues.map((issue, i) => ({ issue, i, key: documentOrder(value, issue.path) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < Math.min(a.key.length, b.key.length); k++)
      if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
    return a.key.length - b.key.length || a.i - b.i;
  });
  return keyed.map((k) => k.issue);
}
