/**
 * 撤销上次计算: before Recompute writes, what it is about to change (values and formulas, sheets and names it
 * adds) is kept in a hidden sheet; restoring writes it all back exactly and removes what Recompute added.
 */
import { BACKUP_SHEET } from "./layout";
import {
  address,
  cellFormula,
  cellValue,
  getSheet,
  parseAddress,
  type CellValue,
  type WorkbookSnapshot,
} from "./snapshot";
import type { CellWrite, SheetPlan, WritePlan } from "./writePlan";

export type BackupEntry =
  | {
      kind: "cell";
      sheet: string;
      row: number;
      col: number;
      formula: string | null;
      value: CellValue;
    }
  | { kind: "sheet"; sheet: string }
  | { kind: "name"; name: string };

const HEADER = ["selfeval 撤销数据（请勿修改）", "工作表", "单元格", "类型", "内容"];

/** What a cell holds, as the backup stores it: a type and a text. */
function encode(formula: string | null, value: CellValue): [string, string] {
  if (formula) return ["formula", formula];
  if (value === null || value === "") return ["empty", ""];
  if (typeof value === "number") return ["number", String(value)];
  if (typeof value === "boolean") return ["boolean", value ? "TRUE" : "FALSE"];
  if (typeof value === "object") return ["error", value.error];
  return ["text", value];
}

function decode(type: string, content: string): { formula?: string; value?: CellValue } {
  switch (type) {
    case "formula":
      return { formula: content };
    case "number":
      return { value: Number(content) };
    case "boolean":
      return { value: content === "TRUE" };
    case "text":
      return { value: content };
    case "error":
      return { value: { error: content } };
    default:
      return { value: null };
  }
}

/** Does writing `w` change what the cell holds? (A formula's cached result is not content: Excel recomputes it.) */
function changes(snapshot: WorkbookSnapshot, sheet: string, w: CellWrite): boolean {
  const s = getSheet(snapshot, sheet);
  if (!s) return true;
  const formula = cellFormula(s, w.row, w.col);
  if (w.formula !== undefined) return formula !== w.formula;
  if (formula) return true;
  const value = cellValue(s, w.row, w.col);
  const before = value === "" ? null : value;
  const after = w.value === undefined || w.value === "" ? null : w.value;
  return typeof before === "object" && before !== null ? true : before !== after;
}

/** The entries a plan's cell writes would need to be undone: only cells whose content changes. */
export function backupEntries(snapshot: WorkbookSnapshot, plan: WritePlan): BackupEntry[] {
  const entries: BackupEntry[] = [];
  for (const sheetPlan of plan.sheets) {
    if (sheetPlan.name === BACKUP_SHEET) continue;
    if (sheetPlan.create) {
      entries.push({ kind: "sheet", sheet: sheetPlan.name });
      continue;
    }
    const s = getSheet(snapshot, sheetPlan.name);
    for (const w of sheetPlan.cells) {
      if (!changes(snapshot, sheetPlan.name, w)) continue;
      entries.push({
        kind: "cell",
        sheet: sheetPlan.name,
        row: w.row,
        col: w.col,
        formula: s ? cellFormula(s, w.row, w.col) : null,
        value: s ? cellValue(s, w.row, w.col) : null,
      });
    }
  }
  const existing = new Set(snapshot.names.map((n) => n.name));
  for (const n of plan.names)
    if (!existing.has(n.name)) entries.push({ kind: "name", name: n.name });
  return entries;
}

/** The hidden backup sheet holding `entries` (created when missing, rewritten whole). */
export function backupSheetPlan(snapshot: WorkbookSnapshot, entries: BackupEntry[]): SheetPlan {
  const cells: CellWrite[] = HEADER.map((value, col) => ({ row: 0, col, value }));
  entries.forEach((e, i) => {
    const row = i + 1;
    const fields =
      e.kind === "cell"
        ? ["cell", e.sheet, address(e.row, e.col), ...encode(e.formula, e.value)]
        : e.kind === "sheet"
          ? ["sheet", e.sheet, "", "", ""]
          : ["name", "", "", "", e.name];
    fields.forEach((value, col) => cells.push({ row, col, value }));
  });
  return {
    name: BACKUP_SHEET,
    create: !getSheet(snapshot, BACKUP_SHEET),
    hidden: true,
    clear: true,
    cells,
  };
}

/** The entries kept by the last Recompute, or undefined when there is nothing to undo. */
export function readBackup(snapshot: WorkbookSnapshot): BackupEntry[] | undefined {
  const sheet = getSheet(snapshot, BACKUP_SHEET);
  if (!sheet) return undefined;
  const entries: BackupEntry[] = [];
  for (const row of sheet.values.slice(1)) {
    const [kind, sheetName, addr, type, content] = row.map((v) =>
      v === null || typeof v === "object" ? "" : String(v)
    );
    if (kind === "cell") {
      const { row: r, col } = parseAddress(addr);
      const decoded = decode(type, content);
      entries.push({
        kind: "cell",
        sheet: sheetName,
        row: r,
        col,
        formula: decoded.formula ?? null,
        value: decoded.value ?? null,
      });
    } else if (kind === "sheet") entries.push({ kind: "sheet", sheet: sheetName });
    else if (kind === "name") entries.push({ kind: "name", name: content });
  }
  return entries.length ? entries : undefined;
}

/** Writes back every kept cell, removes the sheets and names Recompute added and our highlights, then the backup. */
export function restorePlan(snapshot: WorkbookSnapshot, entries: BackupEntry[]): WritePlan {
  const deleteSheets = new Set(entries.flatMap((e) => (e.kind === "sheet" ? [e.sheet] : [])));
  const bySheet = new Map<string, CellWrite[]>();
  for (const e of entries) {
    if (e.kind !== "cell" || deleteSheets.has(e.sheet) || !getSheet(snapshot, e.sheet)) continue;
    const cell: CellWrite =
      e.formula !== null
        ? { row: e.row, col: e.col, formula: e.formula }
        : typeof e.value === "object" && e.value !== null
          ? { row: e.row, col: e.col, error: e.value.error }
          : { row: e.row, col: e.col, value: e.value };
    bySheet.set(e.sheet, [...(bySheet.get(e.sheet) ?? []), cell]);
  }
  const touched = new Set([
    ...bySheet.keys(),
    ...snapshot.sheets.map((s) => s.name).filter((n) => n !== BACKUP_SHEET && !deleteSheets.has(n)),
  ]);
  return {
    sheets: [...touched].map((name) => ({
      name,
      cells: bySheet.get(name) ?? [],
      conditionalFormats: [],
    })),
    names: [],
    removeNames: entries.flatMap((e) => (e.kind === "name" ? [e.name] : [])),
    deleteSheets: [...deleteSheets, BACKUP_SHEET],
  };
}
