/**
 * Found by the hostile-workbook fuzz test (seed 2003: the template with 基础数据!C39:D41 merged by the user): a
 * plan's write into part of a merged area must land in its own cell, never in the area's top-left cell over what
 * the user typed there — and 撤销 must give that back.
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { applyPlan, readWorkbook, snapshotOf, writeWorkbook } from "../src/hosts/xlsx";

const dir = mkdtempSync(join(tmpdir(), "selfeval-merged-writes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a write into part of the user's merged area unmerges it and keeps the top-left cell's text", async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("基础数据");
  sheet.getCell("C39").value = "万元";
  sheet.mergeCells("C39:D41");
  sheet.getCell("A1").value = "标题";
  sheet.mergeCells("A1:B1");
  applyPlan(workbook, {
    sheets: [{ name: "基础数据", cells: [{ row: 40, col: 3, formula: "=1+1", result: 2 }] }],
    names: [],
  });
  const path = join(dir, "out.xlsx");
  await writeWorkbook(workbook, path);
  const { snapshot } = await readWorkbook(path);
  const values = snapshot.sheets[0];
  expect(values.values[38][2]).toBe("万元");
  expect(values.formulas[40][3]).toBe("=1+1");
  expect(values.values[40][3]).toBe(2);
  // Only the area written into is dissolved; the user's other merges stay.
  expect(values.merges).toEqual(["A1:B1"]);
  expect(snapshotOf(workbook).sheets[0].values[38][2]).toBe("万元");
});

test("a write to the top-left cell of a merged area keeps the area merged", () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("评分表");
  sheet.mergeCells("B2:C3");
  applyPlan(workbook, {
    sheets: [{ name: "评分表", cells: [{ row: 1, col: 1, value: "说明" }] }],
    names: [],
  });
  expect(sheet.getCell("B2").value).toBe("说明");
  expect(sheet.model.merges).toEqual(["B2:C3"]);
});
