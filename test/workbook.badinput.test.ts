/**
 * Bad input typed straight into a template's 基础数据: Recompute names each bad cell in plain Chinese, leaves
 * unscored exactly the indicators that need it, and never touches an input cell; the recomputed workbook,
 * recalculated by LibreOffice, agrees with the engine cell for cell (blank scores, ok_<key> FALSE).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs, indexFramework, inputsOf } from "../src/domain/model";
import type { Report } from "../src/domain/types";
import { applyPlan, readWorkbook, writeWorkbook } from "../src/hosts/xlsx";
import { namedCells, type CellRef } from "../src/workbook/bindTemplate";
import { META_INPUTS, SCORE_COLS, names } from "../src/workbook/layout";
import { TOTAL_INCOMPLETE, gradeCellValue } from "../src/workbook/liveFormulas";
import { recompute, type RecomputeResult } from "../src/workbook/recompute";
import { address, cellLabel, type WorkbookSnapshot } from "../src/workbook/snapshot";
import { readNamedValues, recalculate, type CellValue } from "./support/libreoffice";
import { loadExample } from "./support/seeds";
import {
  emptyTextResults,
  engineValidity,
  sheetXml,
  stripCachedResults,
  templateFromInputs,
} from "./support/templateWorkbook";

/** What the user types into each input cell, and words the error message must contain. */
const BAD: { key: string; value: ExcelJS.CellValue; says: string[] }[] = [
  { key: "procurementPlan", value: "约5千", says: ["约5千"] },
  { key: "officeBudget", value: { error: "#DIV/0!" } as ExcelJS.CellErrorValue, says: ["#DIV/0!"] },
  { key: "keyTasksUnfinished", value: null, says: ["未填写"] },
  { key: "satisfaction", value: "97.62%", says: ["是文本", "97.62%"] },
  { key: "officeActual", value: "１３４９．４２", says: ["是文本", "１３４９．４２"] },
  { key: "threePublicActual", value: -5, says: ["不能为负数", "-5"] },
  { key: "petitionReplyRate", value: 97.62, says: ["不能超过 100%"] },
  { key: "seriousViolation", value: "是 ", says: ["“是 ”"] },
];
const BAD_KEYS = BAD.map((b) => b.key);
/** The department's own scores, typed in 自评得分 (user cells too): one on an indicator left unscored, one scored. */
const SELF_SCORES: [string, number][] = [
  ["costControl", 6],
  ["budgetRationality", 5],
];

const index = indexFramework(shenzhen);
const indicatorIds = shenzhen.indicators.map((i) => i.id);
const needsBadInput = (id: string) =>
  inputsOf(shenzhen, index.indicatorExprs.get(id)!).some((k) => BAD_KEYS.includes(k));
const inputDefs = frameworkInputs(shenzhen);
const labelOf = (ref: CellRef) => cellLabel(ref.sheet, address(ref.row, ref.col));

