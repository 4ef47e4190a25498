/** Every word the task pane shows, in Chinese (default) and English. */
import { plural } from "../domain/i18n";
import type { Lang, RecognizedReport, UnmatchedRow } from "../domain/types";

/** 1-based rows as a span: 3, 3–4. */
function span(rows: number[], separator: string): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const contiguous = sorted.every((r, i) => i === 0 || r === sorted[i - 1] + 1);
  return sorted.length > 1 && contiguous
    ? `${sorted[0]}–${sorted[sorted.length - 1]}`
    : sorted.join(separator);
}

/** A department's table read with no score-sheet rows is its 绩效指标 table (a project's 自评表). */
const tableIsMain = (r: RecognizedReport) => !r.rows.length && r.indicatorTable?.sheet === r.sheet;

const zh = {
  title: "绩效自评助手",
  language: "English",
  languageLabel: "切换到英文",
  status: "工作簿状态",
  colon: "：",
  framework: "评分框架",
  frameworkAutomatic: "自动（按工作簿）",
  frameworkAutomaticAs: (name: string) => `自动：${name}`,
  loadFramework: "从文件加载…",
  frameworkLoaded: (name: string) => `已加载评分框架“${name}”。`,
  frameworkFileBroken: (file: string) => `评分框架文件 ${file} 有误，未加载`,
  tableScoring: (name: string) => `绩效指标表评分规则：${name}`,
  layoutTemplate: "标准模板",
  layoutAdopted: "本单位评分表（已接入）",
  layoutExisting: "本单位评分表",
  layoutNone: "未找到评分表",
  recognized: (sheets: string) => `识别到：${sheets}`,
  /** One line: which sheet and rows of a department's own workbook were read. */
  readFrom: (r: RecognizedReport, of: number) =>
    [
      tableIsMain(r)
        ? `读取：绩效指标表 ${r.sheet} 第 ${span(r.headerRows, "、")} 行表头，${r.indicatorTable!.rows} 行`
        : `读取：${r.sheet} 第 ${span(r.headerRows, "、")} 行表头，${r.rows.length < of ? `${of} 项指标中读到 ${r.rows.length} 项` : `${r.rows.length} 项指标`}`,
      ...(r.indicatorTable && !tableIsMain(r)
        ? [
            `绩效指标表 ${r.indicatorTable.sheet} 第 ${span(r.indicatorTable.headerRows, "、")} 行表头，${r.indicatorTable.rows} 行`,
          ]
        : []),
      ...(r.inputs.length ? [`引用原表数据 ${r.inputs.length} 项`] : []),
    ].join("；"),
  unmatched: (n: number) => `未能对应的行（${n}）`,
  unmatchedRow: (u: UnmatchedRow) =>
    `${u.cell} “${u.text}”` +
    (u.duplicateOf
      ? `：与 ${u.duplicateOf} 重复`
      : u.ambiguous?.length
        ? `：同时符合${u.ambiguous.map((a) => `“${a}”`).join("")}`
        : u.nearest
          ? `：最接近的指标是“${u.nearest}”`
          : "：框架中没有相近的指标"),
  unmatchedHint: "请改用框架中的名称，或在框架文件的 aliases 中加入这些名称。",
  department: "部门",
  inputProblems: (n: number) => `输入问题（${n}）`,
  noInputProblems: "所有输入均已填写且可用。",
  insertTemplate: "插入标准模板",
  recompute: "重新计算",
  undo: "撤销上次计算",
  working: {
    reading: "正在读取工作簿…",
    computing: "正在按评分标准计算…",
    writing: "正在写入公式、说明和标注…",
    done: "完成",
  },
  recomputed: (n: number) => `已重新计算，改动 ${n} 个单元格。`,
  inserted: (sheets: string) =>
    `已插入标准模板：${sheets}。请在“基础数据”中填写数据，在“绩效指标”中逐行填写指标值与实际完成值，然后点击“重新计算”。`,
  undone: (n: number) => `已恢复 ${n} 个单元格。`,
  results: "计算结果",
  total: "总分",
  grade: "评分等级",
  selfTotal: (v: string) => `自评总分 ${v}`,
  partialTotal: "总分（已计分部分）",
  scoredOf: (scored: number, of: number) => `已计分 ${scored} / ${of} 项`,
  gradePending: "待全部计分后评定等级",
  toFill: (waiting: number) => `另有 ${waiting} 项指标待填写后计分：`,
  cannotScore: (waiting: number) => `另有 ${waiting} 项指标无法计分，见评分表的说明。`,
  inputMissing: (label: string) => `「${label}」未填写`,
  inputInvalid: (label: string) => `「${label}」请检查`,
  moreToFill: (n: number) => `另有 ${n} 项，全部见上方“输入问题”。`,
  showAll: (n: number) => `显示全部 ${n} 项`,
  showFewer: "只显示前几项",
  groups: "各级指标得分",
  breaches: (n: number) => `需要关注（${n}）`,
  noBreaches: "没有需要关注的事项。",
  red: "红",
  amber: "黄",
  differences: (n: number) => `与自评不一致（${n}）`,
  difference: (name: string, self: string, score: string) =>
    `${name}：自评 ${self}，按标准 ${score}`,
  indicators: (n: number) => `未达成的绩效指标（${n}）`,
  indicatorsMet: (met: number, of: number) => `${of} 项绩效指标中 ${met} 项达到目标。`,
  unmetIndicator: (name: string, completion: string, score: string, weight: string) =>
    `${name}：完成 ${completion}，得 ${score} / ${weight} 分`,
  selectCell: (cell: string) => `选中单元格 ${cell}`,
  scoreOf: (score: string, max: string) => `${score} / ${max} 分`,
  report: "生成自评报告",
  reportWorking: "正在起草自评报告…",
  reportAsk: "工作簿中没有以下信息，请填写后生成（留空则在报告标题中标出待填写）：",
  reportDepartment: "部门（单位）名称",
  reportYear: "预算年度（如 2024）",
  reportGenerate: "生成",
  reportSaved: (file: string, places: number) =>
    `已生成自评报告“${file}”，请在下载中查看。报告中 ${places} 处以〔待填写：…〕黄色标出，需由部门填写。`,
  reportCannotWrite:
    "此版本的 Excel 无法在任务窗格中写出 Word 文档。请在 Excel 网页版或新版 Windows 版 Excel 中生成，或在电脑上运行：selfeval report 工作簿.xlsx -o 自评报告.docx",
  reportBlocked: (file: string) =>
    `自评报告“${file}”已生成，但此版本的 Excel 不允许加载项下载文件（Mac 和 iPad 上的 Excel 即是如此）。请在 Excel 网页版或 Windows 版 Excel 中打开本工作簿再生成，或在电脑上运行：selfeval report 工作簿.xlsx -o 自评报告.docx`,
  failed: "操作未完成",
};

