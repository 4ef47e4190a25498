import { DEFAULT_FRAMEWORK, FRAMEWORKS } from "../domain/frameworks";
import { say } from "../domain/i18n";
import type { Lang } from "../domain/types";
import { FileProblem } from "../files/problem";
import {
  checkCommandArgs,
  clipArg,
  COMMANDS,
  parseArgs,
  resolveFramework,
  sheetLangOption,
  suggest,
  UsageError,
} from "./args";
import { CliFailure, processIO, type CliIO } from "./io";
import { runScore } from "./score";

// The workbook commands are loaded when run, never at start-up: they bring the workbook library (ExcelJS), which
// `selfeval --help` and `score` do not use (loading it took longer than the rest of a score; bench/README.md).
const workbookCommands = () => import("./workbookCommands");
const auditCommand = () => import("./audit");
const reportCommand = () => import("./report");

const VERSION = "0.1.0";

const optionalString = (v: string | true | undefined): string | undefined =>
  typeof v === "string" ? v : undefined;
const output = (options: Record<string, string | true>): string | undefined =>
  optionalString(options.o) ?? optionalString(options.output);

function usage(lang: Lang): string {
  return say(
    lang,
    `绩效自评助手 selfeval ${VERSION} —— 部门整体支出绩效自评的计算与检查

用法：
  selfeval score --input data.json [--framework shenzhen|框架文件.json] [--json] [--lang en]
      按评分框架为一组输入（JSON 对象，键为输入项名称）计分，输出各指标得分、说明、总分、等级和需要关注的事项。
  selfeval template [--framework ID|框架文件.json] [--input data.json] -o 模板.xlsx
      写出标准模板（基础数据、评分表、绩效指标、说明），评分框架保存在工作簿中；给出 --input 时预先填好并计算。
  selfeval recompute 输入.xlsx -o 输出.xlsx [--framework …] [--json]
      对工作簿“重新计算”：得分写成公式，附说明、标出问题；结果写入新文件，从不改动输入文件。
      不给 --framework 时按工作簿保存的框架，否则按表中指标名称识别，并说明依据。
  selfeval restore 输入.xlsx -o 输出.xlsx
      撤销上次重新计算，恢复它改动过的所有单元格。
  selfeval audit 文件夹或文件… -o 汇总.xlsx [--framework …] [--json]
      逐个检查多个工作簿（只读），各按其评分框架，汇总自评总分、计算总分、等级、问题与得分差异。
      文件夹中的每个文件都列在汇总中：已检查、已转换后检查，或无法检查的原因。
  selfeval report 输入.xlsx -o 自评报告.docx [--framework …] [--department 名称] [--year 2023]
      按工作簿重新计算（只读），写出部门整体支出绩效自评报告（Word 文档）：自评结论、预算执行、绩效指标、
      评分表和存在的主要问题取自计算结果；部门职能、履职分析、改进措施等以〔待填写：…〕标出，由部门填写。

  .xls、.et、.ods、.xlsb 工作簿在安装了 LibreOffice 时自动转换后读取（原文件不变），否则请另存为 .xlsx。

选项：
  --framework ID   评分框架（可用：${Object.keys(FRAMEWORKS).join("、")}；score 与 template 默认 ${DEFAULT_FRAMEWORK}），
                   或本单位的框架文件 文件.json（格式见 schemas/framework.schema.json）
  --json           以一个 JSON 对象输出报告
  --lang en        英文输出（默认中文）；只改变命令输出的文字，写入工作簿单元格的内容仍为中文
  --sheet-lang en  template 与 recompute：写入单元格的说明、状态和标题也用英文（默认中文）
  -o 文件.xlsx     输出文件（必须以 .xlsx 结尾，report 为 .docx；不能是要读取的工作簿）
  -h, --help       显示本说明

退出码：0 已计分（即使有需要关注的事项）；1 输入有误（报告仍会输出）；2 用法错误或文件无法读取。
`,
    `selfeval ${VERSION} — scores and checks departmental performance self-evaluations

Usage:
  selfeval score --input data.json [--framework shenzhen|file.json] [--json] [--lang en]
      scores a JSON object of inputs and prints each indicator's score and explanation, the total, the grade and the breaches.
  selfeval template [--framework ID|file.json] [--input data.json] -o template.xlsx
      writes the standard template (基础数据, 评分表, 绩效指标, 说明), saving its framework in the workbook;
      filled and computed when --input is given.
  selfeval recompute in.xlsx -o out.xlsx [--framework …] [--json]
      recomputes a workbook: scores as formulas, explanations, highlights; writes a copy, never the input.
      Without --framework: the one saved in the workbook, else the one its indicator names tell, and why.
  selfeval restore in.xlsx -o out.xlsx
      undoes the last recompute, putting back every cell it changed.
  selfeval audit DIR_OR_FILES… -o summary.xlsx [--framework …] [--json]
      checks many workbooks read-only, each under its own framework, and writes one summary;
      every file found is listed: checked, converted and checked, or why it could not be.
  selfeval report in.xlsx -o report.docx [--framework …] [--department NAME] [--year 2023]
      recomputes the workbook read-only and writes the self-evaluation report (a Word document): conclusion,
      budget, indicators, score sheet and problems from the computation; the narrative marked [to fill in: …].

  .xls, .et, .ods and .xlsb workbooks are converted through LibreOffice when it is installed (the original is
  left as it is); otherwise save them as .xlsx.

Options:
  --framework ID   scoring framework (available: ${Object.keys(FRAMEWORKS).join(", ")}; score and template: ${DEFAULT_FRAMEWORK} by default),
                   or a framework file of your own, file.json (see schemas/framework.schema.json)
  --json           print the report as one JSON object
  --lang en        English output (Chinese by default); only what the command prints: the words it writes into a
                   workbook's cells stay Chinese
  --sheet-lang en  template and recompute: the explanations, statuses and titles written into the cells in English
                   too (Chinese by default)
  -o file.xlsx     the output file (must end in .xlsx, .docx for report; never a workbook the command reads)
  -h, --help       show this help

Exit codes: 0 scored (even with breaches); 1 input errors (the report is still printed); 2 usage errors or unreadable files.
`
  );
}

