/**
 * The report document as a Word file (.docx), laid out as an official document (GB/T 9704 党政机关公文格式): A4,
 * margins 37 / 35 / 28 / 26 mm, the title in 方正小标宋简体 二号, headings in 黑体 (一、) and 楷体_GB2312 (（一）) 三号,
 * the text in 仿宋_GB2312 三号 at a fixed 28-point line, page numbers 「— 1 —」 at the foot. Where those fonts are
 * not installed, the font table names the common ones to use instead (仿宋, 楷体, 宋体). Tables repeat their header
 * row on every page and never break a row across pages; the places left for the department are highlighted.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";
import type { Block, Inline, ReportDocument, TableBlock } from "./document";
import { placeholderText } from "./document";

/** Twentieths of a point per millimetre. */
const MM = 56.7;
const PAGE = { width: 11906, height: 16838 }; // A4
const MARGIN = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
};
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/** The fonts of an official document, each with the one Word and LibreOffice use where it is not installed. */
const FONTS = {
  title: { name: "方正小标宋简体", alt: "宋体", family: "roman" },
  heading1: { name: "黑体", alt: "SimHei", family: "modern" },
  heading2: { name: "楷体_GB2312", alt: "楷体", family: "modern" },
  body: { name: "仿宋_GB2312", alt: "仿宋", family: "modern" },
  pageNumber: { name: "宋体", alt: "SimSun", family: "roman" },
} as const;
const LATIN = "Times New Roman";

type FontRole = keyof typeof FONTS;

/** Half-points: 二号 22 pt, 三号 16 pt, 小四 12 pt, 五号 10.5 pt, 四号 14 pt. */
const SIZE = { title: 44, text: 32, caption: 24, table: 21, pageNumber: 28 };

const font = (role: FontRole) => ({
  ascii: LATIN,
  hAnsi: LATIN,
  eastAsia: FONTS[role].name,
  cs: LATIN,
  hint: "eastAsia",
});

function runs(
  inlines: Inline[],
  role: FontRole,
  size: number,
  lang: ReportDocument["lang"],
  bold = false
): TextRun[] {
  return inlines.map((i) =>
    "ask" in i
      ? new TextRun({
          text: placeholderText(i.ask, lang),
          font: font(role),
          size,
          bold,
          highlight: "yellow",
        })
      : new TextRun({ text: i.text, font: font(role), size, bold: bold || i.bold === true })
  );
}

/** The text's line: exactly 28 points, two characters' first-line indent (三号 is 16 pt: 640 twentieths). */
const TEXT_LINE = { line: 560, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const INDENT = { firstLine: 640 };

function paragraph(inlines: Inline[], lang: ReportDocument["lang"]): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: TEXT_LINE,
    indent: INDENT,
    children: runs(inlines, "body", SIZE.text, lang),
  });
}

function heading(text: string, level: 1 | 2, lang: ReportDocument["lang"]): Paragraph {
  return new Paragraph({
    spacing: TEXT_LINE,
    indent: INDENT,
    keepNext: true,
    keepLines: true,
    outlineLevel: level - 1,
    children: runs([{ text }], level === 1 ? "heading1" : "heading2", SIZE.text, lang),
  });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function cell(
  inlines: Inline[],
  width: number,
  align: TableBlock["columns"][number]["align"],
  lang: ReportDocument["lang"],
  head: boolean
): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: BORDERS,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 30, bottom: 30, left: 60, right: 60 },
    ...(head ? { shading: { type: ShadingType.CLEAR, color: "auto", fill: "E7E6E6" } } : {}),
    children: [
      new Paragraph({
        alignment:
          head || align === "center"
            ? AlignmentType.CENTER
            : align === "right"
              ? AlignmentType.RIGHT
              : AlignmentType.LEFT,
        spacing: { line: 280, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
        children: runs(inlines, head ? "heading1" : "body", SIZE.table, lang, false),
      }),
    ],
  });
}

