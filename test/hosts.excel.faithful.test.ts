/**
 * The add-in as a real Excel runs it. First the fake Excel object model itself, behaviour by behaviour, each
 * as the Office.js reference or an open office-js issue describes it (test/support/fakeExcel.ts cites them);
 * then the Office.js host (src/hosts/excel.ts) and the pane's Office operations against those behaviours:
 * Recompute ten times in a row beside its own highlights and the user's, Excel 2019 (ExcelApi 1.7), a formula
 * into a cell formatted as Text, a used range over five million cells, a cell link on another sheet.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs } from "../src/domain/model";
import {
  insertTemplateInExcel,
  readSnapshot,
  recomputeInExcel,
  requirementsMissing,
  undoInExcel,
} from "../src/hosts/excel";
import { readWorkbook, snapshotOf } from "../src/hosts/xlsx";
import { officeOperations } from "../src/taskpane/officeOperations";
import { recompute } from "../src/workbook/recompute";
import { address, parseRef } from "../src/workbook/snapshot";
import { OWN_RULE_MARKER, type WritePlan } from "../src/workbook/writePlan";
import {
  buildShenzhenWithUnmatched,
  SHENZHEN_SHEET,
  type DepartmentBuilder,
} from "./support/departmentWorkbooks";
import {
  FakeExcel,
  FakeOfficeError,
  emptySheet,
  installFakeOffice,
  type FakeContext,
  type FakeRule,
} from "./support/fakeExcel";
import { writeSeed001Workbook } from "./support/seed001Workbook";
import { exampleInputs } from "./support/seeds";

/* ---------- helpers ---------- */

const uninstalls: (() => void)[] = [];
afterEach(() => {
  while (uninstalls.length) uninstalls.pop()!();
});

function install(fake: FakeExcel): FakeExcel {
  uninstalls.push(installFakeOffice(globalThis, fake).uninstall);
  return fake;
}

/** Types seed 001's inputs into the template's named cells, as a user would. */
function typeInputs(fake: FakeExcel): void {
  const inputs = exampleInputs("seed001");
  const names = fake.toSnapshot().names;
  for (const def of frameworkInputs(shenzhen)) {
    const value = inputs[def.key];
    if (value === undefined || value === null) continue;
    const ref = parseRef(names.find((n) => n.name === def.key)!.ref)!;
    fake.setCell(ref.sheet, address(ref.row, ref.col), value);
  }
}

/** Seed 001's template: inserted through the host, its inputs typed in. */
async function seed001Template(apiVersion?: string): Promise<FakeExcel> {
  const fake = install(new FakeExcel({}, apiVersion ? { apiVersion } : {}));
  await insertTemplateInExcel(shenzhen, "zh");
  typeInputs(fake);
  fake.resetStats();
  return fake;
}

/** A department's own workbook as Excel would open it: written to a buffer, read back, loaded in the fake. */
async function departmentWorkbook(build: DepartmentBuilder, apiVersion?: string) {
  const { workbook } = build();
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return install(FakeExcel.fromSnapshot(snapshotOf(copy), apiVersion ? { apiVersion } : {}));
}

const own = (r: FakeRule) => !!r.formula?.includes(OWN_RULE_MARKER);

/** Our rules as the plan for the workbook now wants them, sheet by sheet: [range, formula]. */
function plannedRules(fake: FakeExcel): Map<string, [string, string][]> {
  const plan: WritePlan = recompute(fake.toSnapshot(), shenzhen).plan;
  const out = new Map<string, [string, string][]>();
  for (const s of plan.sheets)
    if (s.conditionalFormats)
      out.set(
        s.name,
        s.conditionalFormats.map((f) => [f.range.replace(/\$/g, ""), `=${f.formula}`])
      );
  return out;
}

function expectOurRules(fake: FakeExcel, planned: Map<string, [string, string][]>): void {
  for (const [sheet, rules] of planned) {
    const ours = fake.sheet(sheet)!.rules.filter(own);
    expect([sheet, ours.map((r) => [r.range, r.formula])]).toEqual([sheet, rules]);
  }
}