/** An unknown command, with the command meant: the nearest name, or what to run on a file given alone. */
function unknownCommand(command: string, lang: Lang): string {
  const shown = clipArg(command);
  const near = suggest(command, Object.keys(COMMANDS));
  const hint = near
    ? say(lang, `是否为 ${near}？`, `did you mean ${near}?`)
    : /\.(xlsx|xlsm|xls|et|ods)$/i.test(command)
      ? say(
          lang,
          `重新计算工作簿请用 selfeval recompute ${shown} -o 输出.xlsx`,
          `to recompute a workbook: selfeval recompute ${shown} -o out.xlsx`
        )
      : /\.json$/i.test(command)
        ? say(
            lang,
            `计分请用 selfeval score --input ${shown}`,
            `to score it: selfeval score --input ${shown}`
          )
        : say(lang, "运行 selfeval --help 查看用法", "run selfeval --help for the usage");
  return say(lang, `未知的命令“${shown}”，${hint}`, `unknown command "${shown}"; ${hint}`);
}

/** Runs the command line; resolves to the exit code. Never rejects: failures are printed in plain words. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let lang: Lang = argv.some(
    (a, i) => (a === "--lang" && argv[i + 1] === "en") || a === "--lang=en"
  )
    ? "en"
    : "zh";
  try {
    const args = parseArgs(argv, lang);
    if (args.options.lang !== undefined) {
      if (args.options.lang !== "zh" && args.options.lang !== "en")
        throw new CliFailure(say(lang, `--lang 只能是 zh 或 en`, `--lang must be zh or en`), 2);
      lang = args.options.lang;
    }
    if (args.options.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (args.options.help || args.command === undefined || args.command === "help") {
      io.stdout(usage(lang));
      return args.command === undefined && !args.options.help ? 2 : 0;
    }
    checkCommandArgs(args, lang);
    // Given, it holds for every workbook; not given, recompute and audit take each workbook's own.
    const chosen =
      args.options.framework === undefined
        ? undefined
        : resolveFramework(args.options.framework, lang);
    // The default, made (validated) only for the commands that use it.
    const framework = () => chosen ?? resolveFramework(undefined, lang);
    switch (args.command) {
      case "score": {
        const input = args.options.input;
        if (typeof input !== "string")
          throw new CliFailure(
            say(lang, "score 需要 --input data.json", "score needs --input data.json"),
            2
          );
        return runScore(framework(), input, args.options.json === true, lang, io);
      }
      case "template": {
        const { runTemplate } = await workbookCommands();
        return await runTemplate(
          framework(),
          optionalString(args.options.input),
          output(args.options),
          args.options.json === true,
          lang,
          io,
          sheetLangOption(args.options["sheet-lang"], lang)
        );
      }
      case "recompute": {
        const { runRecompute } = await workbookCommands();
        return await runRecompute(
          chosen,
          args.positionals[0],
          output(args.options),
          args.options.json === true,
          lang,
          io,
          sheetLangOption(args.options["sheet-lang"], lang)
        );
      }
      case "restore": {
        const { runRestore } = await workbookCommands();
        return await runRestore(args.positionals[0], output(args.options), lang, io);
      }
      case "audit": {
        const { runAudit } = await auditCommand();
        return await runAudit(
          chosen,
          args.positionals,
          output(args.options),
          args.options.json === true,
          lang,
          io
        );
      }
      case "report": {
        const { runReport } = await reportCommand();
        return await runReport(
          chosen,
          args.positionals[0],
          output(args.options),
          {
            department: optionalString(args.options.department),
            year: optionalString(args.options.year),
          },
          lang,
          io
        );
      }
      default:
        throw new CliFailure(unknownCommand(args.command, lang), 2);
    }
  } catch (err) {
    if (err instanceof CliFailure) {
      io.stderr(`selfeval: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof UsageError || err instanceof FileProblem) {
      io.stderr(`selfeval: ${err.message}\n`);
      return 2;
    }
    // A fault of ours, not of the input: said plainly; the details only when asked for.
    io.stderr(
      `selfeval: ${say(
        lang,
        "出现意外错误，未能完成；输入文件没有被改动。请把所用的命令和文件告知维护人员（设置环境变量 SELFEVAL_DEBUG=1 可显示详细信息）。",
        "an unexpected error stopped the command; no input was changed. Please report the command and the files (set SELFEVAL_DEBUG=1 for the details)."
      )}\n`
    );
    if (process.env.SELFEVAL_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
    return 2;
  }
}
