import { address, type WorkbookSnapshot } from "../../src/workbook/snapshot";

/** Every cell's content (its formula, else its value) by sheet!address, for whole-workbook comparisons. */
export function contents(snapshot: WorkbookSnapshot, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sheet of snapshot.sheets) {
    if (skip.includes(sheet.name)) continue;
    sheet.values.forEach((row, r) =>
      row.forEach((value, c) => {
        const formula = sheet.formulas[r]?.[c];
        const content = formula ?? (value === null || value === "" ? null : JSON.stringify(value));
        if (content !== null) out[`${sheet.name}!${address(r, c)}`] = content;
      })
    );
  }
  return out;
}
