/**
 * The hostile-workbook fuzz harness itself (test/support/hostileWorkbooks.ts, fuzzInvariants.ts): its mutations
 * make workbooks a spreadsheet can hold, and its plain-words check tells a department's own text quoted in a
 * message from a library's English.
 */
import ExcelJS from "exceljs";
import { parseAddress } from "../src/workbook/snapshot";
import { notPlain, workbookWords } from "./support/fuzzInvariants";
import { FIXTURES, loadFixture, MUTATIONS, Random } from "./support/hostileWorkbooks";

test("a merge mutation never covers part of a shared or array formula, so the workbook it makes can be written", async () => {
  const merge = MUTATIONS.find((m) => m.kind === "merge")!;
  let merged = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("表");
    for (let r = 1; r <= 6; r++) {
      sheet.getCell(r, 1).value = `项目${r}`;
      sheet.getCell(r, 2).value = r;
    }
    // Column C: a shared formula C2:C4 (its master C2), an array formula at C5.
    sheet.fillFormula("C2:C4", "B2*2", [4, 6, 8]);
    sheet.getCell("C5").value = {
      formula: "B5*2",
      result: 10,
      shareType: "array",
      ref: "C5",
    } as unknown as ExcelJS.CellFormulaValue;
    const done = merge.apply(workbook, new Random(seed));
    if (done) merged++;
    const areas = (sheet.model as { merges?: string[] }).merges ?? [];
    // Column C is 0-based col 2; rows 2–5 are 0-based 1–4.
    const overFormula = areas.filter((m) => {
      const [a, b] = m.split(":").map(parseAddress);
      return a.col <= 2 && b.col >= 2 && a.row <= 4 && b.row >= 1;
    });
    expect([done, overFormula]).toEqual([done, []]);
    await expect(workbook.xlsx.writeBuffer()).resolves.toBeDefined();
  }
  // The merges it could make (within columns A–B) were made.
  expect(merged).toBeGreaterThan(10);
});

test("a message quoting the workbook's own text is plain; a library's English is not", () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("自评表");
  sheet.getCell("F20").value = '=HYPERLINK("http://example.invalid","点此查看")';
  const words = workbookWords(workbook);
  const quoted =
    '自评表!F20 实际完成值“=HYPERLINK("http://example.invalid","点此查…”不是数值，无法与指标值比较';
  expect(notPlain(quoted, [], words)).toEqual([]);
  // Cut short before "…" within a word of the cell's.
  expect(notPlain("实际完成值“=HYPERL…”不是数值", [], words)).toEqual([]);
  // Without the workbook's words the same message is not plain.
  expect(notPlain(quoted, [])).not.toEqual([]);
  for (const crash of [
    "读取失败：Cannot read properties of undefined (reading 'row')",
    "读取失败：undefined",
    "读取失败 at Object.<anonymous> (/x/y.js:1:2)",
    "读取失败：TypeError: x is not a function",
  ])
    expect([crash, notPlain(crash, [], words).length > 0]).toEqual([crash, true]);
});

test("a date mutation formats its own cell only (ExcelJS shares a loaded style among cells)", async () => {
  const fixture = FIXTURES.find((f) => f.name === "广州-自评表")!;
  for (const kind of ["date", "dateFormat"]) {
    const workbook = await loadFixture(fixture);
    const formats = () =>
      workbook.worksheets.flatMap((sheet) => {
        const out: string[] = [];
        sheet.eachRow((row) =>
          row.eachCell((cell) => out.push(`${sheet.name}!${cell.address} ${cell.numFmt ?? ""}`))
        );
        return out;
      });
    const before = formats();
    const done = MUTATIONS.find((m) => m.kind === kind)!.apply(workbook, new Random(7));
    const after = formats();
    const changed = after.filter((f, i) => f !== before[i]);
    expect([done, changed.length]).toEqual([done, 1]);
    expect(changed[0]).toMatch(/ (yyyy|m\/d)/);
  }
});

/** Formula mutations, with or without the mutations of values (an error, a date, a huge number…) among them. */
test.each([
  ["formula mutations", []],
  ["formula and value mutations", ["error", "huge", "date", "richText", "formulaLikeText"]],
])(
  "%s never make a formula refer to its own cell, nor change the value a formula refers to",
  (_, values: string[]) => {
    const kinds = ["formula", "sharedFormula", "arrayFormula", ...values];
    for (let seed = 1; seed <= 25; seed++) {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("表");
      for (let r = 1; r <= 4; r++)
        for (let c = 1; c <= 3; c++) sheet.getCell(r, c).value = r * 10 + c;
      const rnd = new Random(seed);
      for (let i = 0; i < 6; i++)
        rnd.pick(MUTATIONS.filter((m) => kinds.includes(m.kind))).apply(workbook, rnd);
      // Every formula computes its cached result from the values it refers to (all plain numbers, `X*1`).
      const bad: string[] = [];
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type !== ExcelJS.ValueType.Formula) return;
          const v = cell.value as { sharedFormula?: string; result?: number };
          const formula = cell.formula;
          const target = /^([A-Z]+\d+)\*1$/.exec(formula)?.[1];
          const referred = target ? sheet.getCell(target).value : undefined;
          if (!target || target === cell.address || referred !== v.result)
            bad.push(
              `${cell.address} =${formula} cached ${v.result}, refers to ${String(referred)}`
            );
        })
      );
      expect([seed, bad]).toEqual([seed, []]);
    }
  }
);
