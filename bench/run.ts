/**
 * `npm run bench` — figures, not tests (bench/README.md says how each is taken and what was decided from them).
 * Whole processes are compared only with whole processes, in one run, alternating, median of 5: `selfeval
 * recompute` against `soffice --headless --convert-to xlsx` (recalculation forced) and against the floor script
 * (bench/floor.js) on the same workbook; `selfeval --help` and `score` against `node -e 0`. Figures taken inside
 * one warm Node process are labelled "warm" and never divided into a process's time.
 * `npm run bench -- --json` prints the same as one JSON object; `-- --runs N` changes the 5.
 */
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { performance } from "perf_hooks";
import { main as cli } from "../src/cli/main";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { benchRecomputeInExcel, benchTaskpaneSize } from "./addin";
import { benchAudit } from "./audit";
import { alternate, median, type TimedCommand } from "./processes";
import { sofficeAvailable, sofficeCommand } from "./soffice";
import { distinctWorkbooks, inputSets, quiet, seed001Workbook, tableWorkbook } from "./workbooks";

const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "bin", "selfeval.js");
const node = (name: string, args: string[], ok = [0]): TimedCommand => ({
  name,
  file: process.execPath,
  args,
  ok,
});

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
type Figures = Record<string, number | boolean | null | Record<string, number>>;

/** The scoring engine alone, warm, in-process. */
function benchEngine(): Figures {
  const sets = inputSets(10000);
  for (const set of sets.slice(0, 200)) scoreFramework(shenzhen, set); // warm up
  const start = performance.now();
  let checksum = 0;
  for (const set of sets) checksum += scoreFramework(shenzhen, set).total;
  const ms = performance.now() - start;
  if (!Number.isFinite(checksum)) throw new Error("bench produced no totals");
  return { warmEngineMsPerScore: round(ms / sets.length, 4) };
}

/** Start-up: `selfeval --help` and `selfeval score` against `node -e 0`, whole processes, alternating. */
function benchStartup(runs: number): Figures {
  const input = join(ROOT, "examples", "seed000.json");
  const ms = alternate(
    [
      node("node", ["-e", "0"]),
      node("help", [BIN, "--help"]),
      node("score", [BIN, "score", "--input", input, "--json"]),
    ],
    runs
  );
  return {
    nodeStartMs: round(ms.node),
    helpMs: round(ms.help),
    scoreMs: round(ms.score),
    helpVsNode: round(ms.help / ms.node, 2),
    scoreVsNode: round(ms.score / ms.node, 2),
  };
}

/**
 * One workbook recomputed by `selfeval recompute`, recalculated by soffice, and rewritten by the floor script,
 * each a cold process, in turn; `key` names the figures.
 */
function benchRecomputeCold(dir: string, workbook: string, key: string, runs: number): Figures {
  const folder = join(dir, key);
  mkdirSync(folder);
  const commands: TimedCommand[] = [
    node("selfeval", [BIN, "recompute", workbook, "-o", join(folder, "selfeval.xlsx")], [0, 1]),
    node("floor", [join(__dirname, "floor.js"), workbook, join(folder, "floor.xlsx")]),
  ];
  const soffice = sofficeAvailable();
  if (soffice) commands.push(sofficeCommand(join(folder, "soffice"), workbook));
  else process.stderr.write("bench: soffice not found; LibreOffice figures left out\n");
  const ms = alternate(commands, runs);
  return {
    [`${key}RecomputeMs`]: round(ms.selfeval),
    [`${key}FloorMs`]: round(ms.floor),
    [`${key}SofficeMs`]: soffice ? round(ms.soffice) : null,
    [`${key}SofficeVsRecompute`]: soffice ? round(ms.soffice / ms.selfeval, 2) : null,
    [`${key}RecomputeVsFloor`]: round(ms.selfeval / ms.floor, 2),
  };
}

/** The same recompute inside this process after a warm-up: the command's own work, no start-up. */
async function benchRecomputeWarm(dir: string, workbook: string, key: string): Promise<Figures> {
  const out = join(dir, `${key}-warm.xlsx`);
  const once = async () => {
    const start = performance.now();
    const code = await cli(["recompute", workbook, "-o", out], quiet);
    if (code > 1) throw new Error(`selfeval recompute failed on ${workbook} (exit ${code})`);
    return performance.now() - start;
  };
  for (let i = 0; i < 3; i++) await once();
  const ms: number[] = [];
  for (let i = 0; i < 10; i++) ms.push(await once());
  return { [`${key}WarmRecomputeMs`]: round(median(ms)) };
}

/** Issue 17's targets: each figure's bound. */
const TARGETS: [string, string, (x: number | boolean) => boolean][] = [
  ["seed001SofficeVsRecompute", "≥ 10", (x) => typeof x === "number" && x >= 10],
  ["seed001RecomputeVsFloor", "≤ 2.5", (x) => typeof x === "number" && x <= 2.5],
  ["helpVsNode", "≤ 1.5", (x) => typeof x === "number" && x <= 1.5],
  ["auditSeconds", "≤ 10", (x) => typeof x === "number" && x <= 10],
  ["auditPeakRssMb", "≤ 400", (x) => typeof x === "number" && x <= 400],
  ["auditSameAsSingleThread", "true", (x) => x === true],
  ["paneInitialGzipBytes", "≤ 150000", (x) => typeof x === "number" && x <= 150_000],
];

