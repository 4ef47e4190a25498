/**
 * Derived rates explained in words (issue 16): 基础数据 says 「资金调整调剂率 = 调整、调剂资金累计数 ÷ 调整后预算数」,
 * never the formula text (`IF(ISBLANK(在职人员总数…),…`), for every preset's metrics, a custom framework's, and
 * any expression a framework file can hold.
 */
import fc from "fast-check";
import { readFileSync } from "fs";
import { join } from "path";
import { refsOf, type Expr } from "../src/domain/expr";
import { describeMetric, exprWords } from "../src/domain/exprWords";
import { loadFrameworkFile, PRESETS } from "../src/domain/frameworks";
import { parseFormula } from "../src/domain/frameworks/load/formula";
import { labelOf } from "../src/domain/model";
import type { Framework, Lang } from "../src/domain/types";

const CELL = /\$?\b[A-Z]{1,3}\$?[0-9]+\b/; // B7, $B$7

/** What formula text looks like: a function call, ISBLANK, a cell reference, a defined name (a camelCase key). */
const FORMULA_TEXT = [
  /\b[A-Z][A-Z0-9.]*\s*\(/, // IF( ROUND( MIN( ISBLANK( …
  /ISBLANK|ROUND|IFERROR|\bIF\b|\bMIN\b|\bMAX\b|\bAND\b|\bOR\b|\bSUM\b/,
  CELL,
  /!/, // 'sheet'!B7
  /<=|>=|<>|\*|\//, // spreadsheet operators instead of ≤ ≥ ≠ × ÷
  /\b[a-z]+[A-Z][A-Za-z0-9_]*\b/, // adjustmentTotal
];

/** English labels may read like a cell (Q1 spending): the cell pattern is checked on Chinese text only. */
function formulaTextIn(text: string, lang: Lang = "zh"): RegExp | undefined {
  return FORMULA_TEXT.find((pattern) => (lang === "zh" || pattern !== CELL) && pattern.test(text));
}

const custom = (): Framework => {
  const loaded = loadFrameworkFile(
    readFileSync(join(__dirname, "..", "examples", "custom-framework.json"), "utf8")
  );
  if (!loaded.ok) throw new Error("examples/custom-framework.json does not load");
  return loaded.framework;
};

const FRAMEWORKS: [string, Framework][] = [...Object.entries(PRESETS), ["custom", custom()]];

describe("a derived rate in words", () => {
  it.each(FRAMEWORKS)(
    "%s: every metric's explanation names its inputs, never formula text",
    (_, f) => {
      expect(f.metrics.length).toBeGreaterThan(0);
      for (const lang of ["zh", "en"] as Lang[]) {
        for (const metric of f.metrics) {
          const text = describeMetric(f, metric, lang);
          expect({ text, formula: formulaTextIn(text, lang) }).toEqual({
            text,
            formula: undefined,
          });
          expect(text.startsWith(`${labelOf(f, metric.key, lang)} = `)).toBe(true);
          for (const key of refsOf(metric.expr)) expect(text).toContain(labelOf(f, key, lang));
        }
      }
    }
  );

  it("reads as a clerk would say it: ÷ ×, a blank input's fallback, a cap, a share of the year", () => {
    const f = PRESETS.shenzhen;
    const metric = (key: string) => f.metrics.find((m) => m.key === key)!;
    expect(describeMetric(f, metric("adjustmentRate"), "zh")).toBe(
      "资金调整调剂率 = 调整、调剂资金累计数 ÷ 调整后预算数（部门预算总规模）"
    );
    // contractStaff / IF(ISBLANK(totalStaff), staffActual + contractStaff, totalStaff)
    expect(describeMetric(f, metric("contractStaffRate"), "zh")).toBe(
      "编外人员控制率 = 劳务派遣及直接聘用的编外人员数 ÷ 在职人员总数（在编+编外）（未填时按 本年度在编人数（含工勤人员） + 劳务派遣及直接聘用的编外人员数）"
    );
    expect(describeMetric(f, metric("q1Ratio"), "zh")).toBe(
      "一季度支出进度与序时进度之比 = 3 月末累计支出进度 ÷ 25%"
    );
    expect(describeMetric(f, metric("executionAverage"), "zh")).toMatch(
      /^全年平均执行率 = （一季度支出进度与序时进度之比 \+ .* \+ 四季度支出进度与序时进度之比） ÷ 4$/
    );
    const p = PRESETS.project;
    expect(
      describeMetric(
        p,
        p.metrics.find((m) => m.key === "executionScoreRate")!,
        "zh"
      )
    ).toBe("计分执行率（超过 100% 按 100%） = 预算执行率（超过 100% 按 100%）");
  });

  it("every kind of expression a framework file can write has words", () => {
    const labels: Record<string, string> = { a: "甲数", b: "乙数", t: "总数" };
    const words = (formula: string) => {
      const parsed = parseFormula(formula);
      if (!parsed.ok) throw new Error(parsed.message);
      return exprWords(parsed.expr, { labelOf: (k) => labels[k], lang: "zh" });
    };
    expect(words("ROUND(a/b,2)")).toBe("甲数 ÷ 乙数，保留 2 位小数");
    expect(words("IF(a>=0.9,1,0)")).toBe("甲数 ≥ 0.9 时为 1，否则为 0");
    expect(words("MAX(0,a-b)")).toBe("甲数 − 乙数，低于 0 按 0");
    expect(words("ROUND(a,0)+MAX(0,a-b)")).toBe(
      "甲数（保留 0 位小数） + （甲数 − 乙数）（低于 0 按 0）"
    );
    expect(words("MIN(a,b,t)")).toBe("甲数、乙数、总数 中较小者");
    expect(words('IF(AND(a<>b,t="是"),a*(b+t),0)')).toBe(
      "甲数 ≠ 乙数 且 总数 = 「是」 时为 甲数 × （乙数 + 总数），否则为 0"
    );
  });

  it("any expression tree: its names' labels, and no formula text", () => {
    const labels: Record<string, string> = {
      a: "甲数",
      b_2: "乙数",
      carryOver: "年末结转结余",
      q1Ratio: "一季度支出进度与序时进度之比",
      k: "核定数",
      totalStaff: "在职人员总数",
    };
    const key = fc.constantFrom(...Object.keys(labels));
    const exprArb = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.integer({ min: -1e6, max: 1e6 }).map((n): Expr => ({ t: "num", v: n / 100 })),
        fc.constantFrom("是", "按规定公开").map((v): Expr => ({ t: "str", v })),
        key.map((k): Expr => ({ t: "ref", key: k })),
        fc.tuple(key, tie("e")).map(([k, fallback]): Expr => ({ t: "refOr", key: k, fallback })),
        fc
          .tuple(fc.constantFrom("+", "-", "*", "/" as const), tie("e"), tie("e"))
          .map(([op, a, b]): Expr => ({ t: "bin", op, a, b })),
        fc
          .tuple(fc.constantFrom("<", "<=", ">", ">=", "=", "<>" as const), tie("e"), tie("e"))
          .map(([op, a, b]): Expr => ({ t: "cmp", op, a, b })),
        fc
          .tuple(tie("e"), tie("e"), tie("e"))
          .map(([cond, then, otherwise]): Expr => ({ t: "if", cond, then, else: otherwise })),
        fc
          .tuple(
            fc.constantFrom("and", "or", "min", "max" as const),
            fc.array(tie("e"), { minLength: 1, maxLength: 3 })
          )
          .map(([t, args]): Expr => ({ t, args })),
        fc
          .tuple(tie("e"), fc.integer({ min: 0, max: 4 }))
          .map(([x, digits]): Expr => ({ t: "round", x, digits }))
      ),
    })).e;
    fc.assert(
      fc.property(exprArb, fc.constantFrom<Lang>("zh", "en"), (e, lang) => {
        const text = exprWords(e, {
          labelOf: (k) => labels[k],
          isRate: (k) => k === "q1Ratio",
          lang,
        });
        expect(formulaTextIn(text, lang)).toBeUndefined();
        for (const k of refsOf(e)) expect(text).toContain(labels[k]);
      }),
      { numRuns: 300 }
    );
  });
});
