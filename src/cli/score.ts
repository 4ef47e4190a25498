import { readFileSync } from "fs";
import { say } from "../domain/i18n";
import type { IndicatorRowInput } from "../domain/indicatorTable/scoreTable";
import { scoreFramework } from "../domain/score";
import type { Framework, Lang, Report } from "../domain/types";
import { CliFailure, type CliIO } from "./io";
import { renderReport } from "./textReport";

/** The keys of an input file that are not inputs. */
const NOT_INPUTS = new Set(["selfScores", "selfTotal", "indicators"]);

/** Reads the JSON input file: an object of inputs (keys as in the framework), optional `selfScores`. */
export function readInputFile(
  path: string,
  lang: Lang
): {
  inputs: Record<string, unknown>;
  selfScores?: Record<string, unknown>;
  indicators?: IndicatorRowInput[];
} {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new CliFailure(
      say(lang, `无法读取输入文件 ${path}`, `cannot read the input file ${path}`),
      2
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CliFailure(
      say(
        lang,
        `输入文件 ${path} 不是有效的 JSON：${detail}`,
        `the input file ${path} is not valid JSON: ${detail}`
      ),
      2
    );
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new CliFailure(
      say(
        lang,
        `输入文件 ${path} 应为一个 JSON 对象（键为输入项名称）`,
        `the input file ${path} must hold one JSON object of inputs`
      ),
      2
    );
  }
  const record = data as Record<string, unknown>;
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    if (!key.startsWith("_") && !NOT_INPUTS.has(key)) inputs[key] = value;
  const selfScores =
    record.selfScores && typeof record.selfScores === "object"
      ? (record.selfScores as Record<string, unknown>)
      : undefined;
  const indicators = readIndicatorRows(record.indicators, path, lang);
  return { inputs, selfScores, indicators };
}

/** The `indicators` array of the input (the 绩效指标 table), checked for shape only: its values are read by the engine. */
function readIndicatorRows(
  value: unknown,
  path: string,
  lang: Lang
): IndicatorRowInput[] | undefined {
  if (value === undefined) return undefined;
  const bad = (why: string) =>
    new CliFailure(
      say(lang, `输入文件 ${path} 中的 indicators ${why}`, `in ${path}, indicators ${why}`),
      2
    );
  if (!Array.isArray(value)) throw bad(say(lang, "应为数组", "must be an array"));
  return value.map((row, i) => {
    if (!row || typeof row !== "object" || typeof (row as { name?: unknown }).name !== "string") {
      throw bad(
        say(lang, `第 ${i + 1} 项应为含 name 的对象`, `item ${i + 1} must be an object with a name`)
      );
    }
    return row as IndicatorRowInput;
  });
}

/** The report as printed with --json: what cli.md specifies, plus subtotals and metrics. */
export function reportJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}

/** `selfeval score --input data.json [--framework id] [--json] [--lang en]` */
export function runScore(
  framework: Framework,
  inputPath: string,
  json: boolean,
  lang: Lang,
  io: CliIO
): number {
  const { inputs, selfScores, indicators } = readInputFile(inputPath, lang);
  const report = scoreFramework(framework, inputs, { lang, selfScores, indicators });
  io.stdout(json ? reportJson(report) : renderReport(report, framework, lang));
  return report.errors.length ? 1 : 0;
}
