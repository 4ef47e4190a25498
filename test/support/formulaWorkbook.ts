/**
 * A workbook that computes a framework's scores with the engine's own formulas: inputs as values, metrics and
 * 三级 scores as formulas over defined names, with no cached results — a spreadsheet must calculate them.
 */
import ExcelJS from "exceljs";
import { shenzhen } from "../../src/domain/frameworks/shenzhen";
import { toFormula } from "../../src/domain/formula";
import { frameworkInputs, indexFramework } from "../../src/domain/model";
import { readInput } from "../../src/domain/parse/readInput";
import type { Framework } from "../../src/domain/types";

export const INPUT_SHEET = "基础数据";
export const SCORE_SHEET = "评分";

/** The defined name of an indicator's score. */
export const scoreName = (indicatorId: string): string => `score_${indicatorId}`;

const absolute = (sheet: string, col: string, row: number): string =>
  `'${sheet.replace(/'/g, "''")}'!$${col}$${row}`;

/**
 * Writes `path`: sheet 基础数据 with one row per input (label, normalized value; blank stays empty), each value
 * cell named by the input's key; sheet 评分 with each metric (named by its key) and each indicator's score
 * (named `score_<id>`) as formulas. Throws when an input cannot be read.
 */
export async function buildFormulaWorkbook(
  raw: Record<string, unknown>,
  path: string,
  framework: Framework = shenzhen
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const inputs = workbook.addWorksheet(INPUT_SHEET);
  inputs.addRow(["输入", "值", "名称"]);
  for (const def of frameworkInputs(framework)) {
    const read = readInput(def, raw[def.key], "zh");
    if (read.error) throw new Error(`input ${def.key}: ${read.error}`);
    const row = inputs.addRow([def.label.zh, read.value ?? null, def.key]);
    workbook.definedNames.add(absolute(INPUT_SHEET, "B", row.number), def.key);
  }

  const scores = workbook.addWorksheet(SCORE_SHEET);
  scores.addRow(["项目", "公式结果", "名称"]);
  const formulaRow = (label: string, formula: string, name: string): void => {
    const row = scores.addRow([label, null, name]);
    const value: ExcelJS.CellFormulaValue = { formula }; // no `result`: nothing cached
    row.getCell(2).value = value;
    workbook.definedNames.add(absolute(SCORE_SHEET, "B", row.number), name);
  };
  for (const metric of framework.metrics)
    formulaRow(metric.label.zh, toFormula(metric.expr), metric.key);
  const { indicatorExprs } = indexFramework(framework);
  for (const indicator of framework.indicators) {
    const expr = indicatorExprs.get(indicator.id);
    if (!expr) throw new Error(`no expression for indicator ${indicator.id}`);
    formulaRow(indicator.name.zh, toFormula(expr), scoreName(indicator.id));
  }
  await workbook.xlsx.writeFile(path);
}
