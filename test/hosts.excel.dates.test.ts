/**
 * A number shown as a date (issue 16): Excel stores a date as its serial number and shows it through the cell's
 * number format. The Office.js host (the task pane) reads such a cell as the ExcelJS host (the command line) does —
 * as the date's text, the same text for the same serial and format — so a date typed into an amount is 请检查
 * with the same message in both, never 45413 万元. The shared pieces (src/hosts/dateCells.ts) on their own first,
 * then both hosts over one workbook of date-formatted numbers, then a recompute of our template.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import {
  dateText,
  isDateFormat,
  LAST_DATE_SERIAL,
  numberCellValue,
  serialDate,
} from "../src/hosts/dateCells";
import { readSnapshot, recomputeInExcel } from "../src/hosts/excel";
import { builtInNumberFormats } from "../src/hosts/exceljsParts";
import { readWorkbook } from "../src/hosts/xlsx";
import { recompute, recomputeWorkbook } from "../src/workbook/recompute";
import { address, parseRef, type WorkbookSnapshot } from "../src/workbook/snapshot";
import {
  emptySheet,
  FakeExcel,
  installFakeOffice,
  type FakeCell,
  type FakeContext,
} from "./support/fakeExcel";
import { SEED001_TEMPLATE_EXAMPLE } from "./support/seed001Template";

/** ExcelJS's own date test and conversion, as ExcelJS had them (before exceljsParts.ts wraps the conversion). */
const excelJsUtils = require("exceljs/lib/utils/utils") as {
  isDateFmt(format: string | undefined): boolean;
  excelToDate(v: number, date1904?: boolean): Date | number;
};
const excelJsToDate = (v: number, date1904 = false): Date =>
  new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "selfeval-dates-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const uninstalls: (() => void)[] = [];
afterEach(() => {
  while (uninstalls.length) uninstalls.pop()!();
});

function install(fake: FakeExcel): FakeExcel {
  uninstalls.push(installFakeOffice(globalThis, fake).uninstall);
  return fake;
}

/* ---------- the shared module ---------- */

describe("dateCells: the date test and the date's text both hosts use", () => {
  const formats = [
    "General",
    "0",
    "0.00",
    "#,##0.00",
    "0.00%",
    "@",
    "yyyy-mm-dd",
    "m/d/yyyy",
    "h:mm",
    "hh:mm:ss",
    "yyyy-mm-dd hh:mm",
    'yyyy"年"m"月"d"日"',
    '[$-804]yyyy"年"m"月"d"日"',
    'm"月"d"日"',
    '"元"#,##0',
    '#,##0"万元"',
    "[Red]0.00",
    "[>=100]0;0.0",
    "0.00_);[Red]\\(0.00\\)",
    "[h]:mm:ss",
    "mmm-yy",
    "b",
    "",
  ];

  it("tells a date format exactly as ExcelJS does, over ExcelJS's built-in formats and these", () => {
    const builtIn = Object.values(builtInNumberFormats).flatMap((f) =>
      Object.values(f).filter((code): code is string => typeof code === "string")
    );
    expect(builtIn.length).toBeGreaterThan(50);
    for (const format of [...formats, ...builtIn])
      expect([format, isDateFormat(format)]).toEqual([format, excelJsUtils.isDateFmt(format)]);
    // And the test is not trivially one way.
    expect(formats.filter(isDateFormat)).toEqual([
      "yyyy-mm-dd",
      "m/d/yyyy",
      "h:mm",
      "hh:mm:ss",
      "yyyy-mm-dd hh:mm",
      'yyyy"年"m"月"d"日"',
      '[$-804]yyyy"年"m"月"d"日"',
      'm"月"d"日"',
      "[h]:mm:ss",
      "mmm-yy",
      "b",
    ]);
    expect([undefined, null, 14].map(isDateFormat)).toEqual([false, false, false]);
  });

  it("converts a serial to the Date ExcelJS gives, to the millisecond, in both date systems", () => {
    const serials = [1, 60, 61, 0.5, 0.3541666666666667, 45413, 45413.354166666664, 45413.99999];
    for (const serial of serials)
      for (const date1904 of [false, true])
        expect(serialDate(serial, date1904).getTime()).toBe(
          excelJsToDate(serial, date1904).getTime()
        );
  });

  it("writes the date's text: a date, a date and time, a time alone, seconds when there are any", () => {
    expect(dateText(serialDate(45413))).toBe("2024-05-01");
    expect(dateText(serialDate(45413 + 8.5 / 24))).toBe("2024-05-01 08:30");
    expect(dateText(serialDate(8.5 / 24))).toBe("08:30");
    expect(dateText(serialDate((8 * 3600 + 30 * 60 + 15) / 86400))).toBe("08:30:15");
    expect(dateText(serialDate(45413 - 1462, true))).toBe("2024-05-01");
    expect(dateText(new Date(NaN))).toBe("########");
  });

  it("reads a number as a date only when its format shows one, and never past 9999-12-31", () => {
    expect(numberCellValue(45413, "yyyy-mm-dd")).toBe("2024-05-01");
    expect(numberCellValue(45413, "General")).toBe(45413);
    expect(numberCellValue(45413, "#,##0.00")).toBe(45413);
    expect(numberCellValue(45413, undefined)).toBe(45413);
    expect(numberCellValue(LAST_DATE_SERIAL, "yyyy-mm-dd")).toBe("9999-12-31 23:59:59");
    expect(numberCellValue(2958466, "yyyy-mm-dd")).toBe(2958466);
    expect(numberCellValue(-9.99e15, "yyyy-mm-dd")).toBe(-9.99e15);
    expect(numberCellValue(45413 - 1462, "yyyy-mm-dd", true)).toBe("2024-05-01");
  });
});

