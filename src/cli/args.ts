import { DEFAULT_FRAMEWORK, PRESETS, frameworkById, loadUserFramework } from "../domain/frameworks";
import { closest } from "../domain/frameworks/load/checker";
import { editDistance } from "../domain/names";
import { plural, say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { parseJson } from "../files/json";
import { FileProblem } from "../files/problem";
import { readTextFile } from "../files/text";
import { CliFailure } from "./io";

/** A parsed command line: the command, its positional arguments and its --options. */
export interface ParsedArgs {
  command?: string;
  positionals: string[];
  options: Record<string, string | true>;
}

/** Options that take a value. */
const VALUE_OPTIONS = new Set([
  "input",
  "framework",
  "lang",
  "sheet-lang",
  "o",
  "output",
  "department",
  "year",
]);
/** Options that are switches. */
const SWITCHES = new Set(["json", "help", "h", "version"]);
/** Another spelling of an option: its canonical name. */
const ALIASES: Record<string, string> = { h: "help", output: "o" };

/** How an option is written on the command line: -o, -h, --input. */
export const optionText = (name: string): string => (name.length === 1 ? `-${name}` : `--${name}`);

/** The options each command takes (besides --help and --lang), and how many workbooks or folders it names. */
export const COMMANDS: Record<string, { options: string[]; positionals: [number, number] }> = {
  score: { options: ["input", "framework", "json"], positionals: [0, 0] },
  template: { options: ["input", "framework", "o", "json", "sheet-lang"], positionals: [0, 0] },
  recompute: { options: ["framework", "o", "json", "sheet-lang"], positionals: [0, 1] },
  restore: { options: ["o"], positionals: [0, 1] },
  audit: { options: ["framework", "o", "json"], positionals: [0, Infinity] },
  report: { options: ["framework", "o", "department", "year"], positionals: [0, 1] },
};

/** A mistake on the command line: said in plain words, exit 2. */
export class UsageError extends Error {}

/**
 * The nearest of `candidates` to a misspelt word: `closest`'s choice, else (for short words, where one swapped
 * pair of letters is already a third of the word: --inptu) one within two edits.
 */
export function suggest(word: string, candidates: string[]): string | undefined {
  const near = closest(word, candidates);
  if (near !== undefined || word.length < 4) return near;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Reads the command line; an unknown option, a missing value or an option given twice is a UsageError. */
export function parseArgs(argv: string[], lang: Lang = "zh"): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: {} };
  const known = [...VALUE_OPTIONS, ...SWITCHES].filter((n) => n !== "h" && n !== "output");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match || arg === "-") {
      if (parsed.command === undefined) parsed.command = arg;
      else parsed.positionals.push(arg);
      continue;
    }
    const [, typed, inline] = match;
    if (!VALUE_OPTIONS.has(typed) && !SWITCHES.has(typed)) {
      const near = suggest(typed.replace(/^-+/, ""), known);
      throw new UsageError(
        near
          ? say(
              lang,
              `未知的选项 ${clipArg(arg)}，是否为 ${optionText(near)}？`,
              `unknown option ${clipArg(arg)}; did you mean ${optionText(near)}?`
            )
          : say(
              lang,
              `未知的选项 ${clipArg(arg)}（运行 selfeval --help 查看可用的选项）`,
              `unknown option ${clipArg(arg)} (run selfeval --help for the options)`
            )
      );
    }
    const name = ALIASES[typed] ?? typed;
    if (name in parsed.options && name !== "help")
      throw new UsageError(
        say(
          lang,
          `选项 ${optionText(typed)} 给了两次，请只给一次`,
          `the option ${optionText(typed)} is given twice; give it once`
        )
      );
    if (VALUE_OPTIONS.has(typed)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "" || /^--?[A-Za-z]/.test(value))
        throw new UsageError(
          say(lang, `${optionText(typed)} 后面缺少取值`, `${optionText(typed)} needs a value`)
        );
      parsed.options[name] = value;
    } else {
      if (inline !== undefined)
        throw new UsageError(
          say(
            lang,
            `选项 ${optionText(typed)} 不带取值（去掉“=${clipArg(inline)}”）`,
            `the option ${optionText(typed)} takes no value (drop "=${clipArg(inline)}")`
          )
        );
      parsed.options[name] = true;
    }
  }
  return parsed;
}

/** A command-line word as a message quotes it: at most 40 characters. */
export function clipArg(arg: string): string {
  const chars = Array.from(arg);
  return chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : arg;
}

