/**
 * The department workbooks of test/support/departmentWorkbooks.ts: after a round trip through a file, every cell
 * their `Expected` names holds the stated value or text (so the statements cannot drift from the workbooks),
 * the merges are where the layouts put them, a formula's cached result is what LibreOffice computes, and each
 * committed examples/*.xlsx holds the same cell values as its builder writes.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import {
  ALL_DEPARTMENT_WORKBOOKS,
  buildDepartmentForm,
  buildDepartmentSystemExport,
  buildGuangzhouSelfEvaluation,
  buildGuangzhouWithTable,
  buildProjectForm,
  buildProjectSystemExport,
  buildShenzhenScoreSheet,
  buildShenzhenWithUnmatched,
  type BuiltWorkbook,
  type CellRef,
  type DepartmentBuilder,
  type Expected,
  type TextCell,
} from "./support/departmentWorkbooks";
import { writeSeed001Workbook } from "./support/seed001Workbook";
import { SEED001_TEMPLATE_EXAMPLE, writeSeed001Template } from "./support/seed001Template";
import { readWorkbook } from "../src/hosts/xlsx";
import { recomputeWorkbook } from "../src/workbook/recompute";
import { recalculate } from "./support/libreoffice";

const EXAMPLES = join(__dirname, "..", "examples");
const SEED001_EXAMPLE = "深圳-seed001.xlsx";

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "selfeval-departments-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The builder's workbook written to a file and read back. */
async function roundTrip(
  build: DepartmentBuilder,
  file: string
): Promise<{ workbook: ExcelJS.Workbook; expected: Expected }> {
  const built: BuiltWorkbook = build();
  const path = join(dir, file);
  await built.workbook.xlsx.writeFile(path);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return { workbook, expected: built.expected };
}

function cellOf(workbook: ExcelJS.Workbook, ref: CellRef): ExcelJS.Cell {
  const ws = workbook.getWorksheet(ref.sheet);
  if (!ws) throw new Error(`no sheet ${ref.sheet}`);
  return ws.getCell(ref.cell);
}

/** A cell's value as the engine reads a score: a number, a formula's result, or text such as "0.5" / "5分". */
function numberIn(cell: ExcelJS.Cell): number | undefined {
  const v = cell.value;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = Number(v.trim().replace(/分$/, ""));
    return Number.isFinite(n) && v.trim() !== "" ? n : undefined;
  }
  if (v && typeof v === "object" && "result" in v && typeof v.result === "number") return v.result;
  return undefined;
}

/** A cell's text (a number as its digits; blank as ""). */
function textIn(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "string") return String(v);
  throw new Error(`${cell.address} holds ${JSON.stringify(v)}, not text`);
}

const merges = (workbook: ExcelJS.Workbook, sheet: string) =>
  [...(workbook.getWorksheet(sheet)!.model as { merges: string[] }).merges].sort();

const BUILDERS: [string, DepartmentBuilder][] = ALL_DEPARTMENT_WORKBOOKS.map((w) => [
  w.file,
  w.build,
]);

