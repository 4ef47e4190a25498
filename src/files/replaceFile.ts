/**
 * A file written through a temporary file beside it, renamed into place: a failed write leaves neither a half
 * file nor the temporary one. Synchronous: a command writes one file and waits for it anyway, and Node's
 * asynchronous file calls would start its thread pool for it (bench/README.md).
 */
import { renameSync, rmSync, writeFileSync } from "fs";
import { basename, dirname, join } from "path";

/** Temporary names made by this process, counted into the next one. */
let tempNames = 0;

/**
 * A name for a temporary file beside `path`, hidden (a leading dot) and not in use: the process's id, the time
 * and a count make it unique, and it is created with `wx`, which fails rather than overwrite.
 */
export function tempPathBeside(path: string): string {
  const unique = `${process.pid.toString(36)}${Date.now().toString(36)}${(tempNames++).toString(36)}`;
  return join(dirname(path), `.${basename(path)}.${unique}.tmp`);
}

/** Writes `bytes` to `path` through a temporary file renamed into place. */
export function replaceFile(path: string, bytes: Uint8Array): void {
  const temp = tempPathBeside(path);
  try {
    writeFileSync(temp, bytes, { flag: "wx" });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
