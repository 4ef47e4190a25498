import { DEFAULT_FRAMEWORK, FRAMEWORKS, findFramework } from "../domain/frameworks";
import { say } from "../domain/i18n";
import type { Lang } from "../domain/types";
import { parseArgs, UsageError } from "./args";
import { CliFailure, processIO, type CliIO } from "./io";
import { runScore } from "./score";

const VERSION = "0.1.0";

function usage(lang: Lang): string {
  return say(
    lang,
    `绩效自评助手 selfeval ${VERSION} —— 部门整体支出绩效自评的计算与检查

用法：
  selfeval score --input data.json [--framework shenzhen] [--json] [--lang en]
      按评分框架为一组输入（JSON 对象，键为输入项名称）计分，输出各指标得分、说明、总分、等级和需要关注的事项。

选项：
  --framework ID   评分框架（可用：${Object.keys(FRAMEWORKS).join("、")}；默认 ${DEFAULT_FRAMEWORK}）
  --json           以一个 JSON 对象输出报告
  --lang en        英文输出（默认中文）
  --help           显示本说明

退出码：0 已计分（即使有需要关注的事项）；1 输入有误（报告仍会输出）；2 用法错误或文件无法读取。
`,
    `selfeval ${VERSION} — scores and checks departmental performance self-evaluations

Usage:
  selfeval score --input data.json [--framework shenzhen] [--json] [--lang en]
      scores a JSON object of inputs and prints each indicator's score and explanation, the total, the grade and the breaches.

Options:
  --framework ID   scoring framework (available: ${Object.keys(FRAMEWORKS).join(", ")}; default ${DEFAULT_FRAMEWORK})
  --json           print the report as one JSON object
  --lang en        English output (Chinese by default)
  --help           show this help

Exit codes: 0 scored (even with breaches); 1 input errors (the report is still printed); 2 usage errors or unreadable files.
`
  );
}

/** Runs the command line; returns the exit code. Never throws: failures are printed in plain words. */
export function main(argv: string[], io: CliIO = processIO): number {
  let lang: Lang = argv.some(
    (a, i) => (a === "--lang" && argv[i + 1] === "en") || a === "--lang=en"
  )
    ? "en"
    : "zh";
  try {
    const args = parseArgs(argv);
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
    const frameworkId =
      typeof args.options.framework === "string" ? args.options.framework : DEFAULT_FRAMEWORK;
    const framework = findFramework(frameworkId);
    if (!framework) {
      throw new CliFailure(
        say(
          lang,
          `未知的评分框架“${frameworkId}”（可用：${Object.keys(FRAMEWORKS).join("、")}）`,
          `unknown framework "${frameworkId}" (available: ${Object.keys(FRAMEWORKS).join(", ")})`
        ),
        2
      );
    }
    switch (args.command) {
      case "score": {
        const input = args.options.input;
        if (typeof input !== "string")
          throw new CliFailure(
            say(lang, "score 需要 --input data.json", "score needs --input data.json"),
            2
          );
        return runScore(framework, input, args.options.json === true, lang, io);
      }
      default:
        throw new CliFailure(
          say(
            lang,
            `未知的命令“${args.command}”。运行 selfeval --help 查看用法。`,
            `unknown command "${args.command}". Run selfeval --help.`
          ),
          2
        );
    }
  } catch (err) {
    if (err instanceof CliFailure) {
      io.stderr(`selfeval: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof UsageError) {
      io.stderr(
        `selfeval: ${say(lang, `${err.message} 后面缺少取值`, `${err.message} needs a value`)}\n`
      );
      return 2;
    }
    const detail = err instanceof Error ? err.message : String(err);
    io.stderr(`selfeval: ${say(lang, `出现意外错误：${detail}`, `unexpected error: ${detail}`)}\n`);
    if (process.env.SELFEVAL_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
    return 2;
  }
}
