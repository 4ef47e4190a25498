/**
 * `selfeval audit DIR_OR_FILES… -o summary.xlsx [--json]`: recomputes many workbooks read-only, one at a time
 * (so memory stays flat however many there are), and writes one summary. A bad file is reported, not fatal.
 */
import { readdirSync, statSync } from "fs";
import { basename, join } from "path";
import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";
import { say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { Conversions } from "../files/convert";
import { FileProblem, osReason } from "../files/problem";
import { openWorkbookFile } from "../files/workbookFile";
import { readWorkbook } from "../hosts/xlsx";
import { auditSummaryPlan, type AuditEntry } from "../workbook/auditSummary";
import { recomputeWorkbook, RecomputeFailure } from "../workbook/recompute";
import { CliFailure, type CliIO } from "./io";
import { checkOutput, samePathKey, savePlanStreamed } from "./output";
import { plainText } from "./plain";

/** A file found, or a folder that could not be opened (why, in words). */
export interface Found {
  file: string;
  unreadable?: string;
}

/**
 * Every file under the given files and folders, sorted, each once — whatever it is: the audit lists each with
 * what became of it (checked, converted and checked, or why not), so nothing a department sent is passed over
 * in silence. A path that does not exist is a usage error.
 */
export function collectFiles(paths: string[], lang: Lang): Found[] {
  const found: Found[] = [];
  const seen = new Set<string>();
  const visit = (path: string, given: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (err) {
      if (given)
        throw new CliFailure(say(lang, `找不到 ${path}`, `no such file or folder: ${path}`), 2);
      // A broken link or a file gone meanwhile: listed with the reason.
      found.push({
        file: path,
        unreadable: osReason(err, lang === "zh") ?? say(lang, "无法读取", "cannot be read"),
      });
      return;
    }
    const key = samePathKey(path);
    if (seen.has(key)) return;
    seen.add(key);
    if (!stat.isDirectory()) {
      found.push({ file: path });
      return;
    }
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch (err) {
      found.push({
        file: path,
        unreadable: say(
          lang,
          `无法打开此文件夹：${osReason(err, true) ?? "无法读取"}`,
          `this folder cannot be opened: ${osReason(err, false) ?? "cannot be read"}`
        ),
      });
      return;
    }
    for (const name of names) visit(join(path, name), false);
  };
  for (const path of paths) visit(path, true);
  return found;
}

/** The summary an earlier audit wrote (汇总 and 问题明细, 序号 first): replaced, never audited. */
async function isAuditSummary(path: string): Promise<boolean> {
  try {
    const { snapshot } = await readWorkbook(path);
    const names = snapshot.sheets.map((s) => s.name);
    return names.join("|") === "汇总|问题明细" && snapshot.sheets[0].values[0]?.[0] === "序号";
  } catch {
    return false;
  }
}

/** Checks one workbook; never throws. */
export async function auditWorkbook(
  file: string,
  chosen: Framework | undefined,
  lang: Lang,
  conversions: Conversions = new Conversions()
): Promise<AuditEntry> {
  try {
    const opened = await openWorkbookFile(file, lang, conversions);
    // Each workbook under its own framework (saved in it, or told by its indicator names) unless one is chosen.
    const result = recomputeWorkbook(opened.snapshot, chosen, { lang, backup: false });
    const { report } = result;
    return {
      file,
      department: result.department,
      framework: result.choice.framework.id,
      selfTotal: result.selfTotal,
      total: report.total,
      grade: report.grade,
      complete: report.complete,
      scored: report.scored,
      indicatorCount: report.indicatorCount,
      breaches: report.breaches.map((b) => ({ ...b, message: plainText(b.message) })),
      differences: report.indicators.flatMap((r) =>
        r.selfScore !== undefined && r.score !== null && Math.abs(r.selfScore - r.score) >= 0.005
          ? [{ name: r.name, self: r.selfScore, computed: r.score }]
          : []
      ),
      errors: report.errors.length,
      ...(opened.convertedFrom
        ? {
            converted: say(
              lang,
              `原文件是${opened.convertedFrom.zh}，已转换为 .xlsx 后检查`,
              `converted from ${opened.convertedFrom.en} and checked`
            ),
          }
        : {}),
    };
  } catch (err) {
    // The reason without the file's name, which the row already shows.
    const plain =
      err instanceof FileProblem || err instanceof RecomputeFailure || err instanceof CliFailure;
    const message = plain
      ? err.message
      : say(
          lang,
          "检查时出现意外错误，未能检查此工作簿",
          "an unexpected error stopped the check of this workbook"
        );
    return {
      file,
      framework: chosen?.id ?? "",
      breaches: [],
      differences: [],
      errors: 0,
      failure: plainText(message.startsWith(`${file} `) ? message.slice(file.length + 1) : message),
    };
  }
}

/**
 * A full garbage collection, where Node allows it: V8 otherwise grows its heap with every workbook read (garbage
 * it has not yet collected), and an audit of a thousand workbooks would hold twice the memory of ten.
 */
const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString("--expose_gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : () => undefined;
  } catch {
    return () => undefined;
  }
})();

