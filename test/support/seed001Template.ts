/**
 * Seed 001's workbook as a department fills the standard template: 基础数据 with the seed's figures (examples/
 * seed001.json), the department's name and year, its self scores in 评分表, and the seed's 绩效指标 table
 * (test/fixtures/seed001-indicators.json) scoring 效果性 — written by `selfeval template --input` itself. The
 * example `selfeval report` is shown on (examples/深圳-seed001-模板.xlsx, `npm run examples`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runTemplate } from "../../src/cli/workbookCommands";
import { shenzhen } from "../../src/domain/frameworks/shenzhen";
import { loadExample } from "./seeds";

export const SEED001_TEMPLATE_EXAMPLE = "深圳-seed001-模板.xlsx";

/** The template's input: seed 001's figures and self scores, its name and year, its 绩效指标 rows. */
export function seed001TemplateInput(): Record<string, unknown> {
  const { effectivenessScore, ...example } = loadExample("seed001");
  void effectivenessScore; // 效果性 is scored from the 绩效指标 rows instead
  const indicators = JSON.parse(
    readFileSync(join(__dirname, "..", "fixtures", "seed001-indicators.json"), "utf8")
  ) as unknown[];
  return {
    ...example,
    departmentName: "深圳市公安局刑事警察支队",
    budgetYear: 2023,
    indicators,
  };
}

/** Writes the workbook to `path` (through `selfeval template --input`, in-process). */
export async function writeSeed001Template(path: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "selfeval-seed001-"));
  try {
    const input = join(dir, "seed001.json");
    writeFileSync(input, JSON.stringify(seed001TemplateInput()));
    let stderr = "";
    const code = await runTemplate(shenzhen, input, path, true, "zh", {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    if (code !== 0) throw new Error(`selfeval template exited ${code}: ${stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
