/**
 * The ExcelJS host on real files: a plan written and read back gives the snapshot the plan described, keeps
 * the user's conditional formats, fails clearly on missing or existing sheets, and writes names that a real
 * spreadsheet (LibreOffice) calculates with.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import fs from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { applyPlan, readWorkbook, snapshotOf, writeWorkbook } from "../src/hosts/xlsx";
import { getSheet, type SheetSnapshot, type WorkbookSnapshot } from "../src/workbook/snapshot";
import {
  OWN_RULE_MARKER,
  PRINT_MARGINS,
  type SheetPlan,
  type WritePlan,
} from "../src/workbook/writePlan";
import { readNamedValues, recalculate } from "./support/libreoffice";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "selfeval-xlsx-host-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string): string => join(dir, name);

/** Writes a workbook and reads it back. */
async function roundTrip(
  workbook: ExcelJS.Workbook,
  name: string
): Promise<{ workbook: ExcelJS.Workbook; snapshot: WorkbookSnapshot }> {
  await writeWorkbook(workbook, file(name));
  return readWorkbook(file(name));
}

function sheetOf(snapshot: WorkbookSnapshot, name: string): SheetSnapshot {
  const sheet = getSheet(snapshot, name);
  if (!sheet) throw new Error(`no sheet ${name} in the snapshot`);
  return sheet;
}

function worksheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const worksheet = workbook.getWorksheet(name);
  if (!worksheet) throw new Error(`no worksheet ${name}`);
  return worksheet;
}

type WithConditionalFormats = { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] };
const conditionalFormatsOf = (
  worksheet: ExcelJS.Worksheet
): ExcelJS.ConditionalFormattingOptions[] =>
  (worksheet as unknown as WithConditionalFormats).conditionalFormattings;

/** A note's text, whether ExcelJS gives it as a string or as rich text. */
function noteText(note: string | ExcelJS.Comment | undefined): string | undefined {
  if (note === undefined || typeof note === "string") return note;
  return note.texts?.map((t) => t.text).join("");
}

const own = (condition: string): string => `AND(${condition},${OWN_RULE_MARKER})`;

