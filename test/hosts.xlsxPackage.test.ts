/**
 * The .xlsx package read and written part by part (src/hosts/xlsxPackage.ts) gives what ExcelJS's own `xlsx.load`
 * and `xlsx.writeBuffer` give: the same model from every example workbook, the same parts written back.
 */
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { Workbook } from "../src/hosts/exceljsParts";
import { loadXlsx, saveXlsx } from "../src/hosts/xlsxPackage";
import { readZip } from "../src/hosts/zip";

const EXAMPLES = join(__dirname, "..", "examples");
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith(".xlsx"));

/** ExcelJS's column cache (its letters of each column number, filled on demand). */
const colCache = require("exceljs/lib/utils/col-cache") as {
  n2l(n: number): string | undefined;
  l2n(l: string): number;
  _l2nFill: number;
  _n2l: string[];
  _l2n: Record<string, number>;
};

const partsOf = (bytes: Buffer) =>
  Object.fromEntries(readZip(bytes)!.map(({ name, data }) => [name, data.toString("utf8")]));

describe("loadXlsx and saveXlsx", () => {
  it("find the example workbooks", () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples)(
    "%s: the model ExcelJS's own load gives, and the parts its own write gives",
    async (file) => {
      const bytes = readFileSync(join(EXAMPLES, file));
      const ours = new Workbook();
      await loadXlsx(ours, bytes);
      const theirs = new Workbook();
      await theirs.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(ours.model).toEqual(theirs.model);
      const written = partsOf(await saveXlsx(ours));
      const expected = partsOf(Buffer.from(await theirs.xlsx.writeBuffer()));
      expect(Object.keys(written)).toEqual(Object.keys(expected));
      for (const name of Object.keys(expected))
        expect([name, written[name]]).toEqual([name, expected[name]]);
    }
  );

  it("write empty styles as ExcelJS does: dates, date results of formulas, numbers, text, rows, styled cells between", async () => {
    const build = () => {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet("表");
      sheet.getCell("A1").value = "文字";
      sheet.getCell("A2").value = 3.5;
      sheet.getCell("A3").value = new Date(Date.UTC(2024, 5, 30));
      sheet.getCell("A4").value = { formula: "A3+1", result: new Date(Date.UTC(2024, 6, 1)) };
      sheet.getCell("A5").value = { formula: "A2*2", result: 7 };
      sheet.getCell("A6").value = true;
      sheet.getCell("A7").value = { error: "#N/A" } as never;
      sheet.getCell("B1").value = 1;
      sheet.getCell("B1").numFmt = "0.00%";
      sheet.getCell("B2").value = new Date(Date.UTC(2023, 0, 1));
      sheet.getCell("B2").font = { bold: true };
      sheet.getRow(3).height = 30;
      sheet.getCell("C9").value = new Date(Date.UTC(2022, 1, 2));
      return workbook;
    };
    const written = partsOf(await saveXlsx(build()));
    const expected = partsOf(Buffer.from(await build().xlsx.writeBuffer()));
    for (const name of Object.keys(expected)) {
      if (name === "docProps/core.xml") continue; // its time of writing
      expect([name, written[name]]).toEqual([name, expected[name]]);
    }
    // The date cells keep ExcelJS's date format (14), the others the default style.
    expect(written["xl/styles.xml"]).toContain('numFmtId="14"');
    expect(written["xl/worksheets/sheet1.xml"]).toMatch(/<c r="A3" s="(\d+)"/);
  });

  it("keep a print title of whole rows without filling the letters of all 16,384 columns", async () => {
    colCache._l2nFill = 0;
    colCache._n2l = [];
    colCache._l2n = {};
    const workbook = new Workbook();
    await loadXlsx(workbook, readFileSync(join(EXAMPLES, "深圳-seed001-模板.xlsx")));
    expect(workbook.getWorksheet("基础数据")!.pageSetup.printTitlesRow).toBe("1:3");
    expect(workbook.getWorksheet("评分表")!.pageSetup.printTitlesRow).toBe("3:4");
    expect(colCache._l2nFill).toBeLessThan(3);
    expect(colCache.n2l(Number.NaN)).toBeUndefined();
    // Columns past ZZ are still found, on demand.
    expect(colCache.n2l(16_384)).toBe("XFD");
    expect(colCache.l2n("AAA")).toBe(703);
  });
});
