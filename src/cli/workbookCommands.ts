/**
 * The commands that work on .xlsx files: template, recompute, restore. Each reads with the ExcelJS host, lets
 * the workbook logic plan the writes, and writes a copy — never the input file.
 */
import { plural, say } from "../domain/i18n";
import type { Framework, Lang, Report } from "../domain/types";
import { Conversions } from "../files/convert";
import { FileProblem } from "../files/problem";
import {
  openWorkbookFile,
  openWorkbookSnapshot,
  type OpenedSnapshot,
  type OpenedWorkbook,
} from "../files/workbookFile";
import { Workbook } from "../hosts/exceljsParts";
import { applyPlan, snapshotOf } from "../hosts/xlsx";
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
import { checkOutput, saveWorkbook } from "./output";
import { plainReport } from "./plain";
import { readInputFile, reportJson, withUnknownKeys } from "./score";
import { renderReport } from "./textReport";

export { checkOutput } from "./output";

/** A workbook opened (converted when it must be); a file that cannot be used is exit 2, in its plain words. */
async function opening<T>(open: Promise<T>): Promise<T> {
  try {
    return await open;
  } catch (err) {
    if (err instanceof FileProblem) throw new CliFailure(err.message, 2);
    throw err;
  }
}

/** Opens a workbook the command writes a copy of: ExcelJS's model and the snapshot. */
export const openWorkbook = (path: string, lang: Lang, conversions: Conversions) =>
  opening<OpenedWorkbook>(openWorkbookFile(path, lang, conversions));

/** Opens a workbook the command only reads (`report`): its snapshot, read the lean way when it can be. */
export const openWorkbookToRead = (path: string, lang: Lang, conversions: Conversions) =>
  opening<OpenedSnapshot>(openWorkbookSnapshot(path, lang, conversions));

/** The input workbook of `recompute` / `restore` and where the copy goes; usage errors in plain words. */
async function openForCommand(
  command: "recompute" | "restore",
  input: string | undefined,
  output: string | undefined,
  lang: Lang,
  conversions: Conversions
) {
  if (!input) {
    const usage = `selfeval ${command} in.xlsx -o out.xlsx`;
    throw new CliFailure(
      say(lang, `${command} 需要一个输入工作簿：${usage}`, `${command} needs a workbook: ${usage}`),
      2
    );
  }
  const out = checkOutput(output, [input], lang);
  return { out, ...(await openWorkbook(input, lang, conversions)) };
}

/** Runs `work` with the command's conversions, whose temporary folder is removed however it ends. */
async function withConversions<T>(work: (conversions: Conversions) => Promise<T>): Promise<T> {
  const conversions = new Conversions();
  try {
    return await work(conversions);
  } finally {
    conversions.dispose();
  }
}

/** 「原文件是旧版 Excel 工作簿（.xls），已转换」 when the input was converted. */
function convertedNote(opened: OpenedWorkbook, lang: Lang): string[] {
  return opened.convertedFrom
    ? [
        say(
          lang,
          `原文件是${opened.convertedFrom.zh}，已转换为 .xlsx`,
          `converted from ${opened.convertedFrom.en}`
        ),
      ]
    : [];
}

/**
 * Runs Recompute on a snapshot under the framework chosen (else the workbook's own), turning a failure the user
 * can act on ("no score sheet", a framework other than the saved one) into a plain one.
 */
