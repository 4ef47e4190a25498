/**
 * Where a command writes (`-o`): an .xlsx (the report: a .docx), never a folder, never a file the command reads; written to a
 * temporary file in the same folder and renamed into place, so a failed write leaves nothing behind.
 */
import { existsSync, mkdirSync, realpathSync, rmSync, statSync } from "fs";
import { dirname, extname, resolve } from "path";
import type ExcelJS from "exceljs";
import { say } from "../domain/i18n";
import type { Lang } from "../domain/types";
import { osReason } from "../files/problem";
import { replaceFile } from "../files/replaceFile";
import { writePlanStreamed, writeWorkbook } from "../hosts/xlsx";
import type { WritePlan } from "../workbook/writePlan";
import { clipArg } from "./args";
import { CliFailure } from "./io";

/** A path as the file system knows it (symbolic links followed; letter case folded where names ignore it). */
export function samePathKey(path: string): string {
  let full = resolve(path);
  try {
    full = realpathSync.native(full);
  } catch {
    // not there yet: its resolved path
  }
  return process.platform === "win32" || process.platform === "darwin" ? full.toLowerCase() : full;
}

/** What a command writes: its extension and what it is called in a message. */
export interface OutputKind {
  extension: string;
  zh: string;
  en: string;
}

export const WORKBOOK_OUTPUT: OutputKind = {
  extension: ".xlsx",
  zh: "selfeval 只写 .xlsx 工作簿",
  en: "selfeval writes .xlsx workbooks only",
};

/**
 * The output file, checked: given, ending in the kind's extension (.xlsx unless told), not a folder, and none of
 * `reads` (the files the command reads). A usage error (exit 2) otherwise.
 */
export function checkOutput(
  output: string | undefined,
  reads: string[],
  lang: Lang,
  kind: OutputKind = WORKBOOK_OUTPUT
): string {
  if (!output)
    throw new CliFailure(
      say(
        lang,
        "请用 -o 指定输出文件（输入文件不会被改动）",
        "give the output file with -o (the input is never changed)"
      ),
      2
    );
  if (existsSync(output) && statSync(output).isDirectory())
    throw new CliFailure(
      say(
        lang,
        `-o ${clipArg(output)} 是一个文件夹，请给出文件名，例如 -o ${clipArg(output.replace(/[\\/]+$/, ""))}/${kind === WORKBOOK_OUTPUT ? "评分" : "报告"}${kind.extension}`,
        `-o ${clipArg(output)} is a folder; give a file name, e.g. -o ${clipArg(output.replace(/[\\/]+$/, ""))}/${kind === WORKBOOK_OUTPUT ? "out" : "report"}${kind.extension}`
      ),
      2
    );
  if (extname(output).toLowerCase() !== kind.extension) {
    const ext = extname(output);
    const suggested = `${ext ? output.slice(0, -ext.length) : output}${kind.extension}`;
    throw new CliFailure(
      say(
        lang,
        `输出文件须以 ${kind.extension} 结尾（现为 ${clipArg(output)}）：${kind.zh}，例如 -o ${clipArg(suggested)}`,
        `the output must end in ${kind.extension} (not ${clipArg(output)}): ${kind.en}, e.g. -o ${clipArg(suggested)}`
      ),
      2
    );
  }
  const key = samePathKey(output);
  if (reads.some((r) => samePathKey(r) === key))
    throw new CliFailure(
      say(
        lang,
        "输出文件不能与输入文件相同：selfeval 从不改动输入文件",
        "the output must differ from the input: selfeval never changes its input"
      ),
      2
    );
  return output;
}

/** The folders to create for `path` (the outermost first one that is missing), created; undefined if none. */
function makeFolder(path: string): string | undefined {
  let missing: string | undefined;
  for (let dir = dirname(resolve(path)); !existsSync(dir); dir = dirname(dir)) {
    missing = dir;
    if (dirname(dir) === dir) break;
  }
  if (missing) mkdirSync(dirname(resolve(path)), { recursive: true });
  return missing;
}

async function writeSafely(path: string, write: () => Promise<void>, lang: Lang): Promise<void> {
  let created: string | undefined;
  try {
    created = makeFolder(path);
    await write();
  } catch (err) {
    // Nothing left behind: the temporary file is the writer's to remove, the folders made for it are ours.
    if (created) rmSync(created, { recursive: true, force: true });
    const why = osReason(err, lang === "zh");
    throw new CliFailure(
      say(
        lang,
        `无法写入 ${path}${why ? `：${why}` : "，请确认该位置可以写入"}`,
        `cannot write ${path}${why ? `: ${why}` : "; check that the place is writable"}`
      ),
      2
    );
  }
}

/** Writes a workbook to `path` (through a temporary file renamed into place); a failure in plain words. */
export function saveWorkbook(workbook: ExcelJS.Workbook, path: string, lang: Lang): Promise<void> {
  return writeSafely(path, () => writeWorkbook(workbook, path), lang);
}

/** Writes a file's bytes to `path` (through a temporary file renamed into place); a failure in plain words. */
export function saveBytes(bytes: Uint8Array, path: string, lang: Lang): Promise<void> {
  return writeSafely(path, async () => replaceFile(path, bytes), lang);
}

/** Writes a plan for a new workbook straight to `path`, row by row (the audit summary). */
export function savePlanStreamed(plan: WritePlan, path: string, lang: Lang): Promise<void> {
  return writeSafely(path, () => writePlanStreamed(plan, path), lang);
}
