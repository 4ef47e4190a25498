/**
 * Hostile workbooks for the fuzz test (issue 16): real fixtures — the standard template filled from seed 000, seed
 * 001's own workbook, every department layout of departmentWorkbooks.ts — mutated the ways departments' files
 * really differ from what a program expects: error values, huge and negative numbers and dates where amounts
 * belong, amounts shown as dates, rich text, formulas (plain, shared, array) in input cells, merged cells across a table, hidden and
 * very-hidden sheets, sheet names with quotes and spaces, 10,000 rows of notes, text beginning with "=", and
 * the user's own notes, styles, validations, conditional formats and names. Every mutation is named with where
 * it struck, so a failure prints the seed and the list that reproduce it.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { address, parseAddress, quoteSheet } from "../../src/workbook/snapshot";
import { ALL_DEPARTMENT_WORKBOOKS } from "./departmentWorkbooks";
import { mulberry32 } from "./random";
import { writeSeed001Workbook } from "./seed001Workbook";
import { loadExample } from "./seeds";
import { templateFromInputs } from "./templateWorkbook";

/** A seeded source of choices. */
export class Random {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/* ---------- fixtures ---------- */

export interface Fixture {
  name: string;
  /** The fixture as .xlsx bytes (made once). */
  bytes(): Promise<Buffer>;
}

const once = (make: () => Promise<Buffer>): (() => Promise<Buffer>) => {
  let made: Promise<Buffer> | undefined;
  return () => (made ??= make());
};

async function inTemp<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "selfeval-fixture-"));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fromFile = async (path: string) => readFileSync(path);

/** Every fixture: the template (as `selfeval template --input` writes it), seed 001's, each department layout. */
export const FIXTURES: Fixture[] = [
  {
    name: "模板-seed000",
    bytes: once(() =>
      inTemp(async (dir) => {
        await templateFromInputs(loadExample("seed000"), join(dir, "in.json"), join(dir, "t.xlsx"));
        return fromFile(join(dir, "t.xlsx"));
      })
    ),
  },
  {
    name: "深圳-seed001-绩效指标",
    bytes: once(() =>
      inTemp(async (dir) => {
        await writeSeed001Workbook(join(dir, "s.xlsx"), { indicatorTable: true });
        return fromFile(join(dir, "s.xlsx"));
      })
    ),
  },
  ...ALL_DEPARTMENT_WORKBOOKS.map(({ file, build }) => ({
    name: file.replace(/\.xlsx$/, ""),
    bytes: once(async () => Buffer.from(await build().workbook.xlsx.writeBuffer())),
  })),
];

export async function loadFixture(fixture: Fixture): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await fixture.bytes()) as unknown as ExcelJS.Buffer);
  return workbook;
}

/* ---------- where to strike ---------- */

/** Our own sheets (the saved framework, the backup): not a department's, not mutated. */
export const isOwnSheet = (name: string) => name.startsWith("selfeval_");

interface Spot {
  sheet: ExcelJS.Worksheet;
  cell: ExcelJS.Cell;
}

const where = (s: Spot) => `${s.sheet.name}!${s.cell.address}`;

/**
 * The cells, by sheet, holding the values a formula mutation's cached results stand for: no other mutation changes
 * them (a date written over one made LibreOffice compute a date's serial where the department's formula had cached
 * 10: seed 461053369).
 */
const scratchCells = new WeakMap<ExcelJS.Worksheet, Set<string>>();

/**
 * The cells holding a plain value (no formula, not inside a merged area, not one a formula mutation refers to)
 * on the department's sheets.
 */
function valueCells(workbook: ExcelJS.Workbook, test: (v: ExcelJS.CellValue) => boolean): Spot[] {
  const out: Spot[] = [];
  for (const sheet of workbook.worksheets) {
    if (isOwnSheet(sheet.name)) continue;
    const scratch = scratchCells.get(sheet);
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Merge || cell.type === ExcelJS.ValueType.Formula)
          return;
        if (cell.isMerged && cell.master !== cell) return;
        if (scratch?.has(cell.address)) return;
        if (test(cell.value)) out.push({ sheet, cell });
      })
    );
  }
  return out;
}

const isNumber = (v: ExcelJS.CellValue) => typeof v === "number";
const isText = (v: ExcelJS.CellValue) => typeof v === "string" && v.trim() !== "";
const anyValue = (v: ExcelJS.CellValue) => v !== null && v !== undefined && v !== "";

