/**
 * A department's own workbook, shaped like seed 001's 《部门整体支出绩效评分表》 (深圳市公安局刑事警察支队,
 * 2023): a cover sheet with the department's name, the score sheet with title rows, three header rows, merged
 * 一级 / 二级 cells, names broken over lines or spaced oddly, the department's own scores in 分数, and
 * 综合评分 / 评分等级 / 填表人 below. Built with ExcelJS directly, not with the project's host.
 */
import { readFileSync } from "fs";
import { join } from "path";
import ExcelJS from "exceljs";

/** [一级, 一级分值, 二级, 二级分值, 三级 as printed, 分值, self score] — from the seed's table. */
const ROWS: [string, number, string, number, string, number, number | null][] = [
  ["部门决策", 20, "预算编制", 10, "预算编制\n合理性", 5, 5],
  ["部门决策", 20, "预算编制", 10, "预算编制\n规范性", 5, 5],
  ["部门决策", 20, "目标设置", 10, "绩效目标\n完整性", 3, 3],
  ["部门决策", 20, "目标设置", 10, "绩效指标明确性", 7, 6],
  ["部门管理", 20, "资金管理", 8, "政府采购执行\n情况", 2, 1.99],
  ["部门管理", 20, "资金管理", 8, "财 务 合 规 性", 3, 3],
  ["部门管理", 20, "资金管理", 8, "预决算信息\n公开", 3, 3],
  ["部门管理", 20, "项目管理", 4, "项目实施程序", 2, 2],
  ["部门管理", 20, "项目管理", 4, "项目监管", 2, 2],
  ["部门管理", 20, "资产管理", 3, "资产管理\n安全性", 2, 2],
  ["部门管理", 20, "资产管理", 3, "固定资产\n利用率", 1, 1],
  ["部门管理", 20, "人员管理", 2, "财政供养人员\n控制率", 1, 1],
  ["部门管理", 20, "人员管理", 2, "编外人员控制率", 1, 0],
  ["部门管理", 20, "制度管理", 3, "管理制度\n健全性", 3, 3],
  ["部门绩效", 60, "经济性", 6, "公用经费\n控制率", 6, 4],
  ["部门绩效", 60, "效率性", 20, "预算执行率", 6, 5.99],
  ["部门绩效", 60, "效率性", 20, "重点工作\n完成情况", 8, 8],
  ["部门绩效", 60, "效率性", 20, "项目完成\n及时性", 6, 6],
  ["部门绩效", 60, "效果性", 25, "社会效益、经济效益、生态效益等", 25, 25],
  ["部门绩效", 60, "公平性", 9, "群众信访\n办理情况", 3, 3],
  ["部门绩效", 60, "公平性", 9, "公众或服务对象\n满意度", 6, 6],
];

export const SEED001_SHEET = "评分表";
export const SEED001_FIRST_ROW = 5; // 1-based: the first indicator row
export const SEED001_SELF_TOTAL = 95.98;

/** Merges each run of equal keys down the given columns from `firstRow` (1-based), as the seed's merged cells. */
export function mergeRuns(
  ws: ExcelJS.Worksheet,
  firstRow: number,
  keys: string[],
  cols: number[]
): void {
  let start = 0;
  for (let i = 1; i <= keys.length; i++) {
    if (i < keys.length && keys[i] === keys[start]) continue;
    if (i - 1 > start)
      for (const col of cols) ws.mergeCells(firstRow + start, col, firstRow + i - 1, col);
    start = i;
  }
}

/** Where seed 001's 年度绩效指标完成情况 table stands on the cover sheet: header row (1-based), first row. */
export const SEED001_TABLE_HEADER = 6;
export const SEED001_TABLE_FIRST = 7;

/**
 * The cover's 年度绩效指标完成情况 table as the seed prints it: the section title in A merged down, 一级 / 二级
 * cells merged over their rows, 三级指标, 预期指标值, 实际完成指标值 (the rows of test/fixtures/seed001-indicators.json).
 */
