/**
 * The commands that work on .xlsx files: template, recompute, restore. Each reads with the ExcelJS host, lets
 * the workbook logic plan the writes, and writes a copy — never the input file.
 */
import { existsSync, mkdirSync } from "fs";
import { dirname, resolve } from "path";
import ExcelJS from "exceljs";
import { say } from "../domain/i18n";
import type { Framework, Lang, Report } from "../domain/types";
import { applyPlan, readWorkbook, snapshotOf, writeWorkbook } from "../hosts/xlsx";
import { readBackup, restorePlan } from "../workbook/backup";
import {
  recompute,
  recomputeWorkbook,
  RecomputeFailure,
  type RecomputeResult,
} from "../workbook/recompute";
import { templatePlan } from "../workbook/template";
import type { WritePlan } from "../workbook/writePlan";
import { CliFailure, type CliIO } from "./io";
import { readInputFile, reportJson } from "./score";
import { renderReport } from "./textReport";

/** Refuses to write over the file being read. */
function checkOutput(input: string | undefined, output: string | undefined, lang: Lang): string {
  if (!output)
    throw new CliFailure(
      say(
        lang,
        "请用 -o 指定输出文件（输入文件不会被改动）",
        "give the output file with -o (the input is never changed)"
      ),
      2
    );
  if (input && resolve(input) === resolve(output)) {
    throw new CliFailure(
      say(
        lang,
        "输出文件不能与输入文件相同：selfeval 从不改动输入文件",
        "the output must differ from the input: selfeval never changes its input"
      ),
      2
    );
  }
  return output;
}

export async function openWorkbook(path: string, lang: Lang) {
  if (!existsSync(path))
    throw new CliFailure(say(lang, `找不到文件 ${path}`, `no such file: ${path}`), 2);
  try {
    return await readWorkbook(path);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CliFailure(
      say(
        lang,
        `无法读取 ${path}（不是有效的 .xlsx 工作簿：${detail}）`,
        `cannot read ${path} (not a valid .xlsx workbook: ${detail})`
      ),
      2
    );
  }
}

/** The input workbook of `recompute` / `restore` and where the copy goes; usage errors in plain words. */
async function openForCommand(
  command: "recompute" | "restore",
  input: string | undefined,
  output: string | undefined,
  lang: Lang
) {
  if (!input) {
    const usage = `selfeval ${command} in.xlsx -o out.xlsx`;
    throw new CliFailure(
      say(lang, `${command} 需要一个输入工作簿：${usage}`, `${command} needs a workbook: ${usage}`),
      2
    );
  }
  const out = checkOutput(input, output, lang);
  return { out, ...(await openWorkbook(input, lang)) };
}

async function save(workbook: ExcelJS.Workbook, path: string, lang: Lang): Promise<void> {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    await writeWorkbook(workbook, path);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CliFailure(
      say(lang, `无法写入 ${path}：${detail}`, `cannot write ${path}: ${detail}`),
      2
    );
  }
}

/**
 * Runs Recompute on a snapshot under the framework chosen (else the workbook's own), turning a failure the user
 * can act on ("no score sheet", a framework other than the saved one) into a plain one.
 */
export function recomputeOrFail(
  snapshot: Parameters<typeof recompute>[0],
  chosen: Framework | undefined,
  lang: Lang,
  backup = true
): ReturnType<typeof recomputeWorkbook> {
  try {
    return recomputeWorkbook(snapshot, chosen, { lang, backup });
  } catch (err) {
    if (err instanceof RecomputeFailure) throw new CliFailure(err.message, 2);
    throw err;
  }
}

function printReport(
  result: RecomputeResult,
  framework: Framework,
  json: boolean,
  lang: Lang,
  io: CliIO
): void {
  io.stdout(json ? reportJson(result.report) : renderReport(result.report, framework, lang));
}

const exitCodeOf = (report: Report) => (report.errors.length ? 1 : 0);

/** `selfeval template [--framework] [--input data.json] -o out.xlsx` */
export async function runTemplate(
  framework: Framework,
  inputPath: string | undefined,
  output: string | undefined,
  json: boolean,
  lang: Lang,
  io: CliIO
): Promise<number> {
  const out = checkOutput(inputPath, output, lang);
  const { inputs, selfScores, indicators } = inputPath
    ? readInputFile(inputPath, lang)
    : { inputs: {}, selfScores: undefined, indicators: undefined };
  const workbook = new ExcelJS.Workbook();
  const plan: WritePlan = templatePlan(framework, inputs, undefined, lang, selfScores, indicators);
  applyPlan(workbook, plan);
  const result = recomputeOrFail(snapshotOf(workbook), framework, lang, false);
  applyPlan(workbook, result.plan);
  await save(workbook, out, lang);
  if (inputPath) printReport(result, framework, json, lang, io);
  else if (!json)
    io.stdout(say(lang, `已写入标准模板 ${out}\n`, `wrote the standard template ${out}\n`));
  else io.stdout(reportJson(result.report));
  if (!json) io.stderr(say(lang, `已写入 ${out}\n`, `wrote ${out}\n`));
  return inputPath ? exitCodeOf(result.report) : 0;
}

/**
 * `selfeval recompute in.xlsx -o out.xlsx [--json] [--framework X]`: under the framework chosen, else the one
 * saved in the workbook, else the one its indicator names tell; says which and why.
 */
export async function runRecompute(
  chosen: Framework | undefined,
  input: string | undefined,
  output: string | undefined,
  json: boolean,
  lang: Lang,
  io: CliIO
): Promise<number> {
  const { out, workbook, snapshot } = await openForCommand("recompute", input, output, lang);
  const result = recomputeOrFail(snapshot, chosen, lang);
  applyPlan(workbook, result.plan);
  await save(workbook, out, lang);
  const { choice } = result;
  if (json)
    io.stdout(
      reportJson({
        ...result.report,
        frameworkChoice: { id: choice.framework.id, how: choice.how, reason: choice.reason },
      })
    );
  else io.stdout(renderReport(result.report, choice.framework, lang));
  if (!json)
    io.stderr(
      say(lang, `评分框架：${choice.reason}\n`, `framework: ${choice.reason}\n`) +
        say(
          lang,
          `已写入 ${out}（改动 ${result.changedCells} 个单元格，可用 selfeval restore 撤销）\n`,
          `wrote ${out} (${result.changedCells} cells changed; selfeval restore undoes it)\n`
        )
    );
  return exitCodeOf(result.report);
}

/** `selfeval restore in.xlsx -o out.xlsx`: puts back what the last recompute changed. */
export async function runRestore(
  input: string | undefined,
  output: string | undefined,
  lang: Lang,
  io: CliIO
): Promise<number> {
  const { out, workbook, snapshot } = await openForCommand("restore", input, output, lang);
  const entries = readBackup(snapshot);
  if (!entries)
    throw new CliFailure(
      say(lang, `${input} 中没有可撤销的计算`, `${input} has no recompute to undo`),
      2
    );
  applyPlan(workbook, restorePlan(snapshot, entries));
  await save(workbook, out, lang);
  const cells = entries.filter((e) => e.kind === "cell").length;
  io.stdout(
    say(lang, `已恢复 ${cells} 个单元格，写入 ${out}\n`, `restored ${cells} cells into ${out}\n`)
  );
  return 0;
}
