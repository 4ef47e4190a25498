/**
 * The standard template: 基础数据 (every input with its label, unit, source hint, dropdowns and a defined name
 * equal to its key; derived rates as formulas), 评分表 (laid out like the seed's score sheet), 说明. This plan
 * lays the sheets out; Recompute then fills every live formula (see recompute.ts).
 */
import { formatPoints, localize } from "../domain/i18n";
import { labelOf } from "../domain/model";
import { GRADE_PENDING, TOTAL_INCOMPLETE } from "./liveFormulas";
import { rowHeightsFor } from "./styles";
import { readInput, NO, YES } from "../domain/parse/readInput";
import type { Framework, GradeBand, Lang } from "../domain/types";
import type { SheetInputDef } from "./sheetInputs";
import {
  DEFAULT_SHEETS,
  INPUT_COLS,
  META_INPUTS,
  SCORE_COLS,
  names,
  templateLayout,
  type SheetNames,
  type TemplateLayout,
} from "./layout";
import { absoluteRef, address, columnLetter } from "./snapshot";
import type { CellWrite, ListValidation, SheetPlan, WritePlan } from "./writePlan";
import type { IndicatorRowInput } from "../domain/indicatorTable/scoreTable";
import { tableSheetPlan, typedRows } from "./table/tableSheet";

export const NUMBER_FORMATS: Record<SheetInputDef["kind"], string | undefined> = {
  text: undefined,
  amount: "#,##0.00",
  count: "0",
  rate: "0.00%",
  score: "0.00",
  yesno: undefined,
  tier: undefined,
  checkItem: undefined,
};

const UNIT_TEXT: Partial<Record<SheetInputDef["kind"], string>> = {
  text: "文字",
  yesno: "是/否",
  tier: "选择",
  checkItem: "是/否 或 分数",
};

/** The value a prefilled input cell gets: the normalized value when it reads, else the text as typed (kept, and flagged on Recompute). */
function prefill(def: SheetInputDef, raw: unknown, lang: Lang): string | number | null {
  if (raw === undefined || raw === null) return null;
  if (def.kind === "text") return typeof raw === "number" ? raw : String(raw);
  const read = readInput(def, raw, lang);
  if (read.error)
    return typeof raw === "string" || typeof raw === "number" ? raw : JSON.stringify(raw);
  return read.value ?? null;
}

