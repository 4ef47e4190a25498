/**
 * A partial total is never graded: while some indicator is unscored the report has no grade, says how many
 * indicators are scored of how many, and lists the inputs still to fill (blank) or to correct (invalid), each with
 * its label and, from a workbook, its cell.
 */
import fc from "fast-check";
import { join } from "path";
import { readInputFile } from "../src/cli/score";
import { gradeOf } from "../src/domain/frameworks/grades";
import { PRESETS } from "../src/domain/frameworks";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs, labelOf } from "../src/domain/model";
import { isBlank } from "../src/domain/parse/readInput";
import { scoreFramework } from "../src/domain/score";
import type { Framework, Report } from "../src/domain/types";
import { junkInputs, shenzhenCase } from "./support/arbitraries";
import { exampleInputs } from "./support/seeds";

const seed000 = () => exampleInputs("seed000");

/** A plain assertion: jest's expect is too slow for hundreds of runs. */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

/** What every report must hold about its grade, its count and its inputs to fill. */
function checkGrade(framework: Framework, raw: Record<string, unknown>, report: Report): void {
  const scored = report.indicators.filter((r) => r.score !== null).length;
  check(report.scored === scored, () => `scored ${report.scored}, but ${scored} have a score`);
  check(
    report.indicatorCount === framework.indicators.length,
    () => `indicatorCount ${report.indicatorCount} of ${framework.indicators.length}`
  );
  check(
    report.complete === (scored === report.indicatorCount),
    () => `complete ${report.complete} with ${scored} of ${report.indicatorCount} scored`
  );
  if (report.complete) {
    const band = gradeOf(report.total, framework.grades).grade;
    check(
      report.grade === band,
      () => `complete, total ${report.total}, grade ${report.grade}, band ${band}`
    );
    check(
      report.toFill.length === 0,
      () => `complete, yet to fill: ${JSON.stringify(report.toFill)}`
    );
  } else
    check(
      report.grade === null,
      () => `incomplete (${scored} of ${report.indicatorCount}) but graded ${report.grade}`
    );
  const inputs = new Set(report.toFill.map((f) => f.input));
  check(
    inputs.size === report.toFill.length,
    () => `an input twice in ${JSON.stringify(report.toFill)}`
  );
  for (const f of report.toFill) {
    const error = report.errors.find((e) => e.input === f.input);
    check(error !== undefined, () => `${f.input} is to fill but no error names it`);
    check(error?.cell === f.cell, () => `${f.input}: cell ${f.cell}, its error's ${error?.cell}`);
    check(f.label === labelOf(framework, f.input, "zh"), () => `${f.input} labelled ${f.label}`);
    // A blank input is never "to correct" (what counts as blank beyond that is the reader's, e.g. an empty object).
    if (f.problem === "invalid")
      check(!isBlank(raw[f.input]), () => `${f.input} is blank but filed as invalid`);
  }
}

describe("the grade of a partial total", () => {
  it("深圳, on junk and on valid inputs with a few spoiled: ungraded exactly while incomplete, else the total's band", () => {
    const keys = frameworkInputs(shenzhen).map((d) => d.key);
    let incomplete = 0;
    let complete = 0;
    fc.assert(
      fc.property(junkInputs(keys, shenzhenCase), (raw) => {
        const report = scoreFramework(shenzhen, raw);
        checkGrade(shenzhen, raw, report);
        if (report.complete) complete++;
        else incomplete++;
      }),
      { numRuns: 400 }
    );
    // The property saw both kinds.
    expect(incomplete).toBeGreaterThan(0);
    expect(complete).toBeGreaterThan(0);
  });

  const presetSeeds: [string, string][] = [
    ["county", "seed002-county.json"],
    ["guangzhou", "seed003-guangzhou.json"],
    ["project", "seed004-project.json"],
  ];
  it.each(presetSeeds)("%s, its seed with any inputs blanked", (id, file) => {
    const framework = PRESETS[id];
    const { inputs, indicators } = readInputFile(
      join(__dirname, "..", "examples", file),
      "zh",
      framework
    );
    const keys = Object.keys(inputs);
    fc.assert(
      fc.property(fc.subarray(keys), (blank) => {
        const raw = { ...inputs };
        for (const k of blank) raw[k] = "";
        checkGrade(framework, raw, scoreFramework(framework, raw, { indicators }));
      }),
      { numRuns: 150 }
    );
  });
});

describe("what an incomplete report says", () => {
  it("a blank input: no grade, 20 of 21 scored, the input to fill with its label", () => {
    const report = scoreFramework(shenzhen, { ...seed000(), budgetAdjusted: "" });
    expect(report).toMatchObject({ complete: false, grade: null, scored: 20, indicatorCount: 21 });
    expect(report.toFill).toEqual([
      {
        input: "budgetAdjusted",
        label: labelOf(shenzhen, "budgetAdjusted", "zh"),
        problem: "missing",
      },
    ]);
    // The total is still the sum of what could be scored.
    const sum = report.indicators.reduce((s, r) => s + (r.score ?? 0), 0);
    expect(report.total).toBeCloseTo(sum, 9);
  });

  it("an unreadable input and a zero divisor are to correct; from a workbook each carries its cell", () => {
    const report = scoreFramework(
      shenzhen,
      { ...seed000(), satisfaction: "约五成", fixedAssetsInUse: 0, fixedAssetsTotal: 0 },
      { cells: { satisfaction: "基础数据!B40", fixedAssetsTotal: "基础数据!B20" }, lang: "en" }
    );
    expect(report.grade).toBeNull();
    expect(report.scored).toBe(19);
    expect(report.toFill).toEqual([
      {
        input: "satisfaction",
        label: labelOf(shenzhen, "satisfaction", "en"),
        cell: "基础数据!B40",
        problem: "invalid",
      },
      {
        input: "fixedAssetsTotal",
        label: labelOf(shenzhen, "fixedAssetsTotal", "en"),
        cell: "基础数据!B20",
        problem: "invalid",
      },
    ]);
  });

  it("an input wrong but read by no rule is not to fill, and a wrong self-reported score grades as usual", () => {
    const report = scoreFramework(shenzhen, seed000(), {
      selfScores: { financialCompliance: "三分" },
    });
    expect(report.errors.map((e) => e.input)).toEqual(["selfScore_financialCompliance"]);
    expect(report).toMatchObject({ complete: true, grade: "优", scored: 21, toFill: [] });
  });

  it("nothing entered: no grade (never 差 for an empty sheet), every input the rules read to fill", () => {
    const report = scoreFramework(shenzhen, {});
    expect(report).toMatchObject({ total: 0, grade: null, scored: 0, indicatorCount: 21 });
    expect(report.toFill.every((f) => f.problem === "missing")).toBe(true);
    expect(report.toFill.map((f) => f.input)).toEqual(
      expect.arrayContaining(["budgetAdjusted", "satisfaction", "q4Progress"])
    );
    expect(report.toFill.map((f) => f.input)).not.toContain("totalStaff"); // it has a fallback
  });
});
