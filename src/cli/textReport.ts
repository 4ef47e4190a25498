import { displayWidth, formatPoints, plural, say } from "../domain/i18n";
import type { Lang, Localized, RecognizedReport, Report, UnmatchedRow } from "../domain/types";
import { gradeOf } from "../domain/frameworks/grades";
import { describeTableScoring, tableScoringName } from "../domain/indicatorTable/tableScoring";
import type { Framework } from "../domain/types";

export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * A partial total is never graded: how many indicators are scored, the inputs the others wait for (each with its
 * cell), and the total of the scored part.
 */
const LISTED = 8;

function partialTotal(report: Report, lang: Lang): string[] {
  const waiting = report.indicatorCount - report.scored;
  const lines = [
    report.toFill.length
      ? say(
          lang,
          `已计分 ${report.scored} / ${report.indicatorCount} 项指标，另有 ${waiting} 项待填写后计分：`,
          `Scored ${report.scored} of ${plural(report.indicatorCount, "indicator")}; ${waiting} more once these inputs are filled in:`
        )
      : say(
          lang,
          `已计分 ${report.scored} / ${report.indicatorCount} 项指标，另有 ${waiting} 项无法计分（见各项说明）`,
          `Scored ${report.scored} of ${plural(report.indicatorCount, "indicator")}; ${waiting} cannot be scored (see each one's explanation)`
        ),
  ];
  // A sheet with nothing yet filled waits for dozens: the first few here, every one under the input problems.
  const list = (problem: "missing" | "invalid") => {
    const all = report.toFill.filter((f) => f.problem === problem);
    const shown = all
      .slice(0, LISTED)
      .map((f) =>
        f.cell
          ? say(lang, `「${f.label}」（${f.cell}）`, `${f.label} (${f.cell})`)
          : say(lang, `「${f.label}」`, f.label)
      )
      .join(say(lang, "、", ", "));
    return all.length > LISTED
      ? say(
          lang,
          `${shown} 等 ${all.length} 项（全部见下方“输入问题”）`,
          `${shown} and ${all.length - LISTED} more (all under input problems below)`
        )
      : shown;
  };
  const missing = list("missing");
  const invalid = list("invalid");
  if (missing) lines.push(say(lang, `  未填写：${missing}`, `  blank: ${missing}`));
  if (invalid) lines.push(say(lang, `  请检查：${invalid}`, `  to correct: ${invalid}`));
  lines.push(
    say(
      lang,
      `总分（已计分部分）${formatPoints(report.total)}，待全部计分后评定等级`,
      `Total of the scored part ${formatPoints(report.total)}; graded once every indicator is scored`
    )
  );
  return lines;
}

/**
 * The department's own 自评总分 (its cell where the workbook has one) and how far it is from the total: no 差额
 * against a partial total.
 */
function selfTotalLine(report: Report, lang: Lang): string {
  const self = formatPoints(report.selfTotal!);
  if (!report.complete) return say(lang, `自评总分 ${self}`, `Self-reported total ${self}`);
  const gap = formatPoints(report.selfTotal! - report.total);
  return say(
    lang,
    `自评总分 ${self}，与总分差额 ${gap}`,
    `Self-reported total ${self}, ${gap} from the total`
  );
}

/** A column's role (as `RecognizedReport.columns` names it) in the words of the sheets. */
const ROLE_NAMES: Record<string, Localized> = {
  level1: { zh: "一级指标", en: "level-1 indicator" },
  level2: { zh: "二级指标", en: "level-2 indicator" },
  level3: { zh: "三级指标", en: "level-3 indicator" },
  name: { zh: "指标名称", en: "indicator name" },
  max: { zh: "分值", en: "points" },
  criteria: { zh: "评分标准", en: "scoring criteria" },
  selfScore: { zh: "自评得分", en: "self score" },
  deduction: { zh: "扣分", en: "deduction" },
  deductionReason: { zh: "扣分原因", en: "reason for the deduction" },
  target: { zh: "年度指标值", en: "target" },
  operator: { zh: "计算符号", en: "comparison" },
  unit: { zh: "计量单位", en: "unit" },
  actual: { zh: "实际完成值", en: "actual" },
  reason: { zh: "偏差原因", en: "reason for the deviation" },
  tier: { zh: "完成档次", en: "tier" },
  figure: { zh: "数据", en: "figure" },
};

export function roleName(role: string, lang: Lang): string {
  return ROLE_NAMES[role]?.[lang] ?? role;
}