describe.each(BUILDERS)("%s: every expected cell holds what Expected states", (file, build) => {
  let workbook: ExcelJS.Workbook;
  let expected: Expected;
  beforeAll(async () => ({ workbook, expected } = await roundTrip(build, file)));

  it("self scores, the total and the inputs are the stated numbers", () => {
    const numbers = [
      ...Object.values(expected.selfScores),
      ...Object.values(expected.inputs),
      ...(expected.selfTotal ? [expected.selfTotal] : []),
    ];
    expect(numbers.length).toBeGreaterThan(0);
    for (const ref of numbers)
      expect([ref.sheet, ref.cell, numberIn(cellOf(workbook, ref))]).toEqual([
        ref.sheet,
        ref.cell,
        ref.value,
      ]);
  });

  it("names, reasons, unmatched rows, notes, the department, the project and the grade are the stated texts", () => {
    const texts = [
      ...Object.values(expected.names),
      ...Object.values(expected.reasons),
      ...expected.unmatched,
      ...expected.notes,
      ...(expected.department ? [expected.department] : []),
      ...(expected.project ? [expected.project] : []),
      ...(expected.grade ? [expected.grade] : []),
    ];
    for (const ref of texts)
      expect([ref.sheet, ref.cell, textIn(cellOf(workbook, ref))]).toEqual([
        ref.sheet,
        ref.cell,
        ref.text,
      ]);
  });

  it("each 绩效指标 row's name, joined target and actual, weight, score and reason come from its cells", () => {
    for (const row of expected.tableRows) {
      const sheet = row.cell.sheet;
      const at = (cell: string) => cellOf(workbook, { sheet, cell });
      const join = (cells: string[]) => cells.map((c) => textIn(at(c))).join("");
      expect(textIn(cellOf(workbook, row.cell))).toBe(row.name);
      expect(join(row.sources.target)).toBe(row.target);
      expect(join(row.sources.actual)).toBe(row.actual);
      if (row.weight !== undefined) expect(numberIn(at(row.sources.weight!))).toBe(row.weight);
      if (row.selfScore !== undefined)
        expect(numberIn(at(row.sources.selfScore!))).toBe(row.selfScore);
      expect(row.sources.reason ? textIn(at(row.sources.reason)) : undefined).toBe(row.reason);
      // Every source cell is on the row of the name.
      const rowNumber = (a: string) => a.replace(/^[A-Z]+/, "");
      for (const c of [...row.sources.target, ...row.sources.actual])
        expect(rowNumber(c)).toBe(rowNumber(row.cell.cell));
    }
  });

  it("each table's header rows hold header words and its body follows them", () => {
    expect(expected.tables.length).toBeGreaterThan(0);
    for (const table of expected.tables) {
      const ws = workbook.getWorksheet(table.sheet)!;
      expect(table.headerRows.length).toBeGreaterThanOrEqual(1);
      expect(table.headerRows.length).toBeLessThanOrEqual(2);
      expect(table.firstRow).toBe(table.headerRows[table.headerRows.length - 1] + 1);
      for (const r of table.headerRows) {
        const words: string[] = [];
        ws.getRow(r).eachCell((cell) => {
          if (typeof cell.value === "string" && !cell.isMerged) words.push(cell.value);
          else if (typeof cell.value === "string" && cell.master.address === cell.address)
            words.push(cell.value);
        });
        expect(words.length).toBeGreaterThanOrEqual(2);
      }
      expect(table.lastRow).toBeGreaterThanOrEqual(table.firstRow);
    }
  });

  it("names every sheet it points to, and only ids and input keys of its framework's preset", () => {
    const sheets = new Set(workbook.worksheets.map((w) => w.name));
    const refs: { sheet: string }[] = [
      ...Object.values(expected.selfScores),
      ...Object.values(expected.inputs),
      ...Object.values(expected.names),
      ...expected.tableRows.map((r) => r.cell),
      ...expected.tables,
    ];
    for (const ref of refs) expect(sheets).toContain(ref.sheet);
    expect(["shenzhen", "guangzhou", "project"]).toContain(expected.framework);
    const preset = JSON.parse(
      readFileSync(
        join(
          __dirname,
          "..",
          "src",
          "domain",
          "frameworks",
          "presets",
          `${expected.framework}.json`
        ),
        "utf8"
      )
    ) as { inputs: { key: string }[]; indicators: { id: string }[] };
    const ids = preset.indicators.map((i) => i.id);
    for (const id of [
      ...Object.keys(expected.selfScores),
      ...Object.keys(expected.names),
      ...Object.keys(expected.reasons),
    ])
      expect(ids).toContain(id);
    for (const key of Object.keys(expected.inputs))
      expect(preset.inputs.map((i) => i.key)).toContain(key);
  });
});

