/**
 * The round trip holds in a real spreadsheet: each case is made into the standard template by `selfeval template
 * --input`, every cached formula result is stripped, LibreOffice Calc recalculates all of them in one run, and
 * the live formulas must show exactly what the engine reported — every 三级 score (blank where the engine
 * leaves it unscored), the total, the grade and every input's validity. Then `selfeval recompute` on the
 * recalculated files finds the same scores again.
 */
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runRecompute } from "../src/cli/workbookCommands";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs } from "../src/domain/model";
import { scoreFramework } from "../src/domain/score";
import type { Report } from "../src/domain/types";
import { readWorkbook } from "../src/hosts/xlsx";
import { namedCells } from "../src/workbook/bindTemplate";
import { names } from "../src/workbook/layout";
import {
  GRADE_PENDING,
  TOTAL_INCOMPLETE,
  gradeCellValue,
  totalCellValue,
} from "../src/workbook/liveFormulas";
import { address, cellValue, getSheet, type CellValue } from "../src/workbook/snapshot";
import { readNamedValues, recalculate, type CellValue as SheetValue } from "./support/libreoffice";
import { EDGE_CASES } from "./support/edgeCases";
import { loadExample } from "./support/seeds";
import {
  cachedResults,
  emptyTextResults,
  engineValidity,
  stripCachedResults,
  templateFromInputs,
} from "./support/templateWorkbook";

type Raw = Record<string, unknown>;
interface Case {
  name: string;
  raw: Raw;
  /** The indicators the engine must leave unscored (so the case tests what its name says). */
  unscored?: string[];
  /** The inputs that must read as invalid or missing (ok_<key> FALSE). */
  notOk?: string[];
}

const seed000 = loadExample("seed000");
const seed001 = loadExample("seed001");
const edge = (name: string, overrides: Raw, more: Omit<Case, "name" | "raw"> = {}): Case => ({
  name,
  raw: { ...seed000, ...overrides },
  ...more,
});

const cases: Case[] = [
  { name: "seed000", raw: seed000 },
  { name: "seed001", raw: seed001 },
  ...EDGE_CASES.map(({ name, overrides }) => edge(name, overrides)),
  // missing inputs and zero divisors: unscored, and blank in the sheet
  edge(
    "budgetAdjusted blank",
    { budgetAdjusted: "" },
    { unscored: ["financialCompliance"], notOk: ["budgetAdjusted"] }
  ),
  edge(
    "keyTasksUnfinished blank",
    { keyTasksUnfinished: "" },
    { unscored: ["keyTasks"], notOk: ["keyTasksUnfinished"] }
  ),
  edge("budgetAdjusted 0", { budgetAdjusted: 0 }, { unscored: ["financialCompliance"], notOk: [] }),
  edge(
    "fixedAssetsTotal 0",
    { fixedAssetsInUse: 0, fixedAssetsTotal: 0 },
    { unscored: ["fixedAssetUse"] }
  ),
  edge(
    "satisfaction and q3Progress blank",
    { satisfaction: "", q3Progress: "" },
    { unscored: ["execution", "satisfaction"], notOk: ["q3Progress", "satisfaction"] }
  ),
  edge(
    "staffActual and totalStaff blank (no fallback left)",
    { staffActual: "", totalStaff: "" },
    { unscored: ["staffControl", "contractStaffControl"], notOk: ["staffActual"] }
  ),
];

const fileName = (i: number): string => `case${String(i).padStart(2, "0")}`;
const inputDefs = frameworkInputs(shenzhen);
const indicatorIds = shenzhen.indicators.map((ind) => ind.id);

