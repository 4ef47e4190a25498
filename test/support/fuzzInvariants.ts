/**
 * What must hold for every hostile workbook (issue 16), checked the way the command line runs: `selfeval
 * recompute` and `selfeval restore` in process (runRecompute / runRestore), the files read back by ExcelJS
 * itself. Each check returns the problems it found as sentences (empty: the case holds), so the jest test and
 * the long run (`npm run fuzz`) share them.
 *
 * - no crash: a refusal is our own plain Chinese sentence (exit 2), never a library's English or a stack;
 * - every original cell — value, formula, style, note, validation — unchanged outside the cells Recompute's plan
 *   writes; every original sheet (its visibility, merged areas, the user's conditional formats) and defined name
 *   kept;
 * - recompute twice equals once, cell for cell;
 * - restore after one, two or three recomputes gives back the original cells, sheets and names exactly;
 * - text beginning with "=" stays text wherever it is written;
 * - the cached results of our formulas are what LibreOffice computes (libreOfficeProblems).
 */
import { join } from "path";
import ExcelJS from "exceljs";
import { CliFailure } from "../../src/cli/io";
import { FRAMEWORKS } from "../../src/domain/frameworks";
import { RULE_SET_NAMES } from "../../src/domain/indicatorTable/tableScoring";
import { runRecompute, runRestore } from "../../src/cli/workbookCommands";
import { readWorkbook, snapshotOf } from "../../src/hosts/xlsx";
import { recomputeWorkbook } from "../../src/workbook/recompute";
import { address, parseAddress } from "../../src/workbook/snapshot";
import { OWN_RULE_MARKER, type WritePlan } from "../../src/workbook/writePlan";
import type { HostileCase } from "./hostileWorkbooks";
import { recalculate } from "./libreoffice";
import { contents } from "./snapshotContents";

/* ---------- a workbook as comparable records ---------- */

/** JSON with sorted keys and no undefined members, so equal objects give equal text. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]])
        )
      : v
  );
}

export interface Records {
  /** sheet!A1 → the cell's value, formula, style, note and validation. */
  cells: Map<string, string>;
  /** sheet → its position, visibility, merged areas and the user's conditional formats. */
  sheets: Map<string, string>;
  /** name → its ranges. */
  names: Map<string, string>;
}

type WithConditionalFormats = { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] };

const isOwnRule = (rule: ExcelJS.ConditionalFormattingRule) =>
  "formulae" in rule &&
  Array.isArray(rule.formulae) &&
  rule.formulae.some((f: unknown) => typeof f === "string" && f.includes(OWN_RULE_MARKER));

/** A date as text; a number too large for a date reads as an invalid Date. */
const dateText = (d: Date) => (Number.isNaN(d.getTime()) ? "invalid date" : d.toISOString());

function cellRecord(cell: ExcelJS.Cell): string | undefined {
  const style = Object.keys(cell.style ?? {}).length ? cell.style : undefined;
  const base = { s: style, n: cell.note, dv: cell.dataValidation };
  if (cell.type === ExcelJS.ValueType.Merge) return stable({ ...base, m: cell.master.address });
  let content: unknown;
  if (cell.type === ExcelJS.ValueType.Formula) {
    const v = cell.value as { shareType?: string };
    content = {
      f: cell.formula,
      r: cell.result instanceof Date ? dateText(cell.result) : cell.result,
      array: v.shareType === "array" ? true : undefined,
    };
  } else content = cell.value instanceof Date ? dateText(cell.value) : cell.value;
  if ((content === null || content === undefined) && !style && !cell.note && !cell.dataValidation)
    return undefined;
  return stable({ ...base, v: content });
}

