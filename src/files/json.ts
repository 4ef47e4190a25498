/**
 * A JSON file's text parsed, or its syntax error said as a person can act on it: the line and column (found as
 * framework files find them), what is wrong there in Chinese, and the line itself with a mark under the place.
 */
import { errorPosition } from "../domain/frameworks/load/loadFile";
import { displayWidth, say } from "../domain/i18n";
import type { Lang } from "../domain/types";
import { FileProblem } from "./problem";
import type { FileRole } from "./text";

/** What V8's message says, in plain words (the message itself is never shown). */
function whatIsWrong(message: string, lang: Lang): string {
  const cases: [RegExp, string, string][] = [
    [
      /end of JSON input/i,
      "文件在此处意外结束（可能缺少 } 或 ]）",
      "the file ends too early (a } or ] missing?)",
    ],
    [
      /double-quoted property name/i,
      "此处应为带英文双引号的名称（是否多了一个逗号？）",
      "a name in double quotes is expected here (an extra comma?)",
    ],
    [/',' or '}'/i, "此处缺少英文逗号或 }", "a comma or } is missing here"],
    [/',' or ']'/i, "此处缺少英文逗号或 ]", "a comma or ] is missing here"],
    [/':'/i, "名称后应为英文冒号 :", "a colon : must follow the name"],
    [/Unterminated string/i, "文字缺少结尾的英文双引号", "a text lacks its closing double quote"],
    [
      /control character/i,
      "文字中不能直接换行或含控制字符",
      "a text may not hold a line break or control character",
    ],
    [
      /Unexpected non-whitespace character after JSON/i,
      "JSON 已结束，后面还有多余的内容",
      "there is more after the end of the JSON",
    ],
  ];
  for (const [pattern, zh, en] of cases) if (pattern.test(message)) return say(lang, zh, en);
  return say(lang, "此处有无法识别的内容", "something here cannot be read");
}

const FULL_WIDTH = /[“”‘’：，｛｝［］]/;

/** Parses `text`; a syntax error is a FileProblem naming the line and column and showing the line. */
export function parseJson(text: string, path: string, role: FileRole, lang: Lang): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const where = errorPosition(text, message);
    const head = say(
      lang,
      `${role.zh} ${path} 不是有效的 JSON`,
      `the ${role.en} ${path} is not valid JSON`
    );
    if (!where)
      throw new FileProblem(`${head}${say(lang, "：", ": ")}${whatIsWrong(message, lang)}`);
    const line = text.split(/\r?\n/)[where.line - 1] ?? "";
    const hint = FULL_WIDTH.exec(line)
      ? say(
          lang,
          `；这一行有中文标点“${FULL_WIDTH.exec(line)![0]}”，JSON 中须用英文标点`,
          `; this line has the full-width “${FULL_WIDTH.exec(line)![0]}”: JSON needs ASCII punctuation`
        )
      : "";
    // A window of the line around the column: a minified file is one line of any length.
    const chars = Array.from(line.replace(/\t/g, " "));
    const column = Math.min(where.column - 1, chars.length);
    const from = Math.max(0, column - 30);
    const to = Math.min(chars.length, from + 60);
    const shown = `${from > 0 ? "…" : ""}${chars.slice(from, to).join("")}${to < chars.length ? "…" : ""}`;
    const caret = " ".repeat(
      displayWidth((from > 0 ? "…" : "") + chars.slice(from, column).join(""))
    );
    throw new FileProblem(
      say(
        lang,
        `${head}：第 ${where.line} 行第 ${where.column} 列，${whatIsWrong(message, lang)}${hint}：`,
        `${head}: line ${where.line}, column ${where.column}: ${whatIsWrong(message, lang)}${hint}:`
      ) + `\n    ${shown}\n    ${caret}^`
    );
  }
}