let workDir = "";
/** Per case: the report `selfeval template` printed, its exit code, the input cells' values, LibreOffice's named values. */
const reports: Report[] = [];
const exitCodes: number[] = [];
const inputValues: Record<string, CellValue>[] = [];
const recalculated: Record<string, SheetValue>[] = [];
/** Per case: the score sheet's cells LibreOffice computed as the empty text "" (ExcelJS reads those as null). */
const emptyText: Set<string>[] = [];
/** Each indicator's score cell on the score sheet. */
const scoreCells = new Map<string, string>();
let scoreSheet = "";
/** Proof that LibreOffice computed the values: the first stripped file before recalculation. */
let stripped: { formulas: number; cached: string[]; named: Record<string, SheetValue> };
/** `selfeval recompute` on each recalculated file: its report and the named values it wrote. */
const recomputed: { code: number; report: Report; named: Record<string, SheetValue> }[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "selfeval-roundtrip-"));
  for (const sub of ["in", "lo", "re"]) mkdirSync(join(workDir, sub));
  const files: string[] = [];
  for (const [i, c] of cases.entries()) {
    const xlsx = join(workDir, "in", `${fileName(i)}.xlsx`);
    const { code, report } = await templateFromInputs(
      c.raw,
      join(workDir, "in", `${fileName(i)}.json`),
      xlsx
    );
    reports.push(report);
    exitCodes.push(code);
    if ((await stripCachedResults(xlsx)) === 0) throw new Error(`${xlsx}: no formula cells`);
    const { snapshot } = await readWorkbook(xlsx);
    const cells = namedCells(snapshot);
    const values: Record<string, CellValue> = {};
    for (const def of inputDefs) {
      const ref = cells.get(def.key);
      if (!ref) throw new Error(`${xlsx}: no cell named ${def.key}`);
      values[def.key] = cellValue(getSheet(snapshot, ref.sheet)!, ref.row, ref.col);
    }
    inputValues.push(values);
    if (i === 0) {
      scoreSheet = cells.get(names.total)!.sheet;
      for (const id of indicatorIds) {
        const ref = cells.get(names.score(id))!;
        scoreCells.set(id, address(ref.row, ref.col));
      }
    }
    files.push(xlsx);
  }
  stripped = { ...(await cachedResults(files[0])), named: await readNamedValues(files[0]) };

  const started = Date.now();
  const outputs = await recalculate(files, join(workDir, "lo"));
  if (process.env.SELFEVAL_TIMING)
    console.log(`LibreOffice recalculated ${files.length} templates in ${Date.now() - started} ms`);
  for (const file of outputs) {
    recalculated.push(await readNamedValues(file));
    emptyText.push(await emptyTextResults(file, scoreSheet));
  }

  for (const [i, file] of outputs.entries()) {
    let stdout = "";
    const out = join(workDir, "re", `${fileName(i)}.xlsx`);
    const code = await runRecompute(shenzhen, file, out, true, "zh", {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
    });
    recomputed.push({
      code,
      report: JSON.parse(stdout) as Report,
      named: await readNamedValues(out),
    });
  }
}, 300_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("the values come from LibreOffice: the stripped files cache no formula result", () => {
  expect(stripped.formulas).toBeGreaterThan(100);
  expect(stripped.cached).toEqual([]);
  expect(stripped.named[names.total]).toBeNull();
  expect(stripped.named[names.grade]).toBeNull();
  expect(indicatorIds.map((id) => stripped.named[names.score(id)] ?? null)).toEqual(
    indicatorIds.map(() => null)
  );
  expect(recalculated[0][names.total]).toBe(reports[0].total);
});

