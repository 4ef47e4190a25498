/**
 * Every preset, and a custom framework file, end to end in a spreadsheet: `selfeval template --framework X
 * --input` lays out and scores the seed's figures, every cached result is stripped, LibreOffice recalculates,
 * and every score, the total, the grade and every input's validity are the engine's. A deduction without its
 * reason is an error on `<id>DeductionReason`, and the sheet leaves that indicator blank too.
 */
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { frameworkById, loadFrameworkFile } from "../src/domain/frameworks";
import { indexFramework, inputsOf } from "../src/domain/model";
import type { IndicatorRowInput } from "../src/domain/indicatorTable/scoreTable";
import type { Framework, Report } from "../src/domain/types";
import { names } from "../src/workbook/layout";
import { gradeCellValue, totalCellValue } from "../src/workbook/liveFormulas";
import { sheetInputs } from "../src/workbook/sheetInputs";
import { recalculate, type CellValue } from "./support/libreoffice";
import { shownNames } from "./support/shownNames";
import { stripCachedResults, templateFromInputs } from "./support/templateWorkbook";

const ROOT = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "selfeval-frameworks-"));
const json = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Record<string, unknown>;
const example = (name: string) => {
  const { _note, selfTotal, ...raw } = json(`examples/${name}.json`);
  void _note;
  void selfTotal;
  return raw;
};
const fixture = (name: string) =>
  json(`test/fixtures/${name}.json`) as unknown as IndicatorRowInput[];

const custom = (() => {
  const loaded = loadFrameworkFile(
    readFileSync(join(ROOT, "examples", "custom-framework.json"), "utf8")
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.framework;
})();

interface Case {
  name: string;
  framework: Framework;
  raw: Record<string, unknown>;
  /** What the case is for, checked on the engine's report. */
  expect: (report: Report) => void;
}

const preset = (id: string) => frameworkById(id)!;
const score = (report: Report, id: string) => report.indicators.find((r) => r.id === id)!.score;

const cases: Case[] = [
  {
    name: "guangzhou-seed003",
    framework: preset("guangzhou"),
    raw: example("seed003-guangzhou"),
    expect: (r) => {
      expect([r.total, r.grade]).toEqual([98, "优"]);
      expect(score(r, "disclosure")).toBe(3);
      expect(score(r, "procurementManagement")).toBe(9);
    },
  },
  {
    name: "guangzhou-no-reason",
    framework: preset("guangzhou"),
    raw: { ...example("seed003-guangzhou"), disclosureDeductionReason: "" },
    expect: (r) => {
      expect(r.errors.map((e) => e.input)).toEqual(["disclosureDeductionReason"]);
      expect(score(r, "disclosure")).toBeNull();
    },
  },
  {
    name: "guangzhou-table",
    framework: preset("guangzhou"),
    // 履职效能 from seed 003's 年度主要工作任务 table (整改率 entered: the seed states no rate).
    raw: {
      ...example("seed003-guangzhou"),
      dutyPerformanceScore: "",
      indicators: fixture("seed003-indicators").map((row) =>
        row.name === "交通隐患排查整改率" ? { ...row, actual: "100%" } : row
      ),
    },
    expect: (r) => {
      expect(score(r, "dutyPerformance")).toBe(50);
      expect(r.indicatorTable).toHaveLength(10);
    },
  },
  {
    name: "county-seed002",
    framework: preset("county"),
    raw: example("seed002-county"),
    expect: (r) => expect([r.total, r.grade]).toEqual([98, "优"]),
  },
  {
    name: "county-table",
    framework: preset("county"),
    // 产出 and 效益 from seed 002's indicators; its four counts entered (the seed says only that each was met).
    raw: {
      ...example("seed002-county"),
      indicators: fixture("seed002-indicators").map((row) => {
        const counts: Record<string, string> = {
          刑事案件发案起数: "286起",
          治安案件发案起数: "412起",
          化解矛盾纠纷起数: "1,136起",
          年度开展实战大练兵场次: "100场次",
        };
        return row.name in counts ? { ...row, actual: counts[row.name] } : row;
      }),
    },
    expect: (r) => {
      // 412 起 against ≤400: 25 − 25/4 × (1 − 400/412) = 24.82; 效益 all 达成: 15.
      expect(score(r, "output")).toBe(24.82);
      expect(score(r, "benefit")).toBe(15);
      expect(r.breaches.map((b) => b.metric)).toContain("deviationReason");
    },
  },
  {
    name: "project-seed004",
    framework: preset("project"),
    // Seed 004 gives neither the project's budget nor the actuals; these are a user's entries, not the seed's.
    raw: {
      ...example("seed004-project"),
      projectBudget: 120,
      projectSpent: 96,
      indicators: [
        { ...fixture("seed004-project-indicators")[0], actual: "98%" },
        { ...fixture("seed004-project-indicators")[1], tier: "部分达成" },
      ],
      benefitScore: 27,
    },
    expect: (r) => {
      expect(score(r, "execution")).toBe(8);
      expect(r.errors).toEqual([]);
    },
  },
  {
    name: "custom-county-2025",
    framework: custom,
    raw: example("seed002-county"),
    expect: (r) => expect(r.framework).toBe(custom.id),
  },
];

const reports = new Map<string, Report>();
const shown = new Map<string, (name: string) => CellValue | undefined>();

beforeAll(async () => {
  const files: string[] = [];
  for (const c of cases) {
    const file = join(dir, `${c.name}.xlsx`);
    const { report } = await templateFromInputs(
      c.raw,
      join(dir, `${c.name}.json`),
      file,
      c.framework
    );
    reports.set(c.name, report);
    await stripCachedResults(file);
    files.push(file);
  }
  const outputs = await recalculate(files, join(dir, "lo"));
  for (const [i, c] of cases.entries()) shown.set(c.name, await shownNames(outputs[i]));
}, 180_000);

describe.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
  it("the engine's report is what the case is for", () => c.expect(reports.get(c.name)!));

  it("LibreOffice shows the engine's every score, the total and the grade", () => {
    const report = reports.get(c.name)!;
    const at = shown.get(c.name)!;
    for (const r of report.indicators)
      expect([r.id, at(names.score(r.id))]).toEqual([r.id, r.score ?? ""]);
    // A total over an unscored indicator reads 未完整, never the partial sum.
    expect(at(names.total)).toBe(totalCellValue(report.total, report.complete));
    expect(at(names.grade)).toBe(gradeCellValue(report.grade));
  });

  it("every input's validity in the sheet is the engine's: FALSE exactly where it reports an error", () => {
    const report = reports.get(c.name)!;
    const at = shown.get(c.name)!;
    const errors = new Set(report.errors.map((e) => e.input));
    const index = indexFramework(c.framework);
    const scored = new Set(
      [...index.indicatorExprs.values()].flatMap((e) => inputsOf(c.framework, e))
    );
    for (const def of sheetInputs(c.framework)) {
      const blank = c.raw[def.key] === undefined || c.raw[def.key] === "";
      // An input only shown as evidence (预算执行率's figures) is no score's: blank, it reads 未填写 without an error.
      const ok = scored.has(def.key) ? !errors.has(def.key) : !errors.has(def.key) && !blank;
      expect([def.key, at(names.ok(def.key))]).toEqual([def.key, ok]);
    }
  });
});