/** Runs one batch in the fake like Excel.run, typed for the host's functions. */
function run<T>(fake: FakeExcel, batch: (context: Excel.RequestContext) => Promise<T>) {
  return fake.run((context: FakeContext) => batch(context as unknown as Excel.RequestContext));
}

/* ---------- the fake, behaviour by behaviour ---------- */

describe("the fake Excel does what the reference says", () => {
  function sheetWithRules(rules: FakeRule[]): FakeExcel {
    const sheet = emptySheet("Sheet1");
    sheet.rules = rules;
    sheet.cells.set("0,0", { value: 1 });
    return new FakeExcel({ sheets: [sheet] });
  }
  const rule = (id: string, range: string, formula = `=${id}`, type = "Custom"): FakeRule => ({
    id,
    type,
    range,
    formula,
  });

  it("a conditional format's id is its position in the collection, and shifts when one before it is deleted", async () => {
    const fake = sheetWithRules([
      rule("a", "A1"),
      rule("b", "B1"),
      rule("c", "C1"),
      rule("d", "D1"),
    ]);
    const ids = await fake.run(async (context) => {
      const formats = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1:D1").conditionalFormats;
      formats.load("items/id");
      await context.sync();
      return formats.items.map((f) => f.id);
    });
    expect(ids).toEqual(["0", "1", "2", "3"]);
    // Deleting by those ids in ascending order skips every other rule, then finds nothing at "3".
    await expect(
      fake.run(async (context) => {
        const formats = context.workbook.worksheets
          .getItem("Sheet1")
          .getRange("A1:D1").conditionalFormats;
        for (const id of ["1", "3"]) formats.getItem(id).delete();
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ItemNotFound" });
    expect(fake.sheet("Sheet1")!.rules.map((r) => r.id)).toEqual(["a", "c", "d"]);
  });

  it("deleting through the whole sheet's collection fails where a cell has two rules (office-js #5222); through a range's it does not", async () => {
    const fake = sheetWithRules([rule("red", "A1:A5"), rule("amber", "A1:A5"), rule("user", "C1")]);
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets
          .getItem("Sheet1")
          .getRange()
          .conditionalFormats.getItemAt(0)
          .delete();
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ItemNotFound" });
    await fake.run(async (context) => {
      context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1:Z100")
        .conditionalFormats.getItemAt(1)
        .delete();
      await context.sync();
    });
    expect(fake.sheet("Sheet1")!.rules.map((r) => r.id)).toEqual(["red", "user"]);
  });

  it("reading a rule fails for a second cellValue rule on the same cells (#6827) and a duplicated rule (#6835), not for different rules sharing cells", async () => {
    const read = (fake: FakeExcel) =>
      fake.run(async (context) => {
        const formats = context.workbook.worksheets
          .getItem("Sheet1")
          .getRange("A1:Z100").conditionalFormats;
        formats.load("items/type,items/customOrNullObject/rule/formula");
        await context.sync();
        return formats.items.length;
      });
    await expect(
      read(sheetWithRules([rule("red", "A1:A5"), rule("amber", "A1:A5")]))
    ).resolves.toBe(2);
    await expect(
      read(sheetWithRules([rule("x", "B1:B5", "=B1>1"), rule("copy", "B1:B5", "=B1>1")]))
    ).rejects.toMatchObject({ code: "GeneralException" });
    const cellValue = sheetWithRules([
      rule("gt", "B1:B5", "=5", "CellValue"),
      rule("lt", "B1:B5", "=1", "CellValue"),
    ]);
    await expect(
      cellValue.run(async (context) => {
        const first = context.workbook.worksheets
          .getItem("Sheet1")
          .getRange("B1")
          .conditionalFormats.getItemAt(0);
        first.cellValue.load("rule");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "GeneralException" });
  });

  it("clearAll clears the range's cells of every rule, and a rule reaching further keeps the rest", async () => {
    const fake = sheetWithRules([
      rule("inside", "B2:B3"),
      rule("wider", "A1:C5"),
      rule("away", "E1"),
    ]);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B1:B5").conditionalFormats.clearAll();
      await context.sync();
    });
    const rules = fake.sheet("Sheet1")!.rules;
    expect(rules.map((r) => [r.id, r.range])).toEqual([
      ["wider", "A1:A5,C1:C5"],
      ["away", "E1"],
    ]);
  });

  it("values over five million cells come back null, with no error (office-js #4783, #6781)", async () => {
    const sheet = emptySheet("Big");
    sheet.cells.set("0,0", { value: "a" });
    sheet.cells.set("299999,25", { value: "z" }); // A1:Z300000: 7.8 million cells
    const fake = new FakeExcel({ sheets: [sheet] });
    const got = await fake.run(async (context) => {
      const used = context.workbook.worksheets.getItem("Big").getUsedRange(true);
      used.load("address,values,formulas");
      await context.sync();
      return { address: used.address, values: used.values, formulas: used.formulas };
    });
    expect(got).toEqual({ address: "Big!A1:Z300000", values: null, formulas: null });
  });

  // Navigation properties read to see them refused: not the loads the office-addins lint rules look for.
  /* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read */
  it("a member above the Excel's requirement set throws ApiNotFound at the call, before anything is queued; the default is the newest", async () => {
    const fake = new FakeExcel({ sheets: [emptySheet("Sheet1")] }, { apiVersion: "1.7" });
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      let error: unknown;
      try {
        void sheet.getRange("A1").dataValidation;
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FakeOfficeError);
      expect(error).toMatchObject({ code: "ApiNotFound" });
      expect((error as Error).message).toMatch(
        /Range\.dataValidation is part of the ExcelApi 1\.8/
      );
      expect(() => sheet.getRanges("A1,B2")).toThrow(/ExcelApi 1\.9/);
      expect(() => sheet.notes).toThrow(/ExcelApi 1\.18/);
      expect(() => context.workbook.worksheets.onChanged).toThrow(/ExcelApi 1\.9/);
      expect(context.pending()).toBe(false);
      void sheet.freezePanes; // 1.7: there
      void context.workbook.protection;
    });
    expect(new FakeExcel().apiVersion).toBe("1.21");
  });
  /* eslint-enable office-addins/call-sync-before-read, office-addins/load-object-before-read */

  it("only the top-left cell of a merged area takes a value; merging keeps the top-left content", async () => {
    const sheet = emptySheet("Sheet1");
    sheet.merges = ["A1:B2"];
    const fake = new FakeExcel({ sheets: [sheet] });
    await fake.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:C2").values = [
        ["top", "right", "c1"],
        ["below", "diagonal", "c2"],
      ];
      s.getRange("D1").values = [["d1"]];
      s.getRange("E1").values = [["e1"]];
      s.getRange("D1:E1").merge(false);
      await context.sync();
    });
    const values = fake.toSnapshot().sheets[0].values;
    expect(values).toEqual([
      ["top", null, "c1", "d1"],
      [null, null, "c2", null],
    ]);
  });

  it("a name's formula comes back as Excel gives it: =sheet!$A$1, quoted only where needed, #REF! once the sheet is gone", async () => {
    const fake = new FakeExcel({
      sheets: [
        emptySheet("基础数据"),
        emptySheet("基础数据 (2)"),
        emptySheet("R1C1"),
        emptySheet("Sheet1"),
      ],
    });
    const formulas = await fake.run(async (context) => {
      const names = context.workbook.names;
      names.add("a", "='基础数据'!$B$7");
      names.add("b", "='基础数据 (2)'!$B$7");
      names.add("d", "=R1C1!$A$1");
      context.workbook.worksheets.getItem("基础数据 (2)").delete();
      names.load("items/name,items/formula");
      await context.sync();
      return names.items.map((n) => [n.name, n.formula]);
    });
    expect(formulas).toEqual([
      ["a", "=基础数据!$B$7"],
      ["b", "=#REF!$B$7"],
      ["d", "='R1C1'!$A$1"],
    ]);
  });

  it("Range.select() on a sheet that is not active selects nothing (office-js #5118); activate() first, and it does", async () => {
    const fake = new FakeExcel({ sheets: [emptySheet("One"), emptySheet("Two")] });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Two").getRange("B3").select();
      await context.sync();
    });
    expect(fake.model.selection).toBeUndefined();
    expect(fake.activeSheet()!.name).toBe("One");
    await fake.run(async (context) => {
      const two = context.workbook.worksheets.getItem("Two");
      two.activate();
      two.getRange("B3").select();
      await context.sync();
    });
    expect(fake.activeSheet()!.name).toBe("Two");
    expect(fake.model.selection).toEqual({ sheet: "Two", address: "B3" });
  });

  it("worksheets.onChanged: a handler counts once synced, and remove() works only through the context that added it", async () => {
    const fake = new FakeExcel({ sheets: [emptySheet("One")] });
    const handler = jest.fn();
    const result = await fake.run(async (context) => {
      const r = context.workbook.worksheets.onChanged.add(handler);
      expect(fake.handlerCount()).toBe(0);
      await context.sync();
      return r;
    });
    expect(fake.handlerCount()).toBe(1);
    await fake.fire();
    expect(handler).toHaveBeenCalledTimes(1);
    await fake.run(async (context) => {
      result.remove(); // queued in the first context, not this one
      await context.sync();
    });
    expect(fake.handlerCount()).toBe(1);
    await fake.run(async (context) => {
      result.remove();
      await context.sync();
    }, result.context);
    expect(fake.handlerCount()).toBe(0);
  });

  it("a formula written into a cell formatted as Text stays text; with the number format set first it is a formula", async () => {
    const sheet = emptySheet("Sheet1");
    sheet.cells.set("0,0", { value: null, numberFormat: "@" });
    sheet.cells.set("0,1", { value: null, numberFormat: "@" });
    const fake = new FakeExcel({ sheets: [sheet] });
    await fake.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1").formulas = [["=1+1"]];
      s.getRange("B1").numberFormat = [["0.00"]];
      s.getRange("B1").formulas = [["=1+1"]];
      await context.sync();
    });
    expect(fake.sheet("Sheet1")!.cells.get("0,0")).toMatchObject({ value: "=1+1" });
    expect(fake.sheet("Sheet1")!.cells.get("0,0")!.formula).toBeUndefined();
    expect(fake.sheet("Sheet1")!.cells.get("0,1")!.formula).toBe("=1+1");
  });
});