let dir = "";
let cells: Map<string, CellRef>;
let inputSheet = "";
let result: RecomputeResult;
let report: Report;
let userFile = "";
let outFile = "";
let userSnapshot: WorkbookSnapshot;
let recalculated: Record<string, CellValue>;
/** The score sheet's cells LibreOffice computed as the empty text "". */
let emptyText: Set<string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "selfeval-badinput-"));
  const template = join(dir, "template.xlsx");
  await templateFromInputs(loadExample("seed000"), join(dir, "seed000.json"), template);

  // The user types into the input cells directly, finding each by its defined name.
  const { workbook, snapshot } = await readWorkbook(template);
  cells = namedCells(snapshot);
  inputSheet = cells.get(BAD_KEYS[0])!.sheet;
  for (const { key, value } of BAD) {
    const ref = cells.get(key)!;
    workbook.getWorksheet(ref.sheet)!.getCell(ref.row + 1, ref.col + 1).value = value;
  }
  for (const [id, value] of SELF_SCORES) {
    const ref = cells.get(names.score(id))!;
    workbook.getWorksheet(ref.sheet)!.getCell(ref.row + 1, SCORE_COLS.selfScore + 1).value = value;
  }
  userFile = join(dir, "user.xlsx");
  await writeWorkbook(workbook, userFile);

  // Recompute, as the add-in and `selfeval recompute` do, into a new file.
  const user = await readWorkbook(userFile);
  userSnapshot = user.snapshot;
  result = recompute(user.snapshot, shenzhen);
  report = result.report;
  applyPlan(user.workbook, result.plan);
  outFile = join(dir, "recomputed.xlsx");
  await writeWorkbook(user.workbook, outFile);

  // LibreOffice recalculates a copy with no cached results.
  mkdirSync(join(dir, "lo-in"));
  const copy = join(dir, "lo-in", "recomputed.xlsx");
  copyFileSync(outFile, copy);
  await stripCachedResults(copy);
  const [recalculatedFile] = await recalculate([copy], join(dir, "lo"));
  recalculated = await readNamedValues(recalculatedFile);
  emptyText = await emptyTextResults(recalculatedFile, cells.get(names.total)!.sheet);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the report", () => {
  test("the user's values reached the snapshot as typed", () => {
    const sheet = userSnapshot.sheets.find((s) => s.name === inputSheet)!;
    const at = (key: string) => sheet.values[cells.get(key)!.row][cells.get(key)!.col];
    expect(BAD.map((b) => at(b.key))).toEqual([
      "约5千",
      { error: "#DIV/0!" },
      null,
      "97.62%",
      "１３４９．４２",
      -5,
      97.62,
      "是 ",
    ]);
  });

  test("one error per bad input, and no other", () => {
    expect(report.errors.map((e) => e.input).sort()).toEqual([...BAD_KEYS].sort());
  });

  test.each(BAD)("$key: the error names its cell, its label and what is wrong", ({ key, says }) => {
    const error = report.errors.find((e) => e.input === key);
    const def = inputDefs.find((d) => d.key === key)!;
    expect(error?.cell).toBe(labelOf(cells.get(key)!));
    expect(error?.cell).toMatch(/^基础数据!B\d+$/);
    expect(error?.message).toContain(`「${def.label.zh}」`);
    for (const words of says) expect(error?.message).toContain(words);
  });

  test("exactly the indicators that need a bad input are unscored; the others are scored", () => {
    const unscored = report.indicators.filter((r) => r.score === null).map((r) => r.id);
    expect(unscored).toEqual(indicatorIds.filter(needsBadInput));
    expect(unscored).toEqual([
      "procurement",
      "financialCompliance",
      "costControl",
      "keyTasks",
      "petitions",
      "satisfaction",
    ]);
    for (const r of report.indicators.filter((r) => r.score !== null))
      expect([r.id, typeof r.score]).toEqual([r.id, "number"]);
    expect(report.complete).toBe(false);
  });
});

/** Every cell of a worksheet column: address → type, value, number format (and formula text, for formulas). */
function column(worksheet: ExcelJS.Worksheet, col: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  worksheet.getColumn(col).eachCell({ includeEmpty: true }, (cell) => {
    out[cell.address] =
      cell.type === ExcelJS.ValueType.Formula
        ? { type: cell.type, formula: cell.formula }
        : { type: cell.type, value: cell.value, numFmt: cell.numFmt };
  });
  return out;
}

/** The raw XML of a sheet's cells in one column: address → cell type attribute and content (shared strings resolved). */
async function xmlColumn(file: string, sheetName: string, letter: string) {
  const { xml, shared } = await sheetXml(file, sheetName);
  const out: Record<string, { t: string | null; content: string }> = {};
  const cellXml = new RegExp(`<c r="(${letter}\\d+)"([^>]*?)(?:/>|>([\\s\\S]*?)</c>)`, "g");
  for (const m of xml.matchAll(cellXml)) {
    const t = / t="([^"]+)"/.exec(m[2])?.[1] ?? null;
    const inner = m[3] ?? "";
    if (inner.includes("<f")) continue; // formulas: compared by their text above
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? "";
    out[m[1]] = { t, content: t === "s" ? shared[Number(v)] : inner };
  }
  return out;
}

