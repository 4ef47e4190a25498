/**
 * Recompute on a workbook snapshot: read the inputs where the template's defined names say, score them, and
 * plan the writes — live formulas with their computed values, explanations, subtotals, total, grade,
 * highlights that stay live, and the backup for 撤销. Touches no input cell.
 */
import { excelRound } from "../domain/excelMath";
import { selfScoreSum, selfTotalMismatch } from "../domain/selfTotal";
import { conditionExpr } from "../domain/rules/bands";
import { toFormula } from "../domain/formula";
import { describeMetric } from "../domain/exprWords";
import { displayWidth, localize } from "../domain/i18n";
import { wrappedRowHeight } from "./styles";
import { INPUT_COLUMN_WIDTHS, SCORE_COLUMN_WIDTHS } from "./template";
import { scoreTableFeeds } from "../domain/indicatorTable/feeds";
import { resolveTableScoring } from "../domain/indicatorTable/tableScoring";
import { labelOf, optionalInputs } from "../domain/model";
import { isBlank, readInput } from "../domain/parse/readInput";
import { textOf } from "../domain/rules/texts";
import { sheetInputs, type SheetInputDef } from "./sheetInputs";
import { scoreFramework } from "../domain/score";
import type { Condition, Framework, Lang, Report } from "../domain/types";
import { adoptPlan, mergePlans } from "./adopt";
import { applyToSnapshot } from "./applyToSnapshot";
import { backupEntries, backupSheetPlan } from "./backup";
import { recognizeScoreSheet, findDepartment, numberOf, readWorkbook } from "./recognize";
import { bindTemplate, type CellRef, type TemplateBinding } from "./bindTemplate";
import { INPUT_COLS, SCORE_COLS, names } from "./layout";
import {
  STATUS,
  differenceFormula,
  type SelfScoreRead,
  gradeCellValue,
  gradeFormula,
  metricFormula,
  partialTotalFormula,
  partialTotalValue,
  reportedTotalFormula,
  scoreFormula,
  selfTotalFormula,
  statusFormula,
  sumFormula,
  totalCellValue,
  textStatusFormula,
  textValidityFormula,
  validityFormula,
} from "./liveFormulas";
import { readAsDate, shownValue } from "./table/departmentCells";
import { RecomputeFailure } from "./failure";
import {
  FRAMEWORK_SHEET,
  chooseFramework,
  frameworkSheetPlan,
  type FrameworkChoice,
} from "./frameworkChoice";
import { PlanBuilder } from "./planBuilder";
import { bindTable, readTableRows } from "./table/bindTable";
import { tableNames } from "./table/layout";
import { adoptTablePlan } from "./table/adoptTable";
import type { IndicatorTableReading } from "./reader/bindReading";
import { recognizedReport, type Reading } from "./reader/bindReading";
import { adoptFormPlan, readsAsForm } from "./reader/adoptForm";
import { writeTable } from "./table/writeTable";
import {
  absoluteRef,
  address,
  cellLabel,
  cellValue,
  columnLetter,
  getSheet,
  sheetRef,
  type CellValue,
  type WorkbookSnapshot,
} from "./snapshot";
import { OWN_RULE_MARKER, type WritePlan } from "./writePlan";

export interface RecomputeOptions {
  /** The language of the report and its messages (what the command prints, what the pane shows). */
  lang?: Lang;
  /**
   * The language of what is written into the workbook's cells (explanations, statuses, 说明, titles): Chinese unless
   * asked, whatever `lang` is — our template and the departments' workbooks are Chinese (issue 16).
   */
  sheetLang?: Lang;
  /** Keep what is overwritten in the hidden backup sheet (not when laying out a new template). */
  backup?: boolean;
  /** The department's tables as the reader read this workbook, when the caller read them already (the pane). */
  reading?: Reading;
}

export interface RecomputeResult {
  report: Report;
  plan: WritePlan;
  /** How many cells change content (what 撤销 would put back). */
  changedCells: number;
  department?: string;
  selfTotal?: number;
}

export { RecomputeFailure };

