/** Recompute on an .xlsx file as the CLI does: read, recompute, apply, write a copy. */
import type { Framework } from "../../src/domain/types";
import { shenzhen } from "../../src/domain/frameworks/shenzhen";
import { applyPlan, readWorkbook, writeWorkbook } from "../../src/hosts/xlsx";
import { recompute } from "../../src/workbook/recompute";

export async function recomputeFile(
  input: string,
  output: string,
  framework: Framework = shenzhen
) {
  const { workbook, snapshot } = await readWorkbook(input);
  const result = recompute(snapshot, framework);
  applyPlan(workbook, result.plan);
  await writeWorkbook(workbook, output);
  return result;
}