describe("the layouts", () => {
  it("深圳 评分表: two header rows in another order, 21 indicators, text scores, SUM over them, 填表人 below", async () => {
    const { workbook, expected } = await roundTrip(buildShenzhenScoreSheet, "sz.xlsx");
    const sheet = "部门整体支出绩效评分表";
    const ws = workbook.getWorksheet(sheet)!;
    expect(workbook.worksheets.map((w) => w.name)).toEqual([sheet, "封面"]);
    expect(expected.framework).toBe("shenzhen");
    expect(expected.tables).toEqual([
      { kind: "scores", sheet, headerRows: [3, 4], firstRow: 5, lastRow: 25 },
    ]);
    expect(ws.getCell("A1").value).toBe("2024年度部门整体支出绩效评分表");
    expect(["A2", "B2"].map((a) => ws.getCell(a).value)).toEqual([
      "部门（单位）名称：",
      "深圳市某某局",
    ]);
    expect(["A3", "D3", "E3", "F3", "G3"].map((a) => ws.getCell(a).value)).toEqual([
      "评价指标",
      "自评得分",
      "扣分说明",
      "分值",
      "评分标准",
    ]);
    expect(["A4", "B4", "C4"].map((a) => ws.getCell(a).value)).toEqual([
      "一级指标",
      "二级指标",
      "三级指标",
    ]);
    expect(merges(workbook, sheet)).toEqual(
      [
        "A1:G1",
        "A3:C3",
        "D3:D4",
        "E3:E4",
        "F3:F4",
        "G3:G4",
        "A5:A8",
        "A9:A18",
        "A19:A25",
        "B5:B6",
        "B7:B8",
        "B9:B11",
        "B12:B13",
        "B14:B15",
        "B16:B17",
        "B20:B22",
        "B24:B25",
        "A26:C26",
      ].sort()
    );
    expect(Object.keys(expected.selfScores)).toHaveLength(21);
    expect(ws.getCell("D17").value).toBe("0.5");
    expect(expected.selfScores.contractStaffControl).toEqual({ sheet, cell: "D17", value: 0.5 });
    expect(ws.getCell("D6").value).toBe("5分");
    expect(expected.selfScores.budgetCompliance).toEqual({ sheet, cell: "D6", value: 5 });
    expect(expected.names.disclosure.text).toBe("预决算信息公开情况");
    expect(expected.names.satisfaction.text).toBe("公众（服务对象）满意度");
    expect(expected.names.budgetRationality.text).toBe("预算编制\n合理性");
    expect(Object.keys(expected.reasons)).toHaveLength(2);
    for (let r = 5; r <= 25; r++) expect(typeof ws.getCell(r, 7).value).toBe("string");
    // The total is SUM(D5:D25), which skips the two scores typed as text: 96.48 − 5.5.
    expect(ws.getCell("D26").value).toEqual({ formula: "SUM(D5:D25)", result: 90.98 });
    const rows = Object.values(expected.selfScores).reduce((s, r) => s + r.value, 0);
    expect(Math.round(rows * 100) / 100).toBe(96.48);
    expect(expected.selfTotal).toEqual({ sheet, cell: "D26", value: 90.98 });
    expect(ws.getCell("A28").value).toBe("填表人：张三    联系电话：0755-12345678");
    expect(workbook.getWorksheet("封面")!.getCell("A1").value).toBe(
      "2024年度部门整体支出绩效自评报告"
    );
    expect(expected.unmatched).toEqual([]);
    expect(expected.tableRows).toEqual([]);
  });

  it("深圳 with an unmatched row and a note row inside the table", async () => {
    const { workbook, expected } = await roundTrip(buildShenzhenWithUnmatched, "sz-unmatched.xlsx");
    const sheet = "部门整体支出绩效评分表";
    const ws = workbook.getWorksheet(sheet)!;
    expect(expected.unmatched).toEqual([{ sheet, cell: "C15", text: "办公用房管理" }]);
    expect([ws.getCell("F15").value, numberIn(ws.getCell("D15"))]).toEqual([1, 1]);
    expect(expected.selfScores.fixedAssetUse).toBeUndefined();
    expect(Object.keys(expected.selfScores)).toHaveLength(20);
    expect(expected.notes).toEqual([{ sheet, cell: "A19", text: "注：本表由财务科填报" }]);
    expect(["D19", "F19"].map((a) => ws.getCell(a).value)).toEqual([
      "注：本表由财务科填报",
      "注：本表由财务科填报",
    ]); // merged: master's text
    expect(merges(workbook, sheet)).toEqual(
      expect.arrayContaining([
        "A5:A8",
        "A9:A18",
        "A19:G19",
        "A20:A26",
        "B21:B23",
        "B25:B26",
        "A27:C27",
      ])
    );
    expect(expected.selfScores.costControl.cell).toBe("D20");
    expect(expected.selfTotal).toEqual({ sheet, cell: "D27", value: 90.98 });
    expect(ws.getCell("D27").value).toEqual({ formula: "SUM(D5:D26)", result: 90.98 });
    expect(expected.tables[0]).toEqual({
      kind: "scores",
      sheet,
      headerRows: [3, 4],
      firstRow: 5,
      lastRow: 26,
    });
  });

  it("广州 自评表: 一级 / 分值 / 二级 / 分值 / 自评得分 / 扣分原因, 总分 98, 评价等级 优", async () => {
    const { workbook, expected } = await roundTrip(buildGuangzhouSelfEvaluation, "gz.xlsx");
    const sheet = "自评表";
    const ws = workbook.getWorksheet(sheet)!;
    expect(workbook.worksheets.map((w) => w.name)).toEqual([sheet]);
    expect(expected.framework).toBe("guangzhou");
    expect(ws.getRow(3).values).toEqual([
      undefined,
      "一级指标",
      "分值",
      "二级指标",
      "分值",
      "自评得分",
      "扣分原因",
    ]);
    expect(ws.getRow(4).values).toEqual([undefined, "履职效能", 50, "年度主要工作任务", 50, 50]);
    expect(merges(workbook, sheet)).toEqual(["A1:F1", "A5:A11", "B5:B11"]);
    expect(ws.getCell("B5").value).toBe(50);
    expect(
      Object.fromEntries(
        Object.entries(expected.selfScores).map(([id, r]) => [id, [r.cell, r.value]])
      )
    ).toEqual({
      dutyPerformance: ["E4", 50],
      budgetPreparation: ["E5", 3],
      budgetExecution: ["E6", 4],
      disclosure: ["E7", 3],
      performanceManagement: ["E8", 15],
      procurementManagement: ["E9", 9],
      assetManagement: ["E10", 10],
      runningCost: ["E11", 4],
    });
    expect(expected.reasons).toEqual({
      disclosure: { sheet, cell: "F7", text: "预算公开检查发现问题" },
      procurementManagement: { sheet, cell: "F9", text: "存在合同备案时间滞后情况" },
    });
    expect(expected.selfTotal).toEqual({ sheet, cell: "E12", value: 98 });
    expect([ws.getCell("A12").value, ws.getCell("B12").value]).toEqual(["总分", 100]);
    expect(expected.grade).toEqual({ sheet, cell: "E13", text: "优" });
    expect(ws.getCell("A13").value).toBe("评价等级");
    expect(expected.department).toEqual({ sheet, cell: "B2", text: "广州市花都区公安分局" });
  });

  it("广州 with seed 003's table: 年度主要工作任务 merged over its targets", async () => {
    const { workbook, expected } = await roundTrip(buildGuangzhouWithTable, "gz-table.xlsx");
    const ws = workbook.getWorksheet("绩效指标")!;
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["自评表", "绩效指标"]);
    expect(ws.getRow(2).values).toEqual([
      undefined,
      "年度主要工作任务",
      "年度绩效目标",
      "完成情况",
    ]);
    expect(merges(workbook, "绩效指标")).toEqual(
      ["A1:C1", "A3:A5", "A6:A7", "A8:A10", "A11:A12"].sort()
    );
    expect(expected.tableRows).toHaveLength(10);
    expect(expected.tableRows[0]).toMatchObject({
      cell: { sheet: "绩效指标", cell: "A3" },
      name: "强化重点场所与人员管控，维护社会治安稳定",
      target: "重点人员监控率 100%",
      actual: "重点人员监控率 100%",
    });
    expect(expected.tableRows[9].cell.cell).toBe("A12");
    expect(expected.tables.map((t) => [t.sheet, t.headerRows, t.firstRow, t.lastRow])).toEqual([
      ["自评表", [3], 4, 11],
      ["绩效指标", [2], 3, 12],
    ]);
  });
});