const at = (ref: CellRef, dCol: number): CellRef => ({
  sheet: ref.sheet,
  row: ref.row,
  col: ref.col + dCol,
});
const label = (ref: CellRef) => cellLabel(ref.sheet, address(ref.row, ref.col));

function valueAt(snapshot: WorkbookSnapshot, ref: CellRef): CellValue {
  const sheet = getSheet(snapshot, ref.sheet);
  return sheet ? cellValue(sheet, ref.row, ref.col) : null;
}

const rule = (condition: string) => `AND(${condition},${OWN_RULE_MARKER})`;
/**
 * A threshold's condition, TRUE only while its metric (or input) is computed, as the engine judges thresholds: a
 * blank rate ("") or a blank input would otherwise compare as text, or as 0.
 */
const conditionFormula = (framework: Framework, metric: string, when: Condition[]) => {
  const computed = framework.metrics.some((m) => m.key === metric)
    ? `ISNUMBER(${metric})`
    : `${names.ok(metric)},ISNUMBER(${metric})`;
  return `AND(${computed},${toFormula(conditionExpr(metric, when))})`;
};

/** Recompute of the standard template. */
export function recomputeTemplate(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  binding: TemplateBinding,
  options: RecomputeOptions = {}
): RecomputeResult {
  const lang = options.lang ?? "zh";
  const raw: Record<string, unknown> = {};
  const cells: Record<string, string> = {};
  for (const [key, ref] of binding.inputs) {
    raw[key] = valueAt(snapshot, ref);
    cells[key] = label(ref);
  }
  for (const [key, ref] of binding.metrics) cells[key] = label(ref);
  const selfScores: Record<string, unknown> = {};
  const selfScoreCells: Record<string, string> = {};
  for (const [id, ref] of binding.scores) {
    const self = { ...ref, col: binding.columns.self };
    const value = valueAt(snapshot, self);
    if (value !== null && value !== "") selfScores[id] = value;
    selfScoreCells[id] = label(self);
  }
  // The 绩效指标 sheet, when the workbook has one: its rows feed the framework's indicators (深圳 效果性).
  const tableBinding = bindTable(snapshot, framework);
  const table = tableBinding ? readTableRows(snapshot, tableBinding, lang) : undefined;
  const tableTotals = new Map<string, string>(
    [...(tableBinding?.totals.keys() ?? [])].map((input) => [input, tableNames.total(input)])
  );
  const report = scoreFramework(framework, raw, {
    lang,
    mode: "cell",
    cells,
    selfScores,
    selfScoreCells,
    ...(table ? { indicators: table.rows.map((r) => r.input) } : {}),
  });
  if (table) {
    report.breaches.push(...table.warnings);
    // An empty 绩效指标 sheet while the department's own table stands elsewhere: say where it is.
    const elsewhere =
      table.rows.length === 0
        ? (options.reading ?? readWorkbook(snapshot, framework)).indicatorTable
        : undefined;
    explainEmptyFeeds(report, framework, tableTotals, raw, lang, elsewhere);
  }
  for (const result of report.indicators) {
    const ref = binding.scores.get(result.id);
    if (ref) result.cell = label(ref);
  }
  // The department's own 自评总分 (its cell, or one typed in our self-total cell), checked against its scores.
  const ownTotal = ownTotalCell(snapshot, binding);
  const selfTotal = reportedTotal(snapshot, ownTotal, report, lang);
  if (selfTotal !== undefined) report.selfTotal = selfTotal;
  for (const key of binding.missingInputs) {
    report.errors.push({
      input: key,
      message:
        lang === "en"
          ? `the template has no cell named ${key}`
          : `模板中找不到名称为 ${key} 的输入单元格，请重新插入标准模板`,
    });
  }

  const plan = new PlanBuilder();
  const inputDefs = new Map(sheetInputs(framework).map((d) => [d.key, d]));
  // The table scored as the engine scored it, once: which inputs it fed, and what its sheet shows.
  const scoredTable = table
    ? scoreTableFeeds(
        framework.indicatorTable ?? [],
        table.rows.map((r) => r.input),
        lang,
        resolveTableScoring(framework.tableScoring)
      )
    : undefined;
  const fed = new Set(
    (scoredTable?.fed ?? [])
      .filter(({ feed, result }) => result.total !== null && isBlank(raw[feed.input]))
      .map(({ feed }) => feed.input)
  );
  const blanks = { optional: optionalInputs(framework), tableTotals, fed };
  writeInputStatus(plan, snapshot, framework, binding, inputDefs, lang, blanks, report);
  writeMetrics(plan, framework, binding, report, lang, tableTotals);
  writeScores(plan, framework, binding, report, tableTotals, {
    snapshot,
    ...(ownTotal ? { own: ownTotal } : {}),
    ...(selfTotal !== undefined ? { value: selfTotal } : {}),
  });
  writeHighlights(plan, framework, binding);
  if (tableBinding && table && scoredTable)
    writeTable(plan, framework, tableBinding, table.rows, scoredTable, lang);

  const built = plan.build();
  const entries = options.backup === false ? [] : backupEntries(snapshot, built);
  if (entries.length) built.sheets.push(backupSheetPlan(snapshot, entries));
  const departmentCell = binding.meta.get("departmentName");
  const departmentValue = departmentCell ? valueAt(snapshot, departmentCell) : null;
  // The template names its department cell: only that counts (its neighbours hold hints, not names).
  const department = departmentCell
    ? typeof departmentValue === "string" && departmentValue.trim()
      ? departmentValue.trim()
      : undefined
    : findDepartment(snapshot);
  return {
    report,
    plan: built,
    changedCells: entries.filter((e) => e.kind === "cell").length,
    ...(department ? { department } : {}),
    ...(selfTotal !== undefined ? { selfTotal } : {}),
  };
}

