/**
 * The summary a finance bureau reads after checking many departments' workbooks: one row per workbook on
 * 汇总, every breach on 问题明细. As a WritePlan for a new workbook.
 */
import { excelRound } from "../domain/excelMath";
import { formatPoints } from "../domain/i18n";
import type { Breach } from "../domain/types";
import { GRADE_PENDING } from "./liveFormulas";
import type { CellWrite, WritePlan } from "./writePlan";

export interface AuditEntry {
  file: string;
  department?: string;
  framework: string;
  selfTotal?: number;
  total?: number;
  /** Null while some indicators are not scored: a partial total is never graded. */
  grade?: string | null;
  complete?: boolean;
  /** How many indicators are scored, of how many. */
  scored?: number;
  indicatorCount?: number;
  breaches: Breach[];
  /** Indicators whose self-reported score differs from the rule's. */
  differences: { name: string; self: number; computed: number }[];
  errors: number;
  /** Why the workbook could not be checked at all. */
  failure?: string;
  /** That the file was converted to .xlsx to be checked (an .xls, .ods …), in words. */
  converted?: string;
}

/** 否, with how many indicators are scored when known: 否（已计分 15 / 21）. */
function completeness(e: AuditEntry): string {
  return e.scored !== undefined && e.indicatorCount !== undefined
    ? `否（已计分 ${e.scored} / ${e.indicatorCount}）`
    : "否";
}

const SUMMARY_HEADERS = [
  "序号",
  "文件",
  "部门",
  "评分框架",
  "自评总分",
  "计算总分",
  "差额",
  "等级",
  "是否完整",
  "红色问题",
  "黄色问题",
  "得分与自评不一致",
  "输入问题",
  "无法检查的原因",
  "说明",
];
const DETAIL_HEADERS = ["文件", "部门", "级别", "问题", "单元格"];

export function auditSummaryPlan(entries: AuditEntry[]): WritePlan {
  const summary: CellWrite[] = SUMMARY_HEADERS.map((value, col) => ({
    row: 0,
    col,
    value,
    style: "header",
  }));
  const detail: CellWrite[] = DETAIL_HEADERS.map((value, col) => ({
    row: 0,
    col,
    value,
    style: "header",
  }));
  let detailRow = 1;
  entries.forEach((e, i) => {
    const row = i + 1;
    // No 差额 against a partial total: it would read as a finding (the report's text says the same).
    const gap =
      e.selfTotal !== undefined && e.total !== undefined && e.complete
        ? excelRound(e.selfTotal - e.total, 2)
        : null;
    const values = [
      row,
      e.file,
      e.department ?? "",
      e.framework,
      e.selfTotal ?? null,
      e.total ?? null,
      gap,
      // A grade only means something when every indicator was scored.
      e.grade === undefined ? "" : e.grade === null ? GRADE_PENDING : e.grade,
      e.failure ? "" : e.complete ? "是" : completeness(e),
      e.breaches.filter((b) => b.severity === "red").length,
      e.breaches.filter((b) => b.severity === "amber").length,
      e.differences
        .map((d) => `${d.name}：自评 ${formatPoints(d.self)}，应为 ${formatPoints(d.computed)}`)
        .join("；"),
      e.errors,
      e.failure ?? "",
      e.converted ?? "",
    ];
    values.forEach((value, col) =>
      summary.push({
        row,
        col,
        value,
        style: "label",
        ...(col === 4 || col === 5 || col === 6 ? { numberFormat: "0.00" } : {}),
      })
    );
    for (const b of e.breaches) {
      [
        e.file,
        e.department ?? "",
        b.severity === "red" ? "红" : "黄",
        b.message,
        b.cell ?? "",
      ].forEach((value, col) => detail.push({ row: detailRow, col, value, style: "label" }));
      detailRow++;
    }
  });
  return {
    sheets: [
      {
        name: "汇总",
        create: true,
        cells: summary,
        columnWidths: [6, 36, 28, 12, 10, 10, 8, 6, 8, 8, 8, 60, 8, 40, 30],
        freeze: { rows: 1, cols: 0 },
      },
      {
        name: "问题明细",
        create: true,
        cells: detail,
        columnWidths: [36, 28, 6, 80, 16],
        freeze: { rows: 1, cols: 0 },
      },
    ],
    names: [],
  };
}