/* ---------- the host in that Excel ---------- */

describe("重新计算 beside its own highlights and the user's", () => {
  it("ten times in a row on seed 001's template: ours replaced each time, the user's rule on the same cells kept and first, two syncs", async () => {
    const fake = await seed001Template();
    const planned = plannedRules(fake);
    const score = fake.sheet("评分表")!;
    const firstOurs = score.rules.find(own)!;
    const users: FakeRule[] = [
      {
        id: "user-custom",
        type: "Custom",
        range: firstOurs.range,
        formula: "=H5>4",
        fill: "00B050",
      },
      { id: "user-bar", type: "DataBar", range: "H5:H25" },
    ];
    score.rules.unshift(...users.map((u) => ({ ...u })));
    for (let run = 0; run < 10; run++) {
      const result = await recomputeInExcel(shenzhen, "zh");
      expect(result.syncs).toBe(2);
      expect(result.report!.total).toBe(95.22);
      expectOurRules(fake, planned);
      expect(score.rules.slice(0, 2)).toEqual(users);
    }
  });

  it("ten times in a row on a department's own sheet (深圳's 评分表, one row unmatched), the user's rule on our cells kept", async () => {
    const fake = await departmentWorkbook(buildShenzhenWithUnmatched);
    await recomputeInExcel(shenzhen, "zh");
    const theirs = fake.sheet(SHENZHEN_SHEET)!;
    const ours = theirs.rules.filter(own);
    expect(ours.length).toBeGreaterThan(0);
    const user: FakeRule = { id: "user", type: "Custom", range: ours[0].range, formula: "=TRUE" };
    theirs.rules.unshift({ ...user });
    const planned = plannedRules(fake);
    for (let run = 0; run < 10; run++) {
      await recomputeInExcel(shenzhen, "zh");
      expectOurRules(fake, planned);
      expect(theirs.rules.filter((r) => r.id === "user")).toEqual([user]);
    }
    // 撤销 still puts the department's cells back.
    await undoInExcel("zh");
  });

  it("where the rules cannot be read (a duplicated rule, office-js #6835) the read still succeeds, and ours are cleared and added again: one more sync", async () => {
    const fake = await seed001Template();
    const planned = plannedRules(fake);
    const score = fake.sheet("评分表")!;
    const duplicated: FakeRule[] = [
      { id: "dup-1", type: "Custom", range: "A1:A2", formula: "=A1=1" },
      { id: "dup-2", type: "Custom", range: "A1:A2", formula: "=A1=1" },
    ];
    score.rules.unshift(...duplicated.map((d) => ({ ...d })));
    for (let run = 0; run < 3; run++) {
      const result = await recomputeInExcel(shenzhen, "zh");
      expect(result.syncs).toBe(3); // the read, read again without the rules, the write
      expectOurRules(fake, planned);
      expect(score.rules.filter((r) => r.id.startsWith("dup-"))).toEqual(duplicated);
    }
  });
});