/** Every cell, sheet and defined name of a workbook as text. */
export function records(workbook: ExcelJS.Workbook): Records {
  const cells = new Map<string, string>();
  const sheets = new Map<string, string>();
  workbook.worksheets.forEach((sheet, position) => {
    for (let r = 1; r <= sheet.rowCount; r++)
      sheet.findRow(r)?.eachCell({ includeEmpty: true }, (cell) => {
        const record = cellRecord(cell);
        if (record !== undefined) cells.set(`${sheet.name}!${cell.address}`, record);
      });
    const merges = [...((sheet.model as { merges?: string[] }).merges ?? [])].sort();
    const userRules = ((sheet as unknown as WithConditionalFormats).conditionalFormattings ?? [])
      .map((cf) => ({ ref: cf.ref, rules: cf.rules.filter((r) => !isOwnRule(r)) }))
      .filter((cf) => cf.rules.length);
    sheets.set(sheet.name, stable({ position, state: sheet.state, merges, userRules }));
  });
  const names = new Map(
    workbook.definedNames.model.map((n) => [n.name, stable([...n.ranges].sort())])
  );
  return { cells, sheets, names };
}

export async function readRecords(
  path: string
): Promise<{ workbook: ExcelJS.Workbook; records: Records }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return { workbook, records: records(workbook) };
}

/* ---------- what Recompute owns ---------- */

/** The cells a plan writes (values, formulas, validations, merges) on sheets that exist, and what it adds. */
export interface Owned {
  cells: Set<string>;
  wholeSheets: Set<string>;
  names: Set<string>;
  /** sheet!A1:B2: the user's merged areas Recompute may dissolve. */
  merges: Set<string>;
}

export function ownedBy(plan: WritePlan): Owned {
  const cells = new Set<string>();
  const wholeSheets = new Set<string>();
  const range = (sheet: string, ref: string) => {
    const [a, b = a] = ref.replace(/\$/g, "").split(":");
    const p = parseAddress(a);
    const q = parseAddress(b);
    for (let r = Math.min(p.row, q.row); r <= Math.max(p.row, q.row); r++)
      for (let c = Math.min(p.col, q.col); c <= Math.max(p.col, q.col); c++)
        cells.add(`${sheet}!${address(r, c)}`);
  };
  for (const s of plan.sheets) {
    if (s.create || s.clear) wholeSheets.add(s.name);
    for (const c of s.cells) cells.add(`${s.name}!${address(c.row, c.col)}`);
    for (const v of s.validations ?? []) range(s.name, v.range);
    for (const m of s.merges ?? []) range(s.name, m);
  }
  for (const name of plan.deleteSheets ?? []) wholeSheets.add(name);
  return { cells, wholeSheets, names: new Set(plan.names.map((n) => n.name)), merges: new Set() };
}

/**
 * A merged area of the user's over a cell the plan writes is Recompute's to dissolve (the host unmerges it before
 * writing, as Excel asks): its other cells and the merge itself are owned; its top-left cell, which holds what the
 * user typed, is not.
 */
function withMergesOver(owned: Owned, workbook: ExcelJS.Workbook): Owned {
  for (const sheet of workbook.worksheets)
    for (const merge of (sheet.model as { merges?: string[] }).merges ?? []) {
      const [a, b = a] = merge.split(":");
      const p = parseAddress(a);
      const q = parseAddress(b);
      const cells: string[] = [];
      for (let r = p.row; r <= q.row; r++)
        for (let c = p.col; c <= q.col; c++) cells.push(`${sheet.name}!${address(r, c)}`);
      if (!cells.some((k) => owned.cells.has(k))) continue;
      cells.slice(1).forEach((k) => owned.cells.add(k));
      owned.merges.add(`${sheet.name}!${merge}`);
    }
  return owned;
}

/* ---------- the checks ---------- */

/**
 * Words a plain message may carry besides Chinese: our command and program names, and what the user types or
 * edits — the frameworks' ids (--framework), the table rule sets' names and the framework file's keys.
 */