/** The budget headings after a block's label column(s). */
const BUDGET_HEADINGS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"];

type TableRow = Expected["tableRows"][number];

/** 分值 summed by 一级: 产出指标, 效益指标, 满意度指标. */
const weightsByLevel1 = (rows: TableRow[]) =>
  ["产出指标", "效益指标", "满意度指标"].map((group) =>
    rows.filter((r) => r.group!.startsWith(group)).reduce((s, r) => s + r.weight!, 0)
  );

/** The rows without where they stand: what a form and its export must share. */
const strip = (rows: TableRow[]) => rows.map(({ cell: _cell, sources: _sources, ...rest }) => rest);

/** The 财预〔2020〕10号 forms as each must come out. */
interface FormCase {
  build: DepartmentBuilder;
  file: string;
  sheet: string;
  /** Cells of the title and the head above the budget block, and their text. */
  head: Record<string, string>;
  department: TextCell;
  project?: TextCell;
  merges: string[];
  budget: {
    header: number;
    label: string;
    /** The first row, from column B: its label and figures. */
    first: (string | number)[];
    /** The labels of the rows below it. */
    splits: string[];
  };
  goals: number;
  indicators: { header: number; level2: string[] };
  late: { name: string; target: string; actual: string; weight: number };
  total: { row: number; value: number };
}

