/**
 * scoreFramework on anything a user, a JSON file or a workbook can hand it: it never throws, every score is blank or
 * within [0, max], a blank score says why (未计分…) and is backed by an error naming an input it needs, and every
 * error speaks Chinese.
 */
import fc from "fast-check";
import { refsOf, type Expr } from "../src/domain/expr";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs, indexFramework } from "../src/domain/model";
import { scoreFramework } from "../src/domain/score";
import type { Report } from "../src/domain/types";
import { junkInputs, printable, shenzhenCase } from "./support/arbitraries";

const NUM_RUNS = 1000;
const index = indexFramework(shenzhen);
const inputKeys = frameworkInputs(shenzhen).map((d) => d.key);
const CHINESE = /[\u4e00-\u9fff]/;

/** Every input an indicator's formula reads, through metrics and fallbacks (totalStaff's staffActual + contractStaff). */
function inputsOf(e: Expr, out = new Set<string>()): Set<string> {
  for (const key of refsOf(e)) {
    const metric = index.metrics.get(key);
    if (metric) inputsOf(metric.expr, out);
    else out.add(key);
  }
  return out;
}
const needs = new Map(
  shenzhen.indicators.map((ind) => [ind.id, inputsOf(index.indicatorExprs.get(ind.id)!)])
);

/** Junk everywhere, or a valid set with a few inputs spoiled; a stray unknown key now and then. */
const rawInputs = fc
  .tuple(
    junkInputs(inputKeys, shenzhenCase),
    fc.option(fc.dictionary(fc.string(), fc.anything().filter(printable)), { nil: undefined })
  )
  .map(([raw, extra]) => ({ ...(extra ?? {}), ...raw }));

/** A plain assertion: jest's expect costs ~50 µs a call, too much for ~100 checks × 1000 runs. */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

function checkReport(report: Report): void {
  check(
    report.indicators.length === shenzhen.indicators.length,
    () => `${report.indicators.length} indicators`
  );
  for (const r of report.indicators) {
    if (r.score === null) {
      check(
        r.explanation.startsWith("未计分"),
        () => `${r.id} is unscored but its explanation is ${JSON.stringify(r.explanation)}`
      );
      const named = report.errors.filter((e) => needs.get(r.id)!.has(e.input));
      check(
        named.length > 0,
        () =>
          `${r.id} is unscored (${r.explanation}) but no error names an input it needs; errors: ${JSON.stringify(report.errors)}`
      );
    } else {
      const score = r.score;
      check(
        Number.isFinite(score) && score >= 0 && score <= r.max,
        () => `${r.id} scored ${score}, outside [0, ${r.max}]`
      );
      check(
        Math.abs(score * 100 - Math.round(score * 100)) < 1e-6,
        () => `${r.id} scored ${score}, not 2 decimals`
      );
      check(
        CHINESE.test(r.explanation),
        () => `${r.id}'s explanation is not in Chinese: ${JSON.stringify(r.explanation)}`
      );
    }
  }
  for (const e of report.errors) {
    check(inputKeys.includes(e.input), () => `error for an unknown input ${e.input}`);
    check(
      typeof e.message === "string" && CHINESE.test(e.message),
      () => `error for ${e.input} is not in Chinese: ${JSON.stringify(e.message)}`
    );
  }
  check(
    Number.isFinite(report.total) && report.total >= 0 && report.total <= 100,
    () => `total ${report.total}`
  );
  check(
    report.complete === report.indicators.every((r) => r.score !== null),
    () => `complete is ${report.complete}`
  );
}

describe("scoreFramework on arbitrary raw inputs", () => {
  it(`never throws; scores blank or within [0, max]; blanks explained and backed by an error (${NUM_RUNS} runs)`, () => {
    fc.assert(
      fc.property(rawInputs, (raw) => {
        checkReport(scoreFramework(shenzhen, raw));
      }),
      { numRuns: NUM_RUNS }
    );
  });

  it(`never throws in English either (${NUM_RUNS} runs)`, () => {
    fc.assert(
      fc.property(rawInputs, (raw) => {
        const report = scoreFramework(shenzhen, raw, { lang: "en" });
        for (const r of report.indicators)
          check(
            r.score === null || (r.score >= 0 && r.score <= r.max),
            () => `${r.id} scored ${r.score}`
          );
      }),
      { numRuns: NUM_RUNS }
    );
  });

  it("flags each junk value named in the brief, in Chinese, and leaves what needs it unscored", () => {
    const junk: Array<[string, unknown]> = [
      ["satisfaction", "约五成"],
      ["budgetAdjusted", "#DIV/0!"],
      ["staffActual", -3],
      ["procurementPlan", "1,34"],
      ["effectivenessScore", 1e300],
      ["q1Progress", "150%"],
      ["seriousViolation", "也许"],
      ["budgetDisclosure", "部分公开"],
      ["staffQuota", 2.5],
    ];
    const base = { ...require("../examples/seed000.json") } as Record<string, unknown>;
    for (const [key, value] of junk) {
      const report = scoreFramework(shenzhen, { ...base, [key]: value });
      const error = report.errors.find((e) => e.input === key);
      expect([key, CHINESE.test(error?.message ?? "")]).toEqual([key, true]);
      // (Seed 000 fills totalStaff, so contractStaffControl does not read staffActual through the fallback.)
      for (const r of report.indicators) {
        if (
          needs.get(r.id)!.has(key) &&
          !(key === "staffActual" && r.id === "contractStaffControl")
        )
          expect([key, r.id, r.score]).toEqual([key, r.id, null]);
      }
      checkReport(report);
    }
  });

  // Values String() or JSON.stringify cannot print (the first two can come from a JSON file) are errors, not throws.
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  it.each<[string, Record<string, unknown>, string]>([
    [
      '{"seriousViolation": {"toString": 1}} (JSON)',
      { seriousViolation: { toString: 1 } },
      "seriousViolation",
    ],
    ['{"systems_1": [{"toString": ""}]} (JSON)', { systems_1: [{ toString: "" }] }, "systems_1"],
    [
      "a null-prototype object for a 是/否 input",
      { petitionChannel: Object.create(null) },
      "petitionChannel",
    ],
    ["a BigInt for an amount", { budgetInitial: BigInt(5) }, "budgetInitial"],
    ["a circular object for a rate", { satisfaction: circular }, "satisfaction"],
  ])("an unprintable value is an error on its input, never a throw: %s", (_name, raw, key) => {
    const report = scoreFramework(shenzhen, raw);
    expect(report.errors.find((e) => e.input === key)?.message).toMatch(/^「/);
  });
});
