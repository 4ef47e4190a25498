import { displayWidth, occurrences } from "../domain/i18n";
import { mergedArea } from "./snapshot";
/**
 * The look of what we write, as data both hosts apply: Chinese font, borders, fills. Kept close to the official
 * printed table: black text, thin borders, light fills only where the user types or where a group begins.
 */
export type StyleName =
  | "title"
  | "subtitle"
  | "header"
  | "group"
  | "label"
  | "input"
  | "inputText"
  | "formula"
  | "score"
  | "text"
  | "key"
  | "total";

export interface CellStyle {
  bold?: boolean;
  size?: number;
  color?: string; // font colour RRGGBB
  fill?: string; // background RRGGBB
  border?: boolean;
  wrap?: boolean;
  horizontal?: "left" | "center" | "right";
  vertical?: "top" | "middle";
}

export const FONT_NAME = "宋体";

export const STYLES: Record<StyleName, CellStyle> = {
  title: { bold: true, size: 16, horizontal: "center", vertical: "middle" },
  subtitle: { size: 10, color: "595959", horizontal: "left", vertical: "middle", wrap: true },
  header: {
    bold: true,
    fill: "D9E1F2",
    border: true,
    wrap: true,
    horizontal: "center",
    vertical: "middle",
  },
  group: {
    bold: true,
    fill: "F2F2F2",
    border: true,
    wrap: true,
    horizontal: "center",
    vertical: "middle",
  },
  label: { border: true, wrap: true, vertical: "middle" },
  input: { fill: "FFF2CC", border: true, horizontal: "right", vertical: "middle" },
  /** Where the user types words (a target, an actual in prose, a reason): wrapped, left. */
  inputText: { fill: "FFF2CC", border: true, wrap: true, horizontal: "left", vertical: "middle" },
  formula: { fill: "E2EFDA", border: true, horizontal: "right", vertical: "middle" },
  score: { bold: true, fill: "E2EFDA", border: true, horizontal: "center", vertical: "middle" },
  text: { border: true, wrap: true, vertical: "top", size: 10 },
  key: { color: "808080", size: 9, border: true, vertical: "middle" },
  total: { bold: true, fill: "D9E1F2", border: true, horizontal: "center", vertical: "middle" },
};

/** Highlight fills: red and amber breaches, muted for cells that show an error before inputs are filled. */
export const HIGHLIGHTS = {
  red: { fill: "FFC7CE", color: "9C0006" },
  amber: { fill: "FFEB9C", color: "9C5700" },
  muted: { fill: "FFFFFF", color: "BFBFBF" },
} as const;

/**
 * Column-width units a text of this display width (CJK characters count two, see displayWidth) takes at a font
 * size: a CJK character at 11 pt is 14.7 px, against the 7 px digit that one unit of column width is (Calibri 11,
 * the workbook's default font), so 2.1 units; half-width characters about 1.05.
 */
export function printedUnits(width: number, size = 11): number {
  return width * 1.05 * (size / 11);
}

/** Points per line of wrapped text at a font size (宋体 11 pt rows are 14.25 pt in Excel; a little more for print). */
export const lineHeight = (size = 11) => size + 4;

/**
 * The display width of a text as a Chinese font prints it: like displayWidth, CJK characters count two, and so do
 * the curly quotes, ellipsis, dashes and dots that 宋体 draws full width (“是/否”, ……, ——, ·, ✓).
 */
export function printedWidth(text: string): number {
  return displayWidth(text) + occurrences(text, FULL_WIDTH_PUNCTUATION);
}
const FULL_WIDTH_PUNCTUATION = /[“”‘’…—·✓]/g;

/** Lines a wrapped text of this display width takes in a column this wide (characters) at a font size. */
export function wrappedLines(width: number, columnWidth: number, size = 11): number {
  // One unit of the column is its padding (Excel keeps 5 px of it free).
  return Math.max(1, Math.ceil(printedUnits(width, size) / Math.max(1, columnWidth - 1)));
}

/**
 * The height (points) a row needs so wrapped text of this display width fits a column this wide (characters),
 * at its font size (11 pt unless said), or in `lines` lines when they are counted already; undefined for one line
 * (the row's own height serves).
 */
export function wrappedRowHeight(
  texts: { width: number; columnWidth: number; size?: number; lines?: number }[]
): number | undefined {
  let height = 0;
  let most = 1;
  for (const t of texts) {
    const lines = t.lines ?? wrappedLines(t.width, t.columnWidth, t.size);
    most = Math.max(most, lines);
    height = Math.max(height, lines * lineHeight(t.size) + 2);
  }
  return most > 1 ? height : undefined;
}

/** The font size a named style prints at. */
export const fontSizeOf = (style?: StyleName) => (style && STYLES[style].size) || 11;

/**
 * Heights for rows whose text wraps in its column, or in the columns a merge spans along its row (a title across
 * the sheet); a merge spanning rows is left as it is. Neither Excel nor LibreOffice grows a merged cell's row to
 * its text, so the height is set here for every wrapped cell; explicit line breaks count as lines. Hidden
 * columns are passed as width 0 (they do not print).
 */
export function rowHeightsFor(
  cells: { row: number; col: number; value?: unknown; style?: StyleName }[],
  widths: number[],
  merges: string[] = []
): { row: number; height: number }[] {
  const spans = new Map<string, number>(); // "row,col" of a one-row merge's first cell → its width
  const covered = new Set<string>(); // cells a merge hides, and the first cells of merges across rows
  for (const m of merges) {
    const area = mergedArea(m);
    if (!area) continue;
    const { left: c1, top: r1, right: c2, bottom: r2 } = area;
    for (let row = r1; row <= r2; row++)
      for (let col = c1; col <= c2; col++)
        if (row !== r1 || col !== c1) covered.add(`${row},${col}`);
    if (r1 !== r2) covered.add(`${r1},${c1}`);
    else {
      let width = 0;
      for (let col = c1; col <= c2; col++) width += widths[col] ?? 0;
      spans.set(`${r1},${c1}`, width);
    }
  }
  const byRow = new Map<
    number,
    { width: number; columnWidth: number; size: number; lines: number }[]
  >();
  for (const c of cells) {
    const key = `${c.row},${c.col}`;
    const columnWidth = spans.get(key) ?? widths[c.col];
    if (typeof c.value !== "string" || covered.has(key) || !columnWidth) continue;
    if (c.style && !STYLES[c.style].wrap) continue; // text that does not wrap needs no more lines
    const size = fontSizeOf(c.style);
    // Each explicit line wraps on its own.
    const lines = c.value
      .split("\n")
      .reduce((n, p) => n + wrappedLines(printedWidth(p), columnWidth, size), 0);
    byRow.set(c.row, [...(byRow.get(c.row) ?? []), { width: 0, columnWidth, size, lines }]);
  }
  return [...byRow].flatMap(([row, texts]) => {
    const height = wrappedRowHeight(texts);
    return height ? [{ row, height }] : [];
  });
}