describe("a plan written to a file and read back", () => {
  const scoreSheet: SheetPlan = {
    name: "评分表",
    create: true,
    cells: [
      { row: 0, col: 0, value: "部门整体支出绩效自评表", style: "title" },
      { row: 2, col: 0, value: "预算执行率", style: "label", note: "实际支出 ÷ 调整后预算" },
      { row: 2, col: 1, value: 0.95, numberFormat: "0.00%", style: "input" },
      {
        row: 2,
        col: 2,
        formula: "=ROUND(B3*10,2)",
        result: 9.5,
        numberFormat: "0.00",
        style: "score",
      },
      { row: 3, col: 1, value: 0 },
      { row: 3, col: 2, formula: "=IF(B4=0,0,1)", result: 0, style: "formula" },
      { row: 4, col: 0, value: "是否公开", style: "label" },
      { row: 4, col: 1, value: "是", style: "input" },
      { row: 5, col: 2, formula: "=B3/B4" },
    ],
    merges: ["A1:C1"],
    columnWidths: [24, 12, 12],
    freeze: { rows: 2, cols: 1 },
    validations: [{ range: "B5:B6", list: ["是", "否"], prompt: "请选择是或否" }],
    conditionalFormats: [{ range: "C3:C4", formula: own("C3<6"), severity: "red" }],
    print: { landscape: true, titleRows: "$1:$2" },
    tabColor: "4472C4",
  };
  const plan: WritePlan = {
    sheets: [
      scoreSheet,
      {
        name: "Backup",
        create: true,
        hidden: true,
        cells: [
          { row: 0, col: 0, value: "备份" },
          { row: 1, col: 0, value: true },
        ],
      },
    ],
    names: [
      { name: "budgetRate", ref: "'评分表'!$B$3" },
      { name: "score_1", ref: "'评分表'!$C$3" },
      { name: "backupRange", ref: "'Backup'!$A$1:$A$2" },
    ],
  };

  let applied: ExcelJS.Workbook;
  let read: { workbook: ExcelJS.Workbook; snapshot: WorkbookSnapshot };
  beforeAll(async () => {
    applied = new ExcelJS.Workbook();
    applied.addWorksheet("封面").getCell("A1").value = "用户的封面";
    applyPlan(applied, plan);
    read = await roundTrip(applied, "plan.xlsx");
  });

  it("has the sheets in order, the backup one hidden, the user's sheet untouched", () => {
    const { sheets } = read.snapshot;
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      ["封面", false],
      ["评分表", false],
      ["Backup", true],
    ]);
    expect(sheets[0].values).toEqual([["用户的封面"]]);
    expect(sheetOf(read.snapshot, "Backup").values).toEqual([["备份"], [true]]);
  });

  it("has the values, cached results (0 too) and formulas the plan wrote", () => {
    const sheet = sheetOf(read.snapshot, "评分表");
    expect(sheet.values).toEqual([
      ["部门整体支出绩效自评表", null, null],
      [null, null, null],
      ["预算执行率", 0.95, 9.5],
      [null, 0, 0],
      ["是否公开", "是", null],
      [null, null, null], // a formula without a cached result
    ]);
    expect(sheet.formulas).toEqual([
      [null, null, null],
      [null, null, null],
      [null, null, "=ROUND(B3*10,2)"],
      [null, null, "=IF(B4=0,0,1)"],
      [null, null, null],
      [null, null, "=B3/B4"],
    ]);
    expect(sheet.merges).toEqual(["A1:C1"]);
  });

  it("has the defined names, quoted like absoluteRef", () => {
    expect(read.snapshot.names).toEqual(expect.arrayContaining(plan.names));
    expect(read.snapshot.names).toHaveLength(plan.names.length); // print titles are not reported
  });

  it("styles, number formats and notes", () => {
    const ws = worksheetOf(read.workbook, "评分表");
    const score: Partial<ExcelJS.Style> = { ...ws.getCell("C3").style };
    expect(score.font).toMatchObject({ name: "宋体", size: 11, bold: true });
    expect(score.fill).toMatchObject({
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: "FFE2EFDA" },
    });
    expect(score.border).toMatchObject({
      top: { style: "thin" },
      left: { style: "thin" },
      bottom: { style: "thin" },
      right: { style: "thin" },
    });
    expect(score.alignment).toMatchObject({ horizontal: "center", vertical: "middle" });
    expect(score.numFmt).toBe("0.00");
    expect(ws.getCell("B3").numFmt).toBe("0.00%");
    expect(ws.getCell("A1").font).toMatchObject({ name: "宋体", size: 16, bold: true });
    expect(ws.getCell("A3").alignment).toMatchObject({ wrapText: true, vertical: "middle" });
    expect(noteText(ws.getCell("A3").note)).toBe("实际支出 ÷ 调整后预算");
  });

  it("list validation on every cell of its range", () => {
    const ws = worksheetOf(read.workbook, "评分表");
    for (const address of ["B5", "B6"])
      expect(ws.getCell(address).dataValidation).toMatchObject({
        type: "list",
        allowBlank: true,
        formulae: ['"是,否"'],
        showErrorMessage: true,
        errorStyle: "stop",
        prompt: "请选择是或否",
      });
    expect(ws.getCell("B7").dataValidation).toBeUndefined();
  });

  it("conditional format, freeze, print setup, column widths, tab colour, recalculation on open", () => {
    const ws = worksheetOf(read.workbook, "评分表");
    const formats = conditionalFormatsOf(ws);
    expect(formats).toHaveLength(1);
    expect(formats[0].ref).toBe("C3:C4");
    expect(formats[0].rules).toEqual([
      expect.objectContaining({
        type: "expression",
        formulae: [own("C3<6")],
        style: expect.objectContaining({
          fill: expect.objectContaining({ bgColor: expect.objectContaining({ argb: "FFFFC7CE" }) }),
          font: expect.objectContaining({ color: expect.objectContaining({ argb: "FF9C0006" }) }),
        }),
      }),
    ]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:2",
      margins: PRINT_MARGINS,
    });
    expect(ws.getColumn(1).width).toBe(24);
    expect(ws.properties.tabColor).toMatchObject({ argb: "FF4472C4" });
    // Written as <calcPr fullCalcOnLoad="1"/>; ExcelJS does not read calcPr back, so check the written model.
    expect(applied.calcProperties.fullCalcOnLoad).toBe(true);
  });

  it("re-applying the same plan to an existing file (without create) is stable", async () => {
    const again: WritePlan = { ...plan, sheets: plan.sheets.map((s) => ({ ...s, create: false })) };
    applyPlan(read.workbook, again);
    const twice = await roundTrip(read.workbook, "plan-twice.xlsx");
    expect(twice.snapshot).toEqual(read.snapshot);
    expect(conditionalFormatsOf(worksheetOf(twice.workbook, "评分表"))).toHaveLength(1);
  });
});