/** A numeric cell more often than not (inputs, scores, amounts), else any value. */
function inputSpot(workbook: ExcelJS.Workbook, rnd: Random): Spot | undefined {
  const numbers = valueCells(workbook, isNumber);
  const pool = numbers.length && rnd.chance(0.75) ? numbers : valueCells(workbook, anyValue);
  return pool.length ? rnd.pick(pool) : undefined;
}

const userSheets = (workbook: ExcelJS.Workbook) =>
  workbook.worksheets.filter((s) => !isOwnSheet(s.name));

/* ---------- the mutations ---------- */

export interface Mutation {
  kind: string;
  /** Applies itself; returns what it did ("error 评分表!I7 #N/A"), or undefined when it found nowhere to act. */
  apply(workbook: ExcelJS.Workbook, rnd: Random): string | undefined;
}

const ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"];
const HUGE = [1e308, -1e308, 9.99e15, -9.99e15, -12345678.9, -0.0001, 1e-300, -1, -100, 2 ** 53];
const DATE_FORMATS = ["yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "m/d/yy h:mm"];
/** Text beginning with a character spreadsheets read as a formula. */
export const FORMULA_LIKE = [
  "=1+1",
  '=HYPERLINK("http://example.invalid","点此查看")',
  "=cmd|' /C calc'!A0",
  "=SUM(A1:A3)",
  "=部门名称",
  "==",
  "=",
  "+1",
  "-1+2",
  "@SUM(1,2)",
  "=“全角引号”",
];

/** A column far to the right of every table, for the values a formula mutation refers to. */
const SCRATCH_COL = 40; // AN

function setFormulaOver(spots: Spot[], kind: "shared" | "array" | "plain"): string {
  const first = spots[0];
  const col = first.cell.col;
  const rows = spots.map((s) => Number(s.cell.row));
  const results = spots.map((s) => s.cell.value as number);
  // A scratch column empty in these rows: another formula mutation's value stays what its formula's cached result
  // says.
  let scratch = SCRATCH_COL;
  const taken = (r: number) => {
    const v = first.sheet.findCell(r, scratch)?.value;
    return v !== null && v !== undefined;
  };
  while (rows.some(taken)) scratch++;
  const kept = scratchCells.get(first.sheet) ?? new Set<string>();
  scratchCells.set(first.sheet, kept);
  const letter = first.sheet.getColumn(scratch).letter;
  spots.forEach((s, i) => {
    s.sheet.getCell(rows[i], scratch).value = results[i];
    kept.add(`${letter}${rows[i]}`);
  });
  if (kind === "shared") {
    const range = `${first.cell.address}:${first.sheet.getCell(rows[rows.length - 1], Number(col)).address}`;
    first.sheet.fillFormula(range, `${letter}${rows[0]}*1`, results);
    return `sharedFormula ${first.sheet.name}!${range}`;
  }
  if (kind === "array") {
    first.cell.value = {
      formula: `${letter}${rows[0]}*1`,
      result: results[0],
      shareType: "array",
      ref: first.cell.address,
    } as unknown as ExcelJS.CellFormulaValue;
    return `arrayFormula ${where(first)}`;
  }
  first.cell.value = { formula: `${letter}${rows[0]}*1`, result: results[0] };
  return `formula ${where(first)}`;
}

/**
 * The numbers a formula mutation may turn into formulas: not the scratch columns, whose cells other formulas of
 * ours refer to (a formula there could refer to itself: a circular reference, not what the mutation claims).
 */
const formulaSpots = (workbook: ExcelJS.Workbook) =>
  valueCells(workbook, isNumber).filter((s) => Number(s.cell.col) < SCRATCH_COL);

/** Runs of 2–4 numeric cells one under another in one column (no merges). */
function numericRuns(workbook: ExcelJS.Workbook): Spot[][] {
  const numbers = formulaSpots(workbook);
  const at = new Set(numbers.map(where));
  const runs: Spot[][] = [];
  for (const s of numbers) {
    const run = [s];
    for (let r = Number(s.cell.row) + 1; run.length < 4; r++) {
      const below = numbers.find(
        (n) =>
          n.sheet === s.sheet &&
          Number(n.cell.row) === r &&
          Number(n.cell.col) === Number(s.cell.col)
      );
      if (!below || !at.has(where(below))) break;
      run.push(below);
    }
    if (run.length >= 2) runs.push(run);
  }
  return runs;
}

/** Replaces a sheet's name in formula text and references: `'old'!` and `old!` become `'new'!`. */
function renameInFormula(text: string, from: string, to: string): string {
  const quoted = `${quoteSheet(from)}!`;
  let out = text.split(quoted).join(`${quoteSheet(to)}!`);
  const bare = new RegExp(
    `(^|[^\\p{L}\\p{N}_.'])${from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}!`,
    "gu"
  );
  out = out.replace(bare, `$1${quoteSheet(to)}!`);
  return out;
}

/** Renames a sheet as Excel does: every formula, defined name and conditional format follows it. */
function renameSheet(workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, to: string): void {
  const from = sheet.name;
  for (const ws of workbook.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { formula?: string } | null;
        if (cell.type === ExcelJS.ValueType.Formula && v && typeof v.formula === "string")
          cell.value = {
            ...(cell.value as object),
            formula: renameInFormula(v.formula, from, to),
          } as ExcelJS.CellValue;
      })
    );
    const cfs = (
      ws as unknown as { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] }
    ).conditionalFormattings;
    for (const cf of cfs ?? [])
      for (const rule of cf.rules)
        if ("formulae" in rule && Array.isArray(rule.formulae))
          rule.formulae = rule.formulae.map((f: unknown) =>
            typeof f === "string" ? renameInFormula(f, from, to) : f
          );
  }
  workbook.definedNames.model = workbook.definedNames.model.map((n) => ({
    ...n,
    ranges: n.ranges.map((r) => renameInFormula(r, from, to)),
  }));
  sheet.name = to;
}

