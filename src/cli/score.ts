import { selfTotalMismatch } from "../domain/selfTotal";
import { localize, plural, say } from "../domain/i18n";
import type { IndicatorRowInput } from "../domain/indicatorTable/scoreTable";
import { frameworkInputs } from "../domain/model";
import { numberOf } from "../domain/parse/number";
import { scoreFramework } from "../domain/score";
import type { Framework, InputError, Lang, Report } from "../domain/types";
import { parseJson } from "../files/json";
import { clip, FileProblem } from "../files/problem";
import { readTextFile } from "../files/text";
import { META_INPUTS } from "../workbook/layout";
import { suggest } from "./args";
import { CliFailure, type CliIO } from "./io";
import { plainReport } from "./plain";
import { renderReport } from "./textReport";

/** The keys of an input file that are not inputs. */
const NOT_INPUTS = new Set(["selfScores", "selfTotal", "indicators"]);
/** The fields of a row of `indicators` (the 绩效指标 table); `note` is the writer's own remark. */
const ROW_FIELDS = [
  "group",
  "name",
  "target",
  "actual",
  "weight",
  "tier",
  "reason",
  "selfScore",
  "note",
];
const INPUT_FILE = { zh: "输入文件", en: "input file" };

/** A key that is a note, not data: `_note`, `$comment`. */
const isNote = (key: string) => key.startsWith("_") || key === "$comment" || key === "$schema";

/**
 * A key that is not one of `known`: its nearest known key when one is close (with its label), else what to do.
 * `what` names the kind of key (输入项, 指标, 字段).
 */
function unknownKey(
  key: string,
  known: Map<string, string | undefined>,
  what: { zh: string; en: string },
  lang: Lang
): string {
  const near = suggest(key, [...known.keys()]);
  const label = near === undefined ? undefined : known.get(near);
  const named = label ? `${near}「${label}」` : near;
  return near !== undefined
    ? say(
        lang,
        `未知的${what.zh} ${clip(key)}，是否为 ${named}？`,
        `unknown ${what.en} ${clip(key)}; did you mean ${near}${label ? ` (${label})` : ""}?`
      )
    : say(
        lang,
        `未知的${what.zh} ${clip(key)}（评分框架中没有这一项，请核对名称）`,
        `unknown ${what.en} ${clip(key)} (the framework has none of that name; check its spelling)`
      );
}

/**
 * Reads the JSON input file strictly: an object of the framework's inputs (its texts and the workbook's 部门名称 /
 * 预算年度 too), optional `selfScores` by indicator id and `indicators` (the 绩效指标 table). A key the framework
 * does not know is an input error (`unknownKeys`, reported with the others: exit 1) named with its nearest known
 * key — a misspelt input would otherwise only show as 未填写, a misspelt `selfScores` drop its finding. A file
 * of the wrong shape is unreadable (exit 2). Notes (`_note`, `$comment`) are allowed anywhere.
 */
