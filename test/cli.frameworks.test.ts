/**
 * `selfeval score --framework <id|file.json>`: the presets reproduce the seeds from examples/, a deduction without
 * its reason is an input error (exit 1), a framework file of one's own scores, and a broken one is refused (exit 2)
 * with every mistake's path in plain Chinese, never a stack trace.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { frameworkOption } from "../src/cli/args";
import { runCli } from "./support/cli";

const ROOT = join(__dirname, "..");
const EXAMPLES = join(ROOT, "examples");
const example = (name: string) => join(EXAMPLES, `${name}.json`);
const CUSTOM = example("custom-framework");

const run = runCli;

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "selfeval-fw-")), name);
  writeFileSync(path, content);
  return path;
}

const scoresOf = (report: { indicators: { id: string; score: number | null }[] }) =>
  Object.fromEntries(report.indicators.map((r) => [r.id, r.score]));

describe("selfeval score --framework <preset>", () => {
  it("guangzhou: seed 003 → 98 优 (信息公开 −1, 采购管理 −1), exit 0", async () => {
    const { code, stdout, stderr } = await run([
      "score",
      "--framework",
      "guangzhou",
      "--input",
      example("seed003-guangzhou"),
      "--json",
    ]);
    expect([code, stderr]).toEqual([0, ""]);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      framework: "guangzhou",
      total: 98,
      grade: "优",
      complete: true,
      errors: [],
    });
    expect(scoresOf(report)).toMatchObject({
      disclosure: 3,
      procurementManagement: 9,
      dutyPerformance: 50,
    });
  });

  it("county: seed 002 → 98 优 and the 33.3% budget change highlighted, in the text report", async () => {
    const { code, stdout } = await run([
      "score",
      "--framework",
      "county",
      "--input",
      example("seed002-county"),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^县级部门整体支出绩效自评/);
    expect(stdout).toMatch(/投入与管理\s+49 \/ 50\s+扣 1 分（预算编制基本准确合理/);
    expect(stdout).toContain("总分 98，评分等级 优");
    expect(stdout).toContain(
      "【黄】 实际到位资金较年初预算增加 33.29%，预算调整幅度较大（超过 10%）"
    );
  });

  it("project: seed 004's table is scored, and what the seed leaves out is asked for (exit 1)", async () => {
    const { code, stdout } = await run([
      "score",
      "--framework",
      "project",
      "--input",
      example("seed004-project"),
      "--json",
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.framework).toBe("project");
    expect(report.indicatorTable.map((r: { name: string }) => r.name)).toEqual([
      "发放率（向符合见义勇为条件人员发放）",
      "满意度",
    ]);
    expect(report.errors.map((e: { input: string }) => e.input).sort()).toEqual(
      [
        "benefitScore",
        "indicators[0]",
        "indicators[1]",
        "outputScore",
        "projectBudget",
        "projectSpent",
        "satisfactionScore",
      ].sort()
    );
  });

  it("a deduction without its reason: exit 1, the error on <id>DeductionReason, the indicator unscored", async () => {
    const data = JSON.parse(readFileSync(example("seed003-guangzhou"), "utf8"));
    delete data.procurementManagementDeductionReason;
    const input = tempFile("data.json", JSON.stringify(data));
    const json = await run(["score", "--framework", "guangzhou", "--input", input, "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.errors).toEqual([
      {
        input: "procurementManagementDeductionReason",
        message: "「采购管理」扣了分，请在「采购管理扣分原因」中写明原因",
      },
    ]);
    expect(scoresOf(report).procurementManagement).toBeNull();
    const text = await run(["score", "--framework", "guangzhou", "--input", input]);
    expect(text.stdout).toContain(
      "输入问题（1）：\n  「采购管理」扣了分，请在「采购管理扣分原因」中写明原因"
    );
  });
});

describe("selfeval score --framework file.json", () => {
  it("a framework file of one's own scores: the example county rules on seed 002's data → 93.34 优", async () => {
    const { code, stdout, stderr } = await run([
      "score",
      "--framework",
      CUSTOM,
      "--input",
      example("seed002-county"),
      "--json",
    ]);
    // seed 002's self scores are by the county preset's indicator ids, which this framework does not have: each
    // is an input error naming it (exit 1), the report still scored and graded.
    expect([code, stderr]).toEqual([1, ""]);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ framework: "county-2025-example", total: 93.34, grade: "优" });
    expect(report.errors.map((e: { input: string }) => e.input)).toEqual([
      "selfScores.inputManagement",
      "selfScores.output",
      "selfScores.benefit",
    ]);
    expect(report.errors[1].message).toBe(
      "自评得分 selfScores 中未知的指标 output，是否为 outputs「产出」？"
    );
    expect(scoresOf(report)).toEqual({
      budgetPreparation: 19,
      execution: 10,
      adjustment: 5.34, // 33.29% is 23.29 points over 10%: 10 − 0.2 × 23.29
      outputs: 29,
      benefits: 20,
      publicSatisfaction: 10,
    });
  });

  it("a broken file: exit 2, nothing on stdout, every mistake's path and a Chinese message, no stack trace", async () => {
    const doc = JSON.parse(readFileSync(CUSTOM, "utf8"));
    doc.indicators[1].rule.bands[1].points = "8";
    doc.metrics[0].expr = "spent/fundsRecieved";
    const path = tempFile("my-framework.json", JSON.stringify(doc, null, 2));
    const { code, stdout, stderr } = await run([
      "score",
      "--framework",
      path,
      "--input",
      example("seed002-county"),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `selfeval: 评分框架文件 ${path} 有 2 处错误：\n` +
        `  metrics[0].expr：名称“fundsRecieved”未定义，是否应为“fundsReceived”？\n` +
        `  indicators[1].rule.bands[1].points：应为数字，现为"8"\n`
    );
  });

  it("a file that takes a preset's id is refused: the workbook saves a framework by its id", async () => {
    const doc = JSON.parse(readFileSync(CUSTOM, "utf8"));
    doc.id = "county";
    const path = tempFile("county-copy.json", JSON.stringify(doc));
    const { code, stderr } = await run([
      "score",
      "--framework",
      path,
      "--input",
      example("seed002-county"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("id：“county”是内置评分框架的 id，请为本框架另取一个");
  });

  it("a file that is not JSON: exit 2 with the line; in English when asked", async () => {
    const path = tempFile("broken.json", '{\n  "id": "x",\n  "name": "x"\n  "indicators": []\n}');
    const zh = await run(["score", "--framework", path, "--input", example("seed002-county")]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(
      /^selfeval: 评分框架文件 .*broken\.json 不是有效的 JSON：第 4 行第 3 列，此处缺少英文逗号或 }：\n {4} {2}"indicators": \[\]\n {4} {2}\^\n$/
    );
    const en = await run([
      "score",
      "--lang",
      "en",
      "--framework",
      path,
      "--input",
      example("seed002-county"),
    ]);
    expect(en.stderr).toMatch(
      /the framework file .*broken\.json is not valid JSON: line 4, column 3: a comma or } is missing here:/
    );
  });

  it("a file that cannot be read, an unknown preset: exit 2, and the presets are listed", async () => {
    const missing = await run([
      "score",
      "--framework",
      "nope/missing.json",
      "--input",
      example("seed002-county"),
    ]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "selfeval: 找不到评分框架文件 nope/missing.json\n",
    ]);
    const unknown = await run([
      "score",
      "--framework",
      "beijing",
      "--input",
      example("seed002-county"),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "可用：shenzhen、guangzhou、county、project；或给出框架文件的路径"
    );
  });

  it("--help names the presets and the file format", async () => {
    const { stdout } = await run(["--help"]);
    expect(stdout).toContain("可用：shenzhen、guangzhou、county、project");
    expect(stdout).toContain("schemas/framework.schema.json");
  });

  it("reads --framework as a preset id or a file: a .json name or a path", () => {
    expect(frameworkOption(undefined)).toEqual({ id: "shenzhen" });
    expect(frameworkOption("county")).toEqual({ id: "county" });
    expect(frameworkOption("本局2025.JSON")).toEqual({ path: "本局2025.JSON" });
    expect(frameworkOption("rules/2025")).toEqual({ path: "rules/2025" });
  });

  it("the built command line ships the presets (lib/ after npm run build:cli)", () => {
    const stdout = execFileSync(
      process.execPath,
      [
        join(ROOT, "bin", "selfeval.js"),
        "score",
        "--framework",
        "county",
        "--input",
        example("seed002-county"),
        "--json",
      ],
      { cwd: ROOT, encoding: "utf8" }
    );
    expect(JSON.parse(stdout)).toMatchObject({ framework: "county", total: 98 });
  });
});