/* ---------- both hosts over one workbook ---------- */

/**
 * Rewrites the marker format codes of a saved workbook as built-in format ids, as Chinese Excel saves 2024年5月1日
 * (31) and 5月1日 (58): the id alone, no code in the file.
 */
async function asBuiltInFormats(path: string, markers: Record<string, number>): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  let styles = await zip.file("xl/styles.xml")!.async("string");
  for (const [marker, id] of Object.entries(markers)) {
    const custom = new RegExp(`<numFmt numFmtId="(\\d+)" formatCode="${marker}"/>`).exec(styles);
    if (!custom) throw new Error(`no format ${marker} in styles.xml`);
    styles = styles
      .replace(custom[0], "")
      .replace(new RegExp(`numFmtId="${custom[1]}"`, "g"), `numFmtId="${id}"`);
  }
  zip.file("xl/styles.xml", styles);
  writeFileSync(path, await zip.generateAsync({ type: "nodebuffer" }));
}

/**
 * The workbook at `path` as Excel holds it, in the fake: every cell's number as stored (a date as its serial:
 * ExcelJS's date conversion is turned off for this load), its formula, its number format code as Range.numberFormat
 * gives it; the sheets, merges and names as the ExcelJS host reads them; the date system.
 */
async function fakeFromXlsx(path: string): Promise<FakeExcel> {
  const { snapshot } = await readWorkbook(path);
  const raw = new ExcelJS.Workbook();
  const isDateFmt = excelJsUtils.isDateFmt;
  excelJsUtils.isDateFmt = () => false;
  try {
    await raw.xlsx.readFile(path);
  } finally {
    excelJsUtils.isDateFmt = isDateFmt;
  }
  const fake = FakeExcel.fromSnapshot({
    sheets: snapshot.sheets.map((s) => ({ ...s, values: [], formulas: [] })),
    names: snapshot.names,
  });
  if (raw.properties.date1904) fake.model.date1904 = true;
  for (const worksheet of raw.worksheets) {
    const sheet = fake.sheet(worksheet.name)!;
    worksheet.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const formula = cell.type === ExcelJS.ValueType.Formula ? `=${cell.formula}` : undefined;
        const v = formula ? cell.result : cell.value;
        if (v instanceof Date) throw new Error(`${cell.address}: read as a Date`);
        const value: FakeCell["value"] =
          v === null || v === undefined
            ? null
            : typeof v === "object" && "error" in v
              ? { error: String(v.error) }
              : typeof v === "object" && "richText" in v
                ? v.richText.map((t) => t.text).join("")
                : (v as string | number | boolean);
        sheet.cells.set(`${r - 1},${c - 1}`, {
          value,
          ...(formula ? { formula } : {}),
          ...(cell.numFmt ? { numberFormat: cell.numFmt } : {}),
        });
      })
    );
  }
  return fake;
}

/** The snapshot the task pane reads from the fake. */
async function paneSnapshot(fake: FakeExcel): Promise<WorkbookSnapshot> {
  return fake.run(
    async (context: FakeContext) =>
      (await readSnapshot(context as unknown as Excel.RequestContext)).snapshot
  );
}

