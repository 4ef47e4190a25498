/**
 * `selfeval audit` over 1,000 generated workbooks, as the real command line in a process of its own: how long it
 * takes, its peak resident memory (worker threads included: they share the process), and workbooks per second per
 * core (the audit checks in one worker thread per core); and whether its summary (`--json`) is the summary of the
 * same audit run single-threaded (SELFEVAL_AUDIT_THREADS=1: every file checked in the main thread), both runs
 * untimed.
 */
import { spawnSync } from "child_process";
import { availableParallelism, cpus } from "os";
import { join } from "path";
import { performance } from "perf_hooks";
import { copies } from "./workbooks";

const ROOT = join(__dirname, "..");

export interface AuditFigures {
  auditWorkbooks: number;
  auditSeconds: number;
  auditPeakRssMb: number;
  auditWorkbooksPerSecondPerCore: number;
  auditCores: number;
  auditSameAsSingleThread: boolean;
}

/** The audit's `--json` summary of `folder`, threaded as the machine allows or single-threaded. */
function auditJson(folder: string, out: string, singleThread: boolean): string {
  const child = spawnSync(
    process.execPath,
    [join(ROOT, "bin", "selfeval.js"), "audit", folder, "-o", out, "--json"],
    {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: singleThread ? { ...process.env, SELFEVAL_AUDIT_THREADS: "1" } : process.env,
    }
  );
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`selfeval audit --json failed (exit ${child.status}):\n${child.stderr}`);
  return child.stdout;
}

export function benchAudit(dir: string, files: string[], count = 1000): AuditFigures {
  const folder = copies(dir, `audit-${count}`, files, count);
  // The child reports its own peak resident set (`process.resourceUsage().maxRSS`, KiB) as it exits.
  const wrapper = [
    `process.on("exit", () => process.stderr.write("\\nmaxRSS=" + process.resourceUsage().maxRSS + "\\n"));`,
    `process.argv.splice(1, 0, ${JSON.stringify(join(ROOT, "bin", "selfeval.js"))});`,
    `require(process.argv[1]);`,
  ].join("\n");
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    ["-e", wrapper, "--", "audit", folder, "-o", join(dir, `audit-${count}.xlsx`)],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
  );
  const seconds = (performance.now() - start) / 1000;
  const stderr = child.stderr ?? "";
  // Exit 1 is expected: some of the workbooks have input errors.
  if (child.status !== 0 && child.status !== 1)
    throw new Error(
      `selfeval audit over ${count} workbooks failed (exit ${child.status}):\n${stderr}`
    );
  const kib = /maxRSS=(\d+)/.exec(stderr);
  if (!kib) throw new Error(`no maxRSS from the audit child:\n${stderr}`);
  const cores = typeof availableParallelism === "function" ? availableParallelism() : cpus().length;
  const threaded = auditJson(folder, join(dir, `audit-${count}-threaded.xlsx`), false);
  const single = auditJson(folder, join(dir, `audit-${count}-single.xlsx`), true);
  return {
    auditWorkbooks: count,
    auditSeconds: Number(seconds.toFixed(2)),
    auditPeakRssMb: Number((Number(kib[1]) / 1024).toFixed(1)),
    auditWorkbooksPerSecondPerCore: Number((count / seconds / cores).toFixed(1)),
    auditCores: cores,
    auditSameAsSingleThread: threaded.length > 1000 && threaded === single,
  };
}
