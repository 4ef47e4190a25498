/**
 * `npm run fuzz`: the long run of the hostile-workbook fuzz test (test/workbook.fuzz.test.ts runs fixed seeds in
 * `npm test`). Fresh seeds for `--minutes` minutes (default 10, or FUZZ_MINUTES), each case checked as the test
 * checks it; every eighth recomputed case's cached results are confirmed by LibreOffice, eight files per run.
 * Each failure is printed with its seed and mutations; `--seed N` runs that one case again. Exit 1 when anything
 * failed.
 *
 *   npm run fuzz                      10 minutes
 *   npm run fuzz -- --minutes 2
 *   npm run fuzz -- --seed 123456     one case, its problems printed
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  checkCase,
  HarnessFailure,
  libreOfficeProblems,
  type Cached,
} from "../test/support/fuzzInvariants";
import { hostileCase, type HostileCase } from "../test/support/hostileWorkbooks";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

const minutes = Number(option("minutes") ?? process.env.FUZZ_MINUTES ?? 10);
const onlySeed = option("seed");
const LO_BATCH = 8;

const describe = (hc: HostileCase) =>
  `seed ${hc.seed} — ${hc.fixture}: ${hc.mutations.join("; ") || "no mutation applied"}`;

async function main(): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), "selfeval-fuzz-"));
  const deadline = Date.now() + minutes * 60_000;
  let failed = 0;
  let checked = 0;
  let refused = 0;
  /** Cases the harness could not make: the generator's faults, not the product's. */
  let harness = 0;
  let pending: { cached: Cached; hc: HostileCase }[] = [];
  const confirm = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const problems = await libreOfficeProblems(
      batch.map((b) => b.cached),
      join(root, `lo-${checked}`)
    );
    for (const b of batch) {
      const found = problems.get(b.cached.file) ?? [];
      if (!found.length) continue;
      failed++;
      process.stdout.write(`✗ ${describe(b.hc)}\n  LibreOffice: ${found.join("\n  ")}\n`);
    }
  };
  try {
    const seeds = onlySeed
      ? [Number(onlySeed)]
      : (function* () {
          let seed = Date.now() % 1_000_000_000;
          for (;;) yield seed++;
        })();
    for (const seed of seeds) {
      if (!onlySeed && Date.now() > deadline) break;
      const dir = mkdtempSync(join(root, "case-"));
      let hc: HostileCase;
      try {
        hc = await hostileCase(seed);
      } catch (err) {
        harness++;
        failed++;
        process.stdout.write(
          `✗ seed ${seed} — harness fault, not the product's: the generator failed: ${err instanceof Error ? err.stack : String(err)}\n`
        );
        continue;
      }
      // A case the harness itself cannot make (ExcelJS refusing the mutated file: a generator bug) is reported as
      // the harness's, apart from the product's failures; anything else thrown while checking is a failure too.
      const outcome = await checkCase(hc, dir, 1 + (seed % 3)).catch((err: unknown) => {
        if (err instanceof HarnessFailure) harness++;
        return {
          problems: [
            err instanceof HarnessFailure
              ? err.message
              : `the check failed: ${err instanceof Error ? err.stack : String(err)}`,
          ],
          refused: undefined,
          cached: undefined,
        };
      });
      checked++;
      if (outcome.refused !== undefined) refused++;
      if (outcome.problems.length) {
        failed++;
        process.stdout.write(`✗ ${describe(hc)}\n  ${outcome.problems.join("\n  ")}\n`);
      } else if (onlySeed) process.stdout.write(`✓ ${describe(hc)}\n`);
      if (outcome.cached && (onlySeed || checked % 8 === 0))
        pending.push({ cached: outcome.cached, hc });
      if (pending.length >= LO_BATCH || onlySeed) await confirm();
      if (checked % 20 === 0)
        process.stdout.write(
          `… ${checked} cases, ${refused} refused in plain words, ${failed} failed\n`
        );
    }
    await confirm();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  process.stdout.write(
    `${checked} hostile workbooks checked (${refused} refused in plain words): ${failed ? `${failed} failed` : "nothing found"}${harness ? ` (${harness} of them the harness's own faults)` : ""}\n`
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  }
);