describe("conditional formats: ours are replaced, the user's kept", () => {
  const userCellIs: ExcelJS.ConditionalFormattingRule = {
    type: "cellIs",
    operator: "greaterThan",
    formulae: ["100"],
    priority: 1,
    style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FF00FF00" } } },
  };
  const userExpression: ExcelJS.ConditionalFormattingRule = {
    type: "expression",
    formulae: ["ISBLANK(C1)"],
    priority: 2,
    style: { font: { italic: true } },
  };
  const oldOwn: ExcelJS.ConditionalFormattingRule = {
    type: "expression",
    formulae: [own("B1>5")],
    priority: 3,
    style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FFFFEB9C" } } },
  };

  function rulesByKind(formats: ExcelJS.ConditionalFormattingOptions[]) {
    const all = formats.flatMap((f) => f.rules.map((rule) => ({ ref: f.ref, rule })));
    const isOwn = ({ rule }: { rule: ExcelJS.ConditionalFormattingRule }): boolean =>
      "formulae" in rule &&
      (rule.formulae ?? []).some((x: unknown) => String(x).includes(OWN_RULE_MARKER));
    return { own: all.filter(isOwn), user: all.filter((r) => !isOwn(r)) };
  }

  it("leaves the user's rules and exactly the new own rule, in memory and after a round trip", async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("评分表");
    ws.getCell("A1").value = 1;
    ws.addConditionalFormatting({ ref: "A1:A5", rules: [userCellIs] });
    ws.addConditionalFormatting({ ref: "B1:B5", rules: [oldOwn] });
    ws.addConditionalFormatting({
      ref: "C1:C5",
      rules: [{ ...oldOwn, priority: 4 }, userExpression],
    });
    const before = await roundTrip(workbook, "cf-before.xlsx");
    expect(
      rulesByKind(conditionalFormatsOf(worksheetOf(before.workbook, "评分表"))).own
    ).toHaveLength(2);

    const newOwn = own("D1<0");
    applyPlan(before.workbook, {
      sheets: [
        {
          name: "评分表",
          cells: [],
          conditionalFormats: [{ range: "D1:D5", formula: newOwn, severity: "amber" }],
        },
      ],
      names: [],
    });
    const check = (formats: ExcelJS.ConditionalFormattingOptions[]): void => {
      const { own: ours, user } = rulesByKind(formats);
      expect(
        user.map((r) => [r.ref, r.rule.type, "formulae" in r.rule ? r.rule.formulae : undefined])
      ).toEqual([
        ["A1:A5", "cellIs", ["100"]],
        ["C1:C5", "expression", ["ISBLANK(C1)"]],
      ]);
      expect(ours).toHaveLength(1);
      expect(ours[0].ref).toBe("D1:D5");
      expect(ours[0].rule).toMatchObject({ type: "expression", formulae: [newOwn] });
      expect(formats.some((f) => f.ref === "B1:B5")).toBe(false); // the entry left empty is gone
      const priorities = formats.flatMap((f) => f.rules.map((r) => r.priority));
      expect(new Set(priorities).size).toBe(priorities.length);
    };
    check(conditionalFormatsOf(worksheetOf(before.workbook, "评分表")));
    const after = await roundTrip(before.workbook, "cf-after.xlsx");
    check(conditionalFormatsOf(worksheetOf(after.workbook, "评分表")));
  });

  it("an empty list removes our rules only", () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("评分表");
    ws.addConditionalFormatting({ ref: "A1:A5", rules: [userCellIs] });
    ws.addConditionalFormatting({ ref: "B1:B5", rules: [oldOwn] });
    applyPlan(workbook, {
      sheets: [{ name: "评分表", cells: [], conditionalFormats: [] }],
      names: [],
    });
    expect(conditionalFormatsOf(ws).map((f) => f.ref)).toEqual(["A1:A5"]);
  });
});