/** 1-based rows as a span: 第 3 行 / 第 3–4 行 (row 3 / rows 3–4). */
export function rowSpan(rows: number[], lang: Lang): string {
  if (!rows.length) return "";
  const sorted = [...rows].sort((a, b) => a - b);
  const contiguous = sorted.every((r, i) => i === 0 || r === sorted[i - 1] + 1);
  const span =
    sorted.length === 1
      ? `${sorted[0]}`
      : contiguous
        ? `${sorted[0]}–${sorted[sorted.length - 1]}`
        : sorted.join(say(lang, "、", ", "));
  return say(lang, `第 ${span} 行`, `${sorted.length === 1 ? "row" : "rows"} ${span}`);
}

/** A cell's address without its sheet when it is on `sheet` (部门整体支出绩效评分表!D27 → D27). */
function onSheet(cell: string, sheet: string): string {
  return cell.startsWith(`${sheet}!`) ? cell.slice(sheet.length + 1) : cell;
}

/** What to do about a row that matched no indicator, or two, or one already read. */
export function unmatchedLine(row: UnmatchedRow, lang: Lang): string {
  const quote = (text: string) => say(lang, `“${text}”`, `"${text}"`);
  const fix = say(
    lang,
    "请改用框架中的名称，或在框架文件的 aliases 中加入这个名称",
    "use the framework's name, or add this name to the aliases in the framework file"
  );
  let why: string;
  if (row.duplicateOf)
    why = say(
      lang,
      `与 ${row.duplicateOf} 重复，只读取了先出现的一行`,
      `repeats ${row.duplicateOf}; only the first is read`
    );
  else if (row.ambiguous?.length)
    why = say(
      lang,
      `同时符合${row.ambiguous.map(quote).join("")}，请改用框架中的完整名称，或在框架文件的 aliases 中加入能区分它们的名称`,
      `matches ${row.ambiguous.map(quote).join(" and ")} alike; use the framework's full name, or add a name that tells them apart to the aliases in the framework file`
    );
  else if (row.nearest)
    why = say(
      lang,
      `最接近的指标是${quote(row.nearest)}，${fix}`,
      `the nearest indicator is ${quote(row.nearest)}; ${fix}`
    );
  else
    why = say(
      lang,
      `框架中没有相近的指标；如果它是一项指标，${fix}`,
      `no indicator of the framework is close; if it is one, ${fix}`
    );
  return `${row.cell} ${quote(row.text)}${say(lang, "——", " — ")}${why}`;
}

/**
 * What was recognized in a department's own workbook, in a few lines: the table read (sheet, header rows, how
 * many rows, where the self scores and their total are), the 绩效指标 table, the figures taken by reference, and
 * every row that matched no indicator with what to do about it. Every column's role is in the JSON.
 */
export function renderRecognized(
  recognized: RecognizedReport,
  framework: Framework,
  lang: Lang
): string[] {
  const { sheet, rows, indicatorTable: table, unmatched } = recognized;
  const selfCols = recognized.columns.filter((c) => c.role === "selfScore");
  // The column of the self scores, named when the sheet has one; its header when it says something else (分数).
  const selfCol = selfCols.length === 1 ? selfCols[0] : undefined;
  const own = selfCol && selfCol.header !== ROLE_NAMES.selfScore.zh ? selfCol.header : undefined;
  const scores = selfCol
    ? say(
        lang,
        `，自评得分在 ${selfCol.column} 列${own ? `（表头“${own}”）` : ""}`,
        `, self scores in column ${selfCol.column}${own ? ` ("${own}")` : ""}`
      )
    : "";
  const total = recognized.selfTotal
    ? say(
        lang,
        `，自评合计在 ${onSheet(recognized.selfTotal, sheet)}`,
        `, self total in ${onSheet(recognized.selfTotal, sheet)}`
      )
    : "";
  const header = rowSpan(recognized.headerRows, lang);
  const of = framework.indicators.length;
  const lines: string[] = [];
  // Without score-sheet rows the table read is the 绩效指标 table itself (a project's 自评表).
  const tableIsMain = !rows.length && table?.sheet === sheet;
  if (tableIsMain)
    lines.push(
      say(
        lang,
        `识别：绩效指标表 ${sheet} ${header}表头，${table.rows} 行${scores}${total}`,
        `Recognized: the performance indicator table on ${sheet}, header ${header}, ${plural(table.rows, "row")}${scores}${total}`
      )
    );
  else {
    const count =
      rows.length < of
        ? say(
            lang,
            `${of} 项指标中读到 ${rows.length} 项`,
            `${rows.length} of ${plural(of, "indicator")}`
          )
        : say(lang, `${rows.length} 项指标`, plural(rows.length, "indicator"));
    lines.push(
      say(
        lang,
        `识别：${sheet} ${header}表头，${count}${scores}${total}`,
        `Recognized: ${sheet}, header ${header}, ${count}${scores}${total}`
      )
    );
  }
  if (table && !tableIsMain) {
    const tableHeader = rowSpan(table.headerRows, lang);
    lines.push(
      say(
        lang,
        `  绩效指标表：${table.sheet} ${tableHeader}表头，${table.rows} 行`,
        `  Performance indicator table: ${table.sheet}, header ${tableHeader}, ${plural(table.rows, "row")}`
      )
    );
  }
  if (recognized.inputs.length) {
    const label = (key: string) => framework.inputs.find((i) => i.key === key)?.label[lang] ?? key;
    const inputs = recognized.inputs
      .map((i) => `${label(i.input)} ← ${i.cell}`)
      .join(say(lang, "、", ", "));
    lines.push(
      say(lang, `  引用原表数据：${inputs}`, `  Figures taken from the workbook: ${inputs}`)
    );
  }
  if (unmatched.length) {
    lines.push(
      say(lang, `未能对应的行（${unmatched.length}）：`, `Rows not matched (${unmatched.length}):`)
    );
    for (const row of unmatched) lines.push(`  ${unmatchedLine(row, lang)}`);
  }
  return lines;
}