/**
 * The department's own 自评总分: the cell the reader recognized on its sheet (named selfeval_reportedTotal), else a
 * total typed into our self-total cell over its formula (the template filled from a file that gives one). The
 * second is the department's, never overwritten.
 */
interface OwnTotal {
  cell: CellRef;
  typed: boolean;
}

function ownTotalCell(snapshot: WorkbookSnapshot, binding: TemplateBinding): OwnTotal | undefined {
  if (binding.reportedTotal) return { cell: binding.reportedTotal, typed: false };
  const cell = binding.selfTotal;
  if (!cell) return undefined;
  const formula = getSheet(snapshot, cell.sheet)?.formulas[cell.row]?.[cell.col] ?? null;
  return formula === null && !isBlank(valueAt(snapshot, cell)) ? { cell, typed: true } : undefined;
}

/**
 * The department's own total: as written in its own cell when there is one (checked against the sum of its
 * scores, a breach when they differ), else the sum of the self-reported scores.
 */
function reportedTotal(
  snapshot: WorkbookSnapshot,
  own: OwnTotal | undefined,
  report: Report,
  lang: Lang
): number | undefined {
  const sum = selfScoreSum(report);
  if (!own) return sum;
  const written = numberOf(valueAt(snapshot, own.cell));
  const mismatch =
    written === undefined ? undefined : selfTotalMismatch(report, written, lang, label(own.cell));
  if (mismatch) report.breaches.push(mismatch);
  return written ?? sum;
}

/**
 * A blank input the table should feed but cannot (no row for it, or a row unscored): the error says to fill the
 * 绩效指标 sheet or enter the score, instead of only 未填写.
 */
function explainEmptyFeeds(
  report: Report,
  framework: Framework,
  tableTotals: Map<string, string>,
  raw: Record<string, unknown>,
  lang: Lang,
  elsewhere?: IndicatorTableReading
): void {
  const found = elsewhere
    ? lang === "en"
      ? ` (the department's own table is on ${elsewhere.table.sheet}, row ${elsewhere.table.headerRows[0] + 1}: copy its rows in)`
      : `（在“${elsewhere.table.sheet}”第 ${elsewhere.table.headerRows[0] + 1} 行有本单位的绩效指标表，可把它的各行复制到“绩效指标”表）`
    : "";
  for (const error of report.errors) {
    if (!tableTotals.has(error.input) || !isBlank(raw[error.input])) continue;
    const label = labelOf(framework, error.input, lang);
    error.message =
      lang === "en"
        ? `${label}: fill the 绩效指标 sheet (every row scored), or enter the score here${found}`
        : `${label}未填写，绩效指标表也未能计分：请在“绩效指标”表填写指标（每行都能计分），或直接填写得分${found}`;
  }
}