export function readInputFile(
  path: string,
  lang: Lang,
  framework: Framework
): {
  inputs: Record<string, unknown>;
  selfScores?: Record<string, unknown>;
  indicators?: IndicatorRowInput[];
  /** The department's own 自评总分, as given. */
  selfTotal?: unknown;
  unknownKeys: InputError[];
} {
  let data: unknown;
  try {
    data = parseJson(readTextFile(path, INPUT_FILE, lang), path, INPUT_FILE, lang);
  } catch (err) {
    if (err instanceof FileProblem) throw new CliFailure(err.message, 2);
    throw err;
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new CliFailure(
      say(
        lang,
        `输入文件 ${path} 应为一个 JSON 对象 {…}（键为输入项名称），现为${Array.isArray(data) ? "数组" : "单个值"}`,
        `the input file ${path} must hold one JSON object {…} of inputs, not ${Array.isArray(data) ? "an array" : "a single value"}`
      ),
      2
    );
  }
  const record = data as Record<string, unknown>;
  const mistakes: string[] = [];
  const unknownKeys: InputError[] = [];
  const knownInputs = new Map<string, string | undefined>([
    ...frameworkInputs(framework).map((d) => [d.key, localize(d.label, lang)] as const),
    ...(framework.texts ?? []).map((d) => [d.key, localize(d.label, lang)] as const),
    ...META_INPUTS.map((d) => [d.key, localize(d.label, lang)] as const),
    ...[...NOT_INPUTS].map((k) => [k, undefined] as const),
  ]);
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (isNote(key) || NOT_INPUTS.has(key)) continue;
    if (!knownInputs.has(key))
      unknownKeys.push({
        input: key,
        message: unknownKey(key, knownInputs, { zh: "输入项", en: "input" }, lang),
      });
    else inputs[key] = value;
  }
  let selfScores: Record<string, unknown> | undefined;
  if (record.selfScores !== undefined && record.selfScores !== null) {
    if (typeof record.selfScores !== "object" || Array.isArray(record.selfScores))
      mistakes.push(
        say(
          lang,
          "selfScores 应为对象 {…}，键为指标 id，值为自评得分",
          "selfScores must be an object {…} of self scores by indicator id"
        )
      );
    else {
      const ids = new Map(framework.indicators.map((i) => [i.id, localize(i.name, lang)] as const));
      selfScores = {};
      for (const [id, score] of Object.entries(record.selfScores as Record<string, unknown>)) {
        if (isNote(id)) continue;
        if (!ids.has(id))
          unknownKeys.push({
            input: `selfScores.${id}`,
            message: say(
              lang,
              `自评得分 selfScores 中${unknownKey(id, ids, { zh: "指标", en: "indicator" }, lang)}`,
              `selfScores: ${unknownKey(id, ids, { zh: "indicator", en: "indicator" }, lang)}`
            ),
          });
        else selfScores[id] = score;
      }
    }
  }
  const indicators = readIndicatorRows(record.indicators, lang, mistakes, unknownKeys);
  if (mistakes.length === 1)
    throw new CliFailure(
      say(lang, `输入文件 ${path}：${mistakes[0]}`, `${path}: ${mistakes[0]}`),
      2
    );
  if (mistakes.length > 1)
    throw new CliFailure(
      say(
        lang,
        `输入文件 ${path} 有 ${mistakes.length} 处错误：\n${mistakes.map((m) => `  ${m}`).join("\n")}`,
        `the input file ${path} has ${plural(mistakes.length, "mistake")}:\n${mistakes.map((m) => `  ${m}`).join("\n")}`
      ),
      2
    );
  const selfTotal = record.selfTotal ?? undefined;
  if (selfTotal !== undefined && numberOf(selfTotal) === undefined)
    unknownKeys.push({
      input: "selfTotal",
      message: say(
        lang,
        `自评总分 selfTotal 应为数字，现为 ${clip(JSON.stringify(selfTotal))}`,
        `selfTotal must be a number, not ${clip(JSON.stringify(selfTotal))}`
      ),
    });
  return {
    inputs,
    selfScores,
    indicators,
    unknownKeys,
    ...(selfTotal !== undefined ? { selfTotal } : {}),
  };
}

/** The `indicators` array of the input (the 绩效指标 table), checked for shape: its values are read by the engine. */
function readIndicatorRows(
  value: unknown,
  lang: Lang,
  mistakes: string[],
  unknownKeys: InputError[]
): IndicatorRowInput[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    mistakes.push(say(lang, "indicators 应为数组 […]", "indicators must be an array […]"));
    return undefined;
  }
  const fields = new Map(ROW_FIELDS.map((f) => [f, undefined] as const));
  return value.map((row, i) => {
    const where = say(lang, `indicators 第 ${i + 1} 项`, `indicators item ${i + 1}`);
    if (
      !row ||
      typeof row !== "object" ||
      Array.isArray(row) ||
      typeof (row as { name?: unknown }).name !== "string"
    ) {
      mistakes.push(
        say(lang, `${where}应为含 name 的对象 {…}`, `${where} must be an object {…} with a name`)
      );
      return row as IndicatorRowInput;
    }
    for (const key of Object.keys(row))
      if (!fields.has(key) && !isNote(key))
        unknownKeys.push({
          input: `indicators[${i}].${key}`,
          message: `${where}${say(lang, "：", ": ")}${unknownKey(key, fields, { zh: "字段", en: "field" }, lang)}`,
        });
    return row as IndicatorRowInput;
  });
}

/** The keys the framework does not know, first among the report's input errors. */
export function withUnknownKeys<R extends Report>(report: R, unknownKeys: InputError[]): R {
  return unknownKeys.length ? { ...report, errors: [...unknownKeys, ...report.errors] } : report;
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
  const { inputs, selfScores, indicators, selfTotal, unknownKeys } = readInputFile(
    inputPath,
    lang,
    framework
  );
  const scored = scoreFramework(framework, inputs, { lang, selfScores, indicators });
  // The department's own 自评总分 when the file gives one, as a workbook's own cell is taken.
  const own = numberOf(selfTotal);
  if (own !== undefined) {
    scored.selfTotal = own;
    const mismatch = selfTotalMismatch(scored, own, lang);
    if (mismatch) scored.breaches.push(mismatch);
  }
  const report = withUnknownKeys(plainReport(scored), unknownKeys);
  io.stdout(json ? reportJson(report) : renderReport(report, framework, lang));
  return report.errors.length ? 1 : 0;
}
