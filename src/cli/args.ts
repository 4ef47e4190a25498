import { readFileSync } from "fs";
import { DEFAULT_FRAMEWORK, PRESETS, frameworkById, loadUserFramework } from "../domain/frameworks";
import { say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { CliFailure } from "./io";

/** A parsed command line: the command, its positional arguments and its --options. */
export interface ParsedArgs {
  command?: string;
  positionals: string[];
  options: Record<string, string | true>;
}

/** Options that take a value; every other `--flag` is a switch. */
const VALUE_OPTIONS = new Set(["input", "framework", "lang", "o", "output"]);

export class UsageError extends Error {}

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/.exec(arg);
    if (!match) {
      if (parsed.command === undefined) parsed.command = arg;
      else parsed.positionals.push(arg);
      continue;
    }
    const [, name, inline] = match;
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name}`);
      parsed.options[name] = value;
    } else {
      parsed.options[name] = inline ?? true;
    }
  }
  return parsed;
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
  read: (path: string) => string = (path) => readFileSync(path, "utf8")
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
  } catch {
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
      `the framework file ${option.path} has ${loaded.errors.length} mistake(s):\n${lines.join("\n")}`
    ),
    2
  );
}
