/** A framework file's text: JSON (with the line and column of a syntax error), then validated. */
import { say } from "../../i18n";
import type { Lang } from "../../types";
import { validateFramework, type LoadResult } from "./validate";

/** Line and column (1-based) of a position in a text. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The position a JSON.parse error names (V8 says "at position 12" or "line 2 column 5"). */
export function errorPosition(
  text: string,
  message: string
): { line: number; column: number } | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineAndColumn(text, Number(pos[1]));
  if (/end of JSON input/i.test(message)) return lineAndColumn(text, text.length);
  return undefined;
}

/** Parses and validates a framework file; never throws. */
export function loadFrameworkFile(text: string, lang: Lang = "zh"): LoadResult {
  const source = text.replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const where = errorPosition(source, detail);
    return {
      ok: false,
      errors: [
        {
          path: "",
          message: where
            ? say(
                lang,
                `不是有效的 JSON：第 ${where.line} 行第 ${where.column} 列附近有语法错误（${detail}）`,
                `not valid JSON: syntax error near line ${where.line}, column ${where.column} (${detail})`
              )
            : say(lang, `不是有效的 JSON（${detail}）`, `not valid JSON (${detail})`),
        },
      ],
    };
  }
  return validateFramework(value, lang);
}