const ALLOWED = new Set([
  "selfeval",
  "recompute",
  "restore",
  "template",
  "LibreOffice",
  "Excel",
  "SELFEVAL_DEBUG",
  "xlsx",
  "aliases",
  "tableScoring",
  ...Object.keys(FRAMEWORKS),
  ...RULE_SET_NAMES,
]);

const WORD = /[A-Za-z][A-Za-z_]*/g;

/**
 * The Latin words of a workbook's own text — its cells' values and rich text, formulas, notes, sheet and defined
 * names: a message quoting what the department typed (=HYPERLINK("http://…")) quotes these, and they are not a
 * library's English.
 */
export function workbookWords(workbook: ExcelJS.Workbook): Set<string> {
  const words = new Set<string>();
  const add = (t: unknown) => {
    if (typeof t === "string") for (const w of t.match(WORD) ?? []) words.add(w);
  };
  for (const sheet of workbook.worksheets) {
    add(sheet.name);
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { richText?: { text: string }[]; text?: unknown } | null;
        if (cell.type === ExcelJS.ValueType.Formula) add(cell.formula);
        else if (v && typeof v === "object" && Array.isArray(v.richText))
          v.richText.forEach((r) => add(r.text));
        else if (v && typeof v === "object") add(v.text);
        else add(v);
        const note = cell.note as unknown;
        if (typeof note === "string") add(note);
        else if (note && typeof note === "object")
          for (const r of (note as { texts?: { text: string }[] }).texts ?? []) add(r.text);
      })
    );
  }
  for (const n of workbook.definedNames.model) add(n.name);
  return words;
}

/**
 * Why a message to the user is not plain Chinese (empty: it is). `words`: the workbook's own (workbookWords),
 * which a message may quote — whole, or cut short before "…".
 */
export function notPlain(
  message: string,
  known: string[],
  words: ReadonlySet<string> = new Set()
): string[] {
  // File paths (the cases' files are named case<seed>-….xlsx) and the workbook's own names are not our words.
  // A cell's error value (#NULL!, #N/A) is quoted as the cell holds it.
  let text = message
    .replace(/\/[^\s：，；（）“”「」]*\.xlsx/g, " ")
    .replace(/#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)/g, " ");
  for (const k of [...known].sort((a, b) => b.length - a.length)) text = text.split(k).join(" ");
  if (words.size) {
    const all = [...words];
    text = text.replace(WORD, (w, at: number) =>
      words.has(w) || (text.startsWith("…", at + w.length) && all.some((o) => o.startsWith(w)))
        ? " "
        : w
    );
  }
  const problems: string[] = [];
  if (!/[\u4e00-\u9fff]/.test(message)) problems.push("no Chinese");
  const english = (text.match(/[A-Za-z][A-Za-z_]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w));
  if (english.length) problems.push(`English words ${english.join(" ")}`);
  if (/\bat .+:\d+:\d+|undefined|NaN|https?:|Error\b/.test(text)) problems.push("library text");
  return problems;
}

interface Run {
  code?: number;
  stdout: string;
  stderr: string;
  /** A refusal: our own sentence (CliFailure). */
  refused?: string;
  /** Anything else thrown: a crash. */
  crash?: string;
}

async function run(
  work: (io: { stdout(t: string): void; stderr(t: string): void }) => Promise<number>
): Promise<Run> {
  const out: Run = { stdout: "", stderr: "" };
  try {
    out.code = await work({ stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) });
  } catch (err) {
    if (err instanceof CliFailure) out.refused = err.message;
    else out.crash = err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err);
  }
  return out;
}

const recomputeRun = (input: string, output: string) =>
  run((io) => runRecompute(undefined, input, output, false, "zh", io));
const restoreRun = (input: string, output: string) =>
  run((io) => runRestore(input, output, "zh", io));

