/**
 * The workbook prints as a clerk expects (issue 16): the template `selfeval template` writes for seed 001's data
 * (recomputed), printed to PDF by LibreOffice once for all the assertions: every page A4, nothing drawn past the
 * page's margins, 说明 printed whole, every text cell within its printed column (wrapped text within its row's
 * height), and 评分表's repeated header rows true for every row under them. And `npm run demo` fills 部门名称 and 年度.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { runCli } from "./support/cli";
import { convertToPdf, readNamedValues } from "./support/libreoffice";
import { readPdf, type PdfPage } from "./support/pdf";
import { PRINT_MARGINS } from "../src/workbook/writePlan";

jest.setTimeout(180_000);

const ROOT = join(__dirname, "..");
const SHEETS = ["基础数据", "评分表", "绩效指标", "说明"];
const A4 = { short: 595.3, long: 841.9 };

let dir: string;
let xlsx: string;
let workbook: ExcelJS.Workbook;
let pages: PdfPage[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "selfeval-print-"));
  xlsx = join(dir, "seed001.xlsx");
  const written = await runCli([
    "template",
    "--input",
    join(ROOT, "examples", "seed001.json"),
    "-o",
    xlsx,
  ]);
  if (written.code !== 0) throw new Error(`template failed: ${written.stderr}`);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsx);
  pages = readPdf(readFileSync(await convertToPdf(xlsx, dir)));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const squeeze = (text: string) => text.replace(/\s+/g, "");
const pagesOf = (title: string) => pages.filter((p) => squeeze(p.text).includes(squeeze(title)));

describe("printed to PDF by LibreOffice", () => {
  it("every page is A4; 说明 portrait, the tables landscape", () => {
    expect(pages.length).toBeGreaterThanOrEqual(SHEETS.length);
    for (const p of pages) {
      const [short, long] = [p.width, p.height].sort((a, b) => a - b);
      expect([short, long].map(Math.round)).toEqual([Math.round(A4.short), Math.round(A4.long)]);
    }
    const guide = pagesOf("绩效自评助手 · 使用说明");
    expect(guide).toHaveLength(1);
    expect(guide[0].width).toBeLessThan(guide[0].height);
    // Each sheet's pages by its repeated header: 基础数据's 数据来源 / 说明, 评分表's 参考评分标准, 绩效指标's 完成值（数值）.
    for (const title of ["数据来源 / 说明", "参考评分标准", "完成值（数值）"])
      for (const p of pagesOf(title)) expect([title, p.width > p.height]).toEqual([title, true]);
  });

  it("draws no text past the page's margins (a column wider than the page is cut there)", () => {
    const margin = { left: PRINT_MARGINS.left * 72, right: PRINT_MARGINS.right * 72 };
    const outside = pages.flatMap((p, i) =>
      p.runs
        .filter(
          (r) => r.text.trim() && (r.x0 < margin.left - 2 || r.x1 > p.width - margin.right + 2)
        )
        .map((r) => `page ${i + 1}: ${r.text} (${r.x0.toFixed(0)}–${r.x1.toFixed(0)} pt)`)
    );
    expect(outside).toEqual([]);
  });

  it("prints 说明 whole, every line of it on its page", () => {
    const sheet = workbook.getWorksheet("说明")!;
    const printed = squeeze(pagesOf("绩效自评助手 · 使用说明")[0].text);
    const lines: string[] = [];
    sheet.eachRow((row) => {
      const value = row.getCell(1).value;
      if (typeof value === "string" && value.trim()) lines.push(value);
    });
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => !printed.includes(squeeze(line)))).toEqual([]);
  });
});

/**
 * How wide text prints, in units of column width, as Excel lays it out: one unit is Calibri 11's digit (7 px, the
 * workbook's default font); a CJK character of 宋体 at 11 pt is 14.7 px (2.1 units), a half-width one about half
 * that; the sizes scale. A wrapped line is 1.3 times its font size tall. Independent of the template's own
 * estimates, which it checks.
 */
function textUnits(text: string, size: number): number {
  let px = 0;
  for (const ch of text)
    px +=
      (/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6“”‘’—…·✓]/.test(
        ch
      )
        ? 1
        : 0.5) *
      size *
      (96 / 72);
  return px / 7;
}
const PADDING = 5 / 7; // Excel keeps 5 px of a column free

