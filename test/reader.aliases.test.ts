/**
 * A finance bureau teaches the reader its own names with no code change: a row the preset cannot match
 * (`办公用房管理` where 深圳 has 固定资产利用率) is reported; a framework file that adds that name to the indicator's
 * `aliases` makes the same workbook read whole, through the library and through `selfeval recompute --framework`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { loadFrameworkFile } from "../src/domain/frameworks";
import { PRESETS } from "../src/domain/frameworks";
import { snapshotOf } from "../src/hosts/xlsx";
import { readWorkbook } from "../src/workbook/recognize";
import { runCli } from "./support/cli";
import { buildShenzhenWithUnmatched } from "./support/departmentWorkbooks";

const ROOT = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "selfeval-aliases-"));

/** 深圳's preset as a bureau's own file: another id, and 办公用房管理 as a name of 固定资产利用率. */
function bureauFramework(): string {
  const json = JSON.parse(
    readFileSync(join(ROOT, "src/domain/frameworks/presets/shenzhen.json"), "utf8")
  ) as { id: string; $schema?: string; indicators: { id: string; aliases?: string[] }[] };
  json.id = "shenzhen-bureau";
  delete json.$schema;
  const indicator = json.indicators.find((i) => i.id === "fixedAssetUse")!;
  indicator.aliases = [...(indicator.aliases ?? []), "办公用房管理"];
  return JSON.stringify(json);
}

test("the preset reports the row; the file with the alias reads it, with no code change", async () => {
  const { workbook, expected } = buildShenzhenWithUnmatched();
  const snapshot = snapshotOf(workbook);
  const cell = `${expected.unmatched[0].sheet}!${expected.unmatched[0].cell}`;

  const withPreset = readWorkbook(snapshot, PRESETS.shenzhen);
  expect(withPreset.unmatched.map((u) => u.cell)).toEqual([cell]);
  expect(withPreset.scoreSheet!.missing).toEqual(["fixedAssetUse"]);

  const loaded = loadFrameworkFile(bureauFramework());
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const withFile = readWorkbook(snapshot, loaded.framework);
  expect(withFile.unmatched).toEqual([]);
  expect(withFile.scoreSheet!.missing).toEqual([]);
  const row = withFile.scoreSheet!.rows.find((r) => r.indicatorId === "fixedAssetUse")!;
  expect(
    `${withFile.scoreSheet!.table.sheet}!${String.fromCharCode(65 + row.nameCol)}${row.row + 1}`
  ).toBe(cell);
});

test("selfeval recompute --framework with the bureau's file reads the row the preset reports", async () => {
  const { workbook } = buildShenzhenWithUnmatched();
  const input = join(dir, "本单位.xlsx");
  await workbook.xlsx.writeFile(input);
  const frameworkFile = join(dir, "bureau.json");
  writeFileSync(frameworkFile, bureauFramework());

  const preset = await runCli(["recompute", input, "-o", join(dir, "a.xlsx"), "--json"]);
  const presetReport = JSON.parse(preset.stdout) as { recognized: { unmatched: unknown[] } };
  expect(presetReport.recognized.unmatched).toHaveLength(1);

  const bureau = await runCli([
    "recompute",
    input,
    "-o",
    join(dir, "b.xlsx"),
    "--json",
    "--framework",
    frameworkFile,
  ]);
  const report = JSON.parse(bureau.stdout) as {
    framework: string;
    recognized: { unmatched: unknown[]; rows: unknown[] };
  };
  expect(report.framework).toBe("shenzhen-bureau");
  expect(report.recognized.unmatched).toEqual([]);
  expect(report.recognized.rows).toHaveLength(21);
});