function diffRecords(label: string, before: Records, after: Records, owned?: Owned): string[] {
  const problems: string[] = [];
  const sheetOf = (key: string) => key.slice(0, key.lastIndexOf("!"));
  const ownsCell = (key: string) =>
    owned ? owned.cells.has(key) || owned.wholeSheets.has(sheetOf(key)) : false;
  const keys = new Set([...before.cells.keys(), ...(owned ? [] : after.cells.keys())]);
  for (const key of keys) {
    if (ownsCell(key)) continue;
    const a = before.cells.get(key);
    const b = after.cells.get(key);
    if (a !== b) problems.push(`${label}: cell ${key} was ${a ?? "empty"}, now ${b ?? "empty"}`);
  }
  for (const [sheet, a] of before.sheets) {
    if (owned?.wholeSheets.has(sheet)) continue;
    const b = after.sheets.get(sheet);
    // Recompute may add sheets, which moves none of the department's (positions are not compared), and may
    // dissolve a merge over a cell it writes.
    const strip = (t: string | undefined) => {
      if (t === undefined || !owned) return t;
      const { position, merges, ...rest } = JSON.parse(t) as { position: number; merges: string[] };
      void position;
      return stable({ ...rest, merges: merges.filter((m) => !owned.merges.has(`${sheet}!${m}`)) });
    };
    if (strip(a) !== strip(b))
      problems.push(`${label}: sheet ${sheet} was ${a}, now ${b ?? "gone"}`);
  }
  if (!owned)
    for (const sheet of after.sheets.keys())
      if (!before.sheets.has(sheet)) problems.push(`${label}: sheet ${sheet} added`);
  const names = new Set([...before.names.keys(), ...(owned ? [] : after.names.keys())]);
  for (const name of names) {
    if (owned?.names.has(name)) continue;
    if (before.names.get(name) !== after.names.get(name))
      problems.push(
        `${label}: name ${name} was ${before.names.get(name)}, now ${after.names.get(name)}`
      );
  }
  return problems.slice(0, 20);
}

/** The owned formula cells of a recomputed file and their cached results, for the LibreOffice comparison. */
export interface Cached {
  file: string;
  results: Map<string, unknown>;
}

export interface CaseOutcome {
  problems: string[];
  /** What recompute refused with (a plain sentence), when it did. */
  refused?: string;
  cached?: Cached;
}

const plainResult = (v: unknown): unknown =>
  v === undefined || v === ""
    ? null
    : v && typeof v === "object" && "error" in v
      ? (v as { error: string }).error
      : v;

/**
 * The harness could not make the hostile workbook's file (ExcelJS refused to write or read back what the
 * mutations made): a fault of the generator, not of the product, which has not run.
 */
export class HarnessFailure extends Error {
  constructor(cause: unknown) {
    super(
      `harness fault, not the product's: the mutated workbook could not be written and read back (${
        cause instanceof Error ? cause.message : String(cause)
      })`
    );
    this.name = "HarnessFailure";
  }
}

/**
 * The first half of checkCase: the first recompute, checked (what it changed, text kept as text), and its cached
 * results; `finish` runs the rest (a second recompute, the restores) and gives the whole outcome. The fixed seeds
 * send every case's first recompute to LibreOffice while the rest of each is checked.
 */
export interface FirstRecompute {
  /** The outcome so far: final when recompute crashed or refused (`finish` then adds nothing). */
  outcome: CaseOutcome;
  finish: () => Promise<CaseOutcome>;
}

/**
 * Runs the command line's recompute and restore on a hostile case in `dir` and checks every invariant but
 * LibreOffice's; `recomputes` (1–3): how many recomputes before the last restore.
 */
export async function checkCase(
  hc: HostileCase,
  dir: string,
  recomputes = 3
): Promise<CaseOutcome> {
  return (await firstRecompute(hc, dir, recomputes)).finish();
}

