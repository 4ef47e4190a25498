/**
 * `npm run examples`: writes the departments' own workbooks (test/support/departmentWorkbooks.ts), seed 001's
 * (test/support/seed001Workbook.ts) and seed 001's figures in the standard template (seed001Template.ts) into
 * examples/, for trying `selfeval recompute`, `selfeval audit` and `selfeval report` on:
 *
 *   npx selfeval recompute examples/深圳-评分表.xlsx -o out.xlsx
 *   npx selfeval audit examples/ -o 汇总.xlsx
 *   npx selfeval report examples/深圳-seed001-模板.xlsx -o 自评报告.docx
 *
 * test/departmentWorkbooks.test.ts checks that the committed files hold what the builders write.
 */
import { mkdirSync } from "fs";
import { join } from "path";
import { ALL_DEPARTMENT_WORKBOOKS } from "../test/support/departmentWorkbooks";
import { writeSeed001Workbook } from "../test/support/seed001Workbook";
import { SEED001_TEMPLATE_EXAMPLE, writeSeed001Template } from "../test/support/seed001Template";

export const SEED001_EXAMPLE = "深圳-seed001.xlsx";

async function main(): Promise<void> {
  const dir = join(__dirname, "..", "examples");
  mkdirSync(dir, { recursive: true });
  for (const { file, build } of ALL_DEPARTMENT_WORKBOOKS) {
    await build().workbook.xlsx.writeFile(join(dir, file));
    process.stdout.write(`✓ examples/${file}\n`);
  }
  await writeSeed001Workbook(join(dir, SEED001_EXAMPLE));
  process.stdout.write(`✓ examples/${SEED001_EXAMPLE}\n`);
  await writeSeed001Template(join(dir, SEED001_TEMPLATE_EXAMPLE));
  process.stdout.write(`✓ examples/${SEED001_TEMPLATE_EXAMPLE}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