function inputSheet(
  framework: Framework,
  layout: TemplateLayout,
  raw: Record<string, unknown>,
  lang: Lang
): SheetPlan {
  const cells: CellWrite[] = [];
  const merges: string[] = [];
  const validations: ListValidation[] = [];
  const c = INPUT_COLS;
  const lastCol = columnLetter(c.key);
  cells.push({
    row: 0,
    col: 0,
    value: `${localize(framework.name, lang)} · 基础数据`,
    style: "title",
  });
  merges.push(`A1:${lastCol}1`);
  cells.push({
    row: 1,
    col: 0,
    value:
      "黄色单元格填写数据（金额单位：万元；比率填 97.62% 即可）；“是/否”与档次从下拉列表选择；绿色单元格为公式，请勿修改。填好后在加载项中点击“重新计算”。",
    style: "subtitle",
  });
  merges.push(`A2:${lastCol}2`);
  ["项目", "数值", "单位", "状态", "数据来源 / 说明", "名称"].forEach((value, col) =>
    cells.push({ row: 2, col, value, style: "header" })
  );

  for (const { def, row } of layout.metaRows) {
    cells.push({ row, col: c.label, value: localize(def.label, lang), style: "label" });
    const v = raw[def.key];
    cells.push({
      row,
      col: c.value,
      value: typeof v === "string" || typeof v === "number" ? v : null,
      // A department's name is longer than the column of figures: it wraps (深圳市公安局刑事警察支队).
      style: def.key === "departmentName" ? "inputText" : "input",
    });
    cells.push({ row, col: c.unit, value: "", style: "label" });
    cells.push({ row, col: c.status, value: "", style: "label" });
    cells.push({
      row,
      col: c.source,
      value: def.key === "departmentName" ? "用于汇总与打印" : "如 2024",
      style: "text",
    });
    cells.push({ row, col: c.key, value: def.key, style: "key" });
  }
  for (const section of layout.sections) {
    cells.push({ row: section.row, col: 0, value: section.title, style: "group" });
    for (let col = 1; col <= c.key; col++)
      cells.push({ row: section.row, col, value: null, style: "group" });
    merges.push(`A${section.row + 1}:${lastCol}${section.row + 1}`);
    for (const { def, row } of section.inputs) {
      cells.push({ row, col: c.label, value: localize(def.label, lang), style: "label" });
      cells.push({
        row,
        col: c.value,
        value: prefill(def, raw[def.key], lang),
        style: "input",
        numberFormat: NUMBER_FORMATS[def.kind],
      });
      cells.push({
        row,
        col: c.unit,
        value: def.unit ? localize(def.unit, lang) : (UNIT_TEXT[def.kind] ?? ""),
        style: "label",
      });
      cells.push({
        row,
        col: c.source,
        value: def.source
          ? localize(def.source, lang)
          : def.max !== undefined
            ? `满分 ${formatPoints(def.max)} 分`
            : "",
        style: "text",
      });
      cells.push({ row, col: c.key, value: def.key, style: "key" });
      const target = address(row, c.value);
      if (def.kind === "yesno") validations.push({ range: target, list: [YES, NO] });
      if (def.kind === "checkItem")
        validations.push({
          range: target,
          list: [YES, NO],
          allowOther: true,
          prompt: `选“是”得 ${formatPoints(def.max ?? 0)} 分，“否”得 0 分；也可填部分得分`,
        });
      if (def.kind === "tier")
        validations.push({ range: target, list: (def.tiers ?? []).map((t) => t.value) });
    }
  }
  cells.push({
    row: layout.metricsTitleRow,
    col: 0,
    value: "计算得出的比率（公式自动计算，请勿修改）",
    style: "group",
  });
  for (let col = 1; col <= c.key; col++)
    cells.push({ row: layout.metricsTitleRow, col, value: null, style: "group" });
  merges.push(`A${layout.metricsTitleRow + 1}:${lastCol}${layout.metricsTitleRow + 1}`);
  for (const metric of layout.metrics) {
    const row = layout.metricRow.get(metric.key)!;
    cells.push({ row, col: c.label, value: localize(metric.label, lang), style: "label" });
    cells.push({ row, col: c.value, value: null, style: "formula", numberFormat: "0.00%" });
    cells.push({ row, col: c.unit, value: "%", style: "label" });
    cells.push({ row, col: c.status, value: "", style: "label" });
    cells.push({ row, col: c.source, value: "", style: "text" });
    cells.push({ row, col: c.key, value: metric.key, style: "key" });
  }
  const widths = INPUT_COLUMN_WIDTHS;
  return {
    name: layout.sheets.input,
    create: true,
    cells,
    merges,
    validations,
    columnWidths: widths,
    // The hidden validity column prints nothing: a merge across it is that much narrower on paper.
    rowHeights: rowHeightsFor(
      cells,
      widths.map((w, col) => (col === INPUT_COLS.ok ? 0 : w)),
      merges
    ),
    hiddenColumns: [INPUT_COLS.ok],
    freeze: { rows: 3, cols: 0 },
    // Six columns, 144 characters wide: landscape prints them at full size (portrait would shrink them to 70%).
    print: { landscape: true, titleRows: "1:3" },
    tabColor: "FFC000",
  };
}

export const INPUT_COLUMN_WIDTHS = [46, 16, 10, 10, 40, 22, 6];
/**
 * 说明's one column, as wide as A4 portrait within 0.5-inch margins (523 pt) where a character of column width is
 * widest: 7 pt in LibreOffice without Calibri (DejaVu's digit), 5.25 pt in Excel. LibreOffice does not shrink a
 * single column wider than the page to fit it, it cuts it (issue 16).
 */
export const GUIDE_COLUMN_WIDTH = 72;
export const SCORE_COLUMN_WIDTHS = [8, 6, 10, 6, 22, 6, 40, 8, 50, 9, 8];