/** The report as a readable table: one line per indicator, then total, grade, breaches and errors. */
export function renderReport(report: Report, framework: Framework, lang: Lang): string {
  const lines: string[] = [];
  const nameWidth = Math.max(...report.indicators.map((r) => displayWidth(r.name)));
  lines.push(`${framework.name[lang]}`);
  if (report.recognized) lines.push(...renderRecognized(report.recognized, framework, lang));
  lines.push("");
  for (const r of report.indicators) {
    const score = r.score === null ? say(lang, "未计分", "—") : formatPoints(r.score);
    const self =
      r.selfScore !== undefined && r.score !== null && r.selfScore !== r.score
        ? say(lang, `（自评 ${formatPoints(r.selfScore)}）`, ` (self ${formatPoints(r.selfScore)})`)
        : "";
    lines.push(
      `${padEnd(r.name, nameWidth)}  ${padEnd(`${score} / ${r.max}`, 12)}${r.explanation}${self}`
    );
  }
  if (report.indicatorTable?.length) {
    lines.push("");
    lines.push(
      say(
        lang,
        `绩效指标（${report.indicatorTable.length}）：`,
        `Performance indicators (${report.indicatorTable.length}):`
      )
    );
    if (report.tableScoring)
      lines.push(
        say(
          lang,
          `  评分规则：${tableScoringName(report.tableScoring, lang)}：${describeTableScoring(report.tableScoring, lang)}`,
          `  Scored by ${tableScoringName(report.tableScoring, lang)}: ${describeTableScoring(report.tableScoring, lang)}`
        )
      );
    const width = Math.max(...report.indicatorTable.map((r) => displayWidth(r.name)));
    for (const r of report.indicatorTable) {
      const mark = r.met === null ? "—" : r.met ? "✓" : "✗";
      const score = r.score === null ? "" : `${formatPoints(r.score)} / ${formatPoints(r.weight)}`;
      lines.push(`  ${mark} ${padEnd(r.name, width)}  ${padEnd(score, 14)}${r.explanation}`);
    }
  }
  lines.push("");
  if (report.grade !== null) {
    const band = gradeOf(report.total, framework.grades);
    const grade = lang === "en" ? `${band.grade} (${band.en})` : band.grade;
    lines.push(
      say(
        lang,
        `总分 ${formatPoints(report.total)}，评分等级 ${grade}`,
        `Total ${formatPoints(report.total)}, grade ${grade}`
      )
    );
  } else lines.push(...partialTotal(report, lang));
  if (report.selfTotal !== undefined) lines.push(selfTotalLine(report, lang));
  if (report.breaches.length) {
    lines.push("");
    lines.push(
      say(lang, `需要关注（${report.breaches.length}）：`, `Breaches (${report.breaches.length}):`)
    );
    for (const b of report.breaches) {
      const mark =
        b.severity === "red" ? say(lang, "【红】", "[red]  ") : say(lang, "【黄】", "[amber]");
      // Some messages name their cell already (the 绩效指标 table's): it is not said twice.
      const cell = b.cell && !b.message.includes(b.cell) ? `（${b.cell}）` : "";
      lines.push(`  ${mark} ${b.message}${cell}`);
    }
  }
  if (report.errors.length) {
    lines.push("");
    lines.push(
      say(
        lang,
        `输入问题（${report.errors.length}）：`,
        `Input problems (${report.errors.length}):`
      )
    );
    for (const e of report.errors) lines.push(`  ${e.cell ? `${e.cell} ` : ""}${e.message}`);
  }
  return lines.join("\n") + "\n";
}