describe("no input cell is written", () => {
  const userCells = () => [
    ...inputDefs.map((d) => cells.get(d.key)!),
    ...META_INPUTS.map((m) => cells.get(m.key)!),
    ...SELF_SCORES.map(([id]) => ({ ...cells.get(names.score(id))!, col: SCORE_COLS.selfScore })),
  ];

  test("the plan has no write to an input or a self-reported score", () => {
    const written = new Set(
      result.plan.sheets.flatMap((s) =>
        s.cells.map((c) => cellLabel(s.name, address(c.row, c.col)))
      )
    );
    expect(written.size).toBeGreaterThan(0);
    expect(
      userCells()
        .map(labelOf)
        .filter((l) => written.has(l))
    ).toEqual([]);
  });

  test("the whole value column of 基础数据 and the self-reported scores are unchanged", async () => {
    const before = new ExcelJS.Workbook();
    const after = new ExcelJS.Workbook();
    await before.xlsx.readFile(userFile);
    await after.xlsx.readFile(outFile);
    const valueCol = cells.get(BAD_KEYS[0])!.col + 1;
    const inputsBefore = column(before.getWorksheet(inputSheet)!, valueCol);
    expect(Object.keys(inputsBefore).length).toBeGreaterThan(inputDefs.length);
    expect(column(after.getWorksheet(inputSheet)!, valueCol)).toEqual(inputsBefore);
    const scoreSheet = cells.get(names.total)!.sheet;
    expect(column(after.getWorksheet(scoreSheet)!, SCORE_COLS.selfScore + 1)).toEqual(
      column(before.getWorksheet(scoreSheet)!, SCORE_COLS.selfScore + 1)
    );
    // The bad values themselves, as the file holds them.
    const sheet = after.getWorksheet(inputSheet)!;
    for (const { key, value } of BAD) {
      const ref = cells.get(key)!;
      expect([key, sheet.getCell(ref.row + 1, ref.col + 1).value]).toEqual([key, value]);
    }
  });

  test("in the file's XML, every value cell of column B keeps its type and content", async () => {
    const letter = address(0, cells.get(BAD_KEYS[0])!.col).replace(/\d+$/, "");
    const before = await xmlColumn(userFile, inputSheet, letter);
    const after = await xmlColumn(outFile, inputSheet, letter);
    expect(Object.keys(before).length).toBeGreaterThan(inputDefs.length);
    expect(after).toEqual(before);
    const b = (key: string) => before[labelOf(cells.get(key)!).split("!")[1]];
    expect(b("officeBudget")).toEqual({ t: "e", content: "<v>#DIV/0!</v>" });
    expect(b("officeActual")).toEqual({ t: "s", content: "<t>１３４９．４２</t>" });
  });
});

describe("LibreOffice agrees with the engine on the recomputed workbook", () => {
  test.each(indicatorIds)("%s", (id) => {
    const engine = report.indicators.find((r) => r.id === id)!.score;
    const sheet = recalculated[names.score(id)];
    const ref = cells.get(names.score(id))!;
    if (engine === null) {
      // ExcelJS reads a cached "" as no value: the XML shows LibreOffice computed "".
      expect(["", null]).toContain(sheet);
      expect(emptyText.has(address(ref.row, ref.col))).toBe(true);
    } else expect(sheet).toBe(engine);
  });

  test("total and grade", () => {
    expect(recalculated[names.total]).toBe(TOTAL_INCOMPLETE);
    expect(report.complete).toBe(false);
    // Some indicators are unscored: the engine gives no grade, the sheet's grade cell reads 待计分.
    expect(report.grade).toBeNull();
    expect(recalculated[names.grade]).toBe(gradeCellValue(report.grade));
  });

  test("ok_<key> is FALSE for each bad input, and the engine's validity for every input", () => {
    expect(BAD_KEYS.map((k) => [k, recalculated[names.ok(k)]])).toEqual(
      BAD_KEYS.map((k) => [k, false])
    );
    const sheet = userSnapshot.sheets.find((s) => s.name === inputSheet)!;
    const disagreeing = inputDefs.filter((d) => {
      const ref = cells.get(d.key)!;
      return recalculated[names.ok(d.key)] !== engineValidity(d, sheet.values[ref.row][ref.col]);
    });
    expect(disagreeing.map((d) => d.key)).toEqual([]);
  });
});