/** How the inputs may be blank, and which the 绩效指标 table fed this time (their 状态 reads 按绩效指标表). */
interface InputBlanks {
  optional: Set<string>;
  tableTotals: Map<string, string>;
  fed: Set<string>;
}

/** 状态 (✓ / 未填写 / 请检查 / 自动计算 / 按绩效指标表) and the hidden validity cell ok_<key> beside every input. */
function writeInputStatus(
  plan: PlanBuilder,
  snapshot: WorkbookSnapshot,
  framework: Framework,
  binding: TemplateBinding,
  defs: Map<string, SheetInputDef>,
  lang: Lang,
  blanks: InputBlanks,
  report: Report
): void {
  const hasError = (key: string) => report.errors.some((e) => e.input === key);
  for (const [key, ref] of binding.inputs) {
    const def = defs.get(key);
    if (!def) continue;
    const okRef = at(ref, INPUT_COLS.ok - INPUT_COLS.value);
    const statusRef = at(ref, INPUT_COLS.status - INPUT_COLS.value);
    const valueCell = address(ref.row, ref.col);
    const okCell = address(okRef.row, okRef.col);
    const raw = valueAt(snapshot, ref);
    const blank = raw === null || raw === "";
    let ok: boolean;
    let status: string;
    let validity: string;
    let statusText: string;
    if (def.kind === "text") {
      ok = !hasError(key);
      // Blank as the engine reads a text: nothing, or only spaces (readTexts).
      const none = textOf(raw) === undefined;
      status = none ? (ok ? STATUS.notNeeded : STATUS.blank) : ok ? STATUS.ok : STATUS.check;
      validity = textValidityFormula(framework, def.text, valueCell);
      statusText = textStatusFormula(valueCell, okCell);
    } else {
      const rule = {
        optional: blanks.optional.has(key),
        ...(blanks.tableTotals.has(key)
          ? { tableTotal: blanks.tableTotals.get(key), tableStale: tableNames.stale(key) }
          : {}),
        // A number formatted as a date in our own input cell: the engine reads the date (请检查).
        ...(readAsDate(raw) ? { heldDate: raw } : {}),
      };
      const read = readInput(def, raw, lang, "cell");
      const fed = blank && blanks.fed.has(key);
      // optionalInputs holds the inputs with a fallback too.
      const optional = rule.optional;
      ok = blank ? optional || fed : !read.error;
      status = fed
        ? STATUS.fromTable
        : blank && optional
          ? STATUS.auto
          : ok
            ? STATUS.ok
            : blank
              ? STATUS.blank
              : STATUS.check;
      validity = validityFormula(def, valueCell, rule);
      statusText = statusFormula(def, valueCell, okCell, rule);
    }
    plan.write(okRef, { formula: validity, result: ok, style: "key" });
    plan.write(statusRef, { formula: statusText, result: status, style: "label" });
    plan.name(names.ok(key), absoluteRef(okRef.sheet, okRef.row, okRef.col));
  }
}

