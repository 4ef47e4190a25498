import { displayWidth, formatPoints, say } from "../domain/i18n";
import type { Lang, Report } from "../domain/types";
import { gradeOf } from "../domain/frameworks/grades";
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
          `Scored ${report.scored} of ${report.indicatorCount} indicators; ${waiting} more once these inputs are filled in:`
        )
      : say(
          lang,
          `已计分 ${report.scored} / ${report.indicatorCount} 项指标，另有 ${waiting} 项无法计分（见各项说明）`,
          `Scored ${report.scored} of ${report.indicatorCount} indicators; ${waiting} cannot be scored (see each one's explanation)`
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