const FORMS: FormCase[] = [
  {
    build: buildProjectForm,
    file: "project.xlsx",
    sheet: "项目支出绩效自评表",
    head: {
      A1: "项目支出绩效自评表",
      A2: "（2023年度）",
      A3: "项目名称",
      B3: "见义勇为专项资金",
      A4: "主管部门",
      B4: "广州市越秀区公安分局",
      F4: "实施单位",
      G4: "广州市越秀区公安分局",
    },
    department: { sheet: "项目支出绩效自评表", cell: "B4", text: "广州市越秀区公安分局" },
    project: { sheet: "项目支出绩效自评表", cell: "B3", text: "见义勇为专项资金" },
    merges: [
      "A1:I1",
      "A2:I2",
      "B3:I3",
      "B4:E4",
      "G4:I4",
      "A5:A9",
      "A10:A11",
      "B10:E10",
      "F10:I10",
      "B11:E11",
      "F11:I11",
      "A12:A21",
      "B13:B16",
      "B17:B19",
      "B20:B21",
      "C15:C16",
      "C17:C18",
      "C20:C21",
      "A22:F22",
    ],
    budget: {
      header: 5,
      label: "项目资金（万元）",
      first: ["年度资金总额", 120, 150, 126.5, 10, 0.8433, 8.43],
      splits: ["其中：当年财政拨款", "上年结转资金", "其他资金"],
    },
    goals: 10,
    indicators: {
      header: 12,
      level2: [
        "数量指标",
        "质量指标",
        "时效指标",
        "时效指标",
        "社会效益指标",
        "社会效益指标",
        "可持续影响指标",
        "服务对象满意度指标",
        "服务对象满意度指标",
      ],
    },
    late: { name: "发放及时率", target: "≥95%", actual: "90%", weight: 20 },
    total: { row: 22, value: 98.43 },
  },
  {
    build: buildDepartmentForm,
    file: "department.xlsx",
    sheet: "部门整体支出绩效自评表",
    head: {
      A1: "部门整体支出绩效自评表",
      A2: "（2023年度）",
      A3: "部门（单位）名称",
      B3: "某某区公安分局",
      A4: "年度主要任务",
      B4: "任务名称",
      D4: "主要内容",
    },
    department: { sheet: "部门整体支出绩效自评表", cell: "B3", text: "某某区公安分局" },
    merges: [
      "A1:I1",
      "A2:I2",
      "B3:I3",
      "A4:A6",
      "B4:C4",
      "D4:I4",
      "B5:C5",
      "D5:I5",
      "B6:C6",
      "D6:I6",
      "A7:A12",
      "A13:A14",
      "B13:E13",
      "F13:I13",
      "B14:E14",
      "F14:I14",
      "A15:A23",
      "B16:B19",
      "B20:B22",
      "C20:C21",
      "A24:F24",
    ],
    budget: {
      header: 7,
      label: "年度部门整体支出预算执行情况（万元）",
      first: ["年度总支出", 5000, 5600, 5480, 10, 0.9786, 9.79],
      splits: [
        "按收入性质分：一般公共预算",
        "政府性基金预算",
        "按支出性质分：基本支出",
        "项目支出",
      ],
    },
    goals: 13,
    indicators: {
      header: 15,
      level2: [
        "数量指标",
        "质量指标",
        "时效指标",
        "成本指标",
        "社会效益指标",
        "社会效益指标",
        "可持续影响指标",
        "服务对象满意度指标",
      ],
    },
    // Missed its ≤ target: the ratio rule gives 10 × 10 / 12 = 8.33, the department 10.
    late: { name: "城区接警到达现场时间", target: "≤10分钟", actual: "12分钟", weight: 10 },
    total: { row: 24, value: 99.79 },
  },
];

describe.each(FORMS)("$sheet: the 财预〔2020〕10号 form", (form) => {
  const { sheet, budget, indicators } = form;
  const budgetLast = budget.header + 1 + budget.splits.length;
  let workbook: ExcelJS.Workbook;
  let expected: Expected;
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    ({ workbook, expected } = await roundTrip(form.build, form.file));
    ws = workbook.getWorksheet(sheet)!;
  });

  it("one sheet under the project framework: title, head, the names it states, its merges", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual([sheet]);
    expect(expected.framework).toBe("project");
    expect(Object.keys(form.head).map((a) => ws.getCell(a).value)).toEqual(
      Object.values(form.head)
    );
    expect(expected.department).toEqual(form.department);
    expect(expected.project).toEqual(form.project);
    expect(merges(workbook, sheet)).toEqual([...form.merges].sort());
  });

  it("the budget block: its label merged down column A, the first row's figures, the splits' dashes", () => {
    const top = budget.header + 1;
    expect(ws.getRow(budget.header).values).toEqual([
      undefined,
      budget.label,
      undefined,
      ...BUDGET_HEADINGS,
    ]);
    expect(ws.getRow(top).values).toEqual([undefined, budget.label, ...budget.first]);
    expect(ws.getCell(top, 7).numFmt).toBe("0.00%");
    // 执行率 and 得分 as the department wrote them are the rule's: 全年执行数 / 全年预算数, min(1, 执行率) × 10.
    const [initial, full, spent, , rate, score] = budget.first.slice(1) as number[];
    expect(Math.round((spent / full) * 1e4) / 1e4).toBe(rate);
    expect(Math.round(Math.min(1, spent / full) * 1000) / 100).toBe(score);
    const splitRows = budget.splits.map((_, i) => top + 1 + i);
    expect(splitRows.map((r) => ws.getCell(r, 2).value)).toEqual(budget.splits);
    for (const r of splitRows)
      expect([6, 7, 8].map((c) => ws.getCell(r, c).value)).toEqual(["—", "—", "—"]);
    expect(expected.inputs).toEqual({
      projectBudgetInitial: { sheet, cell: `C${top}`, value: initial },
      projectBudget: { sheet, cell: `D${top}`, value: full },
      projectSpent: { sheet, cell: `E${top}`, value: spent },
    });
    expect(expected.selfScores).toEqual({ execution: { sheet, cell: `H${top}`, value: score } });
  });

  it("年度总体目标: 预期目标 and 实际完成情况 over two rows", () => {
    expect(["A", "B", "F"].map((c) => ws.getCell(`${c}${form.goals}`).value)).toEqual([
      "年度总体目标",
      "预期目标",
      "实际完成情况",
    ]);
    for (const c of ["B", "F"])
      expect(typeof ws.getCell(`${c}${form.goals + 1}`).value).toBe("string");
  });

  it("the 绩效指标 block: 产出 50, 效益 30, 满意度 10, one row below its target with a reason", () => {
    expect(ws.getRow(indicators.header).values).toEqual([
      undefined,
      "绩效指标",
      "一级指标",
      "二级指标",
      "三级指标",
      "年度指标值",
      "实际完成值",
      "分值",
      "得分",
      "偏差原因分析及改进措施",
    ]);
    expect(expected.tableRows).toHaveLength(indicators.level2.length);
    expect(expected.tableRows.map((r) => r.group!.split(" · ")[1])).toEqual(indicators.level2);
    expect(weightsByLevel1(expected.tableRows)).toEqual([50, 30, 10]);
    const late = expected.tableRows.find((r) => r.name === form.late.name)!;
    expect(late).toMatchObject({ ...form.late, selfScore: form.late.weight });
    expect(late.reason).toBeTruthy();
    expect(expected.tableRows.filter((r) => r.reason)).toEqual([late]);
    expect(expected.tables.map((t) => [t.kind, t.headerRows, t.firstRow, t.lastRow])).toEqual([
      ["budget", [budget.header], budget.header + 1, budgetLast],
      ["indicators", [indicators.header], indicators.header + 1, form.total.row - 1],
    ]);
  });

  it("总分 = the budget's 得分 + the rows' 得分", () => {
    const rowSum = expected.tableRows.reduce((s, r) => s + r.selfScore!, 0);
    const score = budget.first[6] as number;
    expect(expected.selfTotal).toEqual({
      sheet,
      cell: `H${form.total.row}`,
      value: Math.round((rowSum + score) * 100) / 100,
    });
    expect(expected.selfTotal!.value).toBe(form.total.value);
    expect([
      ws.getCell(`A${form.total.row}`).value,
      ws.getCell(`G${form.total.row}`).value,
    ]).toEqual(["总分", 100]);
  });
});

