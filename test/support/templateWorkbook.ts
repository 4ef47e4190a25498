/**
 * Template workbooks for the LibreOffice round trips: built by `selfeval template --input` itself (runTemplate,
 * in-process), their cached formula results stripped so a spreadsheet must compute every formula, and the
 * engine's own reading of each input's validity (what ok_<key> must show).
 */
import { readFileSync, writeFileSync } from "fs";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { runTemplate } from "../../src/cli/workbookCommands";
import { shenzhen } from "../../src/domain/frameworks/shenzhen";
import { readInput } from "../../src/domain/parse/readInput";
import type { Framework, InputDef, Report } from "../../src/domain/types";

/**
 * Writes `raw` as the JSON input file `jsonPath` and runs `selfeval template --input jsonPath -o xlsxPath
 * --json`; returns the exit code and the report the command printed.
 */
export async function templateFromInputs(
  raw: Record<string, unknown>,
  jsonPath: string,
  xlsxPath: string,
  framework: Framework = shenzhen
): Promise<{ code: number; report: Report }> {
  writeFileSync(jsonPath, JSON.stringify(raw));
  let stdout = "";
  let stderr = "";
  const code = await runTemplate(framework, jsonPath, xlsxPath, true, "zh", {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  if (stderr) throw new Error(`selfeval template wrote to stderr: ${stderr}`);
  return { code, report: JSON.parse(stdout) as Report };
}

/** Every formula cell of a workbook, as [sheet!address, cell]. */
function formulaCells(workbook: ExcelJS.Workbook): [string, ExcelJS.Cell][] {
  const out: [string, ExcelJS.Cell][] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula)
          out.push([`${sheet.name}!${cell.address}`, cell]);
      })
    )
  );
  return out;
}

/**
 * Rewrites `path` with every formula kept and every cached result dropped (`{ formula }` alone), so whatever
 * value a formula cell shows after a spreadsheet opens the file is that spreadsheet's own. Returns how many
 * formula cells were stripped.
 */
export async function stripCachedResults(path: string): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const cells = formulaCells(workbook);
  for (const [, cell] of cells) {
    if (cell.formula === undefined || cell.formula === "")
      throw new Error(`${cell.address}: a formula cell without its own formula text`);
    cell.value = { formula: cell.formula } as ExcelJS.CellFormulaValue;
  }
  await workbook.xlsx.writeFile(path);
  return cells.length;
}

/** The formula cells of a file, and those of them that hold a cached result. */
export async function cachedResults(path: string): Promise<{ formulas: number; cached: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const cells = formulaCells(workbook);
  return {
    formulas: cells.length,
    cached: cells.filter(([, cell]) => cell.result !== undefined).map(([where]) => where),
  };
}

/**
 * Whether the engine counts an input cell's value as valid, as Recompute writes ok_<key>: it reads in `cell`
 * mode without error, and is filled in unless the input has a fallback.
 */
export function engineValidity(def: InputDef, value: unknown): boolean {
  const read = readInput(def, value, "zh", "cell");
  const blank = value === null || value === undefined || value === "";
  return !read.error && (!blank || def.fallback !== undefined);
}

/** A worksheet's XML in an .xlsx file (found through workbook.xml and its relationships), with the shared strings. */
export async function sheetXml(
  file: string,
  sheetName: string
): Promise<{ xml: string; shared: string[] }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const text = async (path: string) => (await zip.file(path)?.async("string")) ?? "";
  const workbookXml = await text("xl/workbook.xml");
  const rels = await text("xl/_rels/workbook.xml.rels");
  const sheet = [...workbookXml.matchAll(/<sheet [^>]*>/g)].find((m) =>
    m[0].includes(`name="${sheetName}"`)
  )?.[0];
  const rid = sheet && / r:id="([^"]+)"/.exec(sheet)?.[1];
  const rel = [...rels.matchAll(/<Relationship [^>]*>/g)].find((m) =>
    m[0].includes(`Id="${rid}"`)
  )?.[0];
  const target = rel && / Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new Error(`${file}: no sheet ${sheetName}`);
  const xml = await text(`xl/${target.replace(/^\/?xl\//, "")}`);
  const shared = [...(await text("xl/sharedStrings.xml")).matchAll(/<si>([\s\S]*?)<\/si>/g)].map(
    (m) => m[1]
  );
  return { xml, shared };
}

/**
 * The formula cells of a sheet whose cached result is the empty text "" (`t="str"`, an empty `<v>`), as the
 * spreadsheet that saved the file computed it. (ExcelJS reads such a result as no result at all.)
 */
export async function emptyTextResults(file: string, sheetName: string): Promise<Set<string>> {
  const { xml } = await sheetXml(file, sheetName);
  const out = new Set<string>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const inner = m[3] ?? "";
    if (/ t="str"/.test(m[2]) && /<f[ >]/.test(inner) && /<v\s*\/>|<v><\/v>/.test(inner))
      out.add(m[1]);
  }
  return out;
}
