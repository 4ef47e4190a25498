/**
 * `selfeval report 输入.xlsx -o 自评报告.docx [--framework …] [--department 名称] [--year 2023]`: the workbook
 * recomputed read-only (as `audit` does: nothing is written to it), the 部门整体支出绩效自评报告 drafted from the
 * recompute under the framework's outline, and written as a Word document. What only the department knows is
 * left highlighted as 〔待填写：…〕; the department and the year come from 基础数据, else from the options.
 */
import { enPoints, plural, say } from "../domain/i18n";
import type { Framework, Lang } from "../domain/types";
import { Conversions } from "../files/convert";
import { placeholdersOf } from "../report/document";
import { draftReport } from "../report/draft";
import { workbookFacts, yearOf } from "../workbook/reportFacts";
import { CliFailure, type CliIO } from "./io";
import { checkOutput, saveBytes, type OutputKind } from "./output";
import { openWorkbookToRead, recomputeOrFail } from "./workbookCommands";

const DOCUMENT_OUTPUT: OutputKind = {
  extension: ".docx",
  zh: "selfeval report 写出 Word 文档（.docx）",
  en: "selfeval report writes a Word document (.docx)",
};

export interface ReportOptions {
  department?: string;
  year?: string;
}

/** `selfeval report in.xlsx -o report.docx`; resolves to the exit code (0 written, 1 written with input errors, 2 unusable input). */
export async function runReport(
  chosen: Framework | undefined,
  input: string | undefined,
  output: string | undefined,
  given: ReportOptions,
  lang: Lang,
  io: CliIO
): Promise<number> {
  if (!input) {
    const usage = "selfeval report 输入.xlsx -o 自评报告.docx";
    throw new CliFailure(
      say(lang, `report 需要一个输入工作簿：${usage}`, `report needs a workbook: ${usage}`),
      2
    );
  }
  const year = given.year === undefined ? undefined : yearOf(given.year);
  if (given.year !== undefined && !year)
    throw new CliFailure(
      say(
        lang,
        `--year 应为年份，如 2023（现为“${given.year}”）`,
        `--year must be a year such as 2023 (not "${given.year}")`
      ),
      2
    );
  const out = checkOutput(output, [input], lang, DOCUMENT_OUTPUT);
  const conversions = new Conversions();
  try {
    const { snapshot } = await openWorkbookToRead(input, lang, conversions);
    // Read-only: the recompute's plan is applied to a copy of the snapshot only, never to the file.
    const result = recomputeOrFail(snapshot, chosen, lang, false);
    const framework = result.choice.framework;
    const facts = workbookFacts(snapshot, result, framework, lang);
    if (given.department?.trim()) facts.department = given.department.trim();
    if (year) facts.year = year;
    const { renderDocx } = await import("../report/docx");
    const doc = draftReport(result.report, framework, facts, lang);
    await saveBytes(await renderDocx(doc), out, lang);
    const notes: string[] = [];
    if (!facts.department)
      notes.push(
        say(
          lang,
          "工作簿中没有部门名称，标题中已留出待填写处（可用 --department 给出）",
          "the workbook names no department: the title leaves a place for it (or give --department)"
        )
      );
    if (!facts.year)
      notes.push(
        say(
          lang,
          "工作簿中没有预算年度，标题中已留出待填写处（可用 --year 给出）",
          "the workbook gives no year: the title leaves a place for it (or give --year)"
        )
      );
    const places = placeholdersOf(doc).length;
    for (const note of notes) io.stderr(`${note}\n`);
    io.stdout(
      say(
        lang,
        `已写入 ${out}：自评结果${result.report.complete && result.report.grade ? ` ${result.report.total} 分，${result.report.grade}` : "尚未完整（缺少数据）"}，存在的主要问题 ${result.report.breaches.length} 项，待部门填写 ${places} 处（以〔待填写：…〕标出）；评分框架：${result.choice.reason}\n`,
        `wrote ${out}: ${result.report.complete && result.report.grade ? `${enPoints(result.report.total)}, ${result.report.grade}` : "not complete"}, ${plural(result.report.breaches.length, "problem")}, ${plural(places, "place")} for the department to fill in (marked [to fill in: …]); framework: ${result.choice.reason}\n`
      )
    );
    // As recompute: 1 when inputs have errors (the report is written all the same, its gaps marked).
    return result.report.errors.length ? 1 : 0;
  } finally {
    conversions.dispose();
  }
}
