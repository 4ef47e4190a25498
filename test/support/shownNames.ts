/** Reading back what LibreOffice computed for the workbook's defined names. */
import { readWorkbook } from "../../src/hosts/xlsx";
import { namedCells } from "../../src/workbook/bindTemplate";
import { address, cellValue, getSheet, type WorkbookSnapshot } from "../../src/workbook/snapshot";
import type { CellValue } from "./libreoffice";
import { emptyTextResults } from "./templateWorkbook";

/** What the recalculated file shows for a defined name: "" where it computed the empty text. */
export async function shownNames(file: string): Promise<(name: string) => CellValue | undefined> {
  const { snapshot } = await readWorkbook(file);
  const refs = namedCells(snapshot);
  const emptyText = new Map<string, Set<string>>();
  for (const sheet of new Set([...refs.values()].map((r) => r.sheet)))
    emptyText.set(sheet, await emptyTextResults(file, sheet));
  return (name) => {
    const ref = refs.get(name);
    if (!ref) return undefined;
    if (emptyText.get(ref.sheet)!.has(address(ref.row, ref.col))) return "";
    const v = cellValue(getSheet(snapshot as WorkbookSnapshot, ref.sheet)!, ref.row, ref.col);
    return v !== null && typeof v === "object" ? v.error : v;
  };
}