/** A table's column widths in twentieths of a point: its shares of the text's width. */
const columnWidths = (block: TableBlock): number[] =>
  block.columns.map((c) => Math.floor(c.width * TEXT_WIDTH));

/** Where a table's columns start and the last ends, in points from the page's left edge (the table starts at the margin). */
export function tableColumnEdges(block: TableBlock): number[] {
  const edges = [MARGIN.left / 20];
  for (const w of columnWidths(block)) edges.push(edges[edges.length - 1] + w / 20);
  return edges;
}

function table(block: TableBlock, lang: ReportDocument["lang"]): (Paragraph | Table)[] {
  const widths = columnWidths(block);
  const row = (cells: Inline[][], head: boolean, bold: boolean) =>
    new TableRow({
      tableHeader: head,
      cantSplit: true,
      children: cells.map((c, i) =>
        cell(
          bold ? c.map((x) => ("text" in x ? { ...x, bold: true } : x)) : c,
          widths[i],
          block.columns[i].align,
          lang,
          head
        )
      ),
    });
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 120, after: 60 },
      children: runs([{ text: block.caption }], "heading1", SIZE.caption, lang),
    }),
    new Table({
      layout: TableLayoutType.FIXED,
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        row(
          block.columns.map((c) => [{ text: c.title }]),
          true,
          false
        ),
        ...block.rows.map((r) => row(r, false, false)),
        ...(block.footer ?? []).map((r) => row(r, false, true)),
      ],
    }),
    // Space after the table, so the next paragraph does not touch its border.
    new Paragraph({
      spacing: { before: 0, after: 0, line: 280, lineRule: LineRuleType.AUTO },
      children: [],
    }),
  ];
}

function blockElements(block: Block, lang: ReportDocument["lang"]): (Paragraph | Table)[] {
  if (block.kind === "heading") return [heading(block.text, block.level, lang)];
  if (block.kind === "paragraph") return [paragraph(block.runs, lang)];
  return table(block, lang);
}

/** The font table: each font with its fallback (w:altName), its script (GB2312) and its family. */
function fontTable(): string {
  const entry = (name: string, alt: string, family: string) =>
    `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
    Object.values(FONTS)
      .map((f) => entry(f.name, f.alt, f.family))
      .join("") +
    `<w:font w:name="${LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
    `</w:fonts>`
  );
}

export function reportDocx(doc: ReportDocument): Document {
  const lang = doc.lang;
  const title = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 0, after: 560, line: 700, lineRule: LineRuleType.EXACT },
    children: runs(doc.title, "title", SIZE.title, lang),
  });
  const pageNumber = (text: string | (typeof PageNumber)[keyof typeof PageNumber]) =>
    new TextRun({ children: [text], font: font("pageNumber"), size: SIZE.pageNumber });
  return new Document({
    creator: lang === "en" ? "selfeval" : "绩效自评助手",
    title: doc.title.map((i) => ("ask" in i ? placeholderText(i.ask, lang) : i.text)).join(""),
    styles: {
      default: {
        document: {
          run: {
            font: font("body"),
            size: SIZE.text,
            language: { value: "en-US", eastAsia: "zh-CN" },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: { size: PAGE, margin: { ...MARGIN, header: 851, footer: 992 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [pageNumber("— "), pageNumber(PageNumber.CURRENT), pageNumber(" —")],
              }),
            ],
          }),
        },
        children: [title, ...doc.blocks.flatMap((b) => blockElements(b, lang))],
      },
    ],
  });
}

const OVERRIDES = () => [{ path: "word/fontTable.xml", data: fontTable() }];

/** The .docx file's bytes. */
export async function renderDocx(doc: ReportDocument): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toArrayBuffer(reportDocx(doc), false, OVERRIDES()));
}

/** The .docx as a Blob, for a browser to download. */
export function renderDocxBlob(doc: ReportDocument): Promise<Blob> {
  return Packer.toBlob(reportDocx(doc), false, OVERRIDES());
}
