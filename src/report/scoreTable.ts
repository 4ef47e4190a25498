/**
 * The 评分表 as the report prints it (seed 001's 部门整体支出绩效评分表, seed 003's 自评表): each indicator under its
 * 一级 / 二级指标 with its 分值, our 得分 and, where points were lost, why — the department's own 扣分原因 quoted
 * as written, else the rule's explanation — then 合计 and 评价等级.
 */
import { localize, say } from "../domain/i18n";
import type { Framework, Lang, Report, Rule } from "../domain/types";
import type { Inline, TableBlock } from "./document";
import { formatPoints } from "./format";

/** The text inputs a rule quotes as the reason for its deduction. */
function reasonKeys(rule: Rule): string[] {
  if (rule.kind === "deducted") return rule.reason ? [rule.reason] : [];
  if (rule.kind === "sum") return rule.parts.flatMap((p) => reasonKeys(p.rule));
  return [];
}

const written = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() ? v.trim() : undefined;

export function scoreTable(
  report: Report,
  framework: Framework,
  values: Record<string, unknown>,
  caption: string,
  lang: Lang
): TableBlock {
  const defs = new Map(framework.indicators.map((d) => [d.id, d]));
  let level1 = "";
  let level2 = "";
  const rows = report.indicators.map((r) => {
    const def = defs.get(r.id);
    // A group's name once, on its first row, as the seeds' merged cells print it.
    const cells1 = r.level1 === level1 ? "" : r.level1;
    const cells2 = r.level1 === level1 && r.level2 === level2 ? "" : r.level2;
    level1 = r.level1;
    level2 = r.level2;
    const reasons = def ? reasonKeys(def.rule).flatMap((k) => written(values[k]) ?? []) : [];
    let why: Inline[];
    if (r.score === null) why = [{ text: r.explanation }];
    else if (r.score >= r.max) why = [{ text: "" }];
    else if (reasons.length) why = [{ text: reasons.join(say(lang, "；", "; ")) }];
    else why = [{ text: r.explanation }];
    const cells: Inline[][] = [
      [{ text: cells1 }],
      [{ text: cells2 }],
      [{ text: r.name }],
      [{ text: formatPoints(r.max) }],
      [{ text: r.score === null ? "—" : formatPoints(r.score) }],
      why,
    ];
    return cells;
  });
  const max = report.indicators.reduce((a, r) => a + r.max, 0);
  const footer: Inline[][][] = [
    [
      [{ text: say(lang, "合计", "Total") }],
      [{ text: "" }],
      [{ text: "" }],
      [{ text: formatPoints(max) }],
      [{ text: formatPoints(report.total) }],
      [
        {
          text: report.complete
            ? ""
            : say(lang, "尚有指标未计分", "some indicators are not scored"),
        },
      ],
    ],
    [
      [{ text: say(lang, "评价等级", "Grade") }],
      [{ text: "" }],
      [{ text: "" }],
      [{ text: "" }],
      report.grade
        ? [{ text: lang === "en" ? gradeEn(framework, report.grade) : report.grade }]
        : [{ ask: say(lang, "评价等级", "the grade") }],
      [{ text: "" }],
    ],
  ];
  return {
    kind: "table",
    caption,
    columns: [
      { title: say(lang, "一级指标", "Level 1"), width: 0.12 },
      { title: say(lang, "二级指标", "Level 2"), width: 0.12 },
      { title: say(lang, "三级指标", "Indicator"), width: 0.2 },
      { title: say(lang, "分值", "Max"), width: 0.07, align: "center" },
      { title: say(lang, "得分", "Score"), width: 0.09, align: "center" },
      { title: say(lang, "扣分原因", "Why points were lost"), width: 0.4 },
    ],
    rows,
    footer,
  };
}

const gradeEn = (framework: Framework, grade: string): string =>
  framework.grades.find((g) => g.grade === grade)?.en ?? grade;

/** The indicator's name as the framework states it (for the problems found). */
export const indicatorName = (framework: Framework, id: string | undefined, lang: Lang) => {
  const def = id ? framework.indicators.find((d) => d.id === id) : undefined;
  return def
    ? { name: localize(def.name, lang), criteria: localize(def.criteria, lang) }
    : undefined;
};
