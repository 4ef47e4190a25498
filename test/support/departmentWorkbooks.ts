/**
 * Departments' own workbooks in the layouts they actually use, built with ExcelJS directly (not with the project's
 * hosts), each with a machine-readable statement of what a correct reader finds in it (`Expected`):
 *
 * - 深圳's 《部门整体支出绩效评分表》 with a two-row header and its columns in another order than seed 001's;
 * - the same with a row that matches no indicator and a note row inside the table;
 * - 广州's 自评表 (seed 003's figures), and the same with seed 003's 绩效指标 table on a second sheet;
 * - the nationwide 项目支出绩效自评表 of 财预〔2020〕10号 (seed 004's 见义勇为专项资金), budget block and 绩效指标;
 * - the same self-evaluation as the 预算管理一体化 system exports it: flat sheets, the target split over
 *   计算符号 / 指标值 / 计量单位;
 * - the department-wide form of the same circular, 部门整体支出绩效自评表: 年度主要任务, the budget block
 *   (年度总支出 and its splits by 收入性质 / 支出性质), 年度总体目标 and the 绩效指标 block;
 * - the same as the system exports it: 基本信息 (the department's name), the budget over 年度总支出 / 基本支出 /
 *   项目支出, the form's 绩效指标 rows split as the project export's.
 *
 * Indicator ids, canonical names and maxima come from the framework presets. `scripts/write-examples.ts` writes
 * every workbook of `ALL_DEPARTMENT_WORKBOOKS` into examples/; test/departmentWorkbooks.test.ts checks that every
 * expected cell holds what `Expected` states.
 */
import { readFileSync } from "fs";
import { join } from "path";
import ExcelJS from "exceljs";
import { mergeRuns } from "./seed001Workbook";

// ---------------------------------------------------------------------------------------------------------------
// What a reader must find
// ---------------------------------------------------------------------------------------------------------------

/** A cell: its sheet and its 1-based Excel address (`{ sheet: "评分表", cell: "D7" }` is '评分表'!D7). */
export interface CellRef {
  sheet: string;
  cell: string;
}
/** A cell and the number a reader takes from it (text `"0.5"` → 0.5, `"5分"` → 5, a formula → its result). */
export interface NumberCell extends CellRef {
  value: number;
}
/** A cell and its text, exactly as the cell holds it (line breaks kept). */
export interface TextCell extends CellRef {
  text: string;
}

export type FrameworkId = "shenzhen" | "guangzhou" | "project";

/** A table the reader must find: the score sheet, a budget block, or a 绩效指标 block. */
export interface ExpectedTable {
  kind: "scores" | "budget" | "indicators";
  sheet: string;
  /** 1-based row numbers of its header, top to bottom (one or two rows). */
  headerRows: number[];
  /** 1-based rows of the table's body, first and last (the 合计 / 总分 row excluded). */
  firstRow: number;
  lastRow: number;
}

/** One row of a 绩效指标 block. */
export interface ExpectedTableRow {
  /**
   * The cell of the row's name: its 三级指标, or — in 广州's 年度主要工作任务 / 年度绩效目标 / 完成情况 layout, which
   * has no 三级 column — its 年度主要工作任务 cell, merged over the task's rows (ExcelJS reads a merged cell's value
   * from its anchor).
   */
  cell: CellRef;
  /** The name as printed (for 广州's layout: the task, carried down its merged cells). */
  name: string;
  /** `一级 · 二级` as the reader should carry them down merged cells (absent in 广州's layout). */
  group?: string;
  /** The target as the reader should join it: `≥95%`, `=100%`, `持续向好`, `重点人员监控率 100%`. */
  target: string;
  /** The actual value joined the same way: `90%`, `2人`, or the 完成情况 text. */
  actual: string;
  /** 分值 (absent when the layout has none). */
  weight?: number;
  /** The department's 得分 (absent when the layout has none). */
  selfScore?: number;
  /** 偏差原因, when the row has one. */
  reason?: string;
  /**
   * Addresses on the same sheet of the cells the joined values come from: `target` is one cell, or the
   * 计算符号 / 指标值 / 计量单位 cells when the layout splits them; `actual` likewise (实际完成值, 计量单位).
   */
  sources: {
    target: string[];
    actual: string[];
    weight?: string;
    selfScore?: string;
    reason?: string;
  };
}

export interface Expected {
  /** The framework that scores the workbook. */
  framework: FrameworkId;
  /** The department's name where the workbook prints it (the system's export prints none). */
  department?: TextCell;
  /** The project's name (项目支出 only). */
  project?: TextCell;
  /** Every table the reader must find. */
  tables: ExpectedTable[];
  /** Indicator id → the department's own score. */
  selfScores: Record<string, NumberCell>;
  /** The 合计 / 总分 row's score (absent when the workbook has none). */
  selfTotal?: NumberCell;
  /** The 评价等级 cell, when the workbook has one. */
  grade?: TextCell;
  /** Framework input key → a figure the reader should adopt by reference (the budget block's). */
  inputs: Record<string, NumberCell>;
  /** Indicator id → the name cell of its row on the score sheet, as printed (non-canonical names included). */
  names: Record<string, TextCell>;
  /** The rows of a 绩效指标 block, top to bottom. */
  tableRows: ExpectedTableRow[];
  /** Indicator id → its 扣分原因 / 扣分说明 cell. */
  reasons: Record<string, TextCell>;
  /** Rows whose name matches no indicator: the reader reports them (the cell of the name and its text). */
  unmatched: TextCell[];
  /** Rows of text alone inside a table (注：…), which carry no score and must be skipped. */
  notes: TextCell[];
}

export interface BuiltWorkbook {
  workbook: ExcelJS.Workbook;
  expected: Expected;
}
export type DepartmentBuilder = () => BuiltWorkbook;

// ---------------------------------------------------------------------------------------------------------------
// The presets and small helpers
// ---------------------------------------------------------------------------------------------------------------

interface PresetIndicator {
  id: string;
  name: { zh: string };
  max: number;
  level1: { zh: string };
  level2: { zh: string };
}

function presetIndicators(framework: FrameworkId): PresetIndicator[] {
  const path = join(
    __dirname,
    "..",
    "..",
    "src",
    "domain",
    "frameworks",
    "presets",
    `${framework}.json`
  );
  return (JSON.parse(readFileSync(path, "utf8")) as { indicators: PresetIndicator[] }).indicators;
}

