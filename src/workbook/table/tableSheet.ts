/**
 * The 绩效指标 sheet as laid out: title, header, one row per indicator (pre-filled when a table is given, else
 * blank rows to fill), and a total row per framework indicator the table feeds. Recompute fills the formulas.
 * The same layout serves a department's own table, adopted: columns A–E then refer to its cells.
 */
import type { IndicatorRowInput } from "../../domain/indicatorTable/scoreTable";
import { formatPoints, localize, say } from "../../domain/i18n";
import {
  rangeText,
  resolveTableScoring,
  tierDefaultShare,
} from "../../domain/indicatorTable/tableScoring";
import { indicatorReading } from "../../domain/model";
import type { Framework, Lang } from "../../domain/types";
import { rowHeightsFor } from "../styles";
import { absoluteRef, columnLetter, type DefinedName } from "../snapshot";
import type { CellWrite, ListValidation, PlainValue, SheetPlan } from "../writePlan";
import {
  TABLE_BLANK_ROWS,
  TABLE_COLS,
  TABLE_COLUMN_WIDTHS,
  TABLE_FIRST_ROW,
  TABLE_HEADERS,
  TABLE_HEADER_ROW,
  TABLE_INPUT_COLS,
  SELF_SCORE_HEADER,
  SELF_SHARE_HEADER,
  tableNames,
} from "./layout";

/** A cell of columns A–E: a value typed in the template, or a formula referring to a department's cell. */
export type SourceCell =
  { value: string | number | null } | { formula: string; result: PlainValue };

export interface TableSheetOptions {
  sheetName: string;
  lang: Lang;
  /** Rows of columns A–E (group, subgroup, name, target, actual); blank rows when absent. */
  rows?: SourceCell[][];
  /** Extra input values for the rows (weight, tier, reason), as a given table carries them. */
  extras?: Pick<IndicatorRowInput, "weight" | "tier" | "reason" | "selfScore">[];
  adoptedFrom?: string;
}

/** The name of the framework indicator a feed fills (效果性), for the total row's label. */
function feedLabel(framework: Framework, input: string, lang: Lang): string {
  const indicator = indicatorReading(framework, input);
  const def = framework.inputs.find((d) => d.key === input);
  return indicator ? localize(indicator.name, lang) : def ? localize(def.label, lang) : input;
}

/** Columns A–E of a given table, as typed, and its 得分 when it gives one. */
export function typedRows(rows: IndicatorRowInput[]): SourceCell[][] {
  const plain = (v: unknown): SourceCell => ({
    value: typeof v === "number" || typeof v === "string" ? v : v == null ? null : String(v),
  });
  return rows.map((r) => {
    const [group, subgroup] = (r.group ?? "").split(" · ");
    const cells = [
      plain(group ?? ""),
      plain(subgroup ?? ""),
      plain(r.name),
      plain(r.target),
      plain(r.actual),
    ];
    if (r.selfScore !== undefined && r.selfScore !== null && r.selfScore !== "")
      cells[TABLE_COLS.selfScore] = plain(r.selfScore);
    return cells;
  });
}