export type Strings = typeof zh;

const en: Strings = {
  title: "Self-evaluation assistant",
  language: "中文",
  languageLabel: "Switch to Chinese",
  status: "Workbook",
  colon: ": ",
  framework: "Framework",
  frameworkAutomatic: "Automatic (from the workbook)",
  frameworkAutomaticAs: (name: string) => `Automatic: ${name}`,
  loadFramework: "Load from file…",
  frameworkLoaded: (name: string) => `Loaded the framework "${name}".`,
  frameworkFileBroken: (file: string) => `The framework file ${file} has mistakes; not loaded`,
  tableScoring: (name: string) => `Indicator table scored by ${name}`,
  layoutTemplate: "standard template",
  layoutAdopted: "department's own score sheet (connected)",
  layoutExisting: "department's own score sheet",
  layoutNone: "no score sheet found",
  recognized: (sheets: string) => `Found: ${sheets}`,
  readFrom: (r: RecognizedReport, of: number) => {
    const rows = (rs: number[]) => `${rs.length > 1 ? "rows" : "row"} ${span(rs, ", ")}`;
    return [
      tableIsMain(r)
        ? `Read: the performance indicator table on ${r.sheet}, header ${rows(r.headerRows)}, ${plural(r.indicatorTable!.rows, "row")}`
        : `Read: ${r.sheet}, header ${rows(r.headerRows)}, ${r.rows.length < of ? `${r.rows.length} of ${plural(of, "indicator")}` : plural(r.rows.length, "indicator")}`,
      ...(r.indicatorTable && !tableIsMain(r)
        ? [
            `performance indicator table ${r.indicatorTable.sheet}, header ${rows(r.indicatorTable.headerRows)}, ${plural(r.indicatorTable.rows, "row")}`,
          ]
        : []),
      ...(r.inputs.length ? [`${plural(r.inputs.length, "figure")} taken from the workbook`] : []),
    ].join("; ");
  },
  unmatched: (n: number) => `Rows not matched (${n})`,
  unmatchedRow: (u: UnmatchedRow) =>
    `${u.cell} "${u.text}"` +
    (u.duplicateOf
      ? `: repeats ${u.duplicateOf}`
      : u.ambiguous?.length
        ? `: matches ${u.ambiguous.map((a) => `"${a}"`).join(" and ")} alike`
        : u.nearest
          ? `: the nearest indicator is "${u.nearest}"`
          : ": no indicator of the framework is close"),
  unmatchedHint:
    "Use the framework's names, or add these names to the aliases in the framework file.",
  department: "Department",
  inputProblems: (n: number) => `Input problems (${n})`,
  noInputProblems: "Every input is filled in and usable.",
  insertTemplate: "Insert the standard template",
  recompute: "Recompute",
  undo: "Undo last recompute",
  working: {
    reading: "Reading the workbook…",
    computing: "Scoring by the rules…",
    writing: "Writing formulas, explanations and highlights…",
    done: "Done",
  },
  recomputed: (n: number) => `Recomputed; ${plural(n, "cell")} changed.`,
  inserted: (sheets: string) =>
    `Inserted the standard template: ${sheets}. Fill in 基础数据 and the rows of 绩效指标, then click Recompute.`,
  undone: (n: number) => `Restored ${plural(n, "cell")}.`,
  results: "Results",
  total: "Total",
  grade: "Grade",
  selfTotal: (v: string) => `Self-reported total ${v}`,
  partialTotal: "Total of the scored part",
  scoredOf: (scored: number, of: number) => `${scored} of ${of} scored`,
  gradePending: "Graded once every indicator is scored",
  toFill: (waiting: number) => `${waiting} more once these inputs are filled in:`,
  cannotScore: (waiting: number) =>
    `${waiting} more cannot be scored; see the explanations on the score sheet.`,
  inputMissing: (label: string) => `${label}: blank`,
  inputInvalid: (label: string) => `${label}: to correct`,
  moreToFill: (n: number) => `${n} more, all listed under input problems above.`,
  showAll: (n: number) => `Show all ${n}`,
  showFewer: "Show fewer",
  groups: "Scores by group",
  breaches: (n: number) => `Breaches (${n})`,
  noBreaches: "Nothing to flag.",
  red: "red",
  amber: "amber",
  differences: (n: number) => `Differs from the self-reported score (${n})`,
  difference: (name: string, self: string, score: string) =>
    `${name}: self-reported ${self}, by the rules ${score}`,
  indicators: (n: number) => `Indicators not met (${n})`,
  indicatorsMet: (met: number, of: number) =>
    `${met} of ${plural(of, "indicator")} met ${of === 1 ? "its" : "their"} target.`,
  unmetIndicator: (name: string, completion: string, score: string, weight: string) =>
    `${name}: ${completion} done, ${score} of ${weight}`,
  selectCell: (cell: string) => `Select cell ${cell}`,
  scoreOf: (score: string, max: string) => `${score} of ${max}`,
  report: "Draft the report",
  reportWorking: "Drafting the self-evaluation report…",
  reportAsk:
    "The workbook does not say the following; fill them in, or leave them blank to mark them in the title:",
  reportDepartment: "Department",
  reportYear: "Budget year (e.g. 2024)",
  reportGenerate: "Draft",
  reportSaved: (file: string, places: number) =>
    `Drafted the report "${file}"; see your downloads. ${plural(places, "place")} marked [to fill in: …] in yellow ${places === 1 ? "is" : "are"} for the department to write.`,
  reportCannotWrite:
    "This Excel cannot write a Word document in the task pane. Draft it in Excel on the web or a current Excel for Windows, or run on a computer: selfeval report workbook.xlsx -o report.docx",
  reportBlocked: (file: string) =>
    `The report "${file}" is drafted, but this Excel does not let add-ins download files (Excel on Mac and iPad). Open the workbook in Excel on the web or on Windows and draft it there, or run on a computer: selfeval report workbook.xlsx -o report.docx`,
  failed: "Not done",
};

export const STRINGS: Record<Lang, Strings> = { zh, en };
