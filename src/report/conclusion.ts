/**
 * 自评结论 and the groups' scores, from the recompute: 「…部门整体支出绩效自评结果为 96.67 分，评价等级为优」 (the
 * wording of seeds 003 and 004); while indicators are unscored, how many, and the figures they wait for, as a place
 * for the department to fill. The department's own total is stated beside ours when it differs.
 */
import { localize, say } from "../domain/i18n";
import type { Framework, Lang, Report } from "../domain/types";
import type { Inline } from "./document";
import { formatPoints, points } from "./format";

/** How many missing figures a conclusion names before 「等 N 项」. */
const NAMED = 6;

export function conclusion(
  report: Report,
  framework: Framework,
  year: string | undefined,
  selfTotal: number | undefined,
  lang: Lang
): Inline[] {
  const name = localize(framework.name, lang);
  const runs: Inline[] = [];
  const basis = say(
    lang,
    `按照《${name}》的评价指标，${year ? `${year}年度` : ""}部门整体支出绩效`,
    `Under the indicators of ${name}, the department's ${year ? `${year} ` : ""}self-evaluation`
  );
  if (report.complete && report.grade) {
    runs.push({
      text: say(
        lang,
        `${basis}自评结果为 ${formatPoints(report.total)} 分，评价等级为${report.grade}。`,
        `${basis} scores ${points(report.total, lang)}, graded ${gradeEn(framework, report.grade)}.`
      ),
    });
  } else {
    const left = report.indicatorCount - report.scored;
    runs.push({
      text: say(
        lang,
        `${basis}已计分的 ${report.scored} 项指标（共 ${report.indicatorCount} 项）合计 ${formatPoints(report.total)} 分；其余 ${left} 项指标缺少数据，尚未计分，自评结果和评价等级待补齐数据、重新计算后确定。需补齐：`,
        `${basis}: the ${report.scored} indicators scored (of ${report.indicatorCount}) add up to ${points(report.total, lang)}; ${left} wait for figures, so the result and the grade follow once they are filled in and recomputed. To fill in: `
      ),
    });
    const labels = [...new Set(report.toFill.map((t) => t.label))];
    const named = labels.slice(0, NAMED).join(say(lang, "、", ", "));
    const more =
      labels.length > NAMED
        ? say(lang, `等 ${labels.length} 项`, ` and ${labels.length - NAMED} more`)
        : "";
    runs.push({ ask: `${named}${more}` || say(lang, "缺少的数据", "the missing figures") });
    runs.push({ text: say(lang, "。", ".") });
  }
  if (selfTotal !== undefined && (!report.complete || Math.abs(selfTotal - report.total) >= 0.005))
    runs.push({
      text: say(
        lang,
        `部门在评分表中填报的自评总分为 ${formatPoints(selfTotal)} 分${report.complete ? `，与按评分标准计算的结果相差 ${formatPoints(Math.abs(selfTotal - report.total))} 分，差异见评分表` : ""}。`,
        ` The department's own total on its score sheet is ${points(selfTotal, lang)}${report.complete ? `, ${points(Math.abs(selfTotal - report.total), lang)} off the total by the rules (see the score sheet)` : ""}.`
      ),
    });
  return runs;
}

function gradeEn(framework: Framework, grade: string): string {
  return framework.grades.find((g) => g.grade === grade)?.en ?? grade;
}

/** 「部门决策 20 分，得 19 分；…」: each 一级指标's score against its maximum. */
export function groupScores(report: Report, lang: Lang): Inline[] {
  const groups = report.groups.filter((g) => g.level === 1);
  if (!groups.length) return [];
  const parts = groups.map((g) =>
    say(
      lang,
      `${g.name}（${formatPoints(g.max)} 分）得 ${formatPoints(g.score)} 分${g.complete ? "" : "（尚未全部计分）"}`,
      `${g.name} (${formatPoints(g.max)}): ${formatPoints(g.score)}${g.complete ? "" : " (not all scored)"}`
    )
  );
  return [
    {
      text: say(
        lang,
        `各项指标得分情况：${parts.join("；")}。`,
        `Scores by group: ${parts.join("; ")}.`
      ),
    },
  ];
}
