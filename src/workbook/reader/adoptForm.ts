/**
 * A department's 自评表 that has no score sheet of the framework's indicators — the nationwide 项目支出 /
 * 部门整体支出绩效自评表 of 财预〔2020〕10号, in its printed form or as the 预算管理一体化 system exports it: a
 * budget block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分) over the 绩效指标 rows and a 总分. Our
 * 基础数据 and 评分表 are added beside it: the block's figures are inputs by reference, its 得分 the 预算执行率's self
 * score, each table-fed indicator's self score the sum of its rows' 得分, the 总分 the self total. The 绩效指标
 * rows are adopted on their own (table/adoptTable.ts). No cell of the department's is written.
 */
import { excelRound } from "../../domain/excelMath";
import { assignFeeds } from "../../domain/indicatorTable/feeds";
import { indicatorReading } from "../../domain/model";
import { isBlank } from "../../domain/parse/readInput";
import type { Framework, Lang } from "../../domain/types";
import { freeSheetName } from "../adopt";
import { DEFAULT_SHEETS, SCORE_COLS, names } from "../layout";
import {
  absoluteRef,
  cellValue,
  getSheet,
  parseRef,
  sheetRef,
  type WorkbookSnapshot,
} from "../snapshot";
import { templatePlan } from "../template";
import type { WritePlan } from "../writePlan";
import type { Reading } from "./bindReading";
import { cellText } from "./readTables";
import { numberTerm } from "../table/departmentCells";
import { referToDepartment } from "./referInputs";

/** Whether the reading holds enough of a 自评表 to score without a score sheet. */
export function readsAsForm(reading: Reading): boolean {
  return reading.inputs.size > 0 || reading.selfScores.size > 0 || !!reading.indicatorTable;
}

/** The department's 得分 cells of the 绩效指标 rows, by the framework input their feed fills. */
function rowSelfScores(framework: Framework, reading: Reading): Map<string, string[]> {
  const found = reading.indicatorTable;
  const feeds = framework.indicatorTable ?? [];
  const sums = new Map<string, string[]>();
  if (!found || found.cols.selfScore < 0 || !feeds.length) return sums;
  const sheet = found.table.sheet;
  const rows = found.table.rows.filter((r) => found.rows.includes(r.row));
  const text = (r: (typeof rows)[number], col: number, carried?: string) => {
    if (col < 0) return "";
    const v = r.cells.get(col) ?? null;
    return isBlank(v) ? (carried ?? "") : cellText(v);
  };
  const groups = rows.map((r) => {
    const level1 = text(r, found.cols.level1, r.carried.level1);
    const level2 = text(r, found.cols.level2, r.carried.level2);
    return { group: level2 ? `${level1} · ${level2}` : level1 };
  });
  assignFeeds(feeds, groups).forEach((feed, i) => {
    if (feed < 0) return;
    const input = feeds[feed].input;
    const cell = sheetRef(sheet, rows[i].row, found.cols.selfScore);
    sums.set(input, [...(sums.get(input) ?? []), cell]);
  });
  return sums;
}

export function adoptFormPlan(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  reading: Reading,
  lang: Lang = "zh"
): WritePlan {
  const sheets = {
    input: freeSheetName(snapshot, DEFAULT_SHEETS.input),
    score: freeSheetName(snapshot, DEFAULT_SHEETS.score),
    guide: freeSheetName(snapshot, DEFAULT_SHEETS.guide),
    table: freeSheetName(snapshot, DEFAULT_SHEETS.table),
  };
  const template = templatePlan(framework, {}, sheets, lang);
  // The department's 绩效指标 rows are adopted on a sheet of their own: the template's blank one is not added.
  const keep = new Set([sheets.input, sheets.score, sheets.guide]);
  if (!reading.indicatorTable) keep.add(sheets.table);
  const plan: WritePlan = {
    sheets: template.sheets.filter((s) => keep.has(s.name)),
    names: template.names.filter((n) => {
      const ref = parseRef(n.ref);
      return ref !== undefined && keep.has(ref.sheet);
    }),
  };
  const selfCell = (id: string) => {
    const score = plan.names.find((n) => n.name === names.score(id));
    const ref = score ? parseRef(score.ref) : undefined;
    return ref ? { ...ref, col: ref.col + SCORE_COLS.selfScore - SCORE_COLS.score } : undefined;
  };
  referToDepartment(plan, snapshot, reading, selfCell);
  // Each table-fed indicator's self score: the sum of its rows' 得分 (when the department scored them).
  const scoreSheet = plan.sheets.find((s) => s.name === sheets.score);
  for (const [input, cells] of rowSelfScores(framework, reading)) {
    const indicator = indicatorReading(framework, input);
    const target = indicator ? selfCell(indicator.id) : undefined;
    if (!target || !scoreSheet || reading.selfScores.has(indicator!.id)) continue;
    // Each 得分 as a number, or none (blank, an error, other text); the sum of those that are, blank when none is.
    const terms = cells.map((c) => {
      const r = parseRef(c)!;
      return numberTerm(c, cellValue(getSheet(snapshot, r.sheet)!, r.row, r.col));
    });
    const read = terms.flatMap((t) => (t.read === undefined ? [] : [t.read]));
    const total = read.length
      ? excelRound(
          read.reduce((a, b) => a + b, 0),
          2
        )
      : "";
    scoreSheet.cells = scoreSheet.cells.filter(
      (c) => !(c.row === target.row && c.col === target.col)
    );
    scoreSheet.cells.push({
      row: target.row,
      col: target.col,
      formula: `=IF(OR(${terms.map((t) => t.counts).join(",")}),ROUND(${terms.map((t) => t.value).join("+")},2),"")`,
      result: total,
      numberFormat: "0.00",
    });
  }
  if (reading.selfTotal)
    plan.names.push({
      name: names.reportedTotal,
      ref: absoluteRef(reading.selfTotal.sheet, reading.selfTotal.row, reading.selfTotal.col),
    });
  return plan;
}