it("部门整体支出绩效自评表: two tasks under 年度主要任务; each split of 年度总支出 adds up to it", async () => {
  const { workbook } = await roundTrip(buildDepartmentForm, "department-splits.xlsx");
  const ws = workbook.getWorksheet("部门整体支出绩效自评表")!;
  for (const r of [5, 6])
    for (const c of ["B", "D"]) expect(typeof ws.getCell(`${c}${r}`).value).toBe("string");
  // Column by column: 按收入性质分 (rows 9–10) and 按支出性质分 (rows 11–12) each add up to row 8.
  for (const c of [3, 4, 5]) {
    const total = ws.getCell(8, c).value as number;
    const cell = (r: number) => ws.getCell(r, c).value as number;
    expect([cell(9) + cell(10), cell(11) + cell(12)]).toEqual([total, total]);
  }
});

/** The same self-evaluations as the 预算管理一体化 system exports them, as each must come out. */
interface ExportCase {
  name: string;
  build: DepartmentBuilder;
  /** The printed form of the same self-evaluation. */
  form: DepartmentBuilder;
  file: string;
  sheets: string[];
  budgetSheet: string;
  tableSheet: string;
  department?: TextCell;
  /** The budget sheet's rows below its header: 资金类别 and the figures. */
  budgetRows: (string | number)[][];
  tables: [string, string, number[], number, number][];
  /** 计算符号 of the quantitative rows; 计量单位 of all. */
  ops: string[];
  units: string[];
  /** How many quantitative rows type 指标值 as a number (one more types it as the text "95"). */
  numbers: number;
  qualitative: { name: string; words: string };
  late: {
    name: string;
    target: string;
    actual: string;
    weight: number;
    /** 计算符号, 指标值, 计量单位 as the cells hold them; 实际完成值. */
    split: (string | number)[];
    actualValue: number;
  };
}

const EXPORTS: ExportCase[] = [
  {
    name: "项目支出",
    build: buildProjectSystemExport,
    form: buildProjectForm,
    file: "export.xlsx",
    sheets: ["预算执行情况", "绩效指标"],
    budgetSheet: "预算执行情况",
    tableSheet: "绩效指标",
    budgetRows: [
      ["年度资金总额", 120, 150, 126.5, 10, 0.8433, 8.43],
      ["当年财政拨款", 120, 150, 126.5],
      ["其他资金", 0, 0, 0],
    ],
    tables: [
      ["budget", "预算执行情况", [1], 2, 4],
      ["indicators", "绩效指标", [1], 2, 10],
    ],
    ops: ["≥", "≤", "=", "＞", "＜"],
    units: ["%", "人", "篇", "小时", ""],
    numbers: 7,
    qualitative: { name: "见义勇为社会氛围", words: "持续向好" },
    late: {
      name: "发放及时率",
      target: "≥95%",
      actual: "90%",
      weight: 20,
      split: ["≥", "95", "%"],
      actualValue: 90,
    },
  },
  {
    name: "部门整体",
    build: buildDepartmentSystemExport,
    form: buildDepartmentForm,
    file: "dept-export.xlsx",
    sheets: ["基本信息", "部门整体支出预算执行情况", "部门整体绩效指标"],
    budgetSheet: "部门整体支出预算执行情况",
    tableSheet: "部门整体绩效指标",
    department: { sheet: "基本信息", cell: "B1", text: "某某区公安分局" },
    budgetRows: [
      ["年度总支出", 5000, 5600, 5480, 10, 0.9786, 9.79],
      ["基本支出", 3200, 3300, 3290],
      ["项目支出", 1800, 2300, 2190],
    ],
    tables: [
      ["budget", "部门整体支出预算执行情况", [1], 2, 4],
      ["indicators", "部门整体绩效指标", [1], 2, 9],
    ],
    ops: ["≥", "≤", "="],
    units: ["起", "%", "分钟", "万元", ""],
    numbers: 6,
    qualitative: { name: "平安建设长效机制", words: "持续完善" },
    late: {
      name: "城区接警到达现场时间",
      target: "≤10分钟",
      actual: "12分钟",
      weight: 10,
      split: ["≤", 10, "分钟"],
      actualValue: 12,
    },
  },
];

