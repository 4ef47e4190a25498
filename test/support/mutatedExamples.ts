/**
 * Fixed cases made from the fuzz's failures: an example workbook with some cells changed, recomputed through the
 * ExcelJS host, with the formula cells of the plan and the results we cached — for LibreOffice to recalculate
 * (libreOfficeProblems) and compare.
 */
import { join } from "path";
import ExcelJS from "exceljs";
import { applyPlan, readWorkbook, writeWorkbook } from "../../src/hosts/xlsx";
import { recomputeWorkbook } from "../../src/workbook/recompute";
import { address } from "../../src/workbook/snapshot";
import { libreOfficeProblems, type Cached } from "./fuzzInvariants";

export type Mutate = (workbook: ExcelJS.Workbook) => void;

export interface MutatedCase {
  /** An example's file name (examples/…), or a path to a workbook written beforehand. */
  example: string;
  name: string;
  mutate: Mutate;
}

/** Recomputes an example with some of its cells changed (files in `dir`); the plan's formula cells and results. */
export async function recomputeMutated(dir: string, { example, name, mutate }: MutatedCase) {
  const workbook = new ExcelJS.Workbook();
  const source = example.includes("/") ? example : join(__dirname, "..", "..", "examples", example);
  await workbook.xlsx.readFile(source);
  mutate(workbook);
  const input = join(dir, `${name}-in.xlsx`);
  await workbook.xlsx.writeFile(input);
  const read = await readWorkbook(input);
  const result = recomputeWorkbook(read.snapshot, undefined);
  applyPlan(read.workbook, result.plan);
  const file = join(dir, `${name}.xlsx`);
  await writeWorkbook(read.workbook, file);
  const results = new Map<string, unknown>();
  for (const s of result.plan.sheets)
    for (const c of s.cells)
      if (c.formula !== undefined)
        results.set(
          `${s.name}!${address(c.row, c.col)}`,
          c.result === "" || c.result === undefined ? null : c.result
        );
  return { result, cached: { file, results } as Cached };
}

export type MutatedOutcome = Awaited<ReturnType<typeof recomputeMutated>>;

/** Every case recomputed, then all recalculated by LibreOffice in one batch: the outcomes and each file's problems. */
export async function recomputeAllWithLibreOffice(
  dir: string,
  cases: MutatedCase[]
): Promise<{ outcomes: MutatedOutcome[]; problems: Map<string, string[]> }> {
  const outcomes: MutatedOutcome[] = [];
  for (const c of cases) outcomes.push(await recomputeMutated(dir, c));
  const problems = await libreOfficeProblems(
    outcomes.map((o) => o.cached),
    join(dir, "lo")
  );
  return { outcomes, problems };
}
