/**
 * `npm run bench` — figures, not tests: how fast the engine and the command line are on this machine, how
 * recompute compares with LibreOffice recalculating the same workbook, and how much memory `selfeval audit`
 * takes over 10 and over 1,000 workbooks. `npm run bench -- --json` prints one JSON object with every figure.
 */
import { execFileSync, spawnSync } from "child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { performance } from "perf_hooks";
import { main as cli } from "../src/cli/main";
import type { CliIO } from "../src/cli/io";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { applyPlan, readWorkbook, writeWorkbook } from "../src/hosts/xlsx";
import { recompute } from "../src/workbook/recompute";
import { recalculate } from "../test/support/libreoffice";
import { benchRecomputeInExcel, benchTaskpaneSize } from "./addin";
import { writeSeed001Workbook } from "../test/support/seed001Workbook";
import { exampleInputs, loadExample } from "../test/support/seeds";
import { mulberry32 } from "../test/support/random";

const ROOT = join(__dirname, "..");

function inputSets(count: number): Record<string, unknown>[] {
  const random = mulberry32(2024);
  const base = exampleInputs("seed000");
  const pct = (lo: number, hi: number) => `${(lo + random() * (hi - lo)).toFixed(2)}%`;
  return Array.from({ length: count }, () => ({
    ...base,
    adjustmentTotal: (random() * 120000).toFixed(2),
    procurementActual: (100000 + random() * 40000).toFixed(2),
    contractStaff: Math.floor(random() * 800),
    threePublicActual: (3500 + random() * 1000).toFixed(2),
    officeActual: (33000 + random() * 6000).toFixed(2),
    q1Progress: pct(15, 30),
    q2Progress: pct(35, 55),
    q3Progress: pct(60, 80),
    q4Progress: pct(85, 100),
    satisfaction: pct(75, 100),
    fixedAssetsInUse: (50 + random() * 50).toFixed(2),
  }));
}

function benchEngine(): { engineMsPer10k: number; engineMsPerScore: number } {
  const sets = inputSets(10000);
  for (const set of sets.slice(0, 200)) scoreFramework(shenzhen, set); // warm up
  const start = performance.now();
  let checksum = 0;
  for (const set of sets) checksum += scoreFramework(shenzhen, set).total;
  const ms = performance.now() - start;
  if (!Number.isFinite(checksum)) throw new Error("bench produced no totals");
  return { engineMsPer10k: round(ms), engineMsPerScore: round(ms / sets.length, 4) };
}

function benchCli(runs = 5): { cliMsPerScore: number } {
  const bin = join(ROOT, "bin", "selfeval.js");
  const input = join(ROOT, "examples", "seed000.json");
  const start = performance.now();
  for (let i = 0; i < runs; i++)
    execFileSync(process.execPath, [bin, "score", "--input", input, "--json"], { stdio: "pipe" });
  return { cliMsPerScore: round((performance.now() - start) / runs) };
}

/* ---------- workbooks ---------- */

const quiet: CliIO = { stdout: () => {}, stderr: () => {} };

/** `selfeval template --input` (in-process) for one set of inputs; throws if it fails. */
async function templateWorkbook(
  dir: string,
  name: string,
  inputs: Record<string, unknown>
): Promise<string> {
  const json = join(dir, `${name}.json`);
  const file = join(dir, `${name}.xlsx`);
  writeFileSync(json, JSON.stringify(inputs));
  // Exit 1: written, with input errors.
  const code = await cli(["template", "--input", json, "-o", file, "--json"], quiet);
  if (code > 1 || !existsSync(file))
    throw new Error(`selfeval template failed for ${name} (exit ${code})`);
  return file;
}

/**
 * A few distinct workbooks to audit: templates from seed 000 with varied inputs (one without its satisfaction
 * figure, so an input error), seed 001 with its own scores, and a department's own sheet in seed 001's layout.
 */