describe.each(EXPORTS)("$name as the system exports it", (exp) => {
  let workbook: ExcelJS.Workbook;
  let expected: Expected;
  beforeAll(async () => ({ workbook, expected } = await roundTrip(exp.build, exp.file)));

  it("flat sheets, no merges, no title, no total; the department where the export names it", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(exp.sheets);
    for (const ws of workbook.worksheets) expect(merges(workbook, ws.name)).toEqual([]);
    expect(expected.framework).toBe("project");
    expect(expected.department).toEqual(exp.department);
    expect(expected.project).toBeUndefined();
    expect(expected.selfTotal).toBeUndefined();
    expect(
      expected.tables.map((t) => [t.kind, t.sheet, t.headerRows, t.firstRow, t.lastRow])
    ).toEqual(exp.tables);
  });

  it("the budget sheet: 资金类别, the total's figures, the splits' three figures, the form's inputs", () => {
    const sheet = exp.budgetSheet;
    const budget = workbook.getWorksheet(sheet)!;
    expect(budget.getRow(1).values).toEqual([undefined, "资金类别", ...BUDGET_HEADINGS]);
    exp.budgetRows.forEach((row, i) =>
      expect(budget.getRow(2 + i).values).toEqual([undefined, ...row])
    );
    expect(budget.getCell("F2").numFmt).toBe("0.00%");
    expect(budget.rowCount).toBe(1 + exp.budgetRows.length);
    const [, initial, full, spent, , , score] = exp.budgetRows[0];
    expect(expected.inputs).toEqual({
      projectBudgetInitial: { sheet, cell: "B2", value: initial },
      projectBudget: { sheet, cell: "C2", value: full },
      projectSpent: { sheet, cell: "D2", value: spent },
    });
    expect(expected.selfScores).toEqual({ execution: { sheet, cell: "G2", value: score } });
    const values = (e: Expected) =>
      Object.fromEntries(Object.entries(e.inputs).map(([k, v]) => [k, v.value]));
    expect(values(expected)).toEqual(values(exp.form().expected));
  });

  it("the 绩效指标 sheet: 一级 / 二级 on every row, the target over 计算符号 / 指标值 / 计量单位, the form's rows", () => {
    const ws = workbook.getWorksheet(exp.tableSheet)!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
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
    expect(ws.rowCount).toBe(1 + expected.tableRows.length);
    for (const row of expected.tableRows) {
      const r = Number(row.cell.cell.slice(1));
      expect(`${ws.getCell(r, 1).value} · ${ws.getCell(r, 2).value}`).toBe(row.group);
    }
    const at = (row: TableRow, i: number) => ws.getCell(row.sources.target[i]).value;
    expect(new Set(expected.tableRows.map((r) => textIn(ws.getCell(r.sources.target[2]))))).toEqual(
      new Set(exp.units)
    );
    // The qualitative row: no 计算符号, no 计量单位, its words in 指标值 and 实际完成值.
    const qualitative = expected.tableRows.find((r) => r.name === exp.qualitative.name)!;
    expect([0, 1, 2].map((i) => at(qualitative, i))).toEqual([null, exp.qualitative.words, null]);
    expect(ws.getCell(qualitative.sources.actual[0]).value).toBe(exp.qualitative.words);
    const quantitative = expected.tableRows.filter((r) => r !== qualitative);
    expect(new Set(quantitative.map((r) => at(r, 0)))).toEqual(new Set(exp.ops));
    for (const row of quantitative)
      expect(typeof ws.getCell(row.sources.actual[0]).value).toBe("number");
    // 指标值 bare numbers, one typed as text.
    const targets = quantitative.map((r) => at(r, 1));
    expect(targets.filter((v) => typeof v === "string")).toEqual(["95"]);
    expect(targets.filter((v) => typeof v === "number")).toHaveLength(exp.numbers);
    const { split, actualValue, ...late } = exp.late;
    const row = expected.tableRows.find((r) => r.name === late.name)!;
    expect(row).toMatchObject({ ...late, selfScore: late.weight });
    expect([0, 1, 2].map((i) => at(row, i))).toEqual(split);
    expect(ws.getCell(row.sources.actual[0]).value).toBe(actualValue);
    expect(expected.tableRows.filter((r) => r.reason)).toEqual([row]);
    expect(strip(expected.tableRows)).toEqual(strip(exp.form().expected.tableRows));
  });
});

