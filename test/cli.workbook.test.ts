import { mkdtempSync, readFileSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { readWorkbook } from "../src/hosts/xlsx";
import { runCli } from "./support/cli";

const ROOT = join(__dirname, "..");
const SEED001 = join(ROOT, "examples", "seed001.json");
const dir = mkdtempSync(join(tmpdir(), "selfeval-cli-wb-"));

const run = runCli;

describe("selfeval template / recompute / restore", () => {
  const template = join(dir, "模板.xlsx");
  const filled = join(dir, "seed001.xlsx");

  it("template without --input writes the empty standard template", async () => {
    const { code, stdout } = await run(["template", "-o", template]);
    expect(code).toBe(0);
    expect(stdout).toContain(`已写入标准模板 ${template}`);
    const { snapshot } = await readWorkbook(template);
    expect(snapshot.sheets.map((s) => s.name)).toEqual([
      "基础数据",
      "评分表",
      "绩效指标",
      "说明",
      "selfeval_framework",
    ]);
    expect(snapshot.sheets.find((s) => s.name === "selfeval_framework")).toMatchObject({
      hidden: true,
      values: [["shenzhen"]],
    });
    expect(snapshot.names.map((n) => n.name)).toEqual(
      expect.arrayContaining([
        "adjustmentTotal",
        "adjustmentRate",
        "score_financialCompliance",
        "score_total",
        "score_grade",
      ])
    );
  });

  it("template --input --json prints the report with each indicator's cell", async () => {
    const { code, stdout } = await run(["template", "--input", SEED001, "-o", filled, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.total).toBe(95.22);
    expect(
      report.indicators.find((r: { id: string }) => r.id === "financialCompliance")
    ).toMatchObject({ score: 2.24, selfScore: 3, cell: "评分表!H10" });
    expect(
      report.breaches.find((b: { metric: string }) => b.metric === "adjustmentRate").cell
    ).toMatch(/^基础数据!B\d+$/);
  });

  it("recompute writes a copy, never its input, and prints the table", async () => {
    const before = readFileSync(filled);
    const mtime = statSync(filled).mtimeMs;
    const out = join(dir, "seed001-重新计算.xlsx");
    const { code, stdout, stderr } = await run(["recompute", filled, "-o", out]);
    expect(code).toBe(0);
    expect(stdout).toContain("总分 95.22，评分等级 优");
    // Nothing changed, so nothing to undo: restore is not offered.
    // One line: what was written, and the framework with why.
    expect(stderr).toMatch(/^[^\n]+\n$/);
    expect(stderr.startsWith(`已写入 ${out}（原有单元格均未改动）；评分框架：`)).toBe(true);
    expect(stderr).not.toContain("restore");
    expect(readFileSync(filled).equals(before)).toBe(true);
    expect(statSync(filled).mtimeMs).toBe(mtime);
  });

  it.each([
    [["recompute", "x.xlsx"], "请用 -o 指定输出文件"],
    [["recompute"], "recompute 需要一个输入工作簿"],
    [["recompute", "nope.xlsx", "-o", "out.xlsx"], "找不到文件 nope.xlsx"],
    [["restore", "nope.xlsx", "-o", "out.xlsx"], "找不到文件 nope.xlsx"],
  ])("usage errors exit 2 in plain words: %j", async (args, words) => {
    const { code, stderr } = await run(args as string[]);
    expect(code).toBe(2);
    expect(stderr).toContain(words);
  });

  it("recompute --json carries `indicatorTable`, each row with its cell on the 绩效指标 sheet", async () => {
    const table = JSON.parse(
      readFileSync(join(ROOT, "test", "fixtures", "seed001-indicators.json"), "utf8")
    ) as Record<string, unknown>[];
    const { effectivenessScore, ...inputs } = JSON.parse(
      readFileSync(join(ROOT, "examples", "seed000.json"), "utf8")
    ) as Record<string, unknown>;
    void effectivenessScore;
    const json = join(dir, "with-table.json");
    writeFileSync(json, JSON.stringify({ ...inputs, indicators: table }));
    const laidOut = join(dir, "with-table.xlsx");
    expect((await run(["template", "--input", json, "-o", laidOut])).code).toBe(0);
    const { code, stdout } = await run([
      "recompute",
      laidOut,
      "-o",
      join(dir, "with-table-2.xlsx"),
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      total: number;
      indicatorTable: { name: string; cell: string; met: boolean | null; score: number | null }[];
    };
    expect(report.total).toBe(95.97);
    expect(report.indicatorTable).toHaveLength(16);
    expect(report.indicatorTable[0]).toMatchObject({
      name: "总DNA数据库建库数",
      cell: "绩效指标!C4",
      met: true,
      score: 1.92,
    });
  });

  it("refuses to write over its input", async () => {
    const { code, stderr } = await run(["recompute", filled, "-o", filled]);
    expect(code).toBe(2);
    expect(stderr).toContain("输出文件不能与输入文件相同");
  });

  it("a file that is not a workbook, a workbook without a score sheet, and nothing to undo are exit 2 with a message", async () => {
    const junk = join(dir, "junk.xlsx");
    writeFileSync(junk, "not a zip");
    const a = await run(["recompute", junk, "-o", join(dir, "o1.xlsx")]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(
      `selfeval: ${junk} 是文本文件，只有数据，没有评分表的格式；请在 Excel 或 WPS 中打开后另存为 .xlsx\n`
    );
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet("Sheet1").getCell("A1").value = "预算";
    const plainPath = join(dir, "plain.xlsx");
    await plain.xlsx.writeFile(plainPath);
    const b = await run(["recompute", plainPath, "-o", join(dir, "o3.xlsx")]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("没有找到评分表");
    const restored = await run(["restore", filled, "-o", join(dir, "o2.xlsx")]);
    expect(restored.code).toBe(2);
    expect(restored.stderr).toContain("没有可撤销的计算");
  });

  it("restore puts back what recompute changed", async () => {
    // Type over one score, recompute (which restores the formula and keeps the typed value), then restore.
    const { workbook } = await readWorkbook(filled);
    workbook.getWorksheet("评分表")!.getCell("H10").value = 3;
    const typed = join(dir, "typed.xlsx");
    await workbook.xlsx.writeFile(typed);
    const recomputed = join(dir, "typed-recomputed.xlsx");
    expect((await run(["recompute", typed, "-o", recomputed])).code).toBe(0);
    const restored = join(dir, "typed-restored.xlsx");
    const { code, stdout } = await run(["restore", recomputed, "-o", restored]);
    expect(code).toBe(0);
    expect(stdout).toContain("已恢复 1 个单元格");
    // Read through the snapshot (the Office lint rules take an ExcelJS cell for an Office.js range).
    const { snapshot } = await readWorkbook(restored);
    expect(snapshot.sheets.find((s) => s.name === "评分表")!.values[9][7]).toBe(3);
  });
});