export function tableSheetPlan(
  framework: Framework,
  options: TableSheetOptions
): { sheet: SheetPlan; names: DefinedName[] } {
  const { sheetName, lang } = options;
  const c = TABLE_COLS;
  const cells: CellWrite[] = [];
  const merges: string[] = [];
  const validations: ListValidation[] = [];
  const lastCol = columnLetter(c.explanation);
  cells.push({
    row: 0,
    col: 0,
    value: say(lang, "年度绩效指标完成情况", "Performance indicators"),
    style: "title",
  });
  merges.push(`A1:${lastCol}1`);
  cells.push({
    row: 1,
    col: 0,
    value: options.adoptedFrom
      ? say(
          lang,
          `A–E 列引用“${options.adoptedFrom}”中的绩效指标表，请在原表修改（原表没有的列，如实际完成值，在本表黄色单元格填写）；权重、完成档次、偏差原因在本表填写。右侧为重新计算的结果。`,
          `Columns A–E refer to the table on "${options.adoptedFrom}"; fill weight, tier and reason here.`
        )
      : say(
          lang,
          "黄色单元格填写：指标值如 ≥40万人份、≤2小时、100%、不适用；实际完成值填数字或原文；定性指标选择完成档次；未完成的指标请填写偏差原因。权重不填则平均分配。右侧为公式，请勿修改。",
          "Fill the yellow cells: targets such as ≥40万人份, ≤2小时, 100%, 不适用; the actual; a tier for qualitative targets; a reason where a target is missed. Blank weights share equally."
        ),
    style: "subtitle",
  });
  merges.push(`A2:${lastCol}2`);
  TABLE_HEADERS.forEach((h, col) =>
    cells.push({ row: TABLE_HEADER_ROW, col, value: localize(h, lang), style: "header" })
  );
  const rows = options.rows ?? Array.from({ length: TABLE_BLANK_ROWS }, () => []);
  rows.forEach((source, i) => {
    const row = TABLE_FIRST_ROW + i;
    for (const col of TABLE_INPUT_COLS) {
      const given = source[col];
      const extra = options.extras?.[i];
      const extraValue =
        col === c.weight
          ? extra?.weight
          : col === c.tier
            ? extra?.tier
            : col === c.reason
              ? extra?.reason
              : undefined;
      if (given && "formula" in given)
        cells.push({ row, col, formula: given.formula, result: given.result, style: "label" });
      else
        cells.push({
          row,
          col,
          value:
            given?.value ??
            (typeof extraValue === "number" || typeof extraValue === "string" ? extraValue : null),
          style: col === c.weight || col === c.tier || col === c.unit ? "input" : "inputText",
          ...(col === c.weight ? { numberFormat: "0.00" } : {}),
        });
    }
    for (let col: number = c.direction; col <= c.rawWeight; col++)
      cells.push({ row, col, value: null, style: col === c.explanation ? "text" : "formula" });
    cells.push({ row, col: c.selfShare, value: null, style: "formula" });
    const self = source[c.selfScore];
    if (self && "formula" in self)
      cells.push({
        row,
        col: c.selfScore,
        formula: self.formula,
        result: self.result,
        style: "label",
        numberFormat: "0.00",
      });
    else if (self)
      cells.push({
        row,
        col: c.selfScore,
        value: self.value,
        style: "input",
        numberFormat: "0.00",
      });
  });
  if (rows.some((source) => source[c.selfScore]))
    cells.push({
      row: TABLE_HEADER_ROW,
      col: c.selfScore,
      value: localize(SELF_SCORE_HEADER, lang),
      style: "header",
    });
  cells.push({
    row: TABLE_HEADER_ROW,
    col: c.selfShare,
    value: localize(SELF_SHARE_HEADER, lang),
    style: "header",
  });
  const lastRow = TABLE_FIRST_ROW + Math.max(rows.length, 1) - 1;
  // The tiers the framework's rules name, each with its range and the share a tier alone earns.
  const scoring = resolveTableScoring(framework.tableScoring);
  const tiers = Object.entries(scoring.tiers);
  validations.push({
    range: `${columnLetter(c.tier)}${TABLE_FIRST_ROW + 1}:${columnLetter(c.tier)}${lastRow + 1}`,
    list: tiers.map(([name]) => name),
    allowOther: true,
    prompt: say(
      lang,
      `定性指标：${tiers
        .map(
          ([name, range]) =>
            `${name} ${rangeText(range, lang)}，只填档次按 ${formatPoints(tierDefaultShare(scoring, name) * 100)}%`
        )
        .join("；")}；有自评得分时在区间内按得分计；也可填百分比`,
      `${tiers.map(([name]) => name).join(" / ")}, or a percentage; a self score inside the tier's range is taken as it is`
    ),
  });
  const names: DefinedName[] = [
    { name: tableNames.header, ref: absoluteRef(sheetName, TABLE_HEADER_ROW, 0) },
  ];
  if (options.adoptedFrom)
    names.push({ name: tableNames.adopted, ref: absoluteRef(sheetName, TABLE_HEADER_ROW, 1) });
  (framework.indicatorTable ?? []).forEach((feed, i) => {
    const row = lastRow + 1 + i;
    const label = say(
      lang,
      `合计：${feedLabel(framework, feed.input, lang)}（满分 ${formatPoints(feed.max)} 分${feed.groups ? `，${feed.groups.join("、")}` : ""}）`,
      `Total: ${feedLabel(framework, feed.input, lang)} (of ${formatPoints(feed.max)})`
    );
    cells.push({ row, col: 0, value: label, style: "total" });
    for (let col = 1; col <= c.effectiveWeight; col++)
      cells.push({ row, col, value: null, style: "total" });
    merges.push(`A${row + 1}:${columnLetter(c.effectiveWeight)}${row + 1}`);
    cells.push({ row, col: c.score, value: null, style: "total", numberFormat: "0.00" });
    cells.push({ row, col: c.explanation, value: null, style: "text" });
    cells.push({ row, col: c.rawWeight, value: null, style: "key" });
    names.push({ name: tableNames.total(feed.input), ref: absoluteRef(sheetName, row, c.score) });
  });
  return {
    sheet: {
      name: sheetName,
      create: true,
      cells,
      merges,
      validations,
      columnWidths: TABLE_COLUMN_WIDTHS,
      // A cell referring to the department's shows its text: its height counts as the text's.
      rowHeights: rowHeightsFor(
        cells.map((cell) => ({ ...cell, value: cell.value ?? cell.result })),
        TABLE_COLUMN_WIDTHS,
        merges
      ),
      hiddenColumns: [c.rawWeight, c.selfShare],
      freeze: { rows: TABLE_FIRST_ROW, cols: 0 },
      print: { landscape: true, titleRows: `${TABLE_HEADER_ROW + 1}:${TABLE_HEADER_ROW + 1}` },
      tabColor: "5B9BD5",
    },
    names,
  };
}
