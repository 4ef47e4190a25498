/**
 * The 自评报告 as a document model — headings, paragraphs, tables, and the places left for the department
 * (〔待填写：…〕) — independent of any file format: draft.ts builds it from a recompute, docx.ts writes it as Word.
 */
import type { Lang } from "../domain/types";

/** A piece of text, or a place for the department to write (shown highlighted as 〔待填写：ask〕). */
export type Inline = { text: string; bold?: boolean } | { ask: string };

export interface HeadingBlock {
  kind: "heading";
  level: 1 | 2;
  /** With its number: 一、部门基本情况, （二）自评结论. */
  text: string;
}

export interface ParagraphBlock {
  kind: "paragraph";
  runs: Inline[];
}

export type CellAlign = "left" | "center" | "right";

export interface TableColumn {
  title: string;
  /** A share of the page's width (the shares of a table add up to 1). */
  width: number;
  align?: CellAlign;
}

export interface TableBlock {
  kind: "table";
  /** 表 1  绩效指标完成情况 */
  caption: string;
  columns: TableColumn[];
  /** Each row's cells, as many as columns; a cell is a list of inlines. */
  rows: Inline[][][];
  /** Rows after the body (合计, 评价等级), set apart in bold. */
  footer?: Inline[][][];
}

export type Block = HeadingBlock | ParagraphBlock | TableBlock;

export interface ReportDocument {
  lang: Lang;
  title: Inline[];
  blocks: Block[];
}

/** A placeholder's text as the document prints it. */
export function placeholderText(ask: string, lang: Lang): string {
  return lang === "en" ? `[to fill in: ${ask}]` : `〔待填写：${ask}〕`;
}

/** An inline's text as printed. */
export function inlineText(inline: Inline, lang: Lang): string {
  return "ask" in inline ? placeholderText(inline.ask, lang) : inline.text;
}

/** Every placeholder of the document, in order (the title's first). */
export function placeholdersOf(doc: ReportDocument): string[] {
  const asks: string[] = [];
  const collect = (inlines: Inline[]) => {
    for (const i of inlines) if ("ask" in i) asks.push(i.ask);
  };
  collect(doc.title);
  for (const block of doc.blocks) {
    if (block.kind === "paragraph") collect(block.runs);
    if (block.kind === "table")
      for (const row of [...block.rows, ...(block.footer ?? [])]) row.forEach(collect);
  }
  return asks;
}

/** The document as plain text, one block a line (a table's cells joined by tabs): for tests and previews. */
export function documentText(doc: ReportDocument): string {
  const line = (inlines: Inline[]) => inlines.map((i) => inlineText(i, doc.lang)).join("");
  const lines = [line(doc.title)];
  for (const block of doc.blocks) {
    if (block.kind === "heading") lines.push(block.text);
    else if (block.kind === "paragraph") lines.push(line(block.runs));
    else {
      lines.push(block.caption, block.columns.map((c) => c.title).join("\t"));
      for (const row of [...block.rows, ...(block.footer ?? [])])
        lines.push(row.map(line).join("\t"));
    }
  }
  return `${lines.join("\n")}\n`;
}