describe("sheets", () => {
  it("clear empties a sheet before the plan's cells are written", async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("备份");
    ws.getCell("A1").value = "旧";
    ws.getCell("D9").value = { formula: "1+1", result: 2 };
    ws.getCell("B2").value = 5;
    workbook.addWorksheet("评分表").getCell("A1").value = "留着";
    applyPlan(workbook, {
      sheets: [{ name: "备份", clear: true, cells: [{ row: 0, col: 1, value: "新" }] }],
      names: [],
    });
    const { snapshot } = await roundTrip(workbook, "clear.xlsx");
    expect(sheetOf(snapshot, "备份").values).toEqual([[null, "新"]]);
    expect(sheetOf(snapshot, "备份").formulas).toEqual([[null, null]]);
    expect(sheetOf(snapshot, "评分表").values).toEqual([["留着"]]);
  });

  it("a value of null clears a cell; hidden: false shows a sheet again", () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("评分表").getCell("A1").value = 1;
    const backup = workbook.addWorksheet("备份");
    backup.state = "hidden";
    backup.getCell("B1").value = 2;
    applyPlan(workbook, {
      sheets: [
        { name: "评分表", cells: [{ row: 0, col: 0, value: null }] },
        { name: "备份", hidden: false, cells: [] },
      ],
      names: [],
    });
    const snapshot = snapshotOf(workbook);
    expect(sheetOf(snapshot, "评分表").values).toEqual([]);
    expect(sheetOf(snapshot, "备份").hidden).toBe(false);
  });

  it("deletes sheets first, so a plan can recreate one", () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("评分表");
    workbook.addWorksheet("评分说明").getCell("A1").value = "旧说明";
    applyPlan(workbook, {
      deleteSheets: ["评分说明", "不存在的表"],
      sheets: [{ name: "评分说明", create: true, cells: [{ row: 0, col: 0, value: "新说明" }] }],
      names: [],
    });
    expect(snapshotOf(workbook).sheets.map((s) => [s.name, s.values])).toEqual([
      ["评分表", []],
      ["评分说明", [["新说明"]]],
    ]);
  });

  it("updating a missing sheet or creating an existing one throws, changing nothing", () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("基础数据").getCell("A1").value = 1;
    workbook.addWorksheet("旧表");
    const before = snapshotOf(workbook);
    const attempt = (plan: Partial<WritePlan>) => (): void =>
      applyPlan(workbook, { sheets: [], names: [], ...plan });
    expect(
      attempt({
        deleteSheets: ["旧表"],
        sheets: [{ name: "评分表", cells: [{ row: 0, col: 0, value: 1 }] }],
      })
    ).toThrow("找不到工作表“评分表”");
    expect(attempt({ sheets: [{ name: "基础数据", create: true, cells: [] }] })).toThrow(
      "工作表“基础数据”已存在"
    );
    expect(
      attempt({
        sheets: [
          { name: "基础数据", hidden: true, cells: [] },
          { name: "旧表", hidden: true, cells: [] },
        ],
      })
    ).toThrow("没有可见的工作表");
    expect(attempt({ names: [{ name: "rate", ref: "0.5" }] })).toThrow("不是单元格或区域引用");
    expect(attempt({ names: [{ name: "A1", ref: "'基础数据'!$A$1" }] })).toThrow(
      "不是合法的 Excel 名称"
    );
    expect(snapshotOf(workbook)).toEqual(before);
  });

  it("an existing merge of the same range is kept; an overlapping one gives way", () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("评分表");
    ws.mergeCells("A1:C1");
    ws.mergeCells("A3:B4");
    applyPlan(workbook, {
      sheets: [{ name: "评分表", cells: [], merges: ["A1:C1", "$A$4:$A$6"] }],
      names: [],
    });
    expect(sheetOf(snapshotOf(workbook), "评分表").merges.sort()).toEqual(["A1:C1", "A4:A6"]);
  });
});

