/**
 * Which framework scores a workbook: the one chosen, else the one saved in it (a preset by its id, a framework
 * file whole), else the one its indicator names tell, else 深圳's — and the CLI says which and why.
 */
import { existsSync, mkdirSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { frameworkById } from "../src/domain/frameworks";
import type { Report } from "../src/domain/types";
import { readWorkbook } from "../src/hosts/xlsx";
import { applyToSnapshot, EMPTY_WORKBOOK } from "../src/workbook/applyToSnapshot";
import { FRAMEWORK_SHEET, chooseFramework, storedFramework } from "../src/workbook/frameworkChoice";
import { RecomputeFailure } from "../src/workbook/failure";
import { planTemplateInsertion } from "../src/workbook/insertTemplate";
import { recomputeWorkbook } from "../src/workbook/recompute";
import { runCli } from "./support/cli";

const ROOT = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "selfeval-choice-"));

const run = runCli;

const example = (name: string) => join(ROOT, "examples", `${name}.json`);

describe("the framework saved in the workbook", () => {
  it("a template laid out for 广州 recomputes under 广州 without --framework, and says so", async () => {
    const laidOut = join(dir, "guangzhou.xlsx");
    const made = await run([
      "template",
      "--framework",
      "guangzhou",
      "--input",
      example("seed003-guangzhou"),
      "-o",
      laidOut,
    ]);
    expect(made.code).toBe(0);
    const { code, stdout, stderr } = await run(["recompute", laidOut, "-o", join(dir, "g2.xlsx")]);
    expect(code).toBe(0);
    expect(stdout).toContain("总分 98");
    expect(stderr).toContain("评分框架：按工作簿保存的评分框架“广州市区级部门整体支出绩效自评");
    const json = await run(["recompute", laidOut, "-o", join(dir, "g3.xlsx"), "--json"]);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.framework).toBe("guangzhou");
    expect(report.frameworkChoice).toMatchObject({ id: "guangzhou", how: "stored" });
  });

  it("a framework file is saved whole: the workbook recomputes under it with no file at hand", async () => {
    const laidOut = join(dir, "custom.xlsx");
    const made = await run([
      "template",
      "--framework",
      join(ROOT, "examples", "custom-framework.json"),
      "--input",
      example("seed002-county"),
      "-o",
      laidOut,
      "--json",
    ]);
    const first = JSON.parse(made.stdout) as Report;
    const { snapshot } = await readWorkbook(laidOut);
    expect(snapshot.sheets.find((s) => s.name === FRAMEWORK_SHEET)!.values.length).toBeGreaterThan(
      1
    );
    expect(storedFramework(snapshot)!.id).toBe("county-2025-example");
    const again = await run(["recompute", laidOut, "-o", join(dir, "custom-2.xlsx"), "--json"]);
    const report = JSON.parse(again.stdout) as Report;
    expect(report.framework).toBe("county-2025-example");
    expect(report.total).toBe(first.total);
    expect(report.frameworkChoice!.how).toBe("stored");
  });

  it("choosing another framework than the one saved is refused in plain words, exit 2, nothing written", async () => {
    const laidOut = join(dir, "guangzhou.xlsx");
    const out = join(dir, "refused.xlsx");
    const { code, stderr } = await run(["recompute", laidOut, "--framework", "county", "-o", out]);
    expect(code).toBe(2);
    expect(stderr).toContain("这个工作簿按“广州市区级部门整体支出绩效自评");
    expect(stderr).toContain("不能按");
    expect(existsSync(out)).toBe(false);
  });

  it("a template of another framework is never inserted beside the saved one (their input names are shared)", () => {
    const guangzhou = frameworkById("guangzhou")!;
    const first = planTemplateInsertion(EMPTY_WORKBOOK, guangzhou);
    const workbook = first.plans.reduce(applyToSnapshot, EMPTY_WORKBOOK);
    expect(() => planTemplateInsertion(workbook, frameworkById("county")!)).toThrow(
      /工作簿中已有按“广州市区级部门整体支出绩效自评.*”建立的标准模板/
    );
    expect(() => planTemplateInsertion(workbook, guangzhou)).toThrow(/已有标准模板/);
  });

  it("a saved framework file with a mistake is a failure naming its path", () => {
    const broken = applyToSnapshot(EMPTY_WORKBOOK, {
      sheets: [
        {
          name: FRAMEWORK_SHEET,
          create: true,
          cells: [
            { row: 0, col: 0, value: "mine" },
            { row: 1, col: 0, value: JSON.stringify({ id: "mine", name: "x", indicators: [{}] }) },
          ],
        },
      ],
      names: [],
    });
    expect(() => storedFramework(broken)).toThrow(RecomputeFailure);
    expect(() => storedFramework(broken)).toThrow(/indicators\[0\]/);
  });
});

