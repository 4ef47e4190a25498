/**
 * `selfeval audit DIR_OR_FILES… -o summary.xlsx [--json]`: recomputes many workbooks read-only, one at a time
 * (so memory stays flat however many there are), and writes one summary. A bad file is reported, not fatal.
 */
import { readdirSync, statSync } from "fs";
import { basename, join, resolve } from "path";
import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";
import { say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { readWorkbook, writePlanStreamed } from "../hosts/xlsx";
import { auditSummaryPlan, type AuditEntry } from "../workbook/auditSummary";
import { recomputeWorkbook } from "../workbook/recompute";
import { CliFailure, type CliIO } from "./io";

/** Every .xlsx under the given files and folders (Excel's ~$ lock files left out), sorted. */
export function collectWorkbooks(paths: string[], lang: Lang): string[] {
  const files: string[] = [];
  const visit = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new CliFailure(say(lang, `找不到 ${path}`, `no such file or folder: ${path}`), 2);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        const child = join(path, name);
        if (statSync(child).isDirectory() || (/\.xlsx$/i.test(name) && !name.startsWith("~$")))
          visit(child);
      }
    } else files.push(path);
  };
  paths.forEach(visit);
  return files;
}

/** Checks one workbook; never throws. */
export async function auditWorkbook(
  file: string,
  chosen: Framework | undefined,
  lang: Lang
): Promise<AuditEntry> {
  try {
    // The reader's own message (JSZip's, in English) is kept, after words the reader of the summary can use.
    const { snapshot } = await readWorkbook(file).catch((err: unknown) => {
      const detail = err instanceof Error ? err.message : String(err);
      throw new Error(
        say(
          lang,
          `无法读取此工作簿（文件可能已损坏或不是 .xlsx 格式）：${detail}`,
          `cannot read this workbook (the file may be damaged or not an .xlsx): ${detail}`
        )
      );
    });
    // Each workbook under its own framework (saved in it, or told by its indicator names) unless one is chosen.
    const result = recomputeWorkbook(snapshot, chosen, { lang, backup: false });
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
      breaches: report.breaches,
      differences: report.indicators.flatMap((r) =>
        r.selfScore !== undefined && r.score !== null && Math.abs(r.selfScore - r.score) >= 0.005
          ? [{ name: r.name, self: r.selfScore, computed: r.score }]
          : []
      ),
      errors: report.errors.length,
    };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      file,
      framework: chosen?.id ?? "",
      breaches: [],
      differences: [],
      errors: 0,
      failure: detail,
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
  // The summary itself is not audited, should it be written into the folder being checked.
  const files = collectWorkbooks(paths, lang).filter(
    (f) => !output || resolve(f) !== resolve(output)
  );
  if (!files.length)
    throw new CliFailure(say(lang, "没有找到 .xlsx 工作簿", "no .xlsx workbooks found"), 2);
  const entries: AuditEntry[] = [];
  for (const [i, file] of files.entries()) {
    if (i > 0 && i % 20 === 0) collectGarbage();
    io.progress?.(progressBar(i, files.length, file));
    entries.push(await auditWorkbook(file, framework, lang));
  }
  io.progress?.(progressBar(files.length, files.length, "") + "\n");
  // Streamed to the file row by row: a summary of a thousand workbooks is never held whole in memory.
  if (output) await writePlanStreamed(auditSummaryPlan(entries), output);
  const failed = entries.filter((e) => e.failure).length;
  const withErrors = entries.filter((e) => e.errors > 0).length;
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
        `检查了 ${files.length} 个工作簿：${failed} 个无法检查，${withErrors} 个有输入问题，${entries.reduce((n, e) => n + e.breaches.filter((b) => b.severity === "red").length, 0)} 个红色问题。${output ? `汇总已写入 ${output}` : ""}\n`,
        `checked ${files.length} workbooks: ${failed} could not be read, ${withErrors} with input problems, ${entries.reduce((n, e) => n + e.breaches.filter((b) => b.severity === "red").length, 0)} red breaches.${output ? ` Summary: ${output}` : ""}\n`
      )
    );
  return failed || withErrors ? 1 : 0;
}
