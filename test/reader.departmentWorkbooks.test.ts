/**
 * The general reader on the department workbooks of test/support/departmentWorkbooks.ts — six layouts no earlier
 * code read (深圳 评分表 with a two-row header, 广州's 自评表, the nationwide 项目支出 and 部门整体支出绩效自评表,
 * printed and as the 预算管理一体化 system exports them) and a variant with a row that names no indicator: every
 * expected table, self score, total, figure, reason and 绩效指标 row is found where the builder says; recompute
 * scores them and changes none of their cells.
 */
import ExcelJS from "exceljs";
import { frameworkById } from "../src/domain/frameworks";
import type { Framework } from "../src/domain/types";
import { applyPlan, snapshotOf } from "../src/hosts/xlsx";
import { inspectWorkbook } from "../src/workbook/inspect";
import { readWorkbook } from "../src/workbook/recognize";
import { recompute } from "../src/workbook/recompute";
import { parseAddress, type WorkbookSnapshot } from "../src/workbook/snapshot";
import {
  ALL_DEPARTMENT_WORKBOOKS,
  buildShenzhenWithUnmatched,
  type CellRef as FixtureCell,
} from "./support/departmentWorkbooks";
import type { CellRef } from "../src/workbook/bindTemplate";

async function reopen(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const buffer = await workbook.xlsx.writeBuffer();
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(buffer as ArrayBuffer);
  return copy;
}

const same = (ref: CellRef | undefined, cell: FixtureCell) => {
  expect(ref).toBeDefined();
  const { row, col } = parseAddress(cell.cell);
  expect({ sheet: ref!.sheet, row: ref!.row, col: ref!.col }).toEqual({
    sheet: cell.sheet,
    row,
    col,
  });
};

/** Every cell the department had (its sheets, its rows and columns): value and formula, as plain data. */
function departmentCells(snapshot: WorkbookSnapshot, original: WorkbookSnapshot) {
  return original.sheets.map((o) => {
    const sheet = snapshot.sheets.find((s) => s.name === o.name)!;
    return {
      name: o.name,
      values: o.values.map((row, r) => row.map((_, c) => sheet.values[r]?.[c] ?? null)),
      formulas: o.formulas.map((row, r) => row.map((_, c) => sheet.formulas[r]?.[c] ?? null)),
    };
  });
}

