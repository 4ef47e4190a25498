/**
 * `selfeval audit DIR_OR_FILES… -o summary.xlsx [--json]`: recomputes many workbooks read-only and writes one
 * summary. The workbooks are checked in worker threads, one per core, a few files in flight each (auditWorker.ts,
 * orderedPool.ts): only each file's summary row comes back, in the order the files were found, so the summary is
 * the one a single thread writes and memory does not grow with the workbooks' number or size. A bad file is
 * reported, not fatal.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "fs";
import { availableParallelism, cpus, tmpdir } from "os";
import { join } from "path";
import { Worker } from "worker_threads";
import { frameworkById } from "../domain/frameworks";
import { plural, say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { Conversions } from "../files/convert";
import { osReason } from "../files/problem";
import { zipRefusal } from "../files/zipLimits";
import { readWorkbook } from "../hosts/xlsx";
import { auditSummaryPlan, type AuditEntry } from "../workbook/auditSummary";
import { checkFound, failedEntry, unexpectedFailure } from "./auditFile";
import { progressLine } from "./auditProgress";
import type { AuditWorkerData } from "./auditWorker";
import { CliFailure, type CliIO } from "./io";
import { runOrdered } from "./orderedPool";
import { checkOutput, samePathKey, savePlanStreamed } from "./output";

export { auditWorkbook } from "./auditFile";

/** A file found, or a folder that could not be opened (why, in words). */
export interface Found {
  file: string;
  unreadable?: string;
}

/**
 * Every file under the given files and folders, sorted, each once — whatever it is: the audit lists each with
 * what became of it (checked, converted and checked, or why not), so nothing a department sent is passed over
 * in silence. A path that does not exist is a usage error (in `lang`); why a file cannot be read is said in `words`.
 */
export function collectFiles(paths: string[], lang: Lang, words: Lang = lang): Found[] {
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
        unreadable: osReason(err, words === "zh") ?? say(words, "无法读取", "cannot be read"),
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
          words,
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
    // Read only what passes the zip-bomb guard, as every workbook the command opens (files/workbookFile.ts).
    if (zipRefusal(readFileSync(path))) return false;
    const { snapshot } = await readWorkbook(path);
    const names = snapshot.sheets.map((s) => s.name);
    return names.join("|") === "汇总|问题明细" && snapshot.sheets[0].values[0]?.[0] === "序号";
  } catch {
    return false;
  }
}

/** The compiled worker module, beside this one (lib/cli/); absent when run from the TypeScript sources. */
const WORKER_FILE = join(__dirname, "auditWorker.js");

/**
 * How many worker threads check the files: one per core (SELFEVAL_AUDIT_THREADS=N says otherwise; 1: none, the
 * main thread checks every file); none for one or two files, or where the worker module is not there.
 */
export function auditThreads(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.SELFEVAL_AUDIT_THREADS);
  const cores =
    Number.isInteger(asked) && asked >= 1
      ? asked
      : typeof availableParallelism === "function"
        ? availableParallelism()
        : cpus().length;
  if (files <= 2 || cores <= 1 || !existsSync(WORKER_FILE)) return 0;
  return Math.min(cores, files);
}

/**
 * Every file found checked, its row handed to `emit` in the order found: in `threads` worker threads, or in this
 * thread when there are none (or none can start).
 */
async function checkAll(
  found: Found[],
  chosen: Framework | undefined,
  lang: Lang,
  threads: number,
  emit: (entry: AuditEntry) => void
): Promise<void> {
  const conversions = new Conversions();
  // The workers' conversions go into this folder, removed at the end even if a worker dies mid-conversion.
  const tempFolder = threads ? mkdtempSync(join(tmpdir(), "selfeval-audit-")) : undefined;
  try {
    if (!tempFolder) {
      for (const f of found) emit(await checkFound(f, chosen, lang, conversions));
      return;
    }
    const workerData: AuditWorkerData = {
      framework:
        chosen === undefined
          ? undefined
          : frameworkById(chosen.id) === chosen
            ? { preset: chosen.id }
            : { own: chosen },
      lang,
      tempFolder,
    };
    await runOrdered<AuditEntry>({
      count: found.length,
      threads,
      spawn: () => new Worker(WORKER_FILE, { workerData }),
      job: (index) => ({ ...found[index] }),
      inThread: (index) => checkFound(found[index], chosen, lang, conversions),
      // A worker that died on a file (out of memory, a fault in a library): that file's row says so.
      lost: (index) => failedEntry(found[index].file, chosen, unexpectedFailure(lang)),
      emit: (_, entry) => emit(entry),
    });
  } finally {
    conversions.dispose();
    if (tempFolder) rmSync(tempFolder, { recursive: true, force: true });
  }
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
  // The summary's headers are Chinese, and so are the words in its rows whatever --lang says (issue 16); the JSON
  // printed speaks --lang. Asked for both in English, the files are checked twice, once in each language.
  const summaryLang: Lang = "zh";
  const rowLang = json ? lang : summaryLang;
  let found = collectFiles(paths, lang, rowLang);
  let summaryKey: string | undefined;
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
      summaryKey = key;
      found = found.filter((f) => samePathKey(f.file) !== key);
    }
  }
  if (!found.length)
    throw new CliFailure(
      say(lang, `没有找到任何文件：${paths.join("、")}`, `no files found in ${paths.join(", ")}`),
      2
    );
  const checkIn = async (words: Lang, files: Found[]): Promise<AuditEntry[]> => {
    const checked: AuditEntry[] = [];
    if (!files.length) return checked;
    const started = Date.now();
    io.progress?.(progressLine(0, files.length, files[0].file, 0, lang));
    await checkAll(files, framework, words, auditThreads(files.length), (entry) => {
      checked.push(entry);
      const done = checked.length;
      const line = progressLine(done, files.length, entry.file, Date.now() - started, lang);
      io.progress?.(done === files.length ? `${line}\n` : line);
    });
    return checked;
  };
  const entries = await checkIn(rowLang, found);
  if (output) {
    const rows =
      rowLang === summaryLang
        ? entries
        : await checkIn(
            summaryLang,
            collectFiles(paths, lang, summaryLang).filter((f) => samePathKey(f.file) !== summaryKey)
          );
    // Streamed to the file row by row: a summary of a thousand workbooks is never held whole in memory.
    await savePlanStreamed(auditSummaryPlan(rows), output, lang);
  }
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
        `${plural(entries.length, "file")}: checked ${plural(checked, "workbook")}${converted ? ` (${converted} converted)` : ""}, ${failed} could not be checked, ${withErrors} with input problems, ${plural(red, "red breach")}.${output ? ` Summary: ${output}` : ""}\n`
      )
    );
  return failed || withErrors ? 1 : 0;
}