function writeMetrics(
  plan: PlanBuilder,
  framework: Framework,
  binding: TemplateBinding,
  report: Report,
  lang: Lang,
  tableTotals: Map<string, string>
): void {
  for (const metric of framework.metrics) {
    const ref = binding.metrics.get(metric.key);
    if (!ref) continue;
    const value = report.metrics[metric.key];
    plan.write(ref, {
      formula: metricFormula(framework, metric, tableTotals),
      ...(value === null || value === undefined ? {} : { result: value }),
      numberFormat: "0.00%",
    });
    const description = at(ref, INPUT_COLS.source - INPUT_COLS.value);
    // In words, never formula text: 「资金调整调剂率 = 调整、调剂资金累计数 ÷ 调整后预算数」 (issue 16).
    const text = describeMetric(framework, metric, lang);
    plan.write(description, { value: text });
    const height = binding.adopted
      ? undefined
      : wrappedRowHeight([
          { width: displayWidth(text), columnWidth: INPUT_COLUMN_WIDTHS[INPUT_COLS.source] },
        ]);
    if (height) {
      const sheetPlan = plan.sheet(ref.sheet);
      sheetPlan.rowHeights = [...(sheetPlan.rowHeights ?? []), { row: ref.row, height }];
    }
  }
}

/** The department's own total as Recompute found it: its cell, and its value as a number when it reads as one. */
interface SelfTotal {
  snapshot: WorkbookSnapshot;
  own?: OwnTotal;
  value?: number;
}

function writeScores(
  plan: PlanBuilder,
  framework: Framework,
  binding: TemplateBinding,
  report: Report,
  tableTotals: Map<string, string>,
  selfTotal: SelfTotal
): void {
  const selfRefs: { ref: CellRef; self: SelfScoreRead }[] = [];
  for (const indicator of framework.indicators) {
    const ref = binding.scores.get(indicator.id);
    const result = report.indicators.find((r) => r.id === indicator.id);
    if (!ref || !result) continue;
    const self = { ...ref, col: binding.columns.self };
    // How the engine read the 自评得分: the 差异 and the self total take it only as the engine took it.
    const read = {
      value: valueAt(selfTotal.snapshot, self),
      max: result.max,
      read: result.selfScore,
    };
    selfRefs.push({ ref: self, self: read });
    plan.write(ref, {
      formula: scoreFormula(framework, indicator, tableTotals),
      result: result.score ?? "",
      numberFormat: "0.00",
    });
    plan.write({ ...ref, col: binding.columns.explanation }, { value: result.explanation });
    const difference =
      result.selfScore !== undefined && result.score !== null
        ? excelRound(result.selfScore - result.score, 2)
        : "";
    plan.write(
      { ...ref, col: binding.columns.difference },
      {
        formula: differenceFormula(address(self.row, self.col), address(ref.row, ref.col), read),
        result: difference,
        numberFormat: "0.00",
      }
    );
  }
  if (!binding.adopted) {
    // On our template the row grows to show the whole explanation and standard.
    const rows = framework.indicators.flatMap((indicator) => {
      const ref = binding.scores.get(indicator.id);
      const result = report.indicators.find((r) => r.id === indicator.id);
      if (!ref || !result) return [];
      const height = wrappedRowHeight([
        {
          width: displayWidth(result.explanation),
          columnWidth: SCORE_COLUMN_WIDTHS[SCORE_COLS.explanation],
        },
        {
          width: displayWidth(localize(indicator.criteria, "zh")),
          columnWidth: SCORE_COLUMN_WIDTHS[SCORE_COLS.criteria],
        },
      ]);
      return height ? [{ sheet: ref.sheet, row: ref.row, height }] : [];
    });
    for (const r of rows) {
      const sheetPlan = plan.sheet(r.sheet);
      sheetPlan.rowHeights = [...(sheetPlan.rowHeights ?? []), { row: r.row, height: r.height }];
    }
  }
  const allIds = framework.indicators.map((i) => i.id);
  // A total over a score that is not a number reads 未完整 (never a partial sum), its grade 待计分.
  if (binding.total) {
    plan.write(binding.total, {
      formula: sumFormula(allIds),
      result: totalCellValue(report.total, report.complete),
      numberFormat: "0.00",
    });
    // On our own sheet, beside it: how much is scored, as the CLI's 总分（已计分部分）.
    if (!binding.adopted)
      plan.write(
        { ...binding.total, col: binding.columns.explanation },
        { formula: partialTotalFormula(allIds), result: partialTotalValue(report) }
      );
  }
  if (binding.grade)
    plan.write(binding.grade, {
      formula: gradeFormula(framework, allIds),
      result: gradeCellValue(report.grade),
    });
  writeSelfTotal(plan, binding, report, selfRefs, selfTotal);
  const level1 = report.groups.filter((g) => g.level === 1);
  binding.subtotals.forEach((subtotal, i) => {
    const group = level1[i];
    plan.write(subtotal.cell, {
      formula: sumFormula(subtotal.indicatorIds),
      result: group ? totalCellValue(group.score, group.complete) : 0,
      numberFormat: "0.00",
    });
  });
}