describe.each(cases.map((c, i) => ({ ...c, i })))("$name", ({ raw, i, unscored, notOk }) => {
  const scoreOf = (id: string) => reports[i].indicators.find((r) => r.id === id)!.score;

  test("the template scores what `selfeval score` scores from the same inputs", () => {
    const typed = scoreFramework(shenzhen, raw);
    expect(reports[i].indicators.map((r) => [r.id, r.score])).toEqual(
      typed.indicators.map((r) => [r.id, r.score])
    );
    expect(reports[i].total).toBe(typed.total);
  });

  test("the case is what its name says: which indicators are unscored, which inputs are not ok", () => {
    expect(indicatorIds.filter((id) => scoreOf(id) === null)).toEqual(unscored ?? []);
    const bad = inputDefs
      .filter((d) => !engineValidity(d, inputValues[i][d.key]))
      .map((d) => d.key);
    expect(bad).toEqual(notOk ?? []);
    expect(exitCodes[i]).toBe(reports[i].errors.length ? 1 : 0);
  });

  test.each(indicatorIds)("%s: LibreOffice shows the engine's score", (id) => {
    const engine = scoreOf(id);
    const sheet = recalculated[i][names.score(id)];
    if (engine === null) {
      expect(["", null]).toContain(sheet);
      expect(emptyText[i].has(scoreCells.get(id)!)).toBe(true); // computed "", not left without a value
    } else {
      expect(sheet).toBe(engine);
      expect(emptyText[i].has(scoreCells.get(id)!)).toBe(false);
    }
  });

  test("total and grade", () => {
    // A total over an unscored indicator reads 未完整, never the partial sum.
    expect(recalculated[i][names.total]).toBe(
      totalCellValue(reports[i].total, reports[i].complete)
    );
    expect(recalculated[i][names.grade]).toBe(gradeCellValue(reports[i].grade));
    // A blank or unusable input leaves an indicator unscored: no grade, in the engine and in the sheet.
    if (unscored?.length) {
      expect(reports[i].grade).toBeNull();
      expect(recalculated[i][names.grade]).toBe(GRADE_PENDING);
    } else expect(reports[i].grade).not.toBeNull();
  });

  test("every ok_<key> is the engine's validity of that input", () => {
    const disagreeing = inputDefs
      .map((d) => ({
        key: d.key,
        value: inputValues[i][d.key],
        engine: engineValidity(d, inputValues[i][d.key]),
        sheet: recalculated[i][names.ok(d.key)],
      }))
      .filter((x) => x.sheet !== x.engine);
    expect(disagreeing).toEqual([]);
  });

  test("`selfeval recompute` on the recalculated file finds the same scores", () => {
    const again = recomputed[i];
    expect(again.report.indicators.map((r) => [r.id, r.score])).toEqual(
      reports[i].indicators.map((r) => [r.id, r.score])
    );
    expect(again.report.total).toBe(reports[i].total);
    expect(again.report.grade).toBe(reports[i].grade);
    expect(again.named[names.grade]).toBe(gradeCellValue(reports[i].grade));
    expect(again.report.errors).toEqual(reports[i].errors);
    expect(again.code).toBe(exitCodes[i]);
    for (const id of indicatorIds)
      if (scoreOf(id) === null) expect(["", null]).toContain(again.named[names.score(id)]);
      else expect([id, again.named[names.score(id)]]).toEqual([id, scoreOf(id)]);
    expect(again.named[names.total]).toBe(totalCellValue(reports[i].total, reports[i].complete));
  });
});

test("a blank input on a total still over 90: LibreOffice's total reads 未完整 (not 92.97), its 一级 subtotal too, and the grade 待计分, not 优", () => {
  const i = cases.findIndex((c) => c.name === "budgetAdjusted blank");
  expect(reports[i]).toMatchObject({
    complete: false,
    grade: null,
    scored: 20,
    indicatorCount: 21,
  });
  expect(reports[i].toFill.map((f) => f.input)).toEqual(["budgetAdjusted"]);
  expect(reports[i].total).toBeGreaterThanOrEqual(90);
  expect(recalculated[i][names.total]).toBe(TOTAL_INCOMPLETE);
  expect(recalculated[i][names.grade]).toBe(GRADE_PENDING);
  // Only the 一级 group of the unscored 财务合规性 is incomplete; the others show the engine's subtotals.
  const level1 = reports[i].groups.filter((g) => g.level === 1);
  expect(level1.filter((g) => !g.complete).map((g) => g.name)).toEqual(["部门管理"]);
  expect(level1.map((g, n) => recalculated[i][names.subtotal(n)])).toEqual(
    level1.map((g) => (g.complete ? g.score : TOTAL_INCOMPLETE))
  );
  // Filled in, the same workbook is graded: seed 000's 优.
  expect(recalculated[0][names.grade]).toBe("优");
});
