/**
 * The 自评报告 drafted from a recompute: the framework's outline (`report`, else the default) walked section by
 * section, each part filled from what the workbook knows — the conclusion, the figures, the 绩效指标 and 评分表
 * tables, the problems found — or left, highlighted, for what only the department knows (〔待填写：…〕). Pure:
 * the same report, framework and facts give the same document.
 */
import { localize, say } from "../domain/i18n";
import {
  DEFAULT_REPORT_OUTLINE,
  DEFAULT_REPORT_TITLE,
  type ReportPart,
  type ReportSection,
} from "../domain/reportOutline";
import type { Framework, Lang, Localized, Report } from "../domain/types";
import type { WorkbookFacts } from "../workbook/reportFacts";
import { conclusion, groupScores } from "./conclusion";
import type { Block, Inline, ReportDocument } from "./document";
import { figuresSentence } from "./figures";
import { indicatorTableBlocks } from "./indicatorTable";
import { problemBlocks } from "./problems";
import { scoreTable } from "./scoreTable";

const CHINESE_NUMBERS = "一二三四五六七八九十";

/** 一 … 十, 十一 … 九十九. */
export function chineseNumber(n: number): string {
  if (n <= 10) return CHINESE_NUMBERS[n - 1];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? CHINESE_NUMBERS[tens - 1] : ""}十${ones ? CHINESE_NUMBERS[ones - 1] : ""}`;
}

/** {department} and {year} filled in; a field the workbook lacks becomes a place to fill. */
function fill(template: Localized, facts: WorkbookFacts, lang: Lang): Inline[] {
  const out: Inline[] = [];
  const text = localize(template, lang);
  let last = 0;
  const fields = /\{(department|year)\}/g;
  for (let m = fields.exec(text); m; m = fields.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    const value = m[1] === "department" ? facts.department : facts.year;
    out.push(
      value !== undefined
        ? { text: value }
        : {
            ask:
              m[1] === "department"
                ? say(lang, "部门名称", "the department")
                : say(lang, "年度", "the year"),
          }
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** A heading's text: its number, then its title ({year} filled in; a missing year left as 「本」). */
function headingText(number: string, title: Localized, facts: WorkbookFacts, lang: Lang): string {
  const text = localize(title, lang)
    .replace(/\{year\}/g, facts.year ?? say(lang, "本", "this"))
    .replace(/\{department\}/g, facts.department ?? say(lang, "本部门", "the department"));
  return `${number}${text}`;
}

interface Drafting {
  report: Report;
  framework: Framework;
  facts: WorkbookFacts;
  lang: Lang;
  tables: number;
}

function partBlocks(part: ReportPart, d: Drafting): Block[] {
  const { report, framework, facts, lang } = d;
  const paragraph = (runs: Inline[]): Block[] => (runs.length ? [{ kind: "paragraph", runs }] : []);
  const caption = (zh: string, en: string) => {
    d.tables += 1;
    return say(lang, `表 ${d.tables}  ${zh}`, `Table ${d.tables}. ${en}`);
  };
  switch (part.kind) {
    case "conclusion":
      return paragraph(conclusion(report, framework, facts.year, facts.selfTotal, lang));
    case "groupScores":
      return paragraph(groupScores(report, lang));
    case "figures":
      return paragraph(
        figuresSentence(part.figures, { framework, report, values: facts.values, lang })
      );
    case "indicatorTable":
      return indicatorTableBlocks(
        report.indicatorTable,
        facts.tableRows,
        () => caption("绩效指标完成情况", "Performance indicators"),
        lang
      );
    case "scoreTable":
      return [
        scoreTable(
          report,
          framework,
          facts.values,
          caption("部门整体支出绩效评分表", "Score sheet"),
          lang
        ),
      ];
    case "breaches":
      return problemBlocks(report, framework, lang);
    case "placeholder":
      return paragraph([{ ask: localize(part.ask, lang) }]);
    case "text":
      return paragraph(fill(part.text, facts, lang));
  }
}

function sectionBlocks(section: ReportSection, number: string, level: 1 | 2, d: Drafting): Block[] {
  const blocks: Block[] = [
    { kind: "heading", level, text: headingText(number, section.title, d.facts, d.lang) },
  ];
  for (const part of section.content ?? []) blocks.push(...partBlocks(part, d));
  (section.sections ?? []).forEach((sub, i) =>
    blocks.push(
      ...sectionBlocks(
        sub,
        d.lang === "en" ? `${number.replace(/\. $/, "")}.${i + 1} ` : `（${chineseNumber(i + 1)}）`,
        2,
        d
      )
    )
  );
  return blocks;
}

/** The report's document: the framework's outline filled from the recompute and the workbook's facts. */
export function draftReport(
  report: Report,
  framework: Framework,
  facts: WorkbookFacts,
  lang: Lang = "zh"
): ReportDocument {
  const outline = framework.report ?? DEFAULT_REPORT_OUTLINE;
  const d: Drafting = { report, framework, facts, lang, tables: 0 };
  const blocks = outline.sections.flatMap((s, i) =>
    sectionBlocks(s, lang === "en" ? `${i + 1}. ` : `${chineseNumber(i + 1)}、`, 1, d)
  );
  return { lang, title: fill(outline.title ?? DEFAULT_REPORT_TITLE, facts, lang), blocks };
}