/** Whether a rectangle overlaps a merged area of the sheet. */
function overlapsMerge(
  sheet: ExcelJS.Worksheet,
  top: number,
  left: number,
  bottom: number,
  right: number
): boolean {
  const merges = (sheet.model as { merges?: string[] }).merges ?? [];
  return merges.some((m) => {
    const [a, b = a] = m.split(":");
    const from = parseAddress(a);
    const to = parseAddress(b);
    // parseAddress counts from 0; ExcelJS's rows and columns from 1.
    return !(
      to.row + 1 < top ||
      from.row + 1 > bottom ||
      to.col + 1 < left ||
      from.col + 1 > right
    );
  });
}

/**
 * Whether a rectangle holds part of a shared or array formula (its master or a clone). Excel cannot merge over
 * one — a clone would lose its master, an array would be cut — so a merge mutation that did would make a
 * workbook no spreadsheet holds (ExcelJS refuses to write it), not a hostile one.
 */
function holdsSharedOrArray(
  sheet: ExcelJS.Worksheet,
  top: number,
  left: number,
  bottom: number,
  right: number
): boolean {
  const fragile = new Set<string>();
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.type !== ExcelJS.ValueType.Formula) return;
      const v = cell.value as { shareType?: string; sharedFormula?: string };
      if (v.sharedFormula) {
        fragile.add(cell.address);
        fragile.add(v.sharedFormula);
      } else if (v.shareType) fragile.add(cell.address);
    })
  );
  for (let r = top; r <= bottom; r++)
    for (let c = left; c <= right; c++) if (fragile.has(address(r - 1, c - 1))) return true;
  return false;
}

