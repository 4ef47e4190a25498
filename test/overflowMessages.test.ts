/**
 * No message prints Infinity or NaN (fuzz seed 457969584: 1e+308 typed as a rate gave "即 Infinity×10NaN%"): a huge
 * number is an input error naming its cell, in figures a person reads (1×10³⁰⁸), and a figure beyond what a double
 * holds is said in Chinese.
 */
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import {
  formatPercent,
  formatPercentagePoints,
  formatPoints,
  plainMagnitude,
} from "../src/domain/i18n";
import { readInput } from "../src/domain/parse/readInput";
import { runCli } from "./support/cli";

const LIBRARY_WORDS = /Infinity|NaN|e\+\d/;

test("figures beyond a double, or huge, are written in words or as powers of ten", () => {
  for (const n of [Infinity, -Infinity, NaN, 1e308, -9.99e15, 1e21]) {
    for (const text of [
      plainMagnitude(n),
      formatPoints(n),
      formatPercent(n),
      formatPercentagePoints(n),
    ])
      expect([n, text]).toEqual([n, expect.not.stringMatching(LIBRARY_WORDS)]);
  }
  expect(plainMagnitude(Infinity)).toBe("超出可计算范围的数");
  expect(formatPercent(1e308)).toBe("超出可计算范围的数%");
  expect(plainMagnitude(-9.99e15)).toBe("-9.99×10¹⁵");
  // Ordinary figures as before.
  expect(formatPoints(2.675)).toBe("2.68");
  expect(formatPercent(0.17633)).toBe("17.63%");
});

test("a rate of 1e308 in a cell is refused with the number as it is, not its overflowing percentage", () => {
  const read = readInput(
    { key: "satisfaction", label: { zh: "满意度", en: "satisfaction" }, kind: "rate" },
    1e308,
    "zh",
    "cell"
  );
  expect(read.error).toBe("「满意度」不能超过 100%（单元格中的数值为 1×10³⁰⁸）");
  const score = readInput(
    { key: "s", label: { zh: "得分", en: "score" }, kind: "score", max: 50 },
    -9989999999999964,
    "zh"
  );
  expect(score.error).toBe("「得分」应在 0 到 50 分之间，现为“-9.99×10¹⁵”");
});

test("recompute of a template holding 1e308 names the cell in plain Chinese", async () => {
  const dir = mkdtempSync(join(tmpdir(), "selfeval-overflow-"));
  const template = join(dir, "模板.xlsx");
  const seed = join(__dirname, "..", "examples", "seed000.json");
  expect((await runCli(["template", "--input", seed, "-o", template])).code).toBe(0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(template);
  const sheet = workbook.getWorksheet("基础数据")!;
  let row = 0;
  sheet.eachRow((r, i) => {
    if (r.getCell(1).value === "公众或服务对象满意度") row = i;
  });
  expect(row).toBeGreaterThan(0);
  sheet.getCell(row, 2).value = 1e308;
  await workbook.xlsx.writeFile(template);
  const run = await runCli(["recompute", template, "-o", join(dir, "算过.xlsx")]);
  const said = run.stdout + run.stderr;
  expect(said).not.toMatch(LIBRARY_WORDS);
  expect(said).toContain(
    `基础数据!B${row} 「公众或服务对象满意度」不能超过 100%（单元格中的数值为 1×10³⁰⁸）`
  );
});