describe("Excel 2019 (ExcelApi 1.7)", () => {
  it("is enough: the template is inserted and seed 001 recomputed, without drop-down lists and print settings, and the pane is told", async () => {
    expect(requirementsMissing()).toMatch(/请在 Excel 中打开/);
    const fake = install(new FakeExcel({}, { apiVersion: "1.7" }));
    expect(requirementsMissing()).toBeUndefined();
    const inserted = await insertTemplateInExcel(shenzhen, "zh");
    expect(inserted.skipped).toEqual([
      expect.stringMatching(/^未设置下拉列表/),
      expect.stringMatching(/^未设置打印/),
    ]);
    typeInputs(fake);
    const result = await recomputeInExcel(shenzhen, "zh");
    expect(result.report!.total).toBe(95.22);
    expect(fake.model.sheets.every((s) => s.validations.length === 0)).toBe(true);
    const en = await recomputeInExcel(shenzhen, "en");
    for (const note of en.skipped ?? []) expect(note).toMatch(/^No /);
  });

  it("recomputes seed 001's own workbook (its 评分表 beside a 自评表) too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "selfeval-excel-1.7-"));
    try {
      await writeSeed001Workbook(join(dir, "seed001.xlsx"));
      const { snapshot } = await readWorkbook(join(dir, "seed001.xlsx"));
      const fake = install(FakeExcel.fromSnapshot(snapshot, { apiVersion: "1.7" }));
      const result = await recomputeInExcel(shenzhen, "zh");
      expect(result.report).toBeDefined();
      expect(fake.stats.writeSyncs).toBe(1);
      expect(fake.sheet("基础数据")).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an Excel below 1.7 is told the real minimum in plain Chinese", () => {
    install(new FakeExcel({}, { apiVersion: "1.6" }));
    expect(requirementsMissing()).toBe(
      "当前的 Excel 版本过旧，无法使用绩效自评助手：需要 Excel 2019 或更新的版本（Excel 2021、Excel 2024、Microsoft 365 或网页版 Excel），即支持 ExcelApi 1.7 的版本。"
    );
    expect(requirementsMissing("en")).toMatch(/ExcelApi 1\.7/);
  });
});

