import { displayWidth, formatPoints, say } from "../domain/i18n";
import type { Lang, Report } from "../domain/types";
import { gradeOf } from "../domain/frameworks/grades";
import type { Framework } from "../domain/types";

export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** The report as a readable table: one line per indicator, then total, grade, breaches and errors. */
export function renderReport(report: Report, framework: Framework, lang: Lang): string {
  const lines: string[] = [];
  const nameWidth = Math.max(...report.indicators.map((r) => displayWidth(r.name)));
  lines.push(`${framework.name[lang]}`);
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
    const width = Math.max(...report.indicatorTable.map((r) => displayWidth(r.name)));
    for (const r of report.indicatorTable) {
      const mark = r.met === null ? "—" : r.met ? "✓" : "✗";
      const score = r.score === null ? "" : `${formatPoints(r.score)} / ${formatPoints(r.weight)}`;
      lines.push(`  ${mark} ${padEnd(r.name, width)}  ${padEnd(score, 14)}${r.explanation}`);
    }
  }
  lines.push("");
  const band = gradeOf(report.total, framework.grades);
  const grade = lang === "en" ? `${band.grade} (${band.en})` : band.grade;
  lines.push(
    say(
      lang,
      `总分 ${formatPoints(report.total)}，评分等级 ${grade}`,
      `Total ${formatPoints(report.total)}, grade ${grade}`
    )
  );
  if (!report.complete)
    lines.push(
      say(
        lang,
        "（部分指标未计分，总分只合计了已计分的指标）",
        "(some indicators are not scored; the total adds up the scored ones only)"
      )
    );
  if (report.breaches.length) {
    lines.push("");
    lines.push(
      say(lang, `需要关注（${report.breaches.length}）：`, `Breaches (${report.breaches.length}):`)
    );
    for (const b of report.breaches) {
      const mark =
        b.severity === "red" ? say(lang, "【红】", "[red]  ") : say(lang, "【黄】", "[amber]");
      lines.push(`  ${mark} ${b.message}${b.cell ? `（${b.cell}）` : ""}`);
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