describe("selfeval audit over workbooks of different frameworks", () => {
  it("checks each under its own framework, and --framework holds for all", async () => {
    const folder = join(dir, "audit");
    mkdirSync(folder);
    const make = (framework: string, input: string, file: string) =>
      run([
        "template",
        "--framework",
        framework,
        "--input",
        example(input),
        "-o",
        join(folder, file),
      ]);
    await make("guangzhou", "seed003-guangzhou", "花都.xlsx");
    await make("county", "seed002-county", "临泽.xlsx");
    await make("shenzhen", "seed000", "深圳.xlsx");
    const { stdout } = await run(["audit", folder, "--json"]);
    const { workbooks } = JSON.parse(stdout) as {
      workbooks: { file: string; framework: string; total: number }[];
    };
    const byFile = Object.fromEntries(workbooks.map((w) => [w.file.split(/[\\/]/).pop(), w]));
    expect(byFile["花都.xlsx"]).toMatchObject({ framework: "guangzhou", total: 98 });
    expect(byFile["临泽.xlsx"]).toMatchObject({ framework: "county", total: 98 });
    expect(byFile["深圳.xlsx"]).toMatchObject({ framework: "shenzhen", total: 95.97 });
    const forced = JSON.parse(
      (await run(["audit", folder, "--json", "--framework", "county"])).stdout
    ) as {
      workbooks: { file: string; framework: string; failure?: string }[];
    };
    // A workbook saved under another framework is not scored under county: it says why.
    const huadu = forced.workbooks.find((w) => w.file.endsWith("花都.xlsx"))!;
    expect(huadu.failure).toMatch(/不能按/);
  });
});

describe("a department's own sheet tells its framework by its indicator names", () => {
  /** A 广州-style score sheet: 一级 履职效能 / 管理效能, the seven 管理效能 indicators, the department's scores. */
  async function guangzhouSheet(path: string) {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("自评表");
    ws.addRow(["部门整体支出绩效自评表"]);
    ws.addRow(["一级指标", "二级指标", "三级指标", "分值", "自评得分"]);
    for (const indicator of frameworkById("guangzhou")!.indicators)
      ws.addRow([
        indicator.level1.zh,
        indicator.level2.zh,
        indicator.name.zh,
        indicator.max,
        indicator.max,
      ]);
    await workbook.xlsx.writeFile(path);
  }

  it("a 管理效能 table is 广州's: recompute picks it, says why, and saves it", async () => {
    const file = join(dir, "own-guangzhou.xlsx");
    await guangzhouSheet(file);
    const { snapshot } = await readWorkbook(file);
    const result = recomputeWorkbook(snapshot, undefined);
    expect(result.choice.how).toBe("detected");
    expect(result.choice.framework.id).toBe("guangzhou");
    expect(result.choice.reason).toContain("管理效能");
    expect(result.report.framework).toBe("guangzhou");
    expect(result.selfTotal).toBe(100);
    const saved = result.plan.sheets.find((s) => s.name === FRAMEWORK_SHEET)!;
    expect(saved).toMatchObject({ create: true, hidden: true, cells: [{ value: "guangzhou" }] });
  });

  it("an empty workbook is 深圳's by default, and says that nothing told otherwise", () => {
    const choice = chooseFramework(EMPTY_WORKBOOK);
    expect(choice.how).toBe("default");
    expect(choice.framework.id).toBe("shenzhen");
    expect(choice.reason).toContain("按默认");
  });
});