/** What a number cell shows in its format (the formats the template writes). */
function shown(value: number, format: string | undefined): string {
  const fixed = (v: number, d: number) => v.toFixed(d);
  if (!format || format === "General") return String(value);
  if (format === "0.00%") return `${fixed(value * 100, 2)}%`;
  if (format === "#,##0.00") return fixed(value, 2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  if (format === "0.00") return fixed(value, 2);
  if (format === "0") return fixed(value, 0);
  return String(value);
}

interface Overflow {
  cell: string;
  text: string;
  needs: string;
  has: string;
}

function overflowsOf(sheet: ExcelJS.Worksheet): Overflow[] {
  const merges = new Map<string, { top: number; left: number; bottom: number; right: number }>();
  const hiddenByMerge = new Set<string>();
  for (const range of (sheet.model as { merges?: string[] }).merges ?? []) {
    const [a, b] = range.split(":").map((ref) => sheet.getCell(ref));
    const box = { top: +a.row, left: +a.col, bottom: +b.row, right: +b.col };
    merges.set(a.address, box);
    for (let r = box.top; r <= box.bottom; r++)
      for (let c = box.left; c <= box.right; c++)
        if (r !== box.top || c !== box.left) hiddenByMerge.add(`${r},${c}`);
  }
  const width = (c: number) => (sheet.getColumn(c).hidden ? 0 : (sheet.getColumn(c).width ?? 8.43));
  const height = (r: number) => sheet.getRow(r).height ?? 15;
  const out: Overflow[] = [];
  sheet.eachRow((row, r) =>
    row.eachCell((cell, c) => {
      if (hiddenByMerge.has(`${r},${c}`) || sheet.getColumn(c).hidden) return;
      const value = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
      const text =
        typeof value === "string"
          ? value
          : typeof value === "number"
            ? shown(value, cell.numFmt)
            : undefined;
      if (!text?.trim()) return;
      const box = merges.get(cell.address) ?? { top: r, left: c, bottom: r, right: c };
      let columns = 0;
      for (let k = box.left; k <= box.right; k++) columns += width(k);
      let rows = 0;
      for (let k = box.top; k <= box.bottom; k++) rows += height(k);
      const size = cell.font?.size ?? 11;
      const room = columns - PADDING;
      const paragraphs = text.split("\n").map((p) => textUnits(p, size));
      if (!cell.alignment?.wrapText || typeof value === "number") {
        const longest = Math.max(...paragraphs);
        if (longest > room || paragraphs.length > 1)
          out.push({
            cell: cell.address,
            text,
            needs: `${longest.toFixed(1)} wide`,
            has: `${room.toFixed(1)}`,
          });
        return;
      }
      const lines = paragraphs.reduce((n, units) => n + Math.max(1, Math.ceil(units / room)), 0);
      const needs = lines * size * 1.3;
      if (needs > rows)
        out.push({
          cell: cell.address,
          text,
          needs: `${lines} lines, ${needs.toFixed(0)} pt`,
          has: `${rows} pt`,
        });
    })
  );
  return out;
}

describe("the written template, cell by cell", () => {
  it.each(SHEETS)(
    "%s: every text within its printed column, wrapped text within its row",
    (name) => {
      const sheet = workbook.getWorksheet(name)!;
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1 });
      expect(overflowsOf(sheet)).toEqual([]);
    }
  );

  it("评分表: the header rows repeated on every page name the columns of every row printed under them", () => {
    const sheet = workbook.getWorksheet("评分表")!;
    expect(sheet.pageSetup.printTitlesRow).toBe("3:4");
    const header = (c: number) =>
      [sheet.getCell(3, c), sheet.getCell(4, c)]
        .map((cell) => (cell.isMerged ? cell.master : cell).value)
        .filter((v, i, all) => v && all.indexOf(v) === i)
        .join(" · ");
    expect([1, 2, 6, 8].map(header)).toEqual([
      "一级指标 · 名称",
      "一级指标 · 分值",
      "三级指标 · 分值",
      "得分",
    ]);
    // Under them, no row of headers of its own (the 一级指标小计 block had 分值 under 三级指标).
    const headerWords = new Set(["名称", "分值", "得分", "说明", "自评得分", "差异"]);
    const below: string[] = [];
    sheet.eachRow((row, r) => {
      if (r > 4)
        row.eachCell((cell) => {
          if (typeof cell.value === "string" && headerWords.has(cell.value.trim()))
            below.push(cell.address);
        });
    });
    expect(below).toEqual([]);
    // Each 一级 subtotal: its name under 一级指标 · 名称, its 分值 under 一级指标 · 分值, the subtotal under 得分.
    const groups = new Map<string, number>();
    let start = 0;
    sheet.eachRow((row, r) => {
      if (row.getCell(1).value === "一级指标小计") start = r;
    });
    expect(start).toBeGreaterThan(4);
    for (let r = start + 1; r <= sheet.rowCount; r++) {
      const cellAt = (c: number) => sheet.getCell(r, c);
      const name = cellAt(1).value;
      if (typeof name !== "string") continue;
      expect([name, typeof cellAt(2).value, cellAt(6).value]).toEqual([name, "number", null]);
      expect(cellAt(8).formula).toBeTruthy();
      groups.set(name, cellAt(2).value as number);
    }
    expect(groups).toEqual(
      new Map([
        ["部门决策", 20],
        ["部门管理", 20],
        ["部门绩效", 60],
      ])
    );
  });
});

describe("npm run demo", () => {
  it("fills 部门名称 and 年度 in 基础数据 from the seed's input", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    // The demo's own command line, run in-process with its output in the test's folder.
    const command = /node bin\/selfeval\.js (.+)$/.exec(pkg.scripts.demo)![1].split(/\s+/);
    const out = join(dir, "demo.xlsx");
    const args = command.map((a, i) =>
      command[i - 1] === "-o" ? out : a.startsWith("examples/") ? join(ROOT, a) : a
    );
    expect(args.slice(0, 3)).toEqual([
      "template",
      "--input",
      join(ROOT, "examples", "seed000.json"),
    ]);
    const result = await runCli(args);
    expect(result.code).toBe(0);
    const named = await readNamedValues(out);
    expect({ department: named.departmentName, year: named.budgetYear }).toEqual({
      department: "深圳市公安局",
      year: 2024,
    });
  });
});
