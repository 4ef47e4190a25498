/**
 * The formulas the engine prints are the formulas it evaluates: for every 深圳 indicator, a spreadsheet engine
 * (HyperFormula, with Excel's ROUND — see support/excelRoundPlugin.ts) computing the printed formula over defined
 * names gives exactly the engine's score, on 1000 input sets biased to the band edges.
 *
 * The workbook mirrors the add-in's: one cell per input on sheet `Inputs` (numbers, 是 / 否, tier text; a blank
 * totalStaff stays an empty cell), a workbook-level name per input pointing at its cell, a name per metric holding
 * the metric's formula, and one cell per indicator on sheet `Scores` holding `=ROUND(MIN(max,MAX(0,…)),2)`.
 * Each indicator's property has one HyperFormula instance holding just what its formula reads; each run rewrites
 * that input column in one call (≈1.5 s per 1000 runs; rebuilding per run, or scoring the full input set each run,
 * was 3–6 times slower).
 */
import fc from "fast-check";
import { HyperFormula } from "hyperformula";
import { refsOf, type Expr } from "../src/domain/expr";
import { toFormula } from "../src/domain/formula";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs, indexFramework } from "../src/domain/model";
import { scoreFramework } from "../src/domain/score";
import { shenzhenCase, type CellValue } from "./support/arbitraries";
import { excelRoundReference, withExcelRound } from "./support/excelRoundPlugin";

const NUM_RUNS = 1000;
const LICENSE = { licenseKey: "gpl-v3" };

const inputDefs = frameworkInputs(shenzhen);
const index = indexFramework(shenzhen);

/** The inputs and metrics an expression reads, through metrics (fallbacks included), in framework order. */
function dependencies(e: Expr): { inputs: string[]; metrics: string[] } {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const metric = index.metrics.get(key);
    if (metric) refsOf(metric.expr).forEach(visit);
  };
  refsOf(e).forEach(visit);
  return {
    inputs: inputDefs.map((d) => d.key).filter((k) => seen.has(k)),
    metrics: shenzhen.metrics.map((m) => m.key).filter((k) => seen.has(k)), // a metric's own metrics come earlier
  };
}

interface Workbook {
  hf: HyperFormula;
  /** Writes the inputs (all of them, or those the workbook names) in one call; a null stays a blank cell. */
  setInputs: (cells: Record<string, CellValue>) => void;
  /** The value of a score cell. */
  score: (indicatorId: string) => unknown;
}

/**
 * A workbook with the given inputs (one cell each on sheet Inputs, a name each), the metrics they feed (a name each,
 * holding the metric's formula), and one cell per indicator on sheet Scores holding its printed formula.
 */
function buildWorkbook(
  inputKeys: string[],
  metricKeys: string[],
  indicatorIds: string[]
): Workbook {
  const hf = HyperFormula.buildEmpty({ ...LICENSE, functionPlugins: withExcelRound() });
  // Latin sheet names: HyperFormula cannot parse an unquoted non-Latin sheet name in a reference.
  const inputsSheet = hf.getSheetId(hf.addSheet("Inputs")) as number;
  const scoresSheet = hf.getSheetId(hf.addSheet("Scores")) as number;
  inputKeys.forEach((key, row) => hf.addNamedExpression(key, `=Inputs!$A$${row + 1}`));
  for (const key of metricKeys)
    hf.addNamedExpression(key, `=${toFormula(index.metrics.get(key)!.expr)}`);
  indicatorIds.forEach((id, row) =>
    hf.setCellContents(
      { sheet: scoresSheet, col: 0, row },
      `=${toFormula(index.indicatorExprs.get(id)!)}`
    )
  );
  return {
    hf,
    setInputs: (cells) =>
      hf.setCellContents(
        { sheet: inputsSheet, col: 0, row: 0 },
        inputKeys.map((key) => [cells[key] ?? null])
      ),
    score: (id) => hf.getCellValue({ sheet: scoresSheet, col: 0, row: indicatorIds.indexOf(id) }),
  };
}