/** Options the command does not take and arguments beyond those it uses: a UsageError naming them. */
export function checkCommandArgs(args: ParsedArgs, lang: Lang): void {
  const command = args.command ?? "";
  const spec = COMMANDS[command];
  if (!spec) return;
  for (const name of Object.keys(args.options)) {
    if (name === "help" || name === "lang" || name === "version" || spec.options.includes(name))
      continue;
    throw new UsageError(
      say(
        lang,
        `${command} 不接受选项 ${optionText(name)}（可用：${spec.options.map(optionText).join("、")}）`,
        `${command} takes no ${optionText(name)} (its options: ${spec.options.map(optionText).join(", ")})`
      )
    );
  }
  const [, most] = spec.positionals;
  if (args.positionals.length > most) {
    const extra = args.positionals.slice(most).map(clipArg);
    const list = extra.join(say(lang, "、", ", "));
    throw new UsageError(
      most === 0
        ? say(
            lang,
            `${command} 不需要 ${list} 这样的参数${command === "score" ? "（输入文件请用 --input 给出）" : ""}`,
            `${command} takes no argument such as ${list}${command === "score" ? " (give the input file with --input)" : ""}`
          )
        : say(
            lang,
            `多余的参数 ${list}：${command} 一次只处理一个工作簿（检查多个请用 selfeval audit）`,
            `extra argument ${list}: ${command} works on one workbook at a time (use selfeval audit for many)`
          )
    );
  }
}

/**
 * The language of the words written into the workbook's cells: `--sheet-lang en`, else Chinese — `--lang` changes
 * only what the command prints, never a Chinese workbook's cells (issue 16).
 */
export function sheetLangOption(value: string | true | undefined, lang: Lang): Lang {
  if (value === undefined || value === "zh" || value === "en") return value ?? "zh";
  throw new UsageError(say(lang, "--sheet-lang 只能是 zh 或 en", "--sheet-lang must be zh or en"));
}

/** What `--framework` names: a preset's id, or a framework file (a path ending in .json, or with a / or \). */
export type FrameworkOption = { id: string } | { path: string };

export function frameworkOption(value: string | true | undefined): FrameworkOption {
  if (typeof value !== "string") return { id: DEFAULT_FRAMEWORK };
  return /\.json$/i.test(value) || /[\\/]/.test(value) ? { path: value } : { id: value };
}

const where = (path: string, lang: Lang): string =>
  path === "" ? say(lang, "（整个文件）", "(the file)") : path;

/**
 * The framework `--framework` names, for every command: a preset, or a framework file read and validated. An
 * unknown id, an unreadable file or a file with mistakes is a usage error (exit 2) listing every mistake's path.
 */
export function resolveFramework(
  value: string | true | undefined,
  lang: Lang,
  read: (path: string) => string = (path) =>
    readTextFile(path, { zh: "评分框架文件", en: "framework file" }, lang)
): Framework {
  const option = frameworkOption(value);
  const ids = Object.keys(PRESETS).join(say(lang, "、", ", "));
  if ("id" in option) {
    const framework = frameworkById(option.id);
    if (framework) return framework;
    throw new CliFailure(
      say(
        lang,
        `未知的评分框架“${option.id}”（可用：${ids}；或给出框架文件的路径，如 my-framework.json）`,
        `unknown framework "${option.id}" (available: ${ids}; or give a framework file, e.g. my-framework.json)`
      ),
      2
    );
  }
  let text: string;
  try {
    text = read(option.path);
    // Parsed here first, for a syntax error said in plain words with its line; then loaded and checked.
    parseJson(text, option.path, { zh: "评分框架文件", en: "framework file" }, lang);
  } catch (err) {
    if (err instanceof FileProblem) throw new CliFailure(err.message, 2);
    throw new CliFailure(
      say(
        lang,
        `无法读取评分框架文件 ${option.path}`,
        `cannot read the framework file ${option.path}`
      ),
      2
    );
  }
  const loaded = loadUserFramework(text, lang);
  if (loaded.ok) return loaded.framework;
  const lines = loaded.errors.map(
    (e) => `  ${where(e.path, lang)}${say(lang, "：", ": ")}${e.message}`
  );
  throw new CliFailure(
    say(
      lang,
      `评分框架文件 ${option.path} 有 ${loaded.errors.length} 处错误：\n${lines.join("\n")}`,
      `the framework file ${option.path} has ${plural(loaded.errors.length, "mistake")}:\n${lines.join("\n")}`
    ),
    2
  );
}