describe("a formula into a cell formatted as Text (@)", () => {
  it("on the template: the number format goes first, so every score is a formula", async () => {
    const fake = await seed001Template();
    const scores = fake.toSnapshot().names.filter((n) => n.name.startsWith("score_"));
    for (const n of scores) {
      const ref = parseRef(n.ref)!;
      const cell = fake.sheet(ref.sheet)!.cells.get(`${ref.row},${ref.col}`)!;
      cell.numberFormat = "@"; // the department formatted the column as Text
    }
    await recomputeInExcel(shenzhen, "zh");
    for (const n of scores) {
      const ref = parseRef(n.ref)!;
      const cell = fake.sheet(ref.sheet)!.cells.get(`${ref.row},${ref.col}`)!;
      expect([n.name, typeof cell.formula]).toEqual([n.name, "string"]);
    }
  });

  it("on a department's sheet formatted as Text throughout: every formula we write is a formula", async () => {
    const fake = await departmentWorkbook(buildShenzhenWithUnmatched);
    const sheet = fake.sheet(SHENZHEN_SHEET)!;
    for (let r = 0; r < 60; r++)
      for (let c = 0; c < 20; c++) {
        const key = `${r},${c}`;
        const cell = sheet.cells.get(key);
        if (cell) cell.numberFormat = "@";
        else sheet.cells.set(key, { value: null, numberFormat: "@" });
      }
    const planned = recompute(fake.toSnapshot(), shenzhen).plan.sheets.find(
      (s) => s.name === SHENZHEN_SHEET
    )!;
    await recomputeInExcel(shenzhen, "zh");
    const formulas = planned.cells.filter((c) => c.formula !== undefined);
    expect(formulas.length).toBeGreaterThan(10);
    for (const c of formulas)
      expect([address(c.row, c.col), sheet.cells.get(`${c.row},${c.col}`)?.formula]).toEqual([
        address(c.row, c.col),
        c.formula!.startsWith("=") ? c.formula : `=${c.formula}`,
      ]);
  });
});