it("部门整体's export: 基本信息 holds 部门名称 alone; 基本支出 + 项目支出 = 年度总支出", async () => {
  const { workbook } = await roundTrip(buildDepartmentSystemExport, "dept-export-splits.xlsx");
  const info = workbook.getWorksheet("基本信息")!;
  expect(info.getRow(1).values).toEqual([undefined, "部门名称", "某某区公安分局"]);
  expect(info.rowCount).toBe(1);
  // Column by column; the figures are the form's.
  const budget = workbook.getWorksheet("部门整体支出预算执行情况")!;
  for (const c of [2, 3, 4]) {
    const cell = (r: number) => budget.getCell(r, c).value as number;
    expect(cell(3) + cell(4)).toBe(cell(2));
  }
});

describe("formulas' cached results", () => {
  it("are what LibreOffice computes (深圳's 合计 skips the scores typed as text)", async () => {
    const files = [];
    for (const [file, build] of [
      ["sz-lo.xlsx", buildShenzhenScoreSheet],
      ["sz-unmatched-lo.xlsx", buildShenzhenWithUnmatched],
    ] as const) {
      const built = build();
      const path = join(dir, file);
      await built.workbook.xlsx.writeFile(path);
      files.push({ path, expected: built.expected });
    }
    const out = await recalculate(
      files.map((f) => f.path),
      join(dir, "recalculated")
    );
    for (let i = 0; i < files.length; i++) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(out[i]);
      const total = files[i].expected.selfTotal!;
      expect(numberIn(cellOf(workbook, total))).toBeCloseTo(total.value, 9);
    }
  });
});

/** Every cell's value by address, sheet by sheet (merged cells read from their anchor). */
async function cellValues(path: string): Promise<Record<string, Record<string, unknown>>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets: Record<string, Record<string, unknown>> = {};
  for (const ws of workbook.worksheets) {
    const cells: Record<string, unknown> = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.value !== null && cell.value !== undefined) cells[cell.address] = cell.value;
      })
    );
    sheets[ws.name] = cells;
  }
  return sheets;
}

describe("the committed examples", () => {
  const files = [
    ...ALL_DEPARTMENT_WORKBOOKS.map((w) => w.file),
    SEED001_EXAMPLE,
    SEED001_TEMPLATE_EXAMPLE,
  ];

  it("examples/ holds exactly the builders' workbooks", () => {
    const committed = readdirSync(EXAMPLES).filter((f) => /\.xlsx$/i.test(f));
    expect(committed.sort()).toEqual([...files].sort());
  });

  it.each(ALL_DEPARTMENT_WORKBOOKS.map((w) => [w.file, w.build] as const))(
    "examples/%s holds the same cell values as its builder writes",
    async (file, build) => {
      const path = join(dir, `fresh-${file}`);
      await build().workbook.xlsx.writeFile(path);
      expect(await cellValues(join(EXAMPLES, file))).toEqual(await cellValues(path));
    }
  );

  it(`examples/${SEED001_EXAMPLE} holds the same cell values as seed 001's builder writes`, async () => {
    const path = join(dir, "fresh-seed001.xlsx");
    await writeSeed001Workbook(path);
    expect(await cellValues(join(EXAMPLES, SEED001_EXAMPLE))).toEqual(await cellValues(path));
  });

  // Compared by what it scores, not cell by cell: the template's layout may change, its figures may not.
  it(`examples/${SEED001_TEMPLATE_EXAMPLE} scores as seed 001's figures in a fresh template do`, async () => {
    const path = join(dir, "fresh-seed001-template.xlsx");
    await writeSeed001Template(path);
    const scored = async (file: string) => {
      const { report } = recomputeWorkbook((await readWorkbook(file)).snapshot, undefined);
      return {
        total: report.total,
        grade: report.grade,
        indicators: report.indicators.map((i) => [i.id, i.score, i.selfScore]),
        breaches: report.breaches.map((b) => [b.metric, b.value]),
        table: report.indicatorTable?.map((r) => [r.name, r.score]),
      };
    };
    const committed = await scored(join(EXAMPLES, SEED001_TEMPLATE_EXAMPLE));
    expect(committed).toEqual(await scored(path));
    expect([committed.grade, committed.table?.length]).toEqual(["优", 16]);
  });
});
