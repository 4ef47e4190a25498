/**
 * `npm run bench` — figures, not tests: how fast the engine and the command line are on this machine.
 * `npm run bench -- --json` prints one JSON object with every figure.
 */
import { execFileSync } from "child_process";
import { join } from "path";
import { performance } from "perf_hooks";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { exampleInputs } from "../test/support/seeds";

const ROOT = join(__dirname, "..");

/** A small deterministic generator, so every run scores the same 10,000 input sets. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

const LABELS: Record<string, string> = {
  engineMsPer10k: "engine: ms to score 10,000 input sets",
  engineMsPerScore: "engine: ms per input set",
  cliMsPerScore: "CLI: ms per `selfeval score` (process start included)",
};

function main(): void {
  const json = process.argv.includes("--json");
  const figures = { ...benchEngine(), ...benchCli() };
  if (json) {
    process.stdout.write(JSON.stringify(figures) + "\n");
    return;
  }
  for (const [key, value] of Object.entries(figures))
    process.stdout.write(`${(LABELS[key] ?? key).padEnd(58)} ${value}\n`);
}

main();
