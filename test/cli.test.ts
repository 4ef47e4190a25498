import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runCli } from "./support/cli";

const ROOT = join(__dirname, "..");
const SEED000 = join(ROOT, "examples", "seed000.json");
const SEED001 = join(ROOT, "examples", "seed001.json");

const run = runCli;

function tempJson(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "selfeval-cli-"));
  const path = join(dir, "data.json");
  writeFileSync(path, content);
  return path;
}

describe("selfeval score", () => {
  it("--json prints one JSON object: seed 000 → 95.97 优 with the spec's 21 scores", async () => {
    const { code, stdout, stderr } = await run(["score", "--input", SEED000, "--json"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      framework: "shenzhen",
      total: 95.97,
      grade: "优",
      complete: true,
      errors: [],
    });
    expect(report.indicators).toHaveLength(21);
    expect(report.indicators[0]).toEqual(
      expect.objectContaining({
        id: "budgetRationality",
        name: "预算编制合理性",
        level1: "部门决策",
        level2: "预算编制",
        max: 5,
        score: 5,
        breaches: [],
      })
    );
    expect(report.indicators.find((r: { id: string }) => r.id === "execution").score).toBe(5.52);
  });

  it("seed 001 gives its worked scores and lists the 10% limit and the 90% band", async () => {
    const report = JSON.parse((await run(["score", "--input", SEED001, "--json"])).stdout);
    const score = (id: string) => report.indicators.find((r: { id: string }) => r.id === id);
    expect(score("financialCompliance")).toMatchObject({
      score: 2.24,
      selfScore: 3,
      breaches: ["adjustmentRate", "selfScore_financialCompliance"],
    });
    expect(score("execution").score).toBe(5.99);
    expect(score("procurement").score).toBe(1.99);
    const metrics = report.breaches.map(
      (b: { metric: string; severity: string }) => `${b.metric}:${b.severity}`
    );
    expect(metrics).toEqual(
      expect.arrayContaining([
        "adjustmentRate:red",
        "threePublicRate:amber",
        "officeCostRate:amber",
      ])
    );
  });

  it("without --json prints a table: name, score / max, explanation; then total, grade, breaches", async () => {
    const { code, stdout } = await run(["score", "--input", SEED001]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/财务合规性\s+2\.24 \/ 3\s+资金支出规范性得分/);
    expect(stdout).toContain("总分 95.22，评分等级 优");
    expect(stdout).toContain("【红】 资金调整调剂率 17.63%，超过 10% 上限");
    expect(stdout).toContain("【黄】 “三公”经费控制率 99.99%");
  });

  it("--lang en speaks English", async () => {
    const { stdout } = await run(["score", "--input", SEED001, "--lang", "en"]);
    expect(stdout).toContain("Total 95.22, grade 优 (Excellent)");
    expect(stdout).toContain("[red]   adjustment rate 17.63% exceeds the 10% limit");
  });

  it("exits 1 on input errors and still prints the report with --json", async () => {
    const path = tempJson(JSON.stringify({ satisfaction: "约五成" }));
    const { code, stdout } = await run(["score", "--input", path, "--json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.complete).toBe(false);
    expect(
      report.errors.find((e: { input: string }) => e.input === "satisfaction").message
    ).toContain("约五成");
  });

  it("a partial input: exit 1, the total of what is scored but no grade, and the inputs still to fill", async () => {
    const seed = JSON.parse(readFileSync(SEED000, "utf8"));
    const path = tempJson(JSON.stringify({ ...seed, budgetAdjusted: "", satisfaction: "约五成" }));
    const text = await run(["score", "--input", path]);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain("评分等级");
    expect(text.stdout).toContain("已计分 19 / 21 项指标，另有 2 项待填写后计分：");
    expect(text.stdout).toContain("  未填写：「调整后预算数（部门预算总规模）」\n");
    expect(text.stdout).toContain("  请检查：「公众或服务对象满意度」\n");
    expect(text.stdout).toMatch(/总分（已计分部分）\d+(\.\d+)?，待全部计分后评定等级/);

    const json = await run(["score", "--input", path, "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ complete: false, grade: null, scored: 19, indicatorCount: 21 });
    expect(report.toFill).toEqual([
      { input: "satisfaction", label: "公众或服务对象满意度", problem: "invalid" },
      { input: "budgetAdjusted", label: "调整后预算数（部门预算总规模）", problem: "missing" },
    ]);
    // total stays the sum of what could be scored
    const sum = report.indicators.reduce(
      (s: number, r: { score: number | null }) => s + (r.score ?? 0),
      0
    );
    expect(report.total).toBeCloseTo(sum, 9);
    expect(text.stdout).toContain(`总分（已计分部分）${report.total}，`);

    const en = await run(["score", "--input", path, "--lang", "en"]);
    expect(en.code).toBe(1);
    expect(en.stdout).not.toMatch(/grade [^\s]/);
    expect(en.stdout).toContain(
      "Scored 19 of 21 indicators; 2 more once these inputs are filled in:"
    );
    expect(en.stdout).toContain(
      `Total of the scored part ${report.total}; graded once every indicator is scored`
    );
  });

  it("nothing entered: no 差, only how many are scored (0 / 21) and the first inputs to fill", async () => {
    const { code, stdout } = await run(["score", "--input", tempJson("{}")]);
    expect(code).toBe(1);
    expect(stdout).not.toContain("评分等级"); // it said 评分等级 差
    expect(stdout).toContain("已计分 0 / 21 项指标");
    expect(stdout).toMatch(/等 \d+ 项（全部见下方“输入问题”）/);
    expect(stdout).toContain("总分（已计分部分）0，待全部计分后评定等级");
  });

  it("a complete report says its grade and has nothing to fill", async () => {
    const report = JSON.parse((await run(["score", "--input", SEED000, "--json"])).stdout);
    expect(report).toMatchObject({ grade: "优", scored: 21, indicatorCount: 21, toFill: [] });
  });

  it.each([
    [["score"], "score 需要 --input data.json"],
    [["score", "--input"], "--input 后面缺少取值"],
    [["score", "--input", "/nonexistent/data.json"], "找不到输入文件 /nonexistent/data.json"],
    [["score", "--input", SEED000, "--framework", "beijing"], "未知的评分框架“beijing”"],
    [["frobnicate"], "未知的命令“frobnicate”"],
    [["score", "--input", SEED000, "--lang", "fr"], "--lang 只能是 zh 或 en"],
  ])("usage errors exit 2 with a plain message: %j", async (args, words) => {
    const { code, stdout, stderr } = await run(args as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(words);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("bad JSON and a JSON array are unreadable files (exit 2)", async () => {
    expect((await run(["score", "--input", tempJson("{ not json")])).stderr).toContain(
      "不是有效的 JSON"
    );
    expect((await run(["score", "--input", tempJson("[1,2]")])).code).toBe(2);
  });

  it("--help prints usage in Chinese", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("selfeval score --input data.json");
  });
});

describe("the built command (npx selfeval)", () => {
  it("runs from the repository root and prints the JSON report", async () => {
    const stdout = execFileSync(
      process.execPath,
      [join(ROOT, "bin", "selfeval.js"), "score", "--input", SEED000, "--json"],
      { cwd: ROOT, encoding: "utf8" }
    );
    const report = JSON.parse(stdout);
    expect(report.total).toBe(95.97);
    expect(report.grade).toBe("优");
  });

  it("exits 2 on a missing file with a message on stderr, nothing on stdout", async () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, "bin", "selfeval.js"), "score", "--input", "nope.json"],
      { cwd: ROOT, encoding: "utf8" }
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("找不到输入文件 nope.json");
  });
});

describe("selfeval score with a 绩效指标 table", () => {
  it("takes `indicators` in and reports `indicatorTable`, the table feeding 效果性", async () => {
    const seed = JSON.parse(readFileSync(SEED000, "utf8")) as Record<string, unknown>;
    delete seed.effectivenessScore;
    seed.indicators = JSON.parse(
      readFileSync(join(ROOT, "test", "fixtures", "seed001-indicators.json"), "utf8")
    );
    const { code, stdout } = await run([
      "score",
      "--input",
      tempJson(JSON.stringify(seed)),
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.indicatorTable).toHaveLength(16);
    expect(report.indicatorTable[0]).toEqual(
      expect.objectContaining({
        name: "总DNA数据库建库数",
        direction: "forward",
        target: 400000,
        actual: 477000,
        unit: "人份",
        met: true,
        completion: 1,
      })
    );
    expect(report.indicators.find((r: { id: string }) => r.id === "effectiveness").score).toBe(25);
    const table = await run(["score", "--input", tempJson(JSON.stringify(seed))]);
    expect(table.stdout).toContain("绩效指标（16）：");
    expect(table.stdout).toMatch(/✓ 总DNA数据库建库数\s+1\.92 \/ 1\.92\s+已达到目标/);
  });

  it("a malformed `indicators` is a usage error naming it", async () => {
    const { code, stderr } = await run([
      "score",
      "--input",
      tempJson(JSON.stringify({ indicators: { a: 1 } })),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("indicators 应为数组");
  });
});