async function distinctWorkbooks(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const [i, set] of inputSets(4).entries())
    files.push(
      await templateWorkbook(dir, `单位${i + 1}`, { ...set, departmentName: `单位${i + 1}` })
    );
  const { satisfaction, ...noSatisfaction } = exampleInputs("seed000");
  void satisfaction;
  files.push(await templateWorkbook(dir, "单位5", noSatisfaction));
  files.push(await templateWorkbook(dir, "刑警支队", loadExample("seed001")));
  const own = join(dir, "刑警支队-评分表.xlsx");
  await writeSeed001Workbook(own);
  files.push(own);
  return files;
}

/** `count` copies of the workbooks in a new folder `name` under `dir`. */
function copies(dir: string, name: string, files: string[], count: number): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (let i = 0; i < count; i++)
    copyFileSync(files[i % files.length], join(folder, `${String(i + 1).padStart(4, "0")}.xlsx`));
  return folder;
}

/** Read + recompute + apply the plan + write, in-process, on the seed 000 template. */
async function benchRecompute(
  dir: string,
  template: string,
  runs = 10
): Promise<{ recomputeMsPerWorkbook: number }> {
  const once = async (i: number) => {
    const { workbook, snapshot } = await readWorkbook(template);
    const result = recompute(snapshot, shenzhen, { backup: true });
    applyPlan(workbook, result.plan);
    await writeWorkbook(workbook, join(dir, `recomputed-${i}.xlsx`));
  };
  await once(-1); // warm up
  const start = performance.now();
  for (let i = 0; i < runs; i++) await once(i);
  return { recomputeMsPerWorkbook: round((performance.now() - start) / runs) };
}

/**
 * LibreOffice recalculating the same workbook: one headless run on that one file (what recalculating it costs,
 * start-up included), and for comparison one run over 10 copies, per copy (start-up shared).
 */
async function benchLibreOffice(
  dir: string,
  template: string,
  recomputeMs: number,
  count = 10
): Promise<{
  libreofficeMsPerWorkbook: number | null;
  libreofficeMsPerWorkbookIn10: number | null;
  recomputeVsLibreOffice: number | null;
}> {
  const folder = join(dir, "libreoffice");
  mkdirSync(folder);
  const files = Array.from({ length: count }, (_, i) => {
    const file = join(folder, `copy-${i + 1}.xlsx`);
    copyFileSync(template, file);
    return file;
  });
  try {
    await recalculate([files[0]], join(folder, "warm")); // the first start of a machine reads its libraries from disk
    let start = performance.now();
    await recalculate([files[0]], join(folder, "one"));
    const single = performance.now() - start;
    start = performance.now();
    await recalculate(files, join(folder, "out"));
    const batch = (performance.now() - start) / count;
    return {
      libreofficeMsPerWorkbook: round(single),
      libreofficeMsPerWorkbookIn10: round(batch),
      recomputeVsLibreOffice: round(single / recomputeMs),
    };
  } catch (err) {
    process.stderr.write(`bench: LibreOffice skipped: ${(err as Error).message.split("\n")[0]}\n`);
    return {
      libreofficeMsPerWorkbook: null,
      libreofficeMsPerWorkbookIn10: null,
      recomputeVsLibreOffice: null,
    };
  }
}

/** `selfeval audit` in-process over a folder of 20 workbooks, summary included. */
async function benchAudit(
  dir: string,
  files: string[],
  count = 20
): Promise<{ auditWorkbooksPerSecond: number }> {
  const folder = copies(dir, `audit-${count}`, files, count);
  const start = performance.now();
  await cli(["audit", folder, "-o", join(dir, `audit-${count}.xlsx`)], quiet);
  return { auditWorkbooksPerSecond: round(count / ((performance.now() - start) / 1000)) };
}

/**
 * Peak memory of the real command line, `node bin/selfeval.js audit folder -o summary.xlsx`, in a child
 * process that reports its own peak resident set (`process.resourceUsage().maxRSS`, in KiB) as it exits.
 */