describe("a used range over five million cells", () => {
  it("on one of the template's sheets: the rows that matter are read, the rest left out and said, never a TypeError", async () => {
    const fake = await seed001Template();
    fake.setCell("说明", "XFD1048576", "x"); // a stray entry in the far corner: 17 billion cells
    const result = await recomputeInExcel(shenzhen, "zh");
    expect(result.report!.total).toBe(95.22);
    expect(result.skipped).toEqual([expect.stringContaining("说明")]);
  });

  it("on a department's workbook, an attachment sheet of 7.8 million cells does not stop the recompute", async () => {
    const fake = await departmentWorkbook(buildShenzhenWithUnmatched);
    const attachment = emptySheet("附件2");
    attachment.cells.set("0,0", { value: "明细" });
    attachment.cells.set("299999,25", { value: 1 });
    fake.model.sheets.push(attachment);
    const read = await run(fake, (context) => readSnapshot(context));
    const values = read.snapshot.sheets.find((s) => s.name === "附件2")!.values;
    expect(values).toEqual([["明细"]]); // what lies within the first 10,000 rows and 200 columns
    expect(read.notes).toEqual([
      "工作表“附件2”只读取了前 10000 行、200 列：该表的内容一直延伸到 A1:Z300000。如是误输入的内容，请删除。",
    ]);
    const result = await recomputeInExcel(shenzhen, "zh");
    expect(result.report).toBeDefined();
    expect(result.skipped).toEqual([expect.stringContaining("附件2")]);
  });
});

describe("a cell link in the pane", () => {
  it("on another sheet: the sheet is activated, then the cell selected (office-js #5118)", async () => {
    const fake = await seed001Template();
    fake.model.activeSheet = "基础数据";
    await officeOperations("zh").selectCell("评分表!H26");
    expect(fake.activeSheet()!.name).toBe("评分表");
    expect(fake.model.selection).toEqual({ sheet: "评分表", address: "H26" });
    await officeOperations("zh").selectCell("'基础数据'!B7");
    expect(fake.model.selection).toEqual({ sheet: "基础数据", address: "B7" });
  });
});
