/**
 * The built bundle of ExcelJS's parts (lib/cli/exceljsParts.js, scripts/build-cli.js): JSZip is required from
 * node_modules when first used, neither bundled nor loaded with the bundle, and ExcelJS's own load and write, which
 * use it, still work through the bundle. Every bundle is ASCII (Node reads it faster).
 */
import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";

const ROOT = join(__dirname, "..");
const BUNDLE = join(ROOT, "lib", "cli", "exceljsParts.js");

describe("lib/cli/exceljsParts.js", () => {
  it("requires JSZip only where ExcelJS uses it", () => {
    const source = readFileSync(BUNDLE, "utf8");
    expect(source).toContain('var JSZip = { loadAsync: (...args) => require("jszip").loadAsync(');
    expect(source).toMatch(
      /var JSZip = function JSZip\d*\(\) \{\s*return new \(require\("jszip"\)\)\(\);/
    );
    expect(source).not.toMatch(/var JSZip = require/);
    // Neither JSZip nor pako inside the bundle.
    expect(source).not.toMatch(/node_modules\/(jszip|pako)\//);
  });

  it.each(["main.js", "exceljsParts.js", "auditWorker.js"])("%s is ASCII", (name) => {
    const bytes = readFileSync(join(ROOT, "lib", "cli", name));
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it("reads and writes through ExcelJS's own zip (JSZip) when asked", () => {
    const script = `
      const { Workbook } = require(${JSON.stringify(BUNDLE)});
      (async () => {
        const first = new Workbook();
        await first.xlsx.load(require("fs").readFileSync(${JSON.stringify(
          join(ROOT, "examples", "深圳-seed001-模板.xlsx")
        )}));
        const again = new Workbook();
        await again.xlsx.load(await first.xlsx.writeBuffer());
        process.stdout.write(JSON.stringify(again.worksheets.map((s) => s.name)) + "\\n");
        process.stdout.write(String(again.getWorksheet("基础数据").getCell("A4").value) + "\\n");
      })().catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });
    `;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const [names, a4] = child.stdout.trim().split("\n");
    expect(JSON.parse(names)).toEqual([
      "基础数据",
      "评分表",
      "绩效指标",
      "说明",
      "selfeval_framework",
    ]);
    expect(a4).toBe("部门（单位）名称");
  });
});