describe("Excel ROUND for HyperFormula (test support)", () => {
  const hf = HyperFormula.buildEmpty({ ...LICENSE, functionPlugins: withExcelRound() });
  const sheet = hf.getSheetId(hf.addSheet("T")) as number;
  const calc = (formula: string) => {
    hf.setCellContents({ sheet, col: 0, row: 0 }, `=${formula}`);
    return hf.getCellValue({ sheet, col: 0, row: 0 });
  };
  afterAll(() => hf.destroy());

  it("rounds the displayed decimal half away from zero, as Excel does", () => {
    expect(calc("ROUND(2.675,2)")).toBe(2.68);
    expect(calc("1-(0.1635-0.1)*10")).toBe(0.365);
    expect(calc("ROUND(1-(0.1635-0.1)*10,2)")).toBe(0.37);
    expect(calc("ROUND(1.005,2)")).toBe(1.01);
    // 1 − (16.75% − 10%) × 10 is the double 0.32499999999999996, shown as 0.325: Excel gives 0.33.
    expect(calc("ROUND(1-(0.1675-0.1)*10,2)")).toBe(0.33);
    expect(calc("ROUND(-1.005,2)")).toBe(-1.01);
    expect(calc("ROUND(0.285,2)")).toBe(0.29);
    expect(calc("ROUND(1234.5,0)")).toBe(1235);
    expect(calc("ROUND(1250,-2)")).toBe(1300);
    expect(calc("ROUND(0.004999,2)")).toBe(0);
    expect(calc("ROUND(0.005,2)")).toBe(0.01);
    expect(calc("ROUND(0,2)")).toBe(0);
    expect(calc("ROUND(0.1+0.2,2)")).toBe(0.3);
    expect(calc("ROUND(2.5)")).toBe(3);
  });

  it("is needed: HyperFormula's own ROUND rounds the binary double (if this fails, the plugin may be unnecessary)", () => {
    const stock = HyperFormula.buildFromArray(
      [["=ROUND(1.005,2)", "=ROUND(1-(0.1675-0.1)*10,2)"]],
      LICENSE
    );
    expect(stock.getSheetValues(0)).toEqual([[1, 0.32]]);
    stock.destroy();
  });

  it("agrees with exact decimal rounding of numbers with at most 3 decimals", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        (n, d) => {
          const x = n / 1000;
          // n / 1000 has at most 3 decimals, so its shown value is exact: rounding it is integer arithmetic.
          const scaled = n * 10 ** d; // the value × 1000 × 10^d, exactly
          const unit = 1000;
          const q =
            Math.trunc(Math.abs(scaled) / unit) + (Math.abs(scaled) % unit >= unit / 2 ? 1 : 0);
          expect(excelRoundReference(x, d)).toBe(Math.sign(n) * (q / 10 ** d) || 0);
        }
      ),
      { numRuns: 1000 }
    );
  });
});