/** checkCase's first recompute and its checks; `finish` does the rest. */
export async function firstRecompute(
  hc: HostileCase,
  dir: string,
  recomputes = 3
): Promise<FirstRecompute> {
  const done = (outcome: CaseOutcome): FirstRecompute => ({
    outcome,
    finish: () => Promise.resolve(outcome),
  });
  // Every file named by the case, so LibreOffice's copies of several cases can share a folder.
  const file = (n: string) => join(dir, `case${hc.seed}-${n}.xlsx`);
  const input = file("in");
  let original: Awaited<ReturnType<typeof readRecords>>;
  try {
    await hc.workbook.xlsx.writeFile(input);
    original = await readRecords(input);
  } catch (err) {
    throw new HarnessFailure(err);
  }
  const knownWords = [dir, ...original.workbook.worksheets.map((s) => s.name)];
  const ownWords = workbookWords(original.workbook);
  const problems: string[] = [];

  const first = await recomputeRun(input, file("r1"));
  if (first.crash) return done({ problems: [`recompute crashed: ${first.crash}`] });
  if (first.refused !== undefined) {
    const plain = notPlain(first.refused, knownWords, ownWords);
    return done({
      problems: plain.map(
        (p) => `recompute refused in words that are not plain (${p}): ${first.refused}`
      ),
      refused: first.refused,
    });
  }
  if (first.code !== 0 && first.code !== 1) problems.push(`recompute exited ${first.code}`);
  for (const p of notPlain(first.stdout + first.stderr, knownWords, ownWords).filter(
    (p) => p !== "no Chinese"
  ))
    problems.push(`recompute printed ${p}`);

  // What the plan owns: the command's own reading of the input, planned again (pure, the same plan).
  const plan = recomputeWorkbook((await readWorkbook(input)).snapshot, undefined, {
    lang: "zh",
  }).plan;
  const owned = withMergesOver(ownedBy(plan), original.workbook);
  const r1 = await readRecords(file("r1"));
  problems.push(...diffRecords("recompute", original.records, r1.records, owned));

  // Text beginning with "=" is never made a formula: not by the plan, not in the file.
  const formulaLike = new Set(
    [...original.records.cells.values()]
      .map((r) => (JSON.parse(r) as { v?: unknown }).v)
      .filter((v): v is string => typeof v === "string" && /^[=+\-@]/.test(v))
  );
  for (const s of plan.sheets)
    for (const c of s.cells)
      if (c.formula !== undefined && formulaLike.has(c.formula))
        problems.push(
          `plan writes the text ${c.formula} as a formula at ${s.name}!${address(c.row, c.col)}`
        );
  r1.workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula && formulaLike.has(`=${cell.formula}`))
          problems.push(
            `the text =${cell.formula} became a formula at ${sheet.name}!${cell.address}`
          );
      })
    )
  );

  // The cached results of the formulas Recompute wrote, for LibreOffice to confirm.
  const results = new Map<string, unknown>();
  const formulaCells = new Set(
    plan.sheets.flatMap((s) =>
      s.cells
        .filter((c) => c.formula !== undefined)
        .map((c) => `${s.name}!${address(c.row, c.col)}`)
    )
  );
  r1.workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const key = `${sheet.name}!${cell.address}`;
        if (formulaCells.has(key) && cell.type === ExcelJS.ValueType.Formula)
          results.set(key, plainResult(cell.result));
      })
    )
  );
  const cached: Cached = { file: file("r1"), results };

  // The rest: recompute twice equals once, restore gives back the original.
  const finish = async (): Promise<CaseOutcome> => {
    // Recompute twice equals once.
    const second = await recomputeRun(file("r1"), file("r2"));
    if (second.crash || second.refused !== undefined)
      problems.push(`second recompute failed: ${second.crash ?? second.refused}`);
    else
      problems.push(
        ...diffRecords("second recompute", r1.records, (await readRecords(file("r2"))).records)
      );

    // Restore after 1 and after `recomputes` recomputes gives back the original.
    const originalSnapshot = snapshotOf(original.workbook);
    const restoreProblems = async (from: string, label: string) => {
      const restored = await restoreRun(from, file("restored"));
      if (restored.crash) return [`${label}: restore crashed: ${restored.crash}`];
      let back: ExcelJS.Workbook;
      if (restored.refused !== undefined) {
        // Nothing to undo is right only when recompute changed no original cell.
        if (!/没有可撤销的计算/.test(restored.refused))
          return [`${label}: restore refused: ${restored.refused}`];
        back = (await readRecords(from)).workbook;
        const now = contents(snapshotOf(back));
        const was = contents(originalSnapshot);
        const changed = Object.keys(was).filter((k) => now[k] !== was[k]);
        return changed.length
          ? [`${label}: no backup, yet cells changed: ${changed.slice(0, 5).join(", ")}`]
          : [];
      }
      back = (await readRecords(file("restored"))).workbook;
      const out: string[] = [];
      const now = contents(snapshotOf(back));
      const was = contents(originalSnapshot);
      for (const k of new Set([...Object.keys(was), ...Object.keys(now)]))
        if (now[k] !== was[k])
          out.push(`${label}: ${k} was ${was[k] ?? "empty"}, restored ${now[k] ?? "empty"}`);
      const sheets = (w: ExcelJS.Workbook) => w.worksheets.map((s) => `${s.name}:${s.state}`);
      if (stable(sheets(back)) !== stable(sheets(original.workbook)))
        out.push(
          `${label}: sheets ${sheets(back).join(", ")}, were ${sheets(original.workbook).join(", ")}`
        );
      const names = (w: ExcelJS.Workbook) => stable([...records(w).names.entries()].sort());
      if (names(back) !== names(original.workbook)) out.push(`${label}: defined names differ`);
      return out.slice(0, 20);
    };
    problems.push(...(await restoreProblems(file("r1"), "restore after 1 recompute")));
    if (recomputes > 1) {
      let last = file("r2");
      for (let i = 3; i <= recomputes; i++) {
        const next = file(`r${i}`);
        const again = await recomputeRun(last, next);
        if (again.crash || again.refused !== undefined) {
          problems.push(`recompute ${i} failed: ${again.crash ?? again.refused}`);
          break;
        }
        last = next;
      }
      problems.push(...(await restoreProblems(last, `restore after ${recomputes} recomputes`)));
    }

    return { problems, cached };
  };
  return { outcome: { problems: [...problems], cached }, finish };
}

