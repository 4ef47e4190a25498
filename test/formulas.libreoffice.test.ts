/**
 * The formulas the engine prints compute the engine's digits in a real spreadsheet: each case is written as a
 * workbook of inputs and formulas over defined names (no cached results), LibreOffice Calc recalculates them
 * all in one run, and every 三级 score it shows must equal the engine's score exactly.
 */
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { evaluate, type Resolve, type Value } from "../src/domain/evaluate";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs, indexFramework } from "../src/domain/model";
import { readInput } from "../src/domain/parse/readInput";
import { scoreFramework } from "../src/domain/score";
import seed000 from "../examples/seed000.json";
import seed001 from "../examples/seed001.json";
import { EDGE_CASES } from "./support/edgeCases";
import { buildFormulaWorkbook, scoreName } from "./support/formulaWorkbook";
import { readNamedValues, recalculate, type CellValue } from "./support/libreoffice";

type Raw = Record<string, unknown>;
interface Case {
  name: string;
  raw: Raw;
}

const edge = (name: string, overrides: Raw): Case => ({ name, raw: { ...seed000, ...overrides } });

const cases: Case[] = [
  { name: "seed000", raw: seed000 },
  { name: "seed001", raw: seed001 },
  ...EDGE_CASES.map(({ name, overrides }) => edge(name, overrides)),
];

/** Metrics whose LibreOffice value is compared with the engine's, unrounded. */
const CHECKED_METRICS = [
  "adjustmentRate",
  "procurementRate",
  "contractStaffRate",
  "threePublicRate",
  "executionAverage",
  "projectTimelyRate",
];

/** A metric computed by the engine's evaluator at full precision (the report rounds metrics to 10 digits). */
function engineMetric(raw: Raw, key: string): number | undefined {
  const index = indexFramework(shenzhen);
  const values = new Map<string, Value>();
  for (const def of frameworkInputs(shenzhen)) {
    const read = readInput(def, raw[def.key], "zh");
    if (read.value !== undefined) values.set(def.key, read.value);
  }
  const resolve: Resolve = (k) => {
    if (values.has(k)) return values.get(k);
    const metric = index.metrics.get(k);
    return metric ? evaluate(metric.expr, resolve) : undefined;
  };
  try {
    const v = resolve(key);
    return typeof v === "number" ? v : undefined;
  } catch {
    return undefined; // e.g. division by zero: the sheet shows #DIV/0!
  }
}

const fileName = (i: number): string => `case${String(i).padStart(2, "0")}`;

let workDir = "";
const recalculated: Record<string, CellValue>[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "selfeval-formulas-"));
  mkdirSync(join(workDir, "in"));
  const inputs: string[] = [];
  for (const [i, c] of cases.entries()) {
    const file = join(workDir, "in", `${fileName(i)}.xlsx`);
    await buildFormulaWorkbook(c.raw, file);
    inputs.push(file);
  }
  const started = Date.now();
  const outputs = await recalculate(inputs, join(workDir, "out"));
  if (process.env.SELFEVAL_TIMING)
    console.log(
      `LibreOffice recalculated ${inputs.length} workbooks in ${Date.now() - started} ms`
    );
  for (const file of outputs) recalculated.push(await readNamedValues(file));
}, 180_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const indicatorIds = shenzhen.indicators.map((ind) => ind.id);

describe.each(cases.map((c, i) => ({ ...c, i })))("$name", ({ raw, i }) => {
  const report = scoreFramework(shenzhen, raw);

  test.each(indicatorIds)("%s: LibreOffice gives the engine's score", (id) => {
    const engine = report.indicators.find((r) => r.id === id)?.score;
    expect(typeof engine).toBe("number");
    expect(recalculated[i][scoreName(id)]).toBe(engine);
  });

  test("metrics match the engine's to 1e-12", () => {
    const disagreeing = CHECKED_METRICS.map((key) => ({
      key,
      engine: engineMetric(raw, key),
      sheet: recalculated[i][key],
    })).filter(({ engine, sheet }) =>
      // No engine value (a zero divisor): the sheet must show #DIV/0!.
      engine === undefined
        ? sheet !== "#DIV/0!"
        : typeof sheet !== "number" || Math.abs(sheet - engine) > 1e-12
    );
    expect(disagreeing).toEqual([]);
  });
});