function auditPeakRssMb(dir: string, files: string[], count: number): number {
  const folder = copies(dir, `rss-${count}`, files, count);
  const wrapper = [
    `process.on("exit", () => process.stderr.write("\\nmaxRSS=" + process.resourceUsage().maxRSS + "\\n"));`,
    `process.argv.splice(1, 0, ${JSON.stringify(join(ROOT, "bin", "selfeval.js"))});`,
    `require(process.argv[1]);`,
  ].join("\n");
  // Exit 1 is expected: some of the workbooks have input errors.
  const child = spawnSync(
    process.execPath,
    ["-e", wrapper, "--", "audit", folder, "-o", join(dir, `rss-${count}.xlsx`)],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
  );
  const stderr = child.stderr ?? "";
  if (child.status !== 0 && child.status !== 1)
    throw new Error(
      `selfeval audit over ${count} workbooks failed (exit ${child.status}):\n${stderr}`
    );
  const kib = /maxRSS=(\d+)/.exec(stderr);
  if (!kib) throw new Error(`no maxRSS from the audit child:\n${stderr}`);
  return round(Number(kib[1]) / 1024);
}

async function benchWorkbooks(): Promise<Record<string, number | null>> {
  const dir = mkdtempSync(join(tmpdir(), "selfeval-bench-"));
  try {
    const template = await templateWorkbook(dir, "seed000", exampleInputs("seed000"));
    const recomputed = await benchRecompute(dir, template);
    // The same with seed 001's 16-row 绩效指标 table feeding 效果性.
    const { effectivenessScore, ...withoutEffectiveness } = exampleInputs("seed000");
    void effectivenessScore;
    const withTable = await templateWorkbook(dir, "seed000-table", {
      ...withoutEffectiveness,
      indicators: JSON.parse(
        readFileSync(join(__dirname, "..", "test", "fixtures", "seed001-indicators.json"), "utf8")
      ),
    });
    const recomputeMsWithTable = (await benchRecompute(dir, withTable)).recomputeMsPerWorkbook;
    const libreoffice = await benchLibreOffice(dir, template, recomputed.recomputeMsPerWorkbook);
    const files = await distinctWorkbooks(dir);
    const audit = await benchAudit(dir, files);
    return {
      ...recomputed,
      recomputeMsWithTable,
      ...libreoffice,
      ...audit,
      auditPeakRssMb10: auditPeakRssMb(dir, files, 10),
      auditPeakRssMb1000: auditPeakRssMb(dir, files, 1000),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

const LABELS: Record<string, string> = {
  engineMsPer10k: "engine: ms to score 10,000 input sets",
  engineMsPerScore: "engine: ms per input set",
  cliMsPerScore: "CLI: ms per `selfeval score` (process start included)",
  recomputeMsPerWorkbook: "recompute: ms per workbook (read, recompute, apply, write)",
  recomputeMsWithTable: "recompute: ms per workbook with a 16-row 绩效指标 table",
  libreofficeMsPerWorkbook:
    "LibreOffice: ms to recalculate the workbook (one run, start-up included)",
  libreofficeMsPerWorkbookIn10: "LibreOffice: ms per workbook in one run over 10 (start-up shared)",
  recomputeVsLibreOffice: "LibreOffice (one workbook) ÷ recompute (target ≥ 10)",
  auditWorkbooksPerSecond: "audit: workbooks per second (20, in-process, summary included)",
  auditPeakRssMb10: "audit: peak RSS in MB, CLI over 10 workbooks",
  auditPeakRssMb1000: "audit: peak RSS in MB, CLI over 1,000 workbooks",
  syncsPerRecompute: "add-in: context.sync() round trips per 重新计算 (template)",
  apiCallsPerRecompute: "add-in: Office.js calls per 重新计算 (property sets + methods)",
  rangeWritesPerRecompute: "add-in: range writes per 重新计算 (values/formulas/formats)",
  cellsWritten: "add-in: cells written per 重新计算",
  taskpaneGzipBytes: "add-in: task pane JavaScript, gzip bytes (limit 250 KB)",
  commandsGzipBytes: "add-in: ribbon command JavaScript, gzip bytes",
};

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const figures = {
    ...benchEngine(),
    ...benchCli(),
    ...(await benchWorkbooks()),
    ...(await benchRecomputeInExcel()),
    ...(await benchTaskpaneSize()),
  };
  if (json) {
    process.stdout.write(JSON.stringify(figures) + "\n");
    return;
  }
  for (const [key, value] of Object.entries(figures))
    process.stdout.write(`${(LABELS[key] ?? key).padEnd(66)} ${value ?? "n/a"}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`
  );
  process.exitCode = 1;
});