describe("defined names", () => {
  it("replaces a name of the same name, removes removeNames, drops names of deleted sheets", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("基础数据");
    workbook.addWorksheet("临时");
    workbook.definedNames.add("'基础数据'!$A$1", "income");
    workbook.definedNames.add("'基础数据'!$A$2", "old");
    workbook.definedNames.add("'临时'!$A$1", "temp");
    workbook.definedNames.add("'基础数据'!$A$9", "userName");
    applyPlan(workbook, {
      deleteSheets: ["临时"],
      sheets: [],
      names: [{ name: "income", ref: "'基础数据'!$C$7" }],
      removeNames: ["old"],
    });
    const { snapshot } = await roundTrip(workbook, "names.xlsx");
    expect([...snapshot.names].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "income", ref: "'基础数据'!$C$7" },
      { name: "userName", ref: "'基础数据'!$A$9" },
    ]);
  });

  it("work in LibreOffice: a formula over names, written without a result, recalculates", async () => {
    const workbook = new ExcelJS.Workbook();
    applyPlan(workbook, {
      sheets: [
        {
          name: "基础数据",
          create: true,
          cells: [
            { row: 0, col: 0, value: "实际支出" },
            { row: 0, col: 1, value: 7 },
            { row: 1, col: 0, value: "预算" },
            { row: 1, col: 1, value: 3 },
          ],
        },
        {
          name: "评分",
          create: true,
          cells: [{ row: 0, col: 0, formula: "=ROUND(actual/budget,2)" }],
        },
      ],
      names: [
        { name: "actual", ref: "'基础数据'!$B$1" },
        { name: "budget", ref: "'基础数据'!B2" }, // relative: ExcelJS stores it absolute
        { name: "ratio", ref: "'评分'!$A$1" },
      ],
    });
    mkdirSync(file("lo-in"), { recursive: true });
    await writeWorkbook(workbook, join(file("lo-in"), "names.xlsx"));
    expect(await readNamedValues(join(file("lo-in"), "names.xlsx"))).toMatchObject({ ratio: null });
    const [out] = await recalculate([join(file("lo-in"), "names.xlsx")], file("lo-out"));
    expect(await readNamedValues(out)).toEqual({ actual: 7, budget: 3, ratio: 2.33 });
    const { snapshot } = await readWorkbook(out);
    expect(snapshot.names).toEqual(
      expect.arrayContaining([{ name: "budget", ref: "'基础数据'!$B$2" }])
    );
  });
});