describe("indicator formulas in HyperFormula give the engine's scores", () => {
  it("the generator covers exactly the framework's inputs", () => {
    const [sample] = fc.sample(shenzhenCase, { numRuns: 1, seed: 1 });
    expect(Object.keys(sample.cells).sort()).toEqual(inputDefs.map((d) => d.key).sort());
  });

  it("the typed forms read as the cells hold them (same report from raw and from cell values)", () => {
    fc.assert(
      fc.property(shenzhenCase, ({ cells, raw }) => {
        const fromRaw = scoreFramework(shenzhen, raw);
        const fromCells = scoreFramework(shenzhen, cells);
        expect(fromRaw.errors).toEqual([]);
        expect(fromCells.errors).toEqual([]);
        expect(fromRaw.complete).toBe(true);
        expect(fromRaw.indicators.map((r) => r.score)).toEqual(
          fromCells.indicators.map((r) => r.score)
        );
        expect(fromRaw.metrics).toEqual(fromCells.metrics);
      }),
      { numRuns: NUM_RUNS }
    );
  });

  it("an indicator's score depends only on the inputs its formula reads", () => {
    fc.assert(
      fc.property(
        shenzhenCase,
        fc.constantFrom(...shenzhen.indicators.map((i) => i.id)),
        ({ raw }, id) => {
          const full = scoreFramework(shenzhen, raw).indicators.find((r) => r.id === id)!;
          const alone = scoreFramework(
            shenzhen,
            pick(raw, dependencies(index.indicatorExprs.get(id)!).inputs)
          ).indicators.find((r) => r.id === id)!;
          expect(alone.score).toBe(full.score);
          expect(alone.explanation).toBe(full.explanation);
        }
      ),
      { numRuns: NUM_RUNS }
    );
  });

  it("a workbook of all 21 formulas computes seed 000 as the engine does", () => {
    const seed = require("../examples/seed000.json") as Record<string, unknown>;
    const report = scoreFramework(shenzhen, seed);
    const book = buildWorkbook(
      inputDefs.map((d) => d.key),
      shenzhen.metrics.map((m) => m.key),
      shenzhen.indicators.map((i) => i.id)
    );
    const cells: Record<string, CellValue> = {};
    for (const def of inputDefs) cells[def.key] = readBack(seed[def.key]);
    book.setInputs(cells);
    for (const r of report.indicators) expect([r.id, book.score(r.id)]).toEqual([r.id, r.score]);
    book.hf.destroy();
  });

  describe.each(shenzhen.indicators.map((ind) => [ind.id, ind.max] as const))("%s", (id, max) => {
    // One instance per indicator, holding only what its formula reads; each run rewrites that input column.
    const expr = index.indicatorExprs.get(id)!;
    const deps = dependencies(expr);
    let book: Workbook;
    beforeAll(() => {
      book = buildWorkbook(deps.inputs, deps.metrics, [id]);
    });
    afterAll(() => book.hf.destroy());

    it(`HyperFormula = engine, within [0, ${max}] (${NUM_RUNS} runs)`, () => {
      const formula = toFormula(expr);
      // The export rounds numbers to 10 significant digits; a score under ROUND(…,2) loses nothing to that.
      expect(formula.startsWith("ROUND(") && formula.endsWith(",2)")).toBe(true);
      fc.assert(
        fc.property(shenzhenCase, ({ cells, raw }) => {
          // The engine on just the inputs this indicator reads (the rest blank): the same score as on the full set
          // (checked above, "an indicator's score depends only on the inputs its formula reads"), at a third of the cost.
          const report = scoreFramework(shenzhen, pick(raw, deps.inputs));
          const engine = report.indicators.find((r) => r.id === id)!.score;
          if (engine === null)
            throw new Error(`engine left ${id} unscored: ${JSON.stringify(report.errors)}`);
          book.setInputs(cells);
          const sheet = book.score(id);
          // (jest's expect only on failure: it costs ~50 µs a call, a third of a run.)
          if (sheet !== engine) expect(sheet).toBe(engine);
          if (!(engine >= 0 && engine <= max))
            throw new Error(`${id} scored ${engine}, outside [0, ${max}]`);
        }),
        { numRuns: NUM_RUNS }
      );
    });
  });
});

/** The raw inputs under the given keys only. */
function pick(raw: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in raw) out[k] = raw[k];
  return out;
}

/**
 * A seed value as the cell a user would have typed it into: numbers stay numbers; "1,349.42" and "97.62%" become the
 * doubles of those decimals (an integer over a power of ten is correctly rounded, so this is exactly Number("0.9762")).
 */
function readBack(raw: unknown): CellValue {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw === "number") return raw;
  const text = String(raw).replace(/,/g, "");
  const m = /^(\d+)(?:\.(\d+))?(%?)$/.exec(text);
  if (!m) return text;
  const decimals = (m[2] ?? "").length + (m[3] ? 2 : 0);
  return Number(m[1] + (m[2] ?? "")) / 10 ** decimals;
}