function scoreSheet(framework: Framework, layout: TemplateLayout, lang: Lang): SheetPlan {
  const cells: CellWrite[] = [];
  const merges: string[] = [];
  const s = SCORE_COLS;
  const lastCol = columnLetter(s.difference);
  cells.push({ row: 0, col: 0, value: "部门整体支出绩效评分表", style: "title" });
  merges.push(`A1:${lastCol}1`);
  cells.push({
    row: 1,
    col: 0,
    value: `评分框架：${localize(framework.name, lang)}。得分为公式，随基础数据自动更新；说明为上次重新计算时的依据。`,
    style: "subtitle",
  });
  merges.push(`A2:${lastCol}2`);
  const top = [
    "一级指标",
    "",
    "二级指标",
    "",
    "三级指标",
    "",
    "参考评分标准",
    "得分",
    "说明",
    "自评得分",
    "差异",
  ];
  const sub = ["名称", "分值", "名称", "分值", "名称", "分值", "", "", "", "", ""];
  top.forEach((value, col) => cells.push({ row: 2, col, value, style: "header" }));
  sub.forEach((value, col) => cells.push({ row: 3, col, value, style: "header" }));
  merges.push(
    "A3:B3",
    "C3:D3",
    "E3:F3",
    ...[s.criteria, s.score, s.explanation, s.selfScore, s.difference].map(
      (col) => `${columnLetter(col)}3:${columnLetter(col)}4`
    )
  );

  for (const indicator of framework.indicators) {
    const row = layout.indicatorRow.get(indicator.id)!;
    cells.push({ row, col: s.name, value: localize(indicator.name, lang), style: "label" });
    cells.push({ row, col: s.max, value: indicator.max, style: "label" });
    cells.push({ row, col: s.criteria, value: localize(indicator.criteria, lang), style: "text" });
    cells.push({ row, col: s.score, value: null, style: "score", numberFormat: "0.00" });
    cells.push({ row, col: s.explanation, value: "（重新计算后显示）", style: "text" });
    cells.push({ row, col: s.selfScore, value: null, style: "input", numberFormat: "0.00" });
    cells.push({ row, col: s.difference, value: null, style: "formula", numberFormat: "0.00" });
  }
  const groupCells = (
    groups: { name: string; first: number; last: number; max: number }[],
    nameCol: number
  ) => {
    for (const g of groups) {
      cells.push({ row: g.first, col: nameCol, value: g.name, style: "group" });
      cells.push({ row: g.first, col: nameCol + 1, value: g.max, style: "group" });
      for (let r = g.first + 1; r <= g.last; r++) {
        cells.push({ row: r, col: nameCol, value: null, style: "group" });
        cells.push({ row: r, col: nameCol + 1, value: null, style: "group" });
      }
      if (g.last > g.first) {
        merges.push(
          `${address(g.first, nameCol)}:${address(g.last, nameCol)}`,
          `${address(g.first, nameCol + 1)}:${address(g.last, nameCol + 1)}`
        );
      }
    }
  };
  groupCells(layout.level1Groups, s.level1);
  groupCells(layout.level2Groups, s.level2);

  const summaryRow = (row: number, label: string, withSelf: boolean) => {
    cells.push({ row, col: 0, value: label, style: "total" });
    for (let col = 1; col < s.score; col++) cells.push({ row, col, value: null, style: "total" });
    merges.push(`A${row + 1}:${columnLetter(s.criteria)}${row + 1}`);
    cells.push({ row, col: s.score, value: null, style: "total", numberFormat: "0.00" });
    cells.push({ row, col: s.explanation, value: null, style: "text" });
    cells.push({
      row,
      col: s.selfScore,
      value: null,
      style: withSelf ? "formula" : "text",
      numberFormat: "0.00",
    });
    cells.push({ row, col: s.difference, value: null, style: "text" });
  };
  summaryRow(layout.totalRow, "综合评分", true);
  summaryRow(layout.gradeRow, "评分等级", false);
  // The 一级指标小计 block prints under the header rows repeated on every page, so it keeps their columns: the
  // 一级指标's name under 一级指标 · 名称, its 分值 under 一级指标 · 分值, its subtotal under 得分 (issue 16: its own
  // header row, with 分值 under 三级指标, did not match the header printed above it).
  const subtotalTitle = layout.subtotalTitleRow + 1;
  cells.push({ row: layout.subtotalTitleRow, col: 0, value: "一级指标小计", style: "group" });
  for (let col = 1; col <= s.difference; col++)
    cells.push({ row: layout.subtotalTitleRow, col, value: null, style: "group" });
  merges.push(`A${subtotalTitle}:${lastCol}${subtotalTitle}`);
  for (const g of layout.level1Groups) {
    const row = g.subtotalRow;
    cells.push({ row, col: s.level1, value: g.name, style: "label" });
    cells.push({ row, col: s.level1Max, value: g.max, style: "label" });
    for (let col = s.level2; col <= s.criteria; col++)
      cells.push({ row, col, value: null, style: "label" });
    merges.push(`${address(row, s.level2)}:${address(row, s.criteria)}`);
    cells.push({ row, col: s.score, value: null, style: "score", numberFormat: "0.00" });
  }
  return {
    name: layout.sheets.score,
    create: true,
    cells,
    merges,
    columnWidths: SCORE_COLUMN_WIDTHS,
    rowHeights: rowHeightsFor(cells, SCORE_COLUMN_WIDTHS, merges),
    freeze: { rows: 4, cols: 0 },
    print: { landscape: true, titleRows: "3:4" },
    tabColor: "70AD47",
  };
}