function writeIndicatorTable(cover: ExcelJS.Worksheet): void {
  const rows = JSON.parse(
    readFileSync(join(__dirname, "..", "fixtures", "seed001-indicators.json"), "utf8")
  ) as { group: string; name: string; target: string; actual: string }[];
  cover.getCell(SEED001_TABLE_HEADER - 1, 1).value = "（年度总体目标完成情况从略）";
  cover.getCell(SEED001_TABLE_HEADER, 1).value = "年度绩效指标完成情况";
  ["一级指标", "二级指标", "三级指标", "预期指标值", "实际完成指标值"].forEach(
    (v, i) => (cover.getCell(SEED001_TABLE_HEADER, i + 2).value = v)
  );
  const keys = rows.map((r) => r.group.split(" · "));
  rows.forEach((r, i) => {
    const row = SEED001_TABLE_FIRST + i;
    const [level1, level2] = keys[i];
    if (i === 0 || keys[i - 1][0] !== level1) cover.getCell(row, 2).value = level1;
    if (i === 0 || keys[i - 1].join() !== keys[i].join()) cover.getCell(row, 3).value = level2;
    cover.getCell(row, 4).value = r.name;
    cover.getCell(row, 5).value = r.target;
    cover.getCell(row, 6).value = r.actual;
  });
  // Merge each run of equal 一级 (column B) and 一级 · 二级 (column C), as the seed's table does.
  mergeRuns(
    cover,
    SEED001_TABLE_FIRST,
    keys.map((k) => k[0]),
    [2]
  );
  mergeRuns(
    cover,
    SEED001_TABLE_FIRST,
    keys.map((k) => k.join()),
    [3]
  );
  const last = SEED001_TABLE_FIRST + rows.length - 1;
  cover.mergeCells(SEED001_TABLE_HEADER, 1, last, 1);
}

/** Writes the workbook (with the cover's 绩效指标 table when asked). */
export async function writeSeed001Workbook(
  path: string,
  options: { indicatorTable?: boolean } = {}
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const cover = wb.addWorksheet("自评表");
  cover.getCell("A1").value = "部门（单位）整体支出绩效目标完成情况自评表";
  cover.getCell("A2").value = "部门（单位）名称";
  cover.mergeCells("B2:C2");
  cover.getCell("B2").value = "深圳市公安局刑事警察支队";
  cover.getCell("D2").value = "预算年度";
  cover.getCell("E2").value = 2023;
  if (options.indicatorTable) writeIndicatorTable(cover);

  const ws = wb.addWorksheet(SEED001_SHEET);
  ws.getCell("A1").value = "部门整体支出绩效评分表";
  ws.mergeCells("A1:I1");
  ws.getCell("A2").value = "评价指标";
  ws.mergeCells("A2:F2");
  ws.getCell("G2").value = "指标说明";
  ws.mergeCells("G2:G4");
  ws.getCell("H2").value = "参考评分标准";
  ws.mergeCells("H2:H4");
  ws.getCell("I2").value = "分数";
  ws.mergeCells("I2:I4");
  ws.getCell("A3").value = "一级指标";
  ws.mergeCells("A3:B3");
  ws.getCell("C3").value = "二级指标";
  ws.mergeCells("C3:D3");
  ws.getCell("E3").value = "三级指标";
  ws.mergeCells("E3:F3");
  ["名称", "参考分值", "名称", "参考分值", "名称", "参考分值"].forEach(
    (v, i) => (ws.getRow(4).getCell(i + 1).value = v)
  );

  ROWS.forEach(([l1, l1max, l2, l2max, name, max, self], i) => {
    const row = ws.getRow(SEED001_FIRST_ROW + i);
    const previous = ROWS[i - 1];
    if (!previous || previous[0] !== l1) {
      row.getCell(1).value = l1;
      row.getCell(2).value = l1max;
    }
    if (!previous || previous[2] !== l2 || previous[0] !== l1) {
      row.getCell(3).value = l2;
      row.getCell(4).value = l2max;
    }
    row.getCell(5).value = name;
    row.getCell(6).value = max;
    row.getCell(7).value = "部门（单位）……（指标说明）";
    row.getCell(8).value = "（参考评分标准）";
    row.getCell(9).value = self;
  });
  // Merge each run of equal 一级 / 二级 names, as the seed's sheet does.
  mergeRuns(
    ws,
    SEED001_FIRST_ROW,
    ROWS.map((r) => r[0]),
    [1, 2]
  );
  mergeRuns(
    ws,
    SEED001_FIRST_ROW,
    ROWS.map((r) => `${r[0]}/${r[2]}`),
    [3, 4]
  );

  const totalRow = SEED001_FIRST_ROW + ROWS.length;
  ws.getCell(totalRow, 1).value = "综合评分";
  ws.mergeCells(totalRow, 1, totalRow, 8);
  ws.getCell(totalRow, 9).value = SEED001_SELF_TOTAL;
  ws.getCell(totalRow + 1, 1).value = "评分等级";
  ws.mergeCells(totalRow + 1, 1, totalRow + 1, 8);
  ws.getCell(totalRow + 1, 9).value = "优";
  ws.getCell(totalRow + 2, 1).value = "填表人";
  ws.getCell(totalRow + 2, 9).value = "张家义";
  ws.getCell(totalRow + 3, 1).value = "附注：各项指标的分值是参考分值。";

  wb.addWorksheet("附件");
  wb.getWorksheet("附件")!.getCell("A1").value = "（其他材料）";
  await wb.xlsx.writeFile(path);
}