function presetIndicator(framework: FrameworkId, id: string): PresetIndicator {
  const found = presetIndicators(framework).find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id} in the ${framework} preset`);
  return found;
}

/** Column letter of a 1-based column index (1 → A). */
function letter(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26))
    s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}
const addr = (row: number, col: number) => `${letter(col)}${row}`;
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Writes the label of each run of equal keys down column `col` from `firstRow` (1-based) in the run's first cell
 * only, and merges the run (with seed 001's `mergeRuns`).
 */
function labelRuns(
  ws: ExcelJS.Worksheet,
  firstRow: number,
  keys: string[],
  col: number,
  label = (k: string) => k
) {
  keys.forEach((k, i) => {
    if (i === 0 || keys[i - 1] !== k) ws.getCell(firstRow + i, col).value = label(k);
  });
  mergeRuns(ws, firstRow, keys, [col]);
}

/** A cell or a merged range and the text it holds: `["B3:I3", …]` writes B3 and merges B3:I3. */
type FormCell = [range: string, text: string];

/** Writes each cell (a range: its anchor) and merges each range, in order. */
function put(ws: ExcelJS.Worksheet, cells: FormCell[]) {
  for (const [range, text] of cells) {
    ws.getCell(range.split(":")[0]).value = text;
    if (range.includes(":")) ws.mergeCells(range);
  }
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};

/** Thin borders, centred wrapped text over a block of cells (1-based, inclusive), as printed forms have. */
function frame(ws: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number) {
  for (let r = top; r <= bottom; r++)
    for (let c = left; c <= right; c++) {
      const cell = ws.getCell(r, c);
      cell.border = THIN;
      cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    }
}

/** Long texts: left-aligned, wrapped (over `frame`'s centring). */
function alignLeft(ws: ExcelJS.Worksheet, row: number, col: number) {
  ws.getCell(row, col).alignment = { vertical: "middle", horizontal: "left", wrapText: true };
}

function bold(ws: ExcelJS.Worksheet, row: number, left: number, right: number) {
  for (let c = left; c <= right; c++) ws.getCell(row, c).font = { bold: true };
}

function title(ws: ExcelJS.Worksheet, text: string, range: string) {
  ws.getCell(range.split(":")[0]).value = text;
  ws.mergeCells(range);
  const cell = ws.getCell(range.split(":")[0]);
  cell.font = { bold: true, size: 16 };
  cell.alignment = { horizontal: "center", vertical: "middle" };
}

function widths(ws: ExcelJS.Worksheet, values: number[]) {
  values.forEach((w, i) => (ws.getColumn(i + 1).width = w));
}

function emptyExpected(framework: FrameworkId): Expected {
  return {
    framework,
    tables: [],
    selfScores: {},
    inputs: {},
    names: {},
    tableRows: [],
    reasons: {},
    unmatched: [],
    notes: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 1 and 5. 深圳's 评分表 with a two-row header
// ---------------------------------------------------------------------------------------------------------------

export const SHENZHEN_SHEET = "部门整体支出绩效评分表";
export const SHENZHEN_DEPARTMENT = "深圳市某某局";

/**
 * The department's self scores: seed 001's (test/support/seed001Workbook.ts), except 编外人员控制率 typed as the
 * text "0.5" and 预算编制规范性 as "5分". The number is what the engine reads.
 */
const SHENZHEN_SELF: Record<string, { typed: string | number; value: number }> = {
  budgetRationality: { typed: 5, value: 5 },
  budgetCompliance: { typed: "5分", value: 5 },
  goalCompleteness: { typed: 3, value: 3 },
  indicatorClarity: { typed: 6, value: 6 },
  procurement: { typed: 1.99, value: 1.99 },
  financialCompliance: { typed: 3, value: 3 },
  disclosure: { typed: 3, value: 3 },
  projectProcedure: { typed: 2, value: 2 },
  projectSupervision: { typed: 2, value: 2 },
  assetSafety: { typed: 2, value: 2 },
  fixedAssetUse: { typed: 1, value: 1 },
  staffControl: { typed: 1, value: 1 },
  contractStaffControl: { typed: "0.5", value: 0.5 },
  systems: { typed: 3, value: 3 },
  costControl: { typed: 4, value: 4 },
  execution: { typed: 5.99, value: 5.99 },
  keyTasks: { typed: 8, value: 8 },
  projectTimeliness: { typed: 6, value: 6 },
  effectiveness: { typed: 25, value: 25 },
  petitions: { typed: 3, value: 3 },
  satisfaction: { typed: 6, value: 6 },
};

/** Names printed otherwise than the preset's: a synonym, or broken over lines. */
const SHENZHEN_PRINTED: Record<string, string> = {
  budgetRationality: "预算编制\n合理性",
  disclosure: "预决算信息公开情况",
  fixedAssetUse: "固定资产\n利用率",
  systems: "管理制度\n健全性",
  projectTimeliness: "项目完成\n及时性",
  satisfaction: "公众（服务对象）满意度",
};

const SHENZHEN_REASONS: Record<string, string> = {
  indicatorClarity: "部分绩效指标未细化、量化，扣1分",
  costControl: "“三公”经费控制率99.99%，按标准扣2分",
};

/** The 评分标准 column: a short text on each row. */
const criteria = (level2: string) =>
  `${level2}符合要求的得满分；发现问题的，每项扣相应分值，扣完为止`;

function buildShenzhen(variant: { unmatched: boolean }): BuiltWorkbook {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(SHENZHEN_SHEET);
  const cover = workbook.addWorksheet("封面");
  cover.getCell("A1").value = "2024年度部门整体支出绩效自评报告";
  cover.getCell("A1").font = { bold: true, size: 18 };
  cover.getColumn(1).width = 50;

  const sheet = SHENZHEN_SHEET;
  const expected = emptyExpected("shenzhen");
  const at = (cell: string) => ({ sheet, cell });

  title(ws, "2024年度部门整体支出绩效评分表", "A1:G1");
  ws.getCell("A2").value = "部门（单位）名称：";
  ws.getCell("B2").value = SHENZHEN_DEPARTMENT;
  expected.department = { ...at("B2"), text: SHENZHEN_DEPARTMENT };

  // Header rows 3–4: 评价指标 over 一级 / 二级 / 三级, then 自评得分, 扣分说明, 分值, 评分标准 merged down.
  ws.getCell("A3").value = "评价指标";
  ws.mergeCells("A3:C3");
  ["一级指标", "二级指标", "三级指标"].forEach((v, i) => (ws.getCell(4, i + 1).value = v));
  ["自评得分", "扣分说明", "分值", "评分标准"].forEach((v, i) => {
    ws.getCell(3, 4 + i).value = v;
    ws.mergeCells(3, 4 + i, 4, 4 + i);
  });

  // The variant's note row stands between 部门管理 and 部门绩效.
  const indicators = presetIndicators("shenzhen");
  const noteAfter = variant.unmatched ? indicators.findIndex((i) => i.id === "systems") : -1;
  const renamed = variant.unmatched ? "fixedAssetUse" : undefined;
  const first = 5;
  const rowOf = (index: number) => first + index + (noteAfter >= 0 && index > noteAfter ? 1 : 0);

  indicators.forEach((ind, index) => {
    const row = rowOf(index);
    const self = SHENZHEN_SELF[ind.id];
    const name = ind.id === renamed ? "办公用房管理" : (SHENZHEN_PRINTED[ind.id] ?? ind.name.zh);
    ws.getCell(row, 3).value = name;
    ws.getCell(row, 4).value = self.typed;
    ws.getCell(row, 6).value = ind.max;
    ws.getCell(row, 7).value = criteria(ind.level2.zh);
    const reason = SHENZHEN_REASONS[ind.id];
    if (reason) ws.getCell(row, 5).value = reason;
    if (ind.id === renamed) {
      expected.unmatched.push({ ...at(addr(row, 3)), text: name });
      return;
    }
    expected.names[ind.id] = { ...at(addr(row, 3)), text: name };
    expected.selfScores[ind.id] = { ...at(addr(row, 4)), value: self.value };
    if (reason) expected.reasons[ind.id] = { ...at(addr(row, 5)), text: reason };
  });

  // 一级 and 二级 merged over their runs (a run does not cross the note row).
  const segments =
    noteAfter >= 0
      ? [indicators.slice(0, noteAfter + 1), indicators.slice(noteAfter + 1)]
      : [indicators];
  let offset = 0;
  for (const segment of segments) {
    const top = rowOf(offset);
    labelRuns(
      ws,
      top,
      segment.map((i) => i.level1.zh),
      1
    );
    labelRuns(
      ws,
      top,
      segment.map((i) => `${i.level1.zh}/${i.level2.zh}`),
      2,
      (k) => k.split("/")[1]
    );
    offset += segment.length;
  }
  const last = rowOf(indicators.length - 1);

  if (noteAfter >= 0) {
    const row = rowOf(noteAfter) + 1;
    const text = "注：本表由财务科填报";
    ws.getCell(row, 1).value = text;
    ws.mergeCells(row, 1, row, 7);
    expected.notes.push({ ...at(addr(row, 1)), text });
  }

  // 合计: the formula with its cached result. SUM skips the two scores typed as text ("5分", "0.5"), as Excel and
  // LibreOffice do, so the department's own total is 5.5 short of its rows — the reader reads the total as stated.
  const total = last + 1;
  ws.getCell(total, 1).value = "合计";
  ws.mergeCells(total, 1, total, 3);
  const numeric = indicators.reduce((s, i) => {
    const typed = SHENZHEN_SELF[i.id].typed;
    return s + (typeof typed === "number" ? typed : 0);
  }, 0);
  ws.getCell(total, 4).value = { formula: `SUM(D${first}:D${last})`, result: round2(numeric) };
  ws.getCell(total, 6).value = 100;
  expected.selfTotal = { ...at(addr(total, 4)), value: round2(numeric) };

  frame(ws, 3, 1, total, 7);
  bold(ws, 3, 1, 7);
  bold(ws, 4, 1, 7);
  for (let r = first; r <= last; r++) {
    alignLeft(ws, r, 5);
    alignLeft(ws, r, 7);
  }
  ws.getCell(total + 2, 1).value = "填表人：张三    联系电话：0755-12345678";
  widths(ws, [12, 14, 22, 10, 30, 8, 40]);

  expected.tables.push({
    kind: "scores",
    sheet,
    headerRows: [3, 4],
    firstRow: first,
    lastRow: last,
  });
  return { workbook, expected };
}

/** 深圳's 评分表: a two-row header, columns 自评得分 / 扣分说明 / 分值 / 评分标准 after the names. */
export const buildShenzhenScoreSheet: DepartmentBuilder = () => buildShenzhen({ unmatched: false });

/**
 * The same with 固定资产利用率's row renamed 办公用房管理 (分值 1, a score; it matches no indicator) and a note row
 * `注：本表由财务科填报` merged across A:G between 部门管理 and 部门绩效.
 */
export const buildShenzhenWithUnmatched: DepartmentBuilder = () =>
  buildShenzhen({ unmatched: true });

// ---------------------------------------------------------------------------------------------------------------
// 2. 广州's 自评表 (seed 003), and the same with its 绩效指标 table
// ---------------------------------------------------------------------------------------------------------------

export const GUANGZHOU_SHEET = "自评表";
export const GUANGZHOU_TABLE_SHEET = "绩效指标";
export const GUANGZHOU_DEPARTMENT = "广州市花都区公安分局";

/** Seed 003's 管理效能: self score and reason per 二级 (examples/seed003-guangzhou.json). */
const GUANGZHOU_ROWS: { id: string; self: number; reason?: string }[] = [
  { id: "budgetPreparation", self: 3 },
  { id: "budgetExecution", self: 4 },
  { id: "disclosure", self: 3, reason: "预算公开检查发现问题" },
  { id: "performanceManagement", self: 15 },
  { id: "procurementManagement", self: 9, reason: "存在合同备案时间滞后情况" },
  { id: "assetManagement", self: 10 },
  { id: "runningCost", self: 4 },
];

function buildGuangzhou(withTable: boolean): BuiltWorkbook {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(GUANGZHOU_SHEET);
  const sheet = GUANGZHOU_SHEET;
  const expected = emptyExpected("guangzhou");
  const at = (cell: string) => ({ sheet, cell });

  title(ws, "2024年度部门整体支出绩效自评表", "A1:F1");
  ws.getCell("A2").value = "部门名称：";
  ws.getCell("B2").value = GUANGZHOU_DEPARTMENT;
  expected.department = { ...at("B2"), text: GUANGZHOU_DEPARTMENT };
  ["一级指标", "分值", "二级指标", "分值", "自评得分", "扣分原因"].forEach(
    (v, i) => (ws.getCell(3, i + 1).value = v)
  );

  const duty = presetIndicator("guangzhou", "dutyPerformance");
  ws.getRow(4).values = [duty.level1.zh, duty.max, duty.level2.zh, duty.max, duty.max];
  expected.names.dutyPerformance = { ...at("C4"), text: duty.level2.zh };
  expected.selfScores.dutyPerformance = { ...at("E4"), value: duty.max };

  const management = GUANGZHOU_ROWS.map((r) => ({ ...r, ind: presetIndicator("guangzhou", r.id) }));
  ws.getCell("A5").value = management[0].ind.level1.zh;
  ws.getCell("B5").value = management.reduce((s, r) => s + r.ind.max, 0);
  const last = 5 + management.length - 1;
  ws.mergeCells(5, 1, last, 1);
  ws.mergeCells(5, 2, last, 2);
  management.forEach((r, i) => {
    const row = 5 + i;
    ws.getCell(row, 3).value = r.ind.level2.zh;
    ws.getCell(row, 4).value = r.ind.max;
    ws.getCell(row, 5).value = r.self;
    expected.names[r.id] = { ...at(addr(row, 3)), text: r.ind.level2.zh };
    expected.selfScores[r.id] = { ...at(addr(row, 5)), value: r.self };
    if (r.reason) {
      ws.getCell(row, 6).value = r.reason;
      expected.reasons[r.id] = { ...at(addr(row, 6)), text: r.reason };
    }
  });

  const totalRow = last + 1;
  const selfTotal = duty.max + management.reduce((s, r) => s + r.self, 0);
  ws.getCell(totalRow, 1).value = "总分";
  ws.getCell(totalRow, 2).value = 100;
  ws.getCell(totalRow, 5).value = selfTotal;
  expected.selfTotal = { ...at(addr(totalRow, 5)), value: selfTotal };
  ws.getCell(totalRow + 1, 1).value = "评价等级";
  ws.getCell(totalRow + 1, 5).value = "优";
  expected.grade = { ...at(addr(totalRow + 1, 5)), text: "优" };

  frame(ws, 3, 1, totalRow + 1, 6);
  bold(ws, 3, 1, 6);
  widths(ws, [12, 8, 20, 8, 10, 30]);
  expected.tables.push({ kind: "scores", sheet, headerRows: [3], firstRow: 4, lastRow: last });

  if (withTable) writeGuangzhouTable(workbook, expected);
  return { workbook, expected };
}

/**
 * Seed 003's table (test/fixtures/seed003-indicators.json) as 广州 prints it: 年度主要工作任务 / 年度绩效目标 / 完成情况,
 * one row per target, the task merged over its rows.
 */
function writeGuangzhouTable(workbook: ExcelJS.Workbook, expected: Expected) {
  const rows = JSON.parse(
    readFileSync(join(__dirname, "..", "fixtures", "seed003-indicators.json"), "utf8")
  ) as { group: string; target: string; actual: string }[];
  const ws = workbook.addWorksheet(GUANGZHOU_TABLE_SHEET);
  const sheet = GUANGZHOU_TABLE_SHEET;
  title(ws, "2024年度部门整体支出绩效目标完成情况", "A1:C1");
  ["年度主要工作任务", "年度绩效目标", "完成情况"].forEach(
    (v, i) => (ws.getCell(2, i + 1).value = v)
  );
  const first = 3;
  labelRuns(
    ws,
    first,
    rows.map((r) => r.group),
    1
  );
  rows.forEach((r, i) => {
    const row = first + i;
    ws.getCell(row, 2).value = r.target;
    ws.getCell(row, 3).value = r.actual;
    expected.tableRows.push({
      cell: { sheet, cell: addr(row, 1) },
      name: r.group,
      target: r.target,
      actual: r.actual,
      sources: { target: [addr(row, 2)], actual: [addr(row, 3)] },
    });
  });
  const last = first + rows.length - 1;
  frame(ws, 2, 1, last, 3);
  bold(ws, 2, 1, 3);
  for (let r = first; r <= last; r++) for (const c of [2, 3]) alignLeft(ws, r, c);
  widths(ws, [30, 34, 60]);
  expected.tables.push({
    kind: "indicators",
    sheet,
    headerRows: [2],
    firstRow: first,
    lastRow: last,
  });
}

/** 广州's 自评表 with seed 003's figures: 履职效能 50 + 管理效能 48 = 98, 优. */
export const buildGuangzhouSelfEvaluation: DepartmentBuilder = () => buildGuangzhou(false);
/** The same, with seed 003's 绩效指标 table on a second sheet `绩效指标`. */
export const buildGuangzhouWithTable: DepartmentBuilder = () => buildGuangzhou(true);

// ---------------------------------------------------------------------------------------------------------------
// 3 and 4. The 项目支出绩效自评表 (seed 004's 见义勇为专项资金), as the form and as the system exports it
// ---------------------------------------------------------------------------------------------------------------

export const PROJECT_SHEET = "项目支出绩效自评表";
export const PROJECT_EXPORT_BUDGET_SHEET = "预算执行情况";
export const PROJECT_EXPORT_TABLE_SHEET = "绩效指标";
export const PROJECT_DEPARTMENT = "广州市越秀区公安分局";
export const PROJECT_NAME = "见义勇为专项资金";

/** A budget block's first row: 年初预算数, 全年预算数, 全年执行数 (万元), 分值, 执行率, 得分. */
interface BudgetFigures {
  initial: number;
  full: number;
  spent: number;
  max: number;
  rate: number;
  score: number;
}

/** 年度资金总额: 年初预算数, 全年预算数, 全年执行数 (万元), 分值, 执行率, 得分 = min(1, 执行率) × 10. */
const BUDGET: BudgetFigures = {
  initial: 120,
  full: 150,
  spent: 126.5,
  max: 10,
  rate: 0.8433,
  score: 8.43,
};

/**
 * One 绩效指标 row of the nationwide forms (项目支出 and 部门整体支出): the target split as the 预算管理一体化 system
 * keeps it (operator, value, unit), the actual as a number in the row's unit. The printed forms write both joined
 * (`joinTarget`, `joinActual`); the system's export writes them split.
 */
interface IndicatorRow {
  level1: string;
  level2: string;
  name: string;
  /** 计算符号; "" for a qualitative target. */
  op: "≥" | "≤" | "=" | "＞" | "＜" | "";
  /** 指标值 as the system export types it (a number, once the text "95"; the words of a qualitative target). */
  value: number | string;
  unit: string;
  actual: number | string;
  weight: number;
  self: number;
  reason?: string;
}

/**
 * 产出 50 (发放及时率 90% against ≥95%: the rule gives 20 × 90 / 95 = 18.95, the department 20), 效益 30,
 * 满意度 10; each of ≥ ≤ = ＞ ＜ once at least.
 */
const PROJECT_ROWS: IndicatorRow[] = [
  {
    level1: "产出指标",
    level2: "数量指标",
    name: "发放人数",
    op: "≥",
    value: 2,
    unit: "人",
    actual: 2,
    weight: 10,
    self: 10,
  },
  {
    level1: "产出指标",
    level2: "质量指标",
    name: "发放率",
    op: "=",
    value: 100,
    unit: "%",
    actual: 100,
    weight: 10,
    self: 10,
  },
  {
    level1: "产出指标",
    level2: "时效指标",
    name: "发放及时率",
    op: "≥",
    value: "95",
    unit: "%",
    actual: 90,
    weight: 20,
    self: 20,
    reason: "部分受奖人员材料补正耗时较长，发放略有延后；将简化审核流程，提前收集材料",
  },
  {
    level1: "产出指标",
    level2: "时效指标",
    name: "奖励审核办理时长",
    op: "≤",
    value: 72,
    unit: "小时",
    actual: 48,
    weight: 10,
    self: 10,
  },
  {
    level1: "效益指标",
    level2: "社会效益指标",
    name: "弘扬见义勇为精神宣传报道",
    op: "≥",
    value: 3,
    unit: "篇",
    actual: 4,
    weight: 10,
    self: 10,
  },
  {
    level1: "效益指标",
    level2: "社会效益指标",
    name: "群众对见义勇为政策知晓率",
    op: "＞",
    value: 80,
    unit: "%",
    actual: 85,
    weight: 10,
    self: 10,
  },
  {
    level1: "效益指标",
    level2: "可持续影响指标",
    name: "见义勇为社会氛围",
    op: "",
    value: "持续向好",
    unit: "",
    actual: "持续向好",
    weight: 10,
    self: 10,
  },
  {
    level1: "满意度指标",
    level2: "服务对象满意度指标",
    name: "受奖人员满意度",
    op: "≥",
    value: 90,
    unit: "%",
    actual: 96,
    weight: 6,
    self: 6,
  },
  {
    level1: "满意度指标",
    level2: "服务对象满意度指标",
    name: "受奖人员投诉率",
    op: "＜",
    value: 5,
    unit: "%",
    actual: 0,
    weight: 4,
    self: 4,
  },
];

const joinTarget = (r: IndicatorRow) => `${r.op}${r.value}${r.unit}`;
const joinActual = (r: IndicatorRow) => `${r.actual}${r.unit}`;

/** A budget block's headings after its label column (资金类别 in the export, the rows' labels in the forms). */
const BUDGET_HEADINGS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"];

/** A budget block's first row: its label, then 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分. */
const budgetLine = (label: string, f: BudgetFigures) => [
  label,
  f.initial,
  f.full,
  f.spent,
  f.max,
  f.rate,
  f.score,
];

/**
 * States a budget block whose header is row `header`: its first row below the header holds 年初预算数 in column
 * `col`, 全年预算数 and 全年执行数 after it and 得分 three columns further; its rows run down to `last`.
 */
function stateBudget(
  expected: Expected,
  sheet: string,
  header: number,
  last: number,
  col: number,
  f: BudgetFigures
) {
  const at = (c: number) => ({ sheet, cell: addr(header + 1, c) });
  expected.inputs.projectBudgetInitial = { ...at(col), value: f.initial };
  expected.inputs.projectBudget = { ...at(col + 1), value: f.full };
  expected.inputs.projectSpent = { ...at(col + 2), value: f.spent };
  expected.selfScores.execution = { ...at(col + 5), value: f.score };
  expected.tables.push({
    kind: "budget",
    sheet,
    headerRows: [header],
    firstRow: header + 1,
    lastRow: last,
  });
}

/**
 * The statement of the 绩效指标 row `r` written on sheet row `row`: its name in column `cols.name`, its target and
 * actual joined from the columns `cols.target` / `cols.actual`, 分值, 得分 and 偏差原因 in column `cols.weight` and
 * the two after it.
 */
function stateRow(
  sheet: string,
  row: number,
  r: IndicatorRow,
  cols: { name: number; target: number[]; actual: number[]; weight: number }
): ExpectedTableRow {
  return {
    cell: { sheet, cell: addr(row, cols.name) },
    name: r.name,
    group: `${r.level1} · ${r.level2}`,
    target: joinTarget(r),
    actual: joinActual(r),
    weight: r.weight,
    selfScore: r.self,
    ...(r.reason ? { reason: r.reason } : {}),
    sources: {
      target: cols.target.map((c) => addr(row, c)),
      actual: cols.actual.map((c) => addr(row, c)),
      weight: addr(row, cols.weight),
      selfScore: addr(row, cols.weight + 1),
      ...(r.reason ? { reason: addr(row, cols.weight + 2) } : {}),
    },
  };
}

/**
 * What differs between the printed forms of 财预〔2020〕10号 — the 项目支出 and the 部门整体支出绩效自评表 — which
 * `writePrintedForm` lays out alike over columns A:I: the title (the sheet's name) and （2023年度） in rows 1–2,
 * `head` from row 3, the budget block right below it, 年度总体目标 (two rows), the 绩效指标 block, 总分.
 */
interface PrintedForm {
  sheet: string;
  /** Row 3 down to the row above the budget block, cell by cell (merged ranges by their range) as written. */
  head: FormCell[];
  /** The cells of `head` that print the department's name and (项目支出 only) the project's. */
  departmentCell: string;
  projectCell?: string;
  /** Cells of `head` [row, column] aligned left over the frame, and [row, first column, last column] set bold. */
  headLeft?: [number, number][];
  headBold?: [number, number, number][];
  budget: {
    /** The block's label, in column A merged down the block. */
    label: string;
    /** The label of its first row, which carries the figures. */
    total: string;
    figures: BudgetFigures;
    /** The rows below: label, 年初预算数, 全年预算数, 全年执行数 (分值 / 执行率 / 得分 are printed "—"). */
    splits: (string | number | null)[][];
  };
  /**
   * 年度总体目标: the 预期目标 and 实际完成情况 texts, the height of their row, and whether the two headings are bold
   * (the 部门整体 form's are, the 项目 form's not).
   */
  goals: { expected: string; actual: string; height: number; boldHeadings?: boolean };
  rows: IndicatorRow[];
  widths: number[];
}

/**
 * Writes a printed form on its own sheet and states what a reader finds in it: the head's names, the budget block's
 * figures, the 绩效指标 rows (their target and actual joined: `≥95%`, `90%`), 总分 = the budget's 得分 + the rows'.
 */
function writePrintedForm(form: PrintedForm): BuiltWorkbook {
  const { sheet, budget, goals, rows } = form;
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheet);
  const expected = emptyExpected("project");
  const at = (cell: string) => ({ sheet, cell });
  const named = (cell: string) => ({ ...at(cell), text: ws.getCell(cell).value as string });

  title(ws, sheet, "A1:I1");
  put(ws, [["A2:I2", "（2023年度）"]]);
  ws.getCell("A2").alignment = { horizontal: "center" };
  put(ws, form.head);
  if (form.projectCell) expected.project = named(form.projectCell);
  expected.department = named(form.departmentCell);

  // The budget block, its label merged down column A: its rows are written from column B (writing A6 under the
  // merge A5:A9 would write A5).
  const top = 1 + Math.max(...form.head.map(([range]) => Number(/\d+$/.exec(range)![0])));
  const lines = [
    budgetLine(budget.total, budget.figures),
    ...budget.splits.map((split) => [...split, "—", "—", "—"]),
  ];
  const bottom = top + lines.length;
  ws.getCell(top, 1).value = budget.label;
  ws.mergeCells(top, 1, bottom, 1);
  BUDGET_HEADINGS.forEach((v, i) => (ws.getCell(top, 3 + i).value = v));
  lines.forEach((values, i) =>
    values.forEach((v, j) => (ws.getCell(top + 1 + i, 2 + j).value = v))
  );
  ws.getCell(top + 1, 7).numFmt = "0.00%";
  stateBudget(expected, sheet, top, bottom, 3, budget.figures);

  // 年度总体目标.
  const goal = bottom + 1;
  put(ws, [
    [`A${goal}:A${goal + 1}`, "年度总体目标"],
    [`B${goal}:E${goal}`, "预期目标"],
    [`F${goal}:I${goal}`, "实际完成情况"],
    [`B${goal + 1}:E${goal + 1}`, goals.expected],
    [`F${goal + 1}:I${goal + 1}`, goals.actual],
  ]);

  // The 绩效指标 block.
  const header = goal + 2;
  const first = header + 1;
  const last = first + rows.length - 1;
  ws.getCell(header, 1).value = "绩效指标";
  ws.mergeCells(header, 1, last, 1);
  [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
  ].forEach((v, i) => (ws.getCell(header, 2 + i).value = v));
  labelRuns(
    ws,
    first,
    rows.map((r) => r.level1),
    2
  );
  labelRuns(
    ws,
    first,
    rows.map((r) => `${r.level1}/${r.level2}`),
    3,
    (k) => k.split("/")[1]
  );
  rows.forEach((r, i) => {
    const row = first + i;
    ws.getCell(row, 4).value = r.name;
    ws.getCell(row, 5).value = joinTarget(r);
    ws.getCell(row, 6).value = joinActual(r);
    ws.getCell(row, 7).value = r.weight;
    ws.getCell(row, 8).value = r.self;
    if (r.reason) ws.getCell(row, 9).value = r.reason;
    expected.tableRows.push(
      stateRow(sheet, row, r, { name: 4, target: [5], actual: [6], weight: 7 })
    );
  });
  expected.tables.push({
    kind: "indicators",
    sheet,
    headerRows: [header],
    firstRow: first,
    lastRow: last,
  });

  const total = last + 1;
  const selfTotal = round2(budget.figures.score + rows.reduce((s, r) => s + r.self, 0));
  ws.getCell(total, 1).value = "总分";
  ws.mergeCells(total, 1, total, 6);
  ws.getCell(total, 7).value = 100;
  ws.getCell(total, 8).value = selfTotal;
  expected.selfTotal = { ...at(addr(total, 8)), value: selfTotal };

  frame(ws, 3, 1, total, 9);
  for (const [r, c] of form.headLeft ?? []) alignLeft(ws, r, c);
  for (const c of [2, 6]) alignLeft(ws, goal + 1, c);
  for (let r = first; r <= last; r++) alignLeft(ws, r, 9);
  ws.getRow(goal + 1).height = goals.height;
  for (const [r, left, right] of form.headBold ?? []) bold(ws, r, left, right);
  bold(ws, top, 3, 8);
  if (goals.boldHeadings) bold(ws, goal, 2, 6);
  bold(ws, header, 2, 9);
  widths(ws, form.widths);
  return { workbook, expected };
}

/**
 * The 财预〔2020〕10号 form: title, 项目名称 / 主管部门 / 实施单位, the budget block (项目资金（万元） merged down
 * A5:A9), 年度总体目标, the 绩效指标 block (绩效指标 merged down column A, 一级 / 二级 merged over their runs), 总分.
 */
export const buildProjectForm: DepartmentBuilder = () =>
  writePrintedForm({
    sheet: PROJECT_SHEET,
    head: [
      ["A3", "项目名称"],
      ["B3:I3", PROJECT_NAME],
      ["A4", "主管部门"],
      ["B4:E4", PROJECT_DEPARTMENT],
      ["F4", "实施单位"],
      ["G4:I4", PROJECT_DEPARTMENT],
    ],
    projectCell: "B3",
    departmentCell: "B4",
    budget: {
      label: "项目资金（万元）",
      total: "年度资金总额",
      figures: BUDGET,
      splits: [
        ["其中：当年财政拨款", BUDGET.initial, BUDGET.full, BUDGET.spent],
        ["上年结转资金", 0, 0, 0],
        ["其他资金", null, null, null],
      ],
    },
    goals: {
      expected:
        "按规定向符合条件的见义勇为人员及时足额发放奖励金，弘扬见义勇为精神，营造良好社会氛围。",
      actual:
        "全年向2名见义勇为人员发放奖励金，宣传报道4篇，受奖人员满意度96%，基本实现设定的绩效目标。",
      height: 48,
    },
    rows: PROJECT_ROWS,
    widths: [12, 18, 18, 24, 12, 12, 10, 10, 36],
  });

/**
 * The export's 预算执行情况 sheet: the header `资金类别 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分`,
 * the total's row (`label`) with its 分值 / 执行率 / 得分, then the splits with their three figures only.
 */
function writeExportBudget(
  workbook: ExcelJS.Workbook,
  expected: Expected,
  sheet: string,
  label: string,
  figures: BudgetFigures,
  splits: [string, number, number, number][]
) {
  const ws = workbook.addWorksheet(sheet);
  ws.addRow(["资金类别", ...BUDGET_HEADINGS]);
  ws.addRow(budgetLine(label, figures));
  for (const split of splits) ws.addRow(split);
  ws.getCell("F2").numFmt = "0.00%";
  widths(ws, [16, 12, 12, 12, 8, 10, 8]);
  stateBudget(expected, sheet, 1, 2 + splits.length, 2, figures);
}

/**
 * The export's 绩效指标 sheet: 一级 / 二级 repeated on every row, the target over 计算符号 (blank for a qualitative
 * target) / 指标值 / 计量单位, 实际完成值 a bare number in the row's unit; no total.
 */
function writeExportTable(
  workbook: ExcelJS.Workbook,
  expected: Expected,
  sheet: string,
  rows: IndicatorRow[]
) {
  const ws = workbook.addWorksheet(sheet);
  ws.addRow([
    "一级指标",
    "二级指标",
    "三级指标",
    "计算符号",
    "指标值",
    "计量单位",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
  ]);
  rows.forEach((r, i) => {
    const row = 2 + i;
    ws.addRow([
      r.level1,
      r.level2,
      r.name,
      r.op || null,
      r.value,
      r.unit || null,
      r.actual,
      r.weight,
      r.self,
      r.reason ?? null,
    ]);
    expected.tableRows.push(
      stateRow(sheet, row, r, { name: 3, target: [4, 5, 6], actual: [7, 6], weight: 8 })
    );
  });
  widths(ws, [12, 18, 26, 10, 10, 10, 12, 8, 8, 40]);
  expected.tables.push({
    kind: "indicators",
    sheet,
    headerRows: [1],
    firstRow: 2,
    lastRow: 1 + rows.length,
  });
}

/**
 * The same self-evaluation as the 预算管理一体化 system exports it: no title, no merges, no total row; 预算执行情况
 * (资金类别 and the budget figures) and 绩效指标 (一级 / 二级 repeated on every row, the target over 计算符号 /
 * 指标值 / 计量单位, 实际完成值 a bare number in the row's unit).
 */
export const buildProjectSystemExport: DepartmentBuilder = () => {
  const workbook = new ExcelJS.Workbook();
  const expected = emptyExpected("project");
  writeExportBudget(workbook, expected, PROJECT_EXPORT_BUDGET_SHEET, "年度资金总额", BUDGET, [
    ["当年财政拨款", BUDGET.initial, BUDGET.full, BUDGET.spent],
    ["其他资金", 0, 0, 0],
  ]);
  writeExportTable(workbook, expected, PROJECT_EXPORT_TABLE_SHEET, PROJECT_ROWS);
  return { workbook, expected };
};

// ---------------------------------------------------------------------------------------------------------------
// 6 and 7. The 部门整体支出绩效自评表 of 财预〔2020〕10号, scored under the project framework, as the form and as the
// system exports it
// ---------------------------------------------------------------------------------------------------------------

export const DEPARTMENT_FORM_SHEET = "部门整体支出绩效自评表";
export const DEPARTMENT_EXPORT_INFO_SHEET = "基本信息";
export const DEPARTMENT_EXPORT_BUDGET_SHEET = "部门整体支出预算执行情况";
export const DEPARTMENT_EXPORT_TABLE_SHEET = "部门整体绩效指标";
export const DEPARTMENT_FORM_DEPARTMENT = "某某区公安分局";

/**
 * 年度总支出: 年初预算数, 全年预算数, 全年执行数 (万元), 分值, 执行率 5480 / 5600 = 0.9786, 得分 = min(1, 执行率) × 10.
 */
const DEPARTMENT_BUDGET: BudgetFigures = {
  initial: 5000,
  full: 5600,
  spent: 5480,
  max: 10,
  rate: 0.9786,
  score: 9.79,
};

/**
 * The splits of 年度总支出 by 收入性质 and by 支出性质: 年初预算数, 全年预算数, 全年执行数 each; each pair of rows adds
 * up to the total. The form prints both (the first row of each pair prefixed 按收入性质分： / 按支出性质分：), the
 * system's export the split by 支出性质 only.
 */
const DEPARTMENT_BY_INCOME: [string, number, number, number][] = [
  ["一般公共预算", 4600, 5100, 4990],
  ["政府性基金预算", 400, 500, 490],
];
const DEPARTMENT_BY_NATURE: [string, number, number, number][] = [
  ["基本支出", 3200, 3300, 3290],
  ["项目支出", 1800, 2300, 2190],
];

/** A pair of split rows as the form prints them: the first row's label prefixed with the split's heading. */
const headed = (heading: string, rows: [string, number, number, number][]) =>
  rows.map(([label, ...figures], i) => [i ? label : `${heading}${label}`, ...figures]);

const DEPARTMENT_TASKS: [string, string][] = [
  ["打击违法犯罪", "依法严厉打击各类刑事犯罪和电信网络诈骗，提升破案率，压降刑事警情。"],
  ["社会治安防控", "完善立体化社会治安防控体系，做好接处警和重点场所巡逻防控，提升群众安全感。"],
];

/**
 * 产出 50, 效益 30, 满意度 10. 城区接警到达现场时间 missed its ≤ target (12 分钟 against ≤10 分钟): the ratio rule
 * gives 10 × 10 / 12 = 8.33, the department gave itself the full 10. The form prints each target and actual joined
 * (`≥1200起`, `1350起`); the export types 群众安全感's 指标值 as the text "95".
 */
const DEPARTMENT_ROWS: IndicatorRow[] = [
  {
    level1: "产出指标",
    level2: "数量指标",
    name: "刑事案件破案数",
    op: "≥",
    value: 1200,
    unit: "起",
    actual: 1350,
    weight: 15,
    self: 15,
  },
  {
    level1: "产出指标",
    level2: "质量指标",
    name: "110警情处置率",
    op: "=",
    value: 100,
    unit: "%",
    actual: 100,
    weight: 10,
    self: 10,
  },
  {
    level1: "产出指标",
    level2: "时效指标",
    name: "城区接警到达现场时间",
    op: "≤",
    value: 10,
    unit: "分钟",
    actual: 12,
    weight: 10,
    self: 10,
    reason: "城区交通高峰期拥堵，部分警情出警到达延后；将优化巡逻布点，推行就近派警",
  },
  {
    level1: "产出指标",
    level2: "成本指标",
    name: "公用经费支出",
    op: "≤",
    value: 850,
    unit: "万元",
    actual: 832,
    weight: 15,
    self: 15,
  },
  {
    level1: "效益指标",
    level2: "社会效益指标",
    name: "刑事警情同比下降率",
    op: "≥",
    value: 5,
    unit: "%",
    actual: 8.2,
    weight: 15,
    self: 15,
  },
  {
    level1: "效益指标",
    level2: "社会效益指标",
    name: "群众安全感",
    op: "≥",
    value: "95",
    unit: "%",
    actual: 97.1,
    weight: 10,
    self: 10,
  },
  {
    level1: "效益指标",
    level2: "可持续影响指标",
    name: "平安建设长效机制",
    op: "",
    value: "持续完善",
    unit: "",
    actual: "持续完善",
    weight: 5,
    self: 5,
  },
  {
    level1: "满意度指标",
    level2: "服务对象满意度指标",
    name: "群众对公安工作满意度",
    op: "≥",
    value: 90,
    unit: "%",
    actual: 95.3,
    weight: 10,
    self: 10,
  },
];

/**
 * The 财预〔2020〕10号 department-wide form: title, 部门（单位）名称, 年度主要任务 (A4:A6: 任务名称 / 主要内容 and two
 * tasks), the budget block (年度部门整体支出预算执行情况（万元） merged down A7:A12: 年度总支出, then 按收入性质分 and
 * 按支出性质分), 年度总体目标, the 绩效指标 block (绩效指标 merged down column A, 一级 / 二级 merged over their runs),
 * 总分 = the budget's 得分 + the rows' 得分.
 */
export const buildDepartmentForm: DepartmentBuilder = () =>
  writePrintedForm({
    sheet: DEPARTMENT_FORM_SHEET,
    head: [
      ["A3", "部门（单位）名称"],
      ["B3:I3", DEPARTMENT_FORM_DEPARTMENT],
      // 年度主要任务: 任务名称 over B:C, 主要内容 over D:I.
      ["A4:A6", "年度主要任务"],
      ...[["任务名称", "主要内容"], ...DEPARTMENT_TASKS].flatMap(
        ([name, content], i): FormCell[] => [
          [`B${4 + i}:C${4 + i}`, name],
          [`D${4 + i}:I${4 + i}`, content],
        ]
      ),
    ],
    departmentCell: "B3",
    // The tasks' contents aligned left; 任务名称 / 主要内容 bold.
    headLeft: [
      [5, 4],
      [6, 4],
    ],
    headBold: [[4, 2, 4]],
    budget: {
      label: "年度部门整体支出预算执行情况（万元）",
      total: "年度总支出",
      figures: DEPARTMENT_BUDGET,
      splits: [
        ...headed("按收入性质分：", DEPARTMENT_BY_INCOME),
        ...headed("按支出性质分：", DEPARTMENT_BY_NATURE),
      ],
    },
    goals: {
      expected:
        "严厉打击违法犯罪，完善社会治安防控体系，提升接处警效率，增强群众安全感和满意度，全年支出控制在预算以内。",
      actual:
        "全年破获刑事案件1350起，110警情全部处置，刑事警情同比下降8.2%，群众安全感97.1%、满意度95.3%；城区接警到达现场时间12分钟，未达到目标。",
      height: 60,
      boldHeadings: true,
    },
    rows: DEPARTMENT_ROWS,
    widths: [14, 26, 18, 24, 12, 12, 10, 10, 36],
  });

/**
 * The same department-wide self-evaluation as the 预算管理一体化 system exports it, flat as the project export: no
 * title, no merges, no total row; 基本信息 (`部门名称 | 某某区公安分局` in A1:B1), 部门整体支出预算执行情况 (年度总支出,
 * then 基本支出 and 项目支出) and 部门整体绩效指标 (the form's rows, the target over 计算符号 / 指标值 / 计量单位).
 */
export const buildDepartmentSystemExport: DepartmentBuilder = () => {
  const workbook = new ExcelJS.Workbook();
  const expected = emptyExpected("project");

  const info = workbook.addWorksheet(DEPARTMENT_EXPORT_INFO_SHEET);
  info.addRow(["部门名称", DEPARTMENT_FORM_DEPARTMENT]);
  widths(info, [12, 24]);
  expected.department = {
    sheet: DEPARTMENT_EXPORT_INFO_SHEET,
    cell: "B1",
    text: DEPARTMENT_FORM_DEPARTMENT,
  };

  writeExportBudget(
    workbook,
    expected,
    DEPARTMENT_EXPORT_BUDGET_SHEET,
    "年度总支出",
    DEPARTMENT_BUDGET,
    DEPARTMENT_BY_NATURE
  );
  writeExportTable(workbook, expected, DEPARTMENT_EXPORT_TABLE_SHEET, DEPARTMENT_ROWS);
  return { workbook, expected };
};

// ---------------------------------------------------------------------------------------------------------------
// All of them
// ---------------------------------------------------------------------------------------------------------------

/** Every department workbook, by the file name examples/ gives it. */
export const ALL_DEPARTMENT_WORKBOOKS: { file: string; build: DepartmentBuilder }[] = [
  { file: "深圳-评分表.xlsx", build: buildShenzhenScoreSheet },
  { file: "深圳-评分表-未匹配行.xlsx", build: buildShenzhenWithUnmatched },
  { file: "广州-自评表.xlsx", build: buildGuangzhouSelfEvaluation },
  { file: "广州-自评表-绩效指标.xlsx", build: buildGuangzhouWithTable },
  { file: "项目-自评表.xlsx", build: buildProjectForm },
  { file: "项目-一体化导出.xlsx", build: buildProjectSystemExport },
  { file: "部门整体-自评表.xlsx", build: buildDepartmentForm },
  { file: "部门整体-一体化导出.xlsx", build: buildDepartmentSystemExport },
];