describe("snapshotOf a workbook made with ExcelJS", () => {
  function build(): ExcelJS.Workbook {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("Sheet1");
    ws.getCell("A1").value = "合并标题";
    ws.mergeCells("A1:B2");
    ws.getCell("C1").value = { formula: "0*1", result: 0 };
    ws.getCell("D1").value = { formula: "1/0", result: { error: "#DIV/0!" } };
    ws.getCell("E1").value = { error: "#N/A" };
    ws.getCell("A3").value = { richText: [{ text: "富" }, { font: { bold: true }, text: "文本" }] };
    ws.getCell("B3").value = { text: "链接", hyperlink: "https://example.org" };
    ws.getCell("C3").value = new Date(Date.UTC(2024, 0, 31));
    ws.getCell("D3").value = false;
    ws.getCell("A4").value = 1;
    ws.getCell("A5").value = 2;
    ws.getCell("A6").value = 3;
    ws.fillFormula("B4:B6", "A4*2", [2, 4, 6]); // one shared formula
    workbook.addWorksheet("Very").state = "veryHidden";
    workbook.definedNames.add("Sheet1!$A$4:$A$6", "column");
    return workbook;
  }
  const expected: WorkbookSnapshot = {
    sheets: [
      {
        name: "Sheet1",
        hidden: false,
        values: [
          ["合并标题", null, 0, { error: "#DIV/0!" }, { error: "#N/A" }],
          [null, null, null, null, null],
          ["富文本", "链接", "2024-01-31", false, null], // a date as a person reads it, never a serial number
          [1, 2, null, null, null],
          [2, 4, null, null, null],
          [3, 6, null, null, null],
        ],
        formulas: [
          [null, null, "=0*1", "=1/0", null],
          [null, null, null, null, null],
          [null, null, null, null, null],
          [null, "=A4*2", null, null, null],
          [null, "=A5*2", null, null, null],
          [null, "=A6*2", null, null, null],
        ],
        merges: ["A1:B2"],
      },
      { name: "Very", hidden: true, values: [], formulas: [], merges: [] },
    ],
    names: [{ name: "column", ref: "'Sheet1'!$A$4:$A$6" }],
  };

  it("in memory", () => {
    expect(snapshotOf(build())).toEqual(expected);
  });

  it("after a write and a read", async () => {
    const workbook = build();
    await workbook.xlsx.writeFile(file("built.xlsx"));
    const { snapshot } = await readWorkbook(file("built.xlsx"));
    expect(snapshot).toEqual(expected);
  });
});

describe("writeWorkbook", () => {
  it("a failed write leaves the old file and no temporary file", async () => {
    const folder = file("atomic");
    mkdirSync(folder);
    const target = join(folder, "book.xlsx");
    writeFileSync(target, "old content");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("评分表");
    // The disk fills up while the workbook's bytes are being written to the temporary file.
    const realWrite = fs.writeFileSync;
    const write = jest
      .spyOn(fs, "writeFileSync")
      .mockImplementation((path: Parameters<typeof fs.writeFileSync>[0]) => {
        realWrite(path, "half a zip");
        throw new Error("disk full");
      });
    try {
      await expect(writeWorkbook(workbook, target)).rejects.toThrow("disk full");
      expect(write).toHaveBeenCalledTimes(1);
    } finally {
      write.mockRestore();
    }
    expect(readFileSync(target, "utf8")).toBe("old content");
    expect(readdirSync(folder)).toEqual(["book.xlsx"]);
  });

  it("replaces the file and leaves nothing else", async () => {
    const folder = file("replace");
    mkdirSync(folder);
    const target = join(folder, "book.xlsx");
    writeFileSync(target, "old content");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("评分表").getCell("A1").value = "新";
    await writeWorkbook(workbook, target);
    expect(readdirSync(folder)).toEqual(["book.xlsx"]);
    expect(existsSync(target)).toBe(true);
    expect(sheetOf((await readWorkbook(target)).snapshot, "评分表").values).toEqual([["新"]]);
  });
});
