/**
 * Where everything sits in the standard template, derived from the framework (so a custom framework gets a
 * template too): the input sheet 基础数据 in sections by 一级 / 二级 group, the derived rates under it, and the
 * score sheet 评分表 laid out like the seed's 《部门整体支出绩效评分表》.
 */
import { localize } from "../domain/i18n";
import { indexFramework, inputsOf } from "../domain/model";
import { sheetInputs, type SheetInputDef } from "./sheetInputs";
import type { Framework, Lang, Localized, MetricDef } from "../domain/types";

export interface SheetNames {
  input: string;
  score: string;
  guide: string;
  /** 绩效指标, for a framework the table feeds. */
  table: string;
}

export const DEFAULT_SHEETS: SheetNames = {
  input: "基础数据",
  score: "评分表",
  guide: "说明",
  table: "绩效指标",
};

/** The template's sheets in the order they are added (绩效指标 only for a framework the table feeds). */
export function templateSheetList(framework: Framework, sheets: SheetNames): string[] {
  return framework.indicatorTable?.length
    ? [sheets.input, sheets.score, sheets.table, sheets.guide]
    : [sheets.input, sheets.score, sheets.guide];
}

/** The hidden sheet that keeps what Recompute overwrote, for 撤销上次计算. */
export const BACKUP_SHEET = "selfeval_backup";

/** 基础数据 columns. The hidden column G holds each input's validity (TRUE / FALSE), named ok_<key>. */
export const INPUT_COLS = {
  label: 0,
  value: 1,
  unit: 2,
  status: 3,
  source: 4,
  key: 5,
  ok: 6,
} as const;

/** 评分表 columns, after the seed's table: 一级 名称/分值, 二级 名称/分值, 三级 名称/分值, 评分标准, 得分, 说明, 自评得分, 差异. */
export const SCORE_COLS = {
  level1: 0,
  level1Max: 1,
  level2: 2,
  level2Max: 3,
  name: 4,
  max: 5,
  criteria: 6,
  score: 7,
  explanation: 8,
  selfScore: 9,
  difference: 10,
} as const;

/** Inputs that describe the workbook rather than score it. */
export const META_INPUTS: { key: string; label: Localized }[] = [
  { key: "departmentName", label: { zh: "部门（单位）名称", en: "Department" } },
  { key: "budgetYear", label: { zh: "预算年度", en: "Budget year" } },
];

export interface InputSection {
  title: string;
  row: number;
  inputs: { def: SheetInputDef; row: number }[];
}

export interface TemplateLayout {
  sheets: SheetNames;
  /** 基础数据 */
  metaRows: { def: (typeof META_INPUTS)[number]; row: number }[];
  sections: InputSection[];
  inputRow: Map<string, number>;
  metricsTitleRow: number;
  metricRow: Map<string, number>;
  metrics: MetricDef[];
  /** 评分表 */
  indicatorRow: Map<string, number>;
  firstIndicatorRow: number;
  lastIndicatorRow: number;
  totalRow: number;
  gradeRow: number;
  selfTotalRow: number;
  subtotalTitleRow: number;
  /** 一级 groups: their name, the indicator rows they span, and the row of their subtotal. */
  level1Groups: { name: string; first: number; last: number; subtotalRow: number; max: number }[];
  level2Groups: { name: string; first: number; last: number; max: number }[];
}

const INPUT_FIRST_ROW = 3; // title, subtitle, header
const SCORE_FIRST_ROW = 4; // title, subtitle, two header rows

/** Which 一级 · 二级 section each input belongs to: that of the first indicator reading it (else the next input's). */
function sectionOfInputs(
  framework: Framework,
  inputs: SheetInputDef[],
  lang: Lang
): Map<string, string> {
  const index = indexFramework(framework);
  const section = new Map<string, string>();
  for (const indicator of framework.indicators) {
    const title = `${localize(indicator.level1, lang)} · ${localize(indicator.level2, lang)}`;
    for (const key of inputsOf(framework, index.indicatorExprs.get(indicator.id)!)) {
      if (!section.has(key)) section.set(key, title);
    }
  }
  let next: string | undefined;
  for (const def of [...inputs].reverse()) {
    if (section.has(def.key)) next = section.get(def.key);
    else if (next) section.set(def.key, next);
  }
  const last = framework.indicators[framework.indicators.length - 1];
  const fallback = last ? `${localize(last.level1, lang)} · ${localize(last.level2, lang)}` : "";
  for (const def of inputs) if (!section.has(def.key)) section.set(def.key, fallback);
  return section;
}

