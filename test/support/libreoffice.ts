/**
 * LibreOffice Calc as a second spreadsheet engine for tests: recalculates .xlsx files headless and reads back
 * the values the defined names hold.
 */
import { execFile } from "child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from "fs";
import { tmpdir } from "os";
import { basename, join, extname } from "path";
import { pathToFileURL } from "url";
import ExcelJS from "exceljs";

/** The soffice binary: `$SOFFICE` when set, else `soffice` on PATH. */
export const SOFFICE = process.env.SOFFICE ?? "soffice";

/**
 * A profile that recalculates every formula on load. By default LibreOffice keeps the results cached in an
 * .xlsx ("never recalculate"), so a formula whose cached value is wrong would go unnoticed.
 */
export const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

interface RunResult {
  code: number | string | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
          reject(
            new Error(
              `LibreOffice not found: cannot run "${file}" (install LibreOffice or set SOFFICE to its soffice binary)`
            )
          );
          return;
        }
        if (error && error.killed) {
          reject(new Error(`LibreOffice timed out after ${timeoutMs} ms\nstderr:\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code ?? null) : 0, stdout, stderr });
      }
    );
  });
}

/**
 * Opens each .xlsx in LibreOffice (one headless process for all of them), recalculates every formula and
 * saves a copy of the same name in `outDir`. Throws, with LibreOffice's output, when it fails or a copy is missing.
 */
export async function recalculate(
  files: string[],
  outDir: string,
  timeoutMs = 150_000
): Promise<string[]> {
  if (files.length === 0) return [];
  const names = files.map((f) => basename(f, extname(f)));
  if (new Set(names).size !== names.length)
    throw new Error("recalculate: file names must be distinct (copies share outDir)");
  mkdirSync(outDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "selfeval-lo-profile-"));
  try {
    mkdirSync(join(profile, "user"), { recursive: true });
    writeFileSync(join(profile, "user", "registrymodifications.xcu"), RECALC_ALWAYS);
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      "--headless",
      "--norestore",
      "--convert-to",
      "xlsx:Calc MS Excel 2007 XML",
      "--outdir",
      outDir,
      ...files,
    ];
    const result = await run(SOFFICE, args, timeoutMs);
    const outputs = names.map((n) => join(outDir, `${n}.xlsx`));
    const missing = outputs.filter((o) => !existsSync(o));
    if (result.code !== 0 || missing.length) {
      throw new Error(
        `LibreOffice failed (exit ${String(result.code)})` +
          (missing.length ? `; no output for ${missing.map((m) => basename(m)).join(", ")}` : "") +
          `\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`
      );
    }
    return outputs;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export type CellValue = number | string | boolean | null;

/** A cell's value as the spreadsheet shows it: a formula's cached result, an error as its text (#DIV/0!). */
function valueOf(cell: ExcelJS.Cell): CellValue {
  // Not `cell.value.result`: ExcelJS drops a falsy result (0, FALSE, "") from `value`; `cell.result` keeps it.
  const plain: unknown = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
  if (plain === undefined || plain === null) return null;
  if (typeof plain === "number" || typeof plain === "string" || typeof plain === "boolean")
    return plain;
  if (typeof plain === "object" && "error" in plain)
    return String((plain as { error: unknown }).error);
  if (typeof plain === "object" && "richText" in plain)
    return (plain as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("");
  throw new Error(`${cell.address}: unexpected cell value ${JSON.stringify(plain)}`);
}

/** `'基础数据'!$B$2` or `基础数据!$B$2` → sheet name and address. */
function parseRef(ref: string): { sheet: string; address: string } {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`unsupported defined name range ${ref}`);
  return { sheet: (m[1] ?? m[2]).replace(/''/g, "'"), address: `${m[3]}${m[4]}` };
}

/** The value of every single-cell defined name in a workbook (formulas: their cached results). */
export async function readNamedValues(file: string): Promise<Record<string, CellValue>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const out: Record<string, CellValue> = {};
  for (const { name, ranges } of workbook.definedNames.model) {
    if (ranges.length !== 1) throw new Error(`defined name ${name} has ${ranges.length} ranges`);
    const { sheet, address } = parseRef(ranges[0]);
    const worksheet = workbook.getWorksheet(sheet);
    if (!worksheet) throw new Error(`defined name ${name} refers to a missing sheet ${sheet}`);
    out[name] = valueOf(worksheet.getCell(address));
  }
  return out;
}

/**
 * Prints an .xlsx to PDF as LibreOffice prints it (every sheet, its page setup), recalculating on load, with a
 * fresh profile. Returns the PDF's path in `outDir`; throws, with LibreOffice's output, when there is none.
 */
export async function convertToPdf(
  file: string,
  outDir: string,
  timeoutMs = 120_000
): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "selfeval-lo-profile-"));
  try {
    mkdirSync(join(profile, "user"), { recursive: true });
    writeFileSync(join(profile, "user", "registrymodifications.xcu"), RECALC_ALWAYS);
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      "--headless",
      "--norestore",
      "--convert-to",
      "pdf:calc_pdf_Export",
      "--outdir",
      outDir,
      file,
    ];
    const result = await run(SOFFICE, args, timeoutMs);
    const output = join(outDir, `${basename(file, extname(file))}.pdf`);
    if (result.code !== 0 || !existsSync(output))
      throw new Error(
        `LibreOffice could not print ${basename(file)} to PDF (exit ${String(result.code)})\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`
      );
    return output;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