const LABELS: Record<string, string> = {
  nodeStartMs: "process: `node -e 0`, ms (median)",
  helpMs: "process: `selfeval --help`, ms",
  scoreMs: "process: `selfeval score --input seed000.json`, ms",
  helpVsNode: "ratio: --help ÷ node -e 0 (target ≤ 1.5)",
  scoreVsNode: "ratio: score ÷ node -e 0",
  seed001RecomputeMs: "process: `selfeval recompute` seed 001's workbook, ms",
  seed001SofficeMs: "process: soffice --convert-to xlsx (recalc) seed 001's workbook, ms",
  seed001FloorMs: "process: floor script (inflate, scan, deflate) seed 001's workbook, ms",
  seed001SofficeVsRecompute: "ratio: soffice ÷ recompute, seed 001 (target ≥ 10)",
  seed001RecomputeVsFloor: "ratio: recompute ÷ floor, seed 001 (target ≤ 2.5)",
  tableRecomputeMs: "process: `selfeval recompute` 16-row 绩效指标 workbook, ms",
  tableSofficeMs: "process: soffice, 16-row 绩效指标 workbook, ms",
  tableFloorMs: "process: floor script, 16-row 绩效指标 workbook, ms",
  tableSofficeVsRecompute: "ratio: soffice ÷ recompute, 16-row table",
  tableRecomputeVsFloor: "ratio: recompute ÷ floor, 16-row table",
  seed001WarmRecomputeMs: "warm, in-process: recompute seed 001's workbook, ms",
  tableWarmRecomputeMs: "warm, in-process: recompute 16-row 绩效指标 workbook, ms",
  warmEngineMsPerScore: "warm, in-process: scoring engine, ms per input set",
  auditWorkbooks: "audit: workbooks (generated)",
  auditSeconds: "audit: seconds, whole process",
  auditPeakRssMb: "audit: peak RSS, MB",
  auditWorkbooksPerSecondPerCore: "audit: workbooks per second per core",
  auditCores: "audit: cores (one worker thread each)",
  auditSameAsSingleThread: "audit: the same --json summary as a single-threaded run",
  syncsPerRecompute: "add-in: context.sync() calls per 重新计算 (template)",
  apiCallsPerRecompute: "add-in: Office.js calls per 重新计算 (property sets + methods)",
  rangeWritesPerRecompute: "add-in: range writes per 重新计算",
  cellsWritten: "add-in: cells written per 重新计算",
  paneGzipBytesByChunk: "add-in: gzip bytes by script",
  paneInitialGzipBytes:
    "add-in: gzip bytes the pane loads before it shows (taskpane.js, with polyfills.js)",
};

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const runs = Number(argValue("--runs") ?? 5);
  const dir = mkdtempSync(join(tmpdir(), "selfeval-bench-"));
  try {
    const seed001 = await seed001Workbook(dir);
    const table = await tableWorkbook(dir);
    const figures: Figures = {
      ...benchStartup(Math.max(runs, 11)),
      ...benchRecomputeCold(dir, seed001, "seed001", runs),
      ...benchRecomputeCold(dir, table, "table", runs),
      ...(await benchRecomputeWarm(dir, seed001, "seed001")),
      ...(await benchRecomputeWarm(dir, table, "table")),
      ...benchEngine(),
      ...benchAudit(dir, await distinctWorkbooks(dir)),
      ...(await benchRecomputeInExcel()),
      ...(await benchTaskpaneSize()),
    };
    const targets = Object.fromEntries(
      TARGETS.map(([key, target, holds]) => {
        const value = figures[key];
        const met = (typeof value === "number" || typeof value === "boolean") && holds(value);
        return [key, { value, target, met }];
      })
    );
    if (json) {
      process.stdout.write(JSON.stringify({ ...figures, runs, targets }) + "\n");
      return;
    }
    for (const [key, value] of Object.entries(figures)) {
      if (value !== null && typeof value === "object") {
        process.stdout.write(`${LABELS[key] ?? key}:\n`);
        for (const [k, v] of Object.entries(value))
          process.stdout.write(`  ${k.padEnd(64)} ${v}\n`);
      } else process.stdout.write(`${(LABELS[key] ?? key).padEnd(66)} ${value ?? "n/a"}\n`);
    }
    process.stdout.write(`\nmedians of ${runs} alternating runs; targets:\n`);
    for (const [key, t] of Object.entries(targets))
      process.stdout.write(
        `  ${key.padEnd(30)} ${String(t.value).padEnd(8)} ${t.target.padEnd(6)} ${t.met ? "met" : "NOT met"}\n`
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`
  );
  process.exitCode = 1;
});