/**
 * Our self-total cell and the 差异 on the total's row. The self total is the department's own 自评总分 where its
 * workbook has one (shown from its cell, or left as typed), else the sum of its self scores; the 差异 is it
 * minus our total, blank while either is not a number (a total 未完整).
 */
function writeSelfTotal(
  plan: PlanBuilder,
  binding: TemplateBinding,
  report: Report,
  selfRefs: { ref: CellRef; self: SelfScoreRead }[],
  { snapshot, own, value }: SelfTotal
): void {
  const refer = (cell: CellRef, from: string) =>
    cell.sheet === from ? address(cell.row, cell.col) : sheetRef(cell.sheet, cell.row, cell.col);
  const ownValue = own ? valueAt(snapshot, own.cell) : null;
  if (binding.selfTotal && own && !own.typed) {
    plan.write(binding.selfTotal, {
      formula: reportedTotalFormula(refer(own.cell, binding.selfTotal.sheet), ownValue),
      result: shownValue(ownValue),
      numberFormat: "0.00",
    });
  } else if (binding.selfTotal && !own && selfRefs.length) {
    plan.write(binding.selfTotal, {
      formula: selfTotalFormula(
        selfRefs.map(({ ref, self }) => ({ cell: address(ref.row, ref.col), self }))
      ),
      result: selfScoreSum(report) ?? "",
      numberFormat: "0.00",
    });
  }
  // The cell the 差异 reads: ours when we have one (it shows theirs), else the department's own.
  const selfCell = binding.selfTotal && (own || selfRefs.length) ? binding.selfTotal : own?.cell;
  if (!binding.total || !selfCell) return;
  const differenceCell = { ...binding.total, col: binding.columns.difference };
  // Cached as the formula computes it: only over two numbers (a self total typed as text shows no 差异).
  const selfNumber = own ? (typeof ownValue === "number" ? ownValue : undefined) : value;
  plan.write(differenceCell, {
    formula: differenceFormula(
      refer(selfCell, differenceCell.sheet),
      address(binding.total.row, binding.total.col)
    ),
    result:
      selfNumber !== undefined && report.complete ? excelRound(selfNumber - report.total, 2) : "",
    numberFormat: "0.00",
  });
}

/**
 * Live highlights: every threshold on its metric's (or input's) cell, the indicator's score cell coloured by
 * its worst breach, inputs to check or fill, derived rates that cannot be computed yet, and self-reported
 * scores that differ from the rule's.
 */
