/** The workbooks the bench works on, made in a temporary folder with the command line itself (in-process). */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { main as cli } from "../src/cli/main";
import type { CliIO } from "../src/cli/io";
import { writeSeed001Workbook } from "../test/support/seed001Workbook";
import { exampleInputs, loadExample } from "../test/support/seeds";
import { mulberry32 } from "../test/support/random";

export const quiet: CliIO = { stdout: () => {}, stderr: () => {} };

/** `count` sets of seed 000's inputs, varied (a fixed seed: the same sets every run). */
export function inputSets(count: number): Record<string, unknown>[] {
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

/** `selfeval template --input` (in-process) for one set of inputs; throws if it fails. */
export async function templateWorkbook(
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

/** Seed 001's own workbook (the department's score sheet, as examples/深圳-seed001.xlsx). */
export async function seed001Workbook(dir: string): Promise<string> {
  const file = join(dir, "刑警支队-评分表.xlsx");
  await writeSeed001Workbook(file);
  return file;
}

/** Seed 000's template with seed 001's 16-row 绩效指标 table feeding 效果性. */
export function tableWorkbook(dir: string): Promise<string> {
  const { effectivenessScore, ...withoutEffectiveness } = exampleInputs("seed000");
  void effectivenessScore;
  return templateWorkbook(dir, "绩效指标-16行", {
    ...withoutEffectiveness,
    indicators: JSON.parse(
      readFileSync(join(__dirname, "..", "test", "fixtures", "seed001-indicators.json"), "utf8")
    ),
  });
}

/**
 * A few distinct workbooks to audit: templates from seed 000 with varied inputs (one without its satisfaction
 * figure, so an input error), seed 001 with its own scores, and a department's own sheet in seed 001's layout.
 */
export async function distinctWorkbooks(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const [i, set] of inputSets(4).entries())
    files.push(
      await templateWorkbook(dir, `单位${i + 1}`, { ...set, departmentName: `单位${i + 1}` })
    );
  const { satisfaction, ...noSatisfaction } = exampleInputs("seed000");
  void satisfaction;
  files.push(await templateWorkbook(dir, "单位5", noSatisfaction));
  files.push(await templateWorkbook(dir, "刑警支队", loadExample("seed001")));
  files.push(await seed001Workbook(dir));
  return files;
}

/** `count` copies of the workbooks in a new folder `name` under `dir`. */
export function copies(dir: string, name: string, files: string[], count: number): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (let i = 0; i < count; i++)
    copyFileSync(files[i % files.length], join(folder, `${String(i + 1).padStart(4, "0")}.xlsx`));
  return folder;
}