function progressBar(done: number, total: number, file: string): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${basename(file).slice(0, 40).padEnd(40)}`;
}

export async function runAudit(
  framework: Framework | undefined,
  paths: string[],
  output: string | undefined,
  json: boolean,
  lang: Lang,
  io: CliIO
): Promise<number> {
  if (!paths.length)
    throw new CliFailure(
      say(lang, "audit 需要至少一个工作簿或文件夹", "audit needs at least one workbook or folder"),
      2
    );
  if (!output && !json)
    throw new CliFailure(
      say(
        lang,
        "请用 -o 指定汇总文件，例如 -o 汇总.xlsx",
        "give the summary file with -o, e.g. -o summary.xlsx"
      ),
      2
    );
  if (output) checkOutput(output, [], lang);
  let found = collectFiles(paths, lang);
  if (output) {
    // The summary is never written over a workbook being checked; an earlier summary is replaced, not checked.
    const key = samePathKey(output);
    if (found.some((f) => samePathKey(f.file) === key)) {
      if (!(await isAuditSummary(output)))
        throw new CliFailure(
          say(
            lang,
            `-o ${output} 是本次要检查的文件之一，汇总不能写在它上面（会覆盖它）；请把汇总写到别处，例如 -o 汇总.xlsx`,
            `-o ${output} is one of the files to check; the summary cannot be written over it; write it elsewhere, e.g. -o summary.xlsx`
          ),
          2
        );
      found = found.filter((f) => samePathKey(f.file) !== key);
    }
  }
  if (!found.length)
    throw new CliFailure(
      say(lang, `没有找到任何文件：${paths.join("、")}`, `no files found in ${paths.join(", ")}`),
      2
    );
  const entries: AuditEntry[] = [];
  const conversions = new Conversions();
  try {
    for (const [i, { file, unreadable }] of found.entries()) {
      if (i > 0 && i % 20 === 0) collectGarbage();
      io.progress?.(progressBar(i, found.length, file));
      entries.push(
        unreadable
          ? {
              file,
              framework: framework?.id ?? "",
              breaches: [],
              differences: [],
              errors: 0,
              failure: unreadable,
            }
          : await auditWorkbook(file, framework, lang, conversions)
      );
    }
  } finally {
    conversions.dispose();
  }
  io.progress?.(progressBar(found.length, found.length, "") + "\n");
  // Streamed to the file row by row: a summary of a thousand workbooks is never held whole in memory.
  if (output) await savePlanStreamed(auditSummaryPlan(entries), output, lang);
  const failed = entries.filter((e) => e.failure).length;
  const checked = entries.length - failed;
  const converted = entries.filter((e) => e.converted).length;
  const withErrors = entries.filter((e) => e.errors > 0).length;
  const red = entries.reduce(
    (n, e) => n + e.breaches.filter((b) => b.severity === "red").length,
    0
  );
  if (json)
    io.stdout(
      JSON.stringify(
        { ...(framework ? { framework: framework.id } : {}), workbooks: entries },
        null,
        2
      ) + "\n"
    );
  else
    io.stdout(
      say(
        lang,
        `共 ${entries.length} 个文件：检查了 ${checked} 个工作簿${converted ? `（其中 ${converted} 个经转换）` : ""}，${failed} 个无法检查，${withErrors} 个有输入问题，${red} 个红色问题。${output ? `汇总已写入 ${output}` : ""}\n`,
        `${entries.length} files: checked ${checked} workbooks${converted ? ` (${converted} converted)` : ""}, ${failed} could not be checked, ${withErrors} with input problems, ${red} red breaches.${output ? ` Summary: ${output}` : ""}\n`
      )
    );
  return failed || withErrors ? 1 : 0;
}