export const MUTATIONS: Mutation[] = [
  {
    kind: "error",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      const error = rnd.pick(ERRORS);
      s.cell.value = { error } as ExcelJS.CellErrorValue;
      return `error ${where(s)} ${error}`;
    },
  },
  {
    kind: "huge",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      const n = rnd.pick(HUGE);
      s.cell.value = n;
      return `huge ${where(s)} ${n}`;
    },
  },
  {
    kind: "date",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      const date = new Date(
        Date.UTC(2000 + rnd.int(30), rnd.int(12), 1 + rnd.int(28), rnd.chance(0.3) ? 9 : 0)
      );
      s.cell.value = date;
      // A style of its own: ExcelJS shares one style object among the cells of a loaded style, so setting
      // cell.numFmt would format every such cell as a date, not this one.
      s.cell.style = { ...s.cell.style, numFmt: rnd.pick(DATE_FORMATS) };
      return `date ${where(s)} ${date.toISOString()}`;
    },
  },
  {
    kind: "richText",
    apply(workbook, rnd) {
      const pool = valueCells(workbook, anyValue);
      if (!pool.length) return undefined;
      const s = rnd.pick(pool);
      const text = String(s.cell.value instanceof Date ? s.cell.text : s.cell.text);
      const cut = Math.max(1, rnd.int(Math.max(1, text.length)));
      s.cell.value = {
        richText: [
          { text: text.slice(0, cut), font: { bold: true, color: { argb: "FFC00000" } } },
          { text: text.slice(cut) || " ", font: { italic: true, size: 9 } },
        ],
      };
      return `richText ${where(s)}`;
    },
  },
  {
    kind: "formula",
    apply(workbook, rnd) {
      const numbers = formulaSpots(workbook);
      if (!numbers.length) return undefined;
      return setFormulaOver([rnd.pick(numbers)], "plain");
    },
  },
  {
    kind: "sharedFormula",
    apply(workbook, rnd) {
      const runs = numericRuns(workbook);
      return runs.length ? setFormulaOver(rnd.pick(runs), "shared") : undefined;
    },
  },
  {
    kind: "arrayFormula",
    apply(workbook, rnd) {
      const numbers = formulaSpots(workbook);
      return numbers.length ? setFormulaOver([rnd.pick(numbers)], "array") : undefined;
    },
  },
  {
    kind: "merge",
    apply(workbook, rnd) {
      const pool = valueCells(workbook, anyValue);
      for (let tries = 0; tries < 10 && pool.length; tries++) {
        const s = rnd.pick(pool);
        const top = Number(s.cell.row);
        const left = Number(s.cell.col);
        const bottom = top + rnd.int(3);
        const right = left + 1 + rnd.int(3);
        if (overlapsMerge(s.sheet, top, left, bottom, right)) continue;
        if (holdsSharedOrArray(s.sheet, top, left, bottom, right)) continue;
        s.sheet.mergeCells(top, left, bottom, right);
        return `merge ${s.sheet.name}!${s.cell.address}:${s.sheet.getCell(bottom, right).address}`;
      }
      return undefined;
    },
  },
  {
    kind: "hiddenSheet",
    apply(workbook, rnd) {
      const state = rnd.pick(["hidden", "veryHidden"] as const);
      const visible = userSheets(workbook).filter((s) => s.state === "visible");
      if (visible.length > 1 && rnd.chance(0.5)) {
        const sheet = rnd.pick(visible);
        sheet.state = state;
        return `${state} ${sheet.name}`;
      }
      const name = `隐藏 数据${rnd.int(100)}`;
      if (workbook.getWorksheet(name)) return undefined;
      const sheet = workbook.addWorksheet(name, { state });
      sheet.getCell("A1").value = "备用数据";
      sheet.getCell("B2").value = 123.45;
      sheet.getCell("C3").value = { formula: "B2*2", result: 246.9 };
      return `${state} new sheet ${name}`;
    },
  },
  {
    kind: "quotedSheetName",
    apply(workbook, rnd) {
      const sheets = userSheets(workbook);
      if (!sheets.length) return undefined;
      const sheet = rnd.pick(sheets);
      const to = rnd.pick([
        `${sheet.name} 's 表`,
        `O'Brien ${sheet.name}`,
        `${sheet.name} (2)`,
        `部门 ' 评分 表`,
      ]);
      if (
        to.length > 31 ||
        workbook.worksheets.some((w) => w.name.toLowerCase() === to.toLowerCase())
      )
        return undefined;
      const from = sheet.name;
      renameSheet(workbook, sheet, to);
      return `rename ${from} → ${to}`;
    },
  },
  {
    kind: "noteRows",
    apply(workbook, rnd) {
      const sheets = userSheets(workbook).filter((s) => s.state === "visible");
      if (!sheets.length) return undefined;
      const sheet = rnd.pick(sheets);
      const from = sheet.rowCount + 2;
      for (let i = 0; i < 10_000; i++) {
        const cell = sheet.getCell(from + i, 1);
        cell.value = `注：第 ${i + 1} 条补充说明`;
        // A cell note on every tenth row: ExcelJS takes seconds over each thousand notes it writes.
        if (i % 10 === 0) cell.note = `批注 ${i + 1}`;
      }
      return `noteRows ${sheet.name}!A${from}:A${from + 9_999}`;
    },
  },
  {
    kind: "formulaLikeText",
    apply(workbook, rnd) {
      const pool = valueCells(workbook, isText);
      if (!pool.length) return undefined;
      const s = rnd.pick(pool);
      const text = rnd.chance(0.5) ? rnd.pick(FORMULA_LIKE) : `=${String(s.cell.value)}`;
      s.cell.value = text;
      return `formulaLikeText ${where(s)} ${JSON.stringify(text)}`;
    },
  },
  {
    kind: "userNote",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      s.cell.note = "请核对：数据来自财务系统";
      return `userNote ${where(s)}`;
    },
  },
  {
    kind: "userStyle",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      s.cell.style = {
        ...s.cell.style,
        font: { name: "宋体", size: 12, bold: true, color: { argb: "FF0000FF" } },
        fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } },
        numFmt: "#,##0.00",
      };
      return `userStyle ${where(s)}`;
    },
  },
  {
    kind: "userValidation",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      s.cell.dataValidation = rnd.chance(0.5)
        ? { type: "list", allowBlank: true, formulae: ['"是,否"'] }
        : { type: "decimal", operator: "between", allowBlank: true, formulae: [0, 1e12] };
      return `userValidation ${where(s)}`;
    },
  },
  {
    kind: "userConditionalFormat",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      s.sheet.addConditionalFormatting({
        ref: `${s.cell.address}:${s.sheet.getCell(Number(s.cell.row) + 2, Number(s.cell.col)).address}`,
        rules: [
          {
            type: "expression",
            priority: 1,
            formulae: [`ISNUMBER(${s.cell.address})`],
            style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FFCCFFCC" } } },
          },
        ],
      });
      return `userConditionalFormat ${where(s)}`;
    },
  },
  {
    kind: "userName",
    apply(workbook, rnd) {
      const s = inputSpot(workbook, rnd);
      if (!s) return undefined;
      const name = `用户_${rnd.int(1000)}`;
      if (workbook.definedNames.model.some((n) => n.name === name)) return undefined;
      workbook.definedNames.add(
        `${quoteSheet(s.sheet.name)}!$${s.cell.address.replace(/(\d)/, "$$$1")}`,
        name
      );
      return `userName ${name} → ${where(s)}`;
    },
  },
  {
    kind: "dateFormat",
    apply(workbook, rnd) {
      // An amount or score left as it is, shown as a date (a column formatted as dates by mistake).
      const numbers = valueCells(workbook, isNumber);
      if (!numbers.length) return undefined;
      const s = rnd.pick(numbers);
      const numFmt = rnd.pick(DATE_FORMATS);
      s.cell.style = { ...s.cell.style, numFmt };
      return `dateFormat ${where(s)} ${s.cell.value as number} as ${numFmt}`;
    },
  },
];