describe.each(ALL_DEPARTMENT_WORKBOOKS)("$file", ({ build }) => {
  let snapshot: WorkbookSnapshot;
  let framework: Framework;
  let expected: ReturnType<typeof build>["expected"];
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    const built = build();
    expected = built.expected;
    workbook = await reopen(built.workbook);
    snapshot = snapshotOf(workbook);
    framework = frameworkById(expected.framework)!;
  });

  test("every table is found with its header rows", () => {
    const reading = readWorkbook(snapshot, framework);
    for (const table of expected.tables) {
      const found = reading.tables.find(
        (t) =>
          t.sheet === table.sheet &&
          t.headerRows.map((r) => r + 1).join() === table.headerRows.join()
      );
      expect(found).toBeDefined();
      const rows = found!.rows.map((r) => r.row + 1);
      expect(rows[0]).toBe(table.firstRow);
      expect(Math.max(...rows)).toBeLessThanOrEqual(table.lastRow);
    }
  });

  test("every self score, the total, the figures and the reasons are read where they stand", () => {
    const reading = readWorkbook(snapshot, framework);
    const sheetRows = new Map(reading.scoreSheet?.rows.map((r) => [r.indicatorId, r]) ?? []);
    for (const [id, cell] of Object.entries(expected.selfScores)) {
      const row = sheetRows.get(id);
      if (row) {
        same(
          {
            sheet: reading.scoreSheet!.table.sheet,
            row: row.row,
            col: reading.scoreSheet!.scoreCol,
          },
          cell
        );
      } else same(reading.selfScores.get(id), cell);
    }
    for (const [id, cell] of Object.entries(expected.names)) {
      const row = sheetRows.get(id);
      expect(row).toBeDefined();
      same({ sheet: reading.scoreSheet!.table.sheet, row: row!.row, col: row!.nameCol }, cell);
    }
    if (expected.selfTotal) same(reading.selfTotal, expected.selfTotal);
    if (expected.grade) same(reading.grade, expected.grade);
    for (const [key, cell] of Object.entries(expected.inputs)) same(reading.inputs.get(key), cell);
    for (const [id, cell] of Object.entries(expected.reasons)) {
      const indicator = framework.indicators.find((i) => i.id === id)!;
      const key = indicator.rule.kind === "deducted" ? indicator.rule.reason : undefined;
      if (key) same(reading.texts.get(key), cell);
    }
    expect(reading.unmatched.map((u) => u.cell)).toEqual(
      expected.unmatched.map((u) => `${u.sheet}!${u.cell}`)
    );
  });

  test("every 绩效指标 row is read with its weight and self score", () => {
    const reading = readWorkbook(snapshot, framework);
    if (!expected.tableRows.length) return;
    const table = reading.indicatorTable!;
    expect(table).toBeDefined();
    expect(table.rows.map((r) => r + 1)).toEqual(
      expected.tableRows.map((r) => parseAddress(r.cell.cell).row + 1)
    );
    const col = (address: string | undefined) => (address ? parseAddress(address).col : -1);
    const first = expected.tableRows[0];
    expect(table.cols.weight).toBe(col(first.sources.weight));
    expect(table.cols.selfScore).toBe(col(first.sources.selfScore));
  });

  test("recompute scores it, says what it recognized, and changes none of the department's cells", () => {
    const before = departmentCells(snapshot, snapshot);
    const result = recompute(snapshot, framework);
    applyPlan(workbook, result.plan);
    const after = snapshotOf(workbook);
    expect(departmentCells(after, snapshot)).toEqual(before);
    expect(result.report.recognized).toBeDefined();
    expect(result.report.recognized!.unmatched).toHaveLength(expected.unmatched.length);
    // Every self score the department wrote is compared with the rule's.
    for (const id of Object.keys(expected.selfScores)) {
      const indicator = result.report.indicators.find((i) => i.id === id)!;
      expect(indicator.selfScore).toBe(expected.selfScores[id].value);
    }
    if (expected.selfTotal) expect(result.selfTotal).toBe(expected.selfTotal.value);
    // The department's name where the workbook prints one (a project form: its 主管部门, not the project).
    expect(result.department).toBe(expected.department?.text);
  });

  test("the pane's status names it a department's own workbook, on its own sheets", () => {
    const status = inspectWorkbook(snapshot, framework);
    expect(status.layout).toBe("existing");
    for (const table of expected.tables) expect(status.sheets).toContain(table.sheet);
    expect(status.report?.recognized).toBeDefined();
  });

  test("a second recompute still says what it recognized, and changes nothing more", () => {
    const again = snapshotOf(workbook);
    const second = recompute(again, framework);
    expect(second.report.recognized).toBeDefined();
    expect(second.report.recognized!.unmatched).toHaveLength(expected.unmatched.length);
    expect(second.report.recognized!.sheet).toBe(
      recompute(snapshot, framework).report.recognized!.sheet
    );
    expect(second.changedCells).toBe(0);
  });
});

test("a row naming no indicator is reported with its cell and the nearest name, never guessed", async () => {
  const { workbook, expected } = buildShenzhenWithUnmatched();
  const snapshot = snapshotOf(await reopen(workbook));
  const reading = readWorkbook(snapshot, frameworkById("shenzhen")!);
  expect(reading.unmatched).toHaveLength(1);
  const [row] = reading.unmatched;
  expect(row.cell).toBe(`${expected.unmatched[0].sheet}!${expected.unmatched[0].cell}`);
  expect(row.text).toBe(expected.unmatched[0].text);
  expect(
    reading.scoreSheet!.rows.some(
      (r) => r.row + 1 === parseAddress(expected.unmatched[0].cell).row + 1
    )
  ).toBe(false);
});

test("the nationwide 自评表's own 得分 per row is reported beside the rule's score, and a difference is highlighted", async () => {
  const built = (await import("./support/departmentWorkbooks")).buildProjectForm();
  const workbook = await reopen(built.workbook);
  const snapshot = snapshotOf(workbook);
  const result = recompute(snapshot, frameworkById("project")!);
  const rows = result.report.indicatorTable!;
  expect(rows.map((r) => r.selfScore)).toEqual(built.expected.tableRows.map((r) => r.selfScore));
  // 发放及时率: 90% against ≥95% scores 18.95 by the rule; the department gave itself 20.
  const late = rows.find((r) => r.name === "发放及时率")!;
  expect(late.score).toBe(18.95);
  expect(late.selfScore).toBe(20);
  const table = result.plan.sheets.find((s) =>
    s.conditionalFormats?.some((f) => f.formula.includes("ABS(ROUND($R"))
  )!;
  expect(table).toBeDefined();
});