/** [label, serial or value, number format] — row by row in column B, the label in A. */
const DATE_CELLS: [string, ExcelJS.CellValue, string | undefined][] = [
  ["日期", 45413, "yyyy-mm-dd"],
  ["美式日期", 45413, "m/d/yyyy"],
  ["日期时间", 45413 + 8.5 / 24, "yyyy-mm-dd hh:mm"],
  ["带秒", 45413 + (8 * 3600 + 30 * 60 + 15) / 86400, "yyyy-mm-dd hh:mm:ss"],
  ["时间", 8.5 / 24, "h:mm"],
  ["年月日", 45413, 'yyyy"年"m"月"d"日"'],
  ["区域年月日", 45413, '[$-804]yyyy"年"m"月"d"日"'],
  ["内置31", 45413, "BUILTIN31"],
  ["内置58", 45413, "BUILTIN58"],
  ["内置14", 45413, "BUILTIN14"],
  ["超出日期", 2958466, "yyyy-mm-dd"],
  ["负数超出", -9.99e15, "yyyy-mm-dd"],
  ["金额", 45413, "#,##0.00"],
  ["常规", 45413, undefined],
  ["文本", "2024-05-01", "@"],
  ["日期公式", { formula: "B2+1", result: 45414 }, "yyyy-mm-dd"],
  ["时间公式", { formula: "B6*2", result: 17 / 24 }, "h:mm"],
  ["数值公式", { formula: "B2*1", result: 45413 }, "0"],
];

async function dateWorkbook(name: string, date1904 = false): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  if (date1904) workbook.properties.date1904 = true;
  const sheet = workbook.addWorksheet("日期");
  DATE_CELLS.forEach(([label, value, numFmt], i) => {
    sheet.getCell(i + 1, 1).value = label;
    const cell = sheet.getCell(i + 1, 2);
    cell.value = value;
    // A style object of its own: ExcelJS shares styles between cells.
    if (numFmt) cell.style = { numFmt };
  });
  const path = join(dir, name);
  await workbook.xlsx.writeFile(path);
  await asBuiltInFormats(path, { BUILTIN31: 31, BUILTIN58: 58, BUILTIN14: 14 });
  return path;
}

const column = (snapshot: WorkbookSnapshot) =>
  snapshot.sheets[0].values.map((row, i) => [row[0], row[1], snapshot.sheets[0].formulas[i][1]]);

describe("the Office.js host reads a date-formatted number as the ExcelJS host does", () => {
  it("the same snapshot: dates, date-times, times, 年月日, built-in 31 / 58 / 14, past 9999-12-31, formulas", async () => {
    const path = await dateWorkbook("dates.xlsx");
    const cli = (await readWorkbook(path)).snapshot;
    const fake = install(await fakeFromXlsx(path));
    // The fake holds the serials as Excel does, and the format codes.
    expect(fake.sheet("日期")!.cells.get("0,1")).toEqual({
      value: 45413,
      numberFormat: "yyyy-mm-dd",
    });
    expect(fake.sheet("日期")!.cells.get("7,1")!.numberFormat).toBe('yyyy"年"m"月"d"日"');
    expect(fake.sheet("日期")!.cells.get("8,1")!.numberFormat).toBe('m"月"d"日"');
    const pane = await paneSnapshot(fake);
    expect(pane.sheets).toEqual(cli.sheets);
    expect(column(pane)).toEqual([
      ["日期", "2024-05-01", null],
      ["美式日期", "2024-05-01", null],
      ["日期时间", "2024-05-01 08:30", null],
      ["带秒", "2024-05-01 08:30:15", null],
      ["时间", "08:30", null],
      ["年月日", "2024-05-01", null],
      ["区域年月日", "2024-05-01", null],
      ["内置31", "2024-05-01", null],
      ["内置58", "2024-05-01", null],
      ["内置14", "2024-05-01", null],
      ["超出日期", 2958466, null],
      ["负数超出", -9.99e15, null],
      ["金额", 45413, null],
      ["常规", 45413, null],
      ["文本", "2024-05-01", null],
      ["日期公式", "2024-05-02", "=B2+1"],
      ["时间公式", "17:00", "=B6*2"],
      ["数值公式", 45413, "=B2*1"],
    ]);
  });

  it("a workbook that counts dates from 1904: the same dates in both (Excel is asked DATE(1904,1,1))", async () => {
    const path = await dateWorkbook("dates-1904.xlsx", true);
    const cli = (await readWorkbook(path)).snapshot;
    const fake = install(await fakeFromXlsx(path));
    expect(fake.model.date1904).toBe(true);
    const pane = await paneSnapshot(fake);
    expect(pane.sheets).toEqual(cli.sheets);
    // 45413 counted from 1904 is four years and a day later.
    expect(column(pane)[0]).toEqual(["日期", "2028-05-02", null]);
    // The same serials where Excel answers that dates count from 1900: other dates (what DATE(1904,1,1) decides).
    fake.model.date1904 = false;
    expect(column(await paneSnapshot(fake))[0]).toEqual(["日期", "2024-05-01", null]);
  });

  it("the fake types a date as Excel does: its serial, and a date format on a General cell", () => {
    const fake = new FakeExcel({ sheets: [emptySheet("S")] });
    fake.setCell("S", "A1", "2024-05-01");
    fake.setCell("S", "A2", "8:30");
    fake.sheet("S")!.cells.set("2,0", { value: null, numberFormat: "0.00" });
    fake.setCell("S", "A3", "2024年5月1日");
    expect(fake.sheet("S")!.cells.get("0,0")).toEqual({ value: 45413, numberFormat: "yyyy/m/d" });
    expect(fake.sheet("S")!.cells.get("1,0")).toEqual({ value: 8.5 / 24, numberFormat: "h:mm" });
    expect(fake.sheet("S")!.cells.get("2,0")).toEqual({ value: 45413, numberFormat: "0.00" });
  });
});

