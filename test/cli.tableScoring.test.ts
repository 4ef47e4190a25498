/**
 * `selfeval score --framework file.json` with the file's `tableScoring`: `--json` carries the rules that scored the
 * 绩效指标 table with every field resolved, the text report names them, and the 得分 of `indicators` rows
 * (`selfScore`) scores a qualitative row inside its tier.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { resolveTableScoring } from "../src/domain/indicatorTable/tableScoring";
import { runCli } from "./support/cli";

const dir = mkdtempSync(join(tmpdir(), "selfeval-cli-table-scoring-"));
const preset = JSON.parse(
  readFileSync(
    join(__dirname, "..", "src", "domain", "frameworks", "presets", "project.json"),
    "utf8"
  )
) as Record<string, unknown>;

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const input = write("input.json", {
  projectBudget: 100,
  projectSpent: 100,
  benefitScore: 30,
  satisfactionScore: 10,
  indicators: [
    {
      group: "产出指标",
      name: "案件起数",
      target: "≤100起",
      actual: "150起",
      weight: 25,
      reason: "x",
    },
    {
      group: "产出指标",
      name: "宣传覆盖",
      target: "全面覆盖",
      actual: "基本覆盖",
      weight: 25,
      selfScore: 17,
      reason: "x",
    },
  ],
});

describe("selfeval score with a framework file's tableScoring", () => {
  it("linear: --json has tableScoring with every field, and the rows scored by it", async () => {
    const framework = write("linear.json", {
      ...preset,
      id: "project-linear",
      tableScoring: "linear",
    });
    const { code, stdout, stderr } = await run(["--framework", framework, "--json"]);
    expect([code, stderr]).toEqual([0, ""]);
    const report = JSON.parse(stdout);
    expect(report.tableScoring).toEqual(resolveTableScoring("linear"));
    expect(Object.keys(report.tableScoring).sort()).toEqual(
      [
        "base",
        "overrides",
        "reverse",
        "tiers",
        "tierDefault",
        "overCompletion",
        "cap",
        "equalTolerance",
      ].sort()
    );
    // 25 × (1 − 50 / 100); the 得分 17 of 25 (68 %) taken as 部分达成.
    expect(report.indicatorTable.map((r: { score: number }) => r.score)).toEqual([12.5, 17]);
    expect(report.indicatorTable[1].tier).toBe("部分达成");
  });

  it("the text report says which rules scored the table; national by default", async () => {
    const framework = write("city.json", {
      ...preset,
      id: "project-city",
      tableScoring: { tiers: { 达成: [0.8, 1], 部分达成: [0.5, 0.8], 未达成: [0, 0.5] } },
    });
    const city = await run(["--framework", framework]);
    expect(city.stdout).toContain(
      "评分规则：national（财预〔2020〕10号，调整 tiers）：反向指标超出目标按 目标值/实际值 计分；定性指标档次：达成 80%–100%（含 80%、100%），部分达成 50%–80%（含 50%），未达成 0%–50%（含 0%）（只填档次时按 达成 100%、部分达成 65%、未达成 25%）；每行得分不超过其分值"
    );
    const national = await run(["--framework", "project"]);
    expect(national.stdout).toContain("评分规则：national（财预〔2020〕10号）：");
    const english = await run(["--framework", "project", "--lang", "en"]);
    expect(english.stdout).toContain("Scored by national (财预〔2020〕10号, nationwide): ");
  });
});

function run(args: string[]) {
  return runCli(["score", "--input", input, ...args]);
}