/** 总分 ≥ 90 为优，80–90 为良，60–80 为中，< 60 为差 — from the framework's own grades. */
function gradesText(grades: GradeBand[]): string {
  return grades
    .map((g, i) =>
      i === 0
        ? `总分 ≥ ${formatPoints(g.min)} 为${g.grade}`
        : i === grades.length - 1
          ? `< ${formatPoints(grades[i - 1].min)} 为${g.grade}`
          : `${formatPoints(g.min)}–${formatPoints(grades[i - 1].min)} 为${g.grade}`
    )
    .join("，");
}

function guideSheet(
  layout: TemplateLayout,
  tableFeeds: string[],
  watched: string[],
  gradeText: string
): SheetPlan {
  const lines = [
    "绩效自评助手 · 使用说明",
    "",
    `1. 在“${layout.sheets.input}”表的黄色单元格填写数据。金额单位为万元；比率直接输入 97.62%；“是/否”和公开情况从下拉列表选择。`,
    "2. “状态”一列随时提示：✓ 已填好；未填写；请检查（如把数字输成了文本、比率超过 100%）。",
    `3. “${layout.sheets.score}”的得分是公式，按评分标准自动计算；填写或修改数据后立即更新。`,
    `4. 在 Excel 中打开“绩效自评助手”加载项，点击“重新计算”：写入每项得分的说明，标出需要关注的情况${watched.length ? `（${watched.join("、")}等超出评分标准的界限）` : ""}。`,
    "5. 如有本单位自评得分，填在“自评得分”一列；与按评分标准计算的得分不一致时会标红。",
    "6. 点击“撤销上次计算”可恢复上次计算改动过的所有单元格。",
    ...(tableFeeds.length
      ? [
          `7. 在“${layout.sheets.table}”表逐行填写三级指标、年度指标值（如 ≥40万人份、≤2小时、100%、不适用）和实际完成值；定性指标选择完成档次，未完成的指标填写偏差原因。${tableFeeds.join("、")}留空时按该表计分：正向指标按 实际/目标，反向指标按 目标/实际，达成 100%、部分达成 70%、未达成 30%（财预〔2020〕10号）。`,
        ]
      : []),
    "",
    `评分等级：${gradeText}。尚有指标未计分时，综合评分显示“${TOTAL_INCOMPLETE}”（旁边注明已计分部分的合计），等级显示“${GRADE_PENDING}”。`,
  ];
  const cells: CellWrite[] = lines.map((value, row) => ({
    row,
    col: 0,
    value,
    style: row === 0 ? "title" : "subtitle",
  }));
  return {
    name: layout.sheets.guide,
    create: true,
    cells,
    // One column as wide as a portrait A4 page within its margins, the text wrapped in it (issue 16: 110
    // characters ran off the page).
    columnWidths: [GUIDE_COLUMN_WIDTH],
    rowHeights: rowHeightsFor(cells, [GUIDE_COLUMN_WIDTH]),
    print: { landscape: false },
  };
}

