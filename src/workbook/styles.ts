import { displayWidth } from "../domain/i18n";
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

/** The height (points) a row needs so wrapped text of this display width fits a column this wide (characters). */
export function wrappedRowHeight(
  texts: { width: number; columnWidth: number }[]
): number | undefined {
  const lines = Math.max(
    1,
    ...texts.map((t) => Math.ceil(t.width / Math.max(1, t.columnWidth - 1)))
  );
  return lines > 1 ? lines * 14 + 4 : undefined;
}

/** Heights for rows whose text wraps in its column (merged title rows excepted). */
export function rowHeightsFor(
  cells: { row: number; col: number; value?: unknown }[],
  widths: number[],
  merges: string[] = []
): { row: number; height: number }[] {
  const mergedRows = new Set(
    merges.filter((m) => /^A(\d+):[A-Z]+\1$/.test(m)).map((m) => Number(/^A(\d+)/.exec(m)![1]) - 1)
  );
  const byRow = new Map<number, { width: number; columnWidth: number }[]>();
  for (const c of cells) {
    if (typeof c.value !== "string" || mergedRows.has(c.row) || widths[c.col] === undefined)
      continue;
    byRow.set(c.row, [
      ...(byRow.get(c.row) ?? []),
      { width: displayWidth(c.value), columnWidth: widths[c.col] },
    ]);
  }
  return [...byRow].flatMap(([row, texts]) => {
    const height = wrappedRowHeight(texts);
    return height ? [{ row, height }] : [];
  });
}