function writeHighlights(plan: PlanBuilder, framework: Framework, binding: TemplateBinding): void {
  const inputSheet = [...binding.inputs.values()][0]?.sheet;
  const scoreSheet = [...binding.scores.values()][0]?.sheet;
  if (inputSheet) plan.manageHighlights(inputSheet);
  if (scoreSheet) plan.manageHighlights(scoreSheet);

  for (const t of framework.thresholds) {
    const ref = binding.metrics.get(t.metric) ?? binding.inputs.get(t.metric);
    if (!ref) continue;
    const cell = address(ref.row, ref.col);
    if (t.red)
      plan.highlight(ref.sheet, {
        range: cell,
        formula: rule(conditionFormula(framework, t.metric, t.red)),
        severity: "red",
      });
    if (t.amber)
      plan.highlight(ref.sheet, {
        range: cell,
        formula: rule(conditionFormula(framework, t.metric, t.amber)),
        severity: "amber",
      });
  }
  for (const indicator of framework.indicators) {
    const ref = binding.scores.get(indicator.id);
    const thresholds = framework.thresholds.filter((t) => t.indicator === indicator.id);
    if (!ref || !thresholds.length) continue;
    const cell = address(ref.row, ref.col);
    const any = (pick: "red" | "amber") =>
      thresholds.flatMap((t) => (t[pick] ? [conditionFormula(framework, t.metric, t[pick]!)] : []));
    const red = any("red");
    const amber = any("amber");
    if (red.length)
      plan.highlight(ref.sheet, {
        range: cell,
        formula: rule(red.length > 1 ? `OR(${red.join(",")})` : red[0]),
        severity: "red",
      });
    if (amber.length)
      plan.highlight(ref.sheet, {
        range: cell,
        formula: rule(amber.length > 1 ? `OR(${amber.join(",")})` : amber[0]),
        severity: "amber",
      });
  }
  const statusRefs = [...binding.inputs.values()]
    .map((ref) => at(ref, INPUT_COLS.status - INPUT_COLS.value))
    .sort((a, b) => a.row - b.row);
  if (statusRefs.length && inputSheet) {
    const first = statusRefs[0];
    const range = `${address(first.row, first.col)}:${address(statusRefs[statusRefs.length - 1].row, first.col)}`;
    const top = address(first.row, first.col);
    plan.highlight(inputSheet, {
      range,
      formula: rule(`${top}="${STATUS.check}"`),
      severity: "red",
    });
    plan.highlight(inputSheet, {
      range,
      formula: rule(`${top}="${STATUS.blank}"`),
      severity: "amber",
    });
    plan.highlight(inputSheet, {
      range,
      formula: rule(`${top}="${STATUS.tableChanged}"`),
      severity: "amber",
    });
  }
  const metricRefs = [...binding.metrics.values()].sort((a, b) => a.row - b.row);
  if (metricRefs.length && inputSheet) {
    const first = metricRefs[0];
    const range = `${address(first.row, first.col)}:${address(metricRefs[metricRefs.length - 1].row, first.col)}`;
    plan.highlight(inputSheet, {
      range,
      formula: rule(`NOT(ISNUMBER(${address(first.row, first.col)}))`),
      severity: "muted",
    });
  }
  const scoreRefs = [...binding.scores.values()].sort((a, b) => a.row - b.row);
  if (scoreRefs.length && scoreSheet) {
    const first = scoreRefs[0];
    const last = scoreRefs[scoreRefs.length - 1];
    const selfCol = binding.columns.self;
    const diffCol = binding.columns.difference;
    // Column-absolute, row-relative: the rule covers 自评得分 and 差异, by the row's 差异, a number exactly when
    // the engine compares the two (a self score it took, a score).
    const diffCell = `$${columnLetter(diffCol)}${first.row + 1}`;
    const differs = rule(
      `ISNUMBER(${diffCell}),ABS(IF(ISNUMBER(${diffCell}),${diffCell},0))>=0.01`
    );
    for (const col of [selfCol, diffCol]) {
      plan.highlight(scoreSheet, {
        range: `${address(first.row, col)}:${address(last.row, col)}`,
        formula: differs,
        severity: "red",
      });
    }
  }
}

/**
 * Recompute on any workbook: the standard template (or a sheet adopted before), a department's own score sheet,
 * else a clear failure. A department's own 绩效指标 table found in the workbook gets a 绩效指标 sheet over it first.
 * The backup is taken against the workbook as it was, so 撤销 removes everything added.
 */
export function recompute(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  options: RecomputeOptions = {}
): RecomputeResult {
  const lang = options.lang ?? "zh";
  const sheetLang = options.sheetLang ?? "zh";
  if (sheetLang === lang) return recomputeIn(snapshot, framework, { ...options, lang });
  // The report in the language asked for; the plan (and so the backup and the cells counted) in the workbook's.
  const reading = options.reading ?? readWorkbook(snapshot, framework);
  const told = recomputeIn(snapshot, framework, { ...options, lang, backup: false, reading });
  const written = recomputeIn(snapshot, framework, { ...options, lang: sheetLang, reading });
  return { ...written, report: told.report };
}