/** The template's layout and the defined names of its inputs, metrics, validity cells and scores. */
export function templateNames(framework: Framework, layout: TemplateLayout) {
  const input = layout.sheets.input;
  const list: { name: string; ref: string }[] = [];
  for (const [key, row] of layout.inputRow) {
    list.push({ name: key, ref: absoluteRef(input, row, INPUT_COLS.value) });
    if (!META_INPUTS.some((m) => m.key === key))
      list.push({ name: names.ok(key), ref: absoluteRef(input, row, INPUT_COLS.ok) });
  }
  for (const [key, row] of layout.metricRow)
    list.push({ name: key, ref: absoluteRef(input, row, INPUT_COLS.value) });
  for (const indicator of framework.indicators) {
    list.push({
      name: names.score(indicator.id),
      ref: absoluteRef(
        layout.sheets.score,
        layout.indicatorRow.get(indicator.id)!,
        SCORE_COLS.score
      ),
    });
  }
  list.push({
    name: names.total,
    ref: absoluteRef(layout.sheets.score, layout.totalRow, SCORE_COLS.score),
  });
  list.push({
    name: names.grade,
    ref: absoluteRef(layout.sheets.score, layout.gradeRow, SCORE_COLS.score),
  });
  list.push({
    name: names.selfTotal,
    ref: absoluteRef(layout.sheets.score, layout.totalRow, SCORE_COLS.selfScore),
  });
  layout.level1Groups.forEach((g, i) =>
    list.push({
      name: names.subtotal(i),
      ref: absoluteRef(layout.sheets.score, g.subtotalRow, SCORE_COLS.score),
    })
  );
  const header = (col: number) => absoluteRef(layout.sheets.score, 2, col);
  list.push({ name: names.column.self, ref: header(SCORE_COLS.selfScore) });
  list.push({ name: names.column.difference, ref: header(SCORE_COLS.difference) });
  list.push({ name: names.column.explanation, ref: header(SCORE_COLS.explanation) });
  return list;
}

/**
 * The plan that adds the template's sheets (pre-filled from `raw` when given). Sheets are named `sheets`
 * (the task pane adds a suffix rather than overwrite a sheet of the same name).
 */
export function templatePlan(
  framework: Framework,
  raw: Record<string, unknown> = {},
  sheets: SheetNames = DEFAULT_SHEETS,
  lang: Lang = "zh",
  selfScores: Record<string, unknown> = {},
  indicators?: IndicatorRowInput[],
  selfTotal?: unknown
): WritePlan {
  const layout = templateLayout(framework, sheets, lang);
  const scores = scoreSheet(framework, layout, lang);
  // The department's own scores, when given, go in 自评得分 as typed.
  for (const [id, value] of Object.entries(selfScores)) {
    const row = layout.indicatorRow.get(id);
    if (row !== undefined && (typeof value === "number" || typeof value === "string"))
      scores.cells.push({ row, col: SCORE_COLS.selfScore, value });
  }
  // Its own 自评总分, when given, is typed in the self-total cell (Recompute keeps it, instead of the sum of the
  // scores): seed 002 reports 98 while its parts add up to 88 (满意度 not given).
  if (typeof selfTotal === "number" || (typeof selfTotal === "string" && selfTotal.trim())) {
    scores.cells = scores.cells.filter(
      (c) => !(c.row === layout.totalRow && c.col === SCORE_COLS.selfScore)
    );
    scores.cells.push({
      row: layout.totalRow,
      col: SCORE_COLS.selfScore,
      value: selfTotal,
      style: "input",
      numberFormat: "0.00",
    });
  }
  const plan: WritePlan = {
    sheets: [inputSheet(framework, layout, raw, lang), scores],
    names: templateNames(framework, layout),
  };
  if (framework.indicatorTable?.length) {
    const table = tableSheetPlan(framework, {
      sheetName: sheets.table,
      lang,
      ...(indicators?.length ? { rows: typedRows(indicators), extras: indicators } : {}),
    });
    plan.sheets.push(table.sheet);
    plan.names.push(...table.names);
  }
  const feeds = (framework.indicatorTable ?? []).map((f) => labelOf(framework, f.input, lang));
  // What the highlights watch, in this framework's words (深圳: 资金调整调剂率, 编外人员控制率 …).
  const watched = [
    ...new Set(framework.thresholds.map((t) => labelOf(framework, t.metric, lang))),
  ].slice(0, 5);
  plan.sheets.push(guideSheet(layout, feeds, watched, gradesText(framework.grades)));
  return plan;
}