/* ---------- a recompute of our template ---------- */

describe("a date typed into an amount of 基础数据", () => {
  const TEMPLATE = join(__dirname, "..", "examples", SEED001_TEMPLATE_EXAMPLE);
  const KEY = "procurementPlan";

  it("is 请检查 with the command line's message in the pane, not 45413 万元", async () => {
    // The command line: the cell holds what Excel stores for a typed 2024-05-01 (its serial, a date format).
    const { snapshot: template } = await readWorkbook(TEMPLATE);
    const ref = parseRef(template.names.find((n) => n.name === KEY)!.ref)!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(TEMPLATE);
    const typed = workbook.getWorksheet(ref.sheet)!.getCell(address(ref.row, ref.col));
    typed.value = 45413;
    // An ExcelJS cell, not an Office.js proxy (the rule cannot tell them apart).
    // eslint-disable-next-line office-addins/call-sync-before-read
    typed.style = { ...typed.style, numFmt: "yyyy/m/d" };
    const cliPath = join(dir, "typed-date.xlsx");
    await workbook.xlsx.writeFile(cliPath);
    const cliSnapshot = (await readWorkbook(cliPath)).snapshot;
    const cli = recompute(cliSnapshot, shenzhen);
    const cliError = cli.report.errors.find((e) => e.input === KEY);
    expect(cliError?.message).toMatch(/是日期 2024-05-01/);

    // The pane: the template open in Excel, the date typed into the same cell once it shows dates (the department
    // pasted a date there, format and all: typed into the template's #,##0.00, a date would stay 45,413.00).
    const fake = install(await fakeFromXlsx(TEMPLATE));
    const key = `${ref.row},${ref.col}`;
    const sheet = fake.sheet(ref.sheet)!;
    expect(sheet.cells.get(key)!.numberFormat).toBe("#,##0.00");
    sheet.cells.set(key, { ...sheet.cells.get(key)!, numberFormat: "yyyy/m/d" });
    fake.setCell(ref.sheet, address(ref.row, ref.col), "2024-05-01");
    expect(sheet.cells.get(key)).toMatchObject({ value: 45413, numberFormat: "yyyy/m/d" });
    const read = await paneSnapshot(fake);
    // 基础数据 as the command line reads it (merges and cells holding "" are read otherwise, by both hosts alike).
    const inputSheet = (s: WorkbookSnapshot) => s.sheets.find((x) => x.name === ref.sheet)!;
    expect(inputSheet(read).values[ref.row][ref.col]).toBe("2024-05-01");
    const blankAsNull = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v === "" ? null : v)));
    expect(inputSheet(read).values).toEqual(blankAsNull(inputSheet(cliSnapshot).values));
    expect(inputSheet(read).formulas).toEqual(inputSheet(cliSnapshot).formulas);
    const planned = recomputeWorkbook(read, shenzhen);
    const status = (plan: typeof cli.plan) =>
      plan.sheets
        .find((s) => s.name === ref.sheet)!
        .cells.find((c) => c.row === ref.row && c.col === ref.col + 2)!;
    expect(status(planned.plan).result).toBe("请检查");
    expect(status(planned.plan)).toEqual(status(cli.plan));

    const result = await recomputeInExcel(shenzhen, "zh");
    expect(result.report!.errors.find((e) => e.input === KEY)).toEqual(cliError);
    expect(result.report!.metrics).toEqual(cli.report.metrics);
    expect(result.report!.total).toBe(cli.report.total);
  });
});