/** Recompute with the report and the cells in one language, `options.lang`. */
function recomputeIn(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  options: RecomputeOptions
): RecomputeResult {
  const lang = options.lang ?? "zh";
  const tableFound = bindTable(snapshot, framework) !== undefined;
  // The department's own tables, read once (our own sheets left out): its score sheet, its 绩效指标 table, its
  // figures — to adopt them the first time, and to say what was recognized every time.
  const reading = options.reading ?? readWorkbook(snapshot, framework);
  const table =
    framework.indicatorTable?.length && !tableFound ? reading.indicatorTable : undefined;
  const tableAdopt = table ? adoptTablePlan(snapshot, framework, table, lang) : undefined;
  const working = tableAdopt ? applyToSnapshot(snapshot, tableAdopt) : snapshot;
  const inner = { ...options, backup: false, reading };
  const binding = bindTemplate(working, framework);
  const recognized = binding ? undefined : recognizeScoreSheet(working, framework, reading);
  let result: RecomputeResult;
  if (binding) result = recomputeTemplate(working, framework, binding, inner);
  else if (recognized)
    result = recomputeAdopted(
      working,
      framework,
      adoptPlan(working, framework, recognized, lang),
      inner,
      recognized.department
    );
  else if (readsAsForm(reading))
    result = recomputeAdopted(
      working,
      framework,
      adoptFormPlan(working, framework, reading, lang),
      inner,
      findDepartment(working)
    );
  else
    throw new RecomputeFailure(
      lang === "en"
        ? "No score sheet found: insert the standard template (selfeval template) or open a workbook with a 评分表 or a 自评表."
        : "没有找到评分表：请先插入标准模板（selfeval template），或打开含有部门整体支出绩效评分表或绩效自评表的工作簿。"
    );
  const plan = tableAdopt ? mergePlans(tableAdopt, result.plan) : result.plan;
  // The framework is saved with the workbook the first time, so it recomputes the same anywhere.
  if (!getSheet(snapshot, FRAMEWORK_SHEET)) {
    const saved = frameworkSheetPlan(framework);
    plan.sheets.push(saved.sheet);
    plan.names.push(...saved.names);
  }
  const entries = options.backup === false ? [] : backupEntries(snapshot, plan);
  if (entries.length) plan.sheets.push(backupSheetPlan(snapshot, entries));
  const report = recognizedReport(reading, framework);
  if (report) result.report.recognized = report;
  return { ...result, plan, changedCells: entries.filter((e) => e.kind === "cell").length };
}

/**
 * A department's own workbook, adopted: our sheets (or columns) added by `adopt` beside its own — 基础数据 and three
 * columns beside its score sheet, or 基础数据 and 评分表 beside a 自评表 that has none — then recomputed as on the
 * template.
 */
function recomputeAdopted(
  snapshot: WorkbookSnapshot,
  framework: Framework,
  adopt: WritePlan,
  options: RecomputeOptions,
  department: string | undefined
): RecomputeResult {
  const adopted = applyToSnapshot(snapshot, adopt);
  const binding = bindTemplate(adopted, framework) as TemplateBinding;
  const result = recomputeTemplate(adopted, framework, binding, { ...options, backup: false });
  return {
    ...result,
    plan: mergePlans(adopt, result.plan),
    department: result.department ?? department,
  };
}

/**
 * Recompute with the framework chosen for this workbook (the user's choice, else the one saved in it, else the
 * one its indicator names tell, else 深圳's), saying which and why.
 */
export function recomputeWorkbook(
  snapshot: WorkbookSnapshot,
  chosen: Framework | undefined,
  options: RecomputeOptions = {}
): RecomputeResult & { choice: FrameworkChoice } {
  const choice = chooseFramework(snapshot, {
    ...(chosen ? { chosen } : {}),
    lang: options.lang ?? "zh",
  });
  return { ...recompute(snapshot, choice.framework, options), choice };
}