/**
 * LibreOffice recalculates every file in one run (each a copy named by its case); each owned formula's cached
 * result must be what it computes. Returns the problems by file.
 */
export async function libreOfficeProblems(
  cached: Cached[],
  outDir: string
): Promise<Map<string, string[]>> {
  const outputs = await recalculate(
    cached.map((c) => c.file),
    outDir
  );
  const problems = new Map<string, string[]>();
  for (const [i, out] of outputs.entries()) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const found: string[] = [];
    for (const [key, ours] of cached[i].results) {
      const at = key.lastIndexOf("!");
      const cell = workbook.getWorksheet(key.slice(0, at))?.getCell(key.slice(at + 1));
      const theirs = plainResult(
        cell?.type === ExcelJS.ValueType.Formula ? cell.result : cell?.value
      );
      // No cached result: the engine left the value uncomputed (a missing or unusable input), and the sheet
      // must show no number either — blank, or an error such as #DIV/0!.
      const same =
        ours === null
          ? theirs === null || (typeof theirs === "string" && theirs.startsWith("#"))
          : typeof ours === "number" && typeof theirs === "number"
            ? Math.abs(ours - theirs) <= 1e-9 * Math.max(1, Math.abs(ours))
            : ours === theirs;
      if (!same) found.push(`${key}: cached ${stable(ours)}, LibreOffice ${stable(theirs)}`);
    }
    problems.set(cached[i].file, found.slice(0, 20));
  }
  return problems;
}