export function recomputeOrFail(
  snapshot: Parameters<typeof recompute>[0],
  chosen: Framework | undefined,
  lang: Lang,
  backup = true,
  sheetLang: Lang = "zh"
): ReturnType<typeof recomputeWorkbook> {
  try {
    return recomputeWorkbook(snapshot, chosen, { lang, sheetLang, backup });
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
  const report = plainReport(result.report);
  io.stdout(json ? reportJson(report) : renderReport(report, framework, lang));
}

const exitCodeOf = (report: Report) => (report.errors.length ? 1 : 0);

/**
 * `selfeval template [--framework] [--input data.json] -o out.xlsx`: the sheets' words in `sheetLang` (Chinese
 * unless `--sheet-lang en`), what is printed in `lang`.
 */
export async function runTemplate(
  framework: Framework,
  inputPath: string | undefined,
  output: string | undefined,
  json: boolean,
  lang: Lang,
  io: CliIO,
  sheetLang: Lang = "zh"
): Promise<number> {
  const out = checkOutput(output, inputPath ? [inputPath] : [], lang);
  const { inputs, selfScores, indicators, selfTotal, unknownKeys } = inputPath
    ? readInputFile(inputPath, lang, framework)
    : {
        inputs: {},
        selfScores: undefined,
        indicators: undefined,
        selfTotal: undefined,
        unknownKeys: [],
      };
  const workbook = new Workbook();
  const plan: WritePlan = templatePlan(
    framework,
    inputs,
    undefined,
    sheetLang,
    selfScores,
    indicators,
    selfTotal
  );
  applyPlan(workbook, plan);
  const recomputed = recomputeOrFail(snapshotOf(workbook), framework, lang, false, sheetLang);
  const result = { ...recomputed, report: withUnknownKeys(recomputed.report, unknownKeys) };
  applyPlan(workbook, result.plan);
  await saveWorkbook(workbook, out, lang);
  // One line says what was written: on stdout for the empty template, on stderr after a report.
  if (inputPath) {
    printReport(result, framework, json, lang, io);
    if (!json) io.stderr(say(lang, `已写入 ${out}\n`, `wrote ${out}\n`));
  } else if (!json)
    io.stdout(say(lang, `已写入标准模板 ${out}\n`, `wrote the standard template ${out}\n`));
  else io.stdout(reportJson(plainReport(result.report)));
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
  io: CliIO,
  sheetLang: Lang = "zh"
): Promise<number> {
  return withConversions(async (conversions) => {
    const opened = await openForCommand("recompute", input, output, lang, conversions);
    const { out, workbook, snapshot } = opened;
    const result = recomputeOrFail(snapshot, chosen, lang, true, sheetLang);
    applyPlan(workbook, result.plan);
    await saveWorkbook(workbook, out, lang);
    const { choice } = result;
    const report = plainReport(result.report);
    if (json)
      io.stdout(
        reportJson({
          ...report,
          frameworkChoice: { id: choice.framework.id, how: choice.how, reason: choice.reason },
        })
      );
    else io.stdout(renderReport(report, choice.framework, lang));
    if (!json) {
      // restore is offered only when there is something to undo: a recompute that changed no cell keeps no backup.
      const changed =
        result.changedCells > 0
          ? say(
              lang,
              `改动 ${result.changedCells} 个原有单元格，可用 selfeval restore 撤销`,
              `${plural(result.changedCells, "cell")} changed; selfeval restore undoes it`
            )
          : say(lang, "原有单元格均未改动", "no existing cell changed");
      const notes = [...convertedNote(opened, lang), changed].join(say(lang, "；", "; "));
      // One line says what was written, and under which framework and why.
      io.stderr(
        say(
          lang,
          `已写入 ${out}（${notes}）；评分框架：${choice.reason}\n`,
          `wrote ${out} (${notes}); framework: ${choice.reason}\n`
        )
      );
    }
    return exitCodeOf(result.report);
  });
}

/** `selfeval restore in.xlsx -o out.xlsx`: puts back what the last recompute changed. */
export async function runRestore(
  input: string | undefined,
  output: string | undefined,
  lang: Lang,
  io: CliIO
): Promise<number> {
  return withConversions(async (conversions) => {
    const { out, workbook, snapshot } = await openForCommand(
      "restore",
      input,
      output,
      lang,
      conversions
    );
    const entries = readBackup(snapshot);
    if (!entries)
      throw new CliFailure(
        say(
          lang,
          `${input} 中没有可撤销的计算（它不是 selfeval recompute 写出的文件，或那次计算没有改动任何原有单元格）`,
          `${input} has no recompute to undo (it was not written by selfeval recompute, or that recompute changed no cell)`
        ),
        2
      );
    applyPlan(workbook, restorePlan(snapshot, entries));
    await saveWorkbook(workbook, out, lang);
    const cells = entries.filter((e) => e.kind === "cell").length;
    io.stdout(
      say(
        lang,
        `已恢复 ${cells} 个单元格，写入 ${out}\n`,
        `restored ${plural(cells, "cell")} into ${out}\n`
      )
    );
    return 0;
  });
}