/** How often each kind is drawn: the costly 10,000 rows of notes seldom. */
const WEIGHT: Record<string, number> = { noteRows: 0.15 };

function drawMutation(rnd: Random): Mutation {
  const total = MUTATIONS.reduce((n, m) => n + (WEIGHT[m.kind] ?? 1), 0);
  let x = rnd.float() * total;
  for (const m of MUTATIONS) {
    x -= WEIGHT[m.kind] ?? 1;
    if (x < 0) return m;
  }
  return MUTATIONS[MUTATIONS.length - 1];
}

/** A hostile case: the fixture and the mutations a seed draws. */
export interface HostileCase {
  seed: number;
  fixture: string;
  mutations: string[];
  /** The kinds of the mutations applied. */
  kinds: string[];
  workbook: ExcelJS.Workbook;
}

/**
 * The hostile workbook of a seed: a fixture and one to four mutations drawn by it (or those of `kinds`, in
 * order, when given: for a regression case; on the fixture named `fixtureName`, when given).
 */
export async function hostileCase(
  seed: number,
  kinds?: string[],
  fixtureName?: string
): Promise<HostileCase> {
  const rnd = new Random(seed);
  const drawn = rnd.pick(FIXTURES);
  const fixture = FIXTURES.find((f) => f.name === fixtureName) ?? drawn;
  const workbook = await loadFixture(fixture);
  const chosen = kinds
    ? kinds.map((k) => MUTATIONS.find((m) => m.kind === k)!)
    : Array.from({ length: 1 + rnd.int(4) }, () => drawMutation(rnd));
  const mutations: string[] = [];
  const applied: string[] = [];
  for (const m of chosen) {
    const done = m.apply(workbook, rnd);
    if (done) mutations.push(done);
    if (done) applied.push(m.kind);
  }
  return { seed, fixture: fixture.name, mutations, kinds: applied, workbook };
}