export function templateLayout(
  framework: Framework,
  sheets: SheetNames = DEFAULT_SHEETS,
  lang: Lang = "zh"
): TemplateLayout {
  const inputs = sheetInputs(framework);
  const sectionOf = sectionOfInputs(framework, inputs, lang);
  const titles: string[] = [];
  for (const indicator of framework.indicators) {
    const title = `${localize(indicator.level1, lang)} · ${localize(indicator.level2, lang)}`;
    if (!titles.includes(title)) titles.push(title);
  }
  let row = INPUT_FIRST_ROW;
  const metaRows = META_INPUTS.map((def) => ({ def, row: row++ }));
  const inputRow = new Map<string, number>(metaRows.map((m) => [m.def.key, m.row]));
  const sections: InputSection[] = [];
  for (const title of titles) {
    const members = inputs.filter((d) => sectionOf.get(d.key) === title);
    if (!members.length) continue;
    const section: InputSection = { title, row: row++, inputs: [] };
    for (const def of members) {
      section.inputs.push({ def, row });
      inputRow.set(def.key, row++);
    }
    sections.push(section);
  }
  const metricsTitleRow = row++;
  const metricRow = new Map<string, number>();
  for (const metric of framework.metrics) metricRow.set(metric.key, row++);

  // 评分表
  const indicatorRow = new Map<string, number>();
  framework.indicators.forEach((indicator, i) =>
    indicatorRow.set(indicator.id, SCORE_FIRST_ROW + i)
  );
  const firstIndicatorRow = SCORE_FIRST_ROW;
  const lastIndicatorRow = SCORE_FIRST_ROW + framework.indicators.length - 1;
  const totalRow = lastIndicatorRow + 1;
  const gradeRow = totalRow + 1;
  const selfTotalRow = gradeRow + 1;
  const subtotalTitleRow = selfTotalRow + 2;
  const groupsBy = (level: "level1" | "level2") => {
    const groups: { name: string; first: number; last: number; max: number }[] = [];
    framework.indicators.forEach((indicator, i) => {
      const name = localize(indicator[level], lang);
      const current = groups[groups.length - 1];
      const r = SCORE_FIRST_ROW + i;
      // A 二级 group is contiguous within its 一级 group; names can repeat under another 一级.
      const sameParent =
        level === "level1" ||
        localize(framework.indicators[i - 1]?.level1 ?? indicator.level1, lang) ===
          localize(indicator.level1, lang);
      if (current && current.name === name && current.last === r - 1 && sameParent) {
        current.last = r;
        current.max += indicator.max;
      } else groups.push({ name, first: r, last: r, max: indicator.max });
    });
    return groups;
  };
  const level1Groups = groupsBy("level1").map((g, i) => ({
    ...g,
    subtotalRow: subtotalTitleRow + 1 + i,
  }));
  return {
    sheets,
    metaRows,
    sections,
    inputRow,
    metricsTitleRow,
    metricRow,
    metrics: framework.metrics,
    indicatorRow,
    firstIndicatorRow,
    lastIndicatorRow,
    totalRow,
    gradeRow,
    selfTotalRow,
    subtotalTitleRow,
    level1Groups,
    level2Groups: groupsBy("level2"),
  };
}

/** Defined names the template carries beside input and metric keys. */
export const names = {
  score: (indicatorId: string) => `score_${indicatorId}`,
  ok: (inputKey: string) => `ok_${inputKey}`,
  subtotal: (index: number) => `subtotal_${index + 1}`,
  total: "score_total",
  grade: "score_grade",
  selfTotal: "score_selfTotal",
  /** Marks a department's own sheet we adopted (its rows and widths are the department's, not ours). */
  adopted: "selfeval_adopted",
  /** The department's own total on an existing sheet: read, never written. */
  reportedTotal: "selfeval_reportedTotal",
  /** Header cells naming the columns of the department's own scores, our differences and explanations. */
  column: {
    self: "selfeval_col_self",
    difference: "selfeval_col_difference",
    explanation: "selfeval_col_explanation",
  },
};
