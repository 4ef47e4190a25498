/**
 * Workbooks in formats ExcelJS cannot read (.xls, .et, .ods, .xlsb, an .xls that is really a web page or an
 * Excel 2003 XML file) converted to .xlsx by LibreOffice, when it is installed: a copy of the file goes into a
 * temporary folder and LibreOffice converts the copy there, with a profile of its own (so a LibreOffice the user
 * has open is neither used nor disturbed). The original is only read. The folder is removed by `dispose`.
 */
import type { execFile as ExecFile } from "child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";
import { pathToFileURL } from "url";

/**
 * Node's child_process, required when a conversion runs: loading it (with net and dgram under it) was a measurable
 * part of every workbook command's start, and a conversion is rare (bench/README.md).
 */
const execFile = (): typeof ExecFile =>
  (require("child_process") as typeof import("child_process")).execFile;

/** The LibreOffice program, from PATH or where its installers put it; undefined when it is not installed. */
export function findOffice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names =
    process.platform === "win32" ? ["soffice.exe", "soffice.com"] : ["soffice", "libreoffice"];
  for (const dir of (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean))
    for (const name of names) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
  // Installers do not put it on PATH on Windows and macOS.
  const installed =
    process.platform === "win32"
      ? [env.ProgramFiles, env["ProgramFiles(x86)"]]
          .filter((d): d is string => !!d)
          .map((d) => join(d, "LibreOffice", "program", "soffice.exe"))
      : process.platform === "darwin"
        ? ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
        : [];
  return installed.find(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** How LibreOffice is to read the copy: by its own detection, or as a web page / Excel 2003 XML. */
export type ImportAs = "detect" | "html" | "xml2003";

const IMPORT_FILTERS: Record<ImportAs, string | undefined> = {
  detect: undefined,
  html: "HTML (StarCalc)",
  xml2003: "MS Excel 2003 XML",
};

/** One command's conversions: a temporary folder and one LibreOffice profile, whatever the number of files. */
export class Conversions {
  private folder?: string;
  private count = 0;

  /** `parent`: where the temporary folder goes (an audit worker's, inside the audit's own, removed with it). */
  constructor(
    readonly office: string | undefined = findOffice(),
    private readonly timeoutMs = 180_000,
    private readonly parent: string = tmpdir()
  ) {}

  get available(): boolean {
    return this.office !== undefined;
  }

  /**
   * The path of an .xlsx converted from `path` (its copy named `copyName`, whose extension tells LibreOffice the
   * format), or undefined when LibreOffice could not convert it.
   */
  async toXlsx(
    path: string,
    copyName: string,
    as: ImportAs = "detect"
  ): Promise<string | undefined> {
    if (!this.office) return undefined;
    this.folder ??= mkdtempSync(join(this.parent, "selfeval-convert-"));
    const work = join(this.folder, String(++this.count));
    mkdirSync(work);
    const copy = join(work, copyName);
    copyFileSync(path, copy);
    const filter = IMPORT_FILTERS[as];
    const args = [
      "--headless",
      "--norestore",
      "--nologo",
      "--nolockcheck",
      `-env:UserInstallation=${pathToFileURL(join(this.folder, "profile")).href}`,
      ...(filter ? [`--infilter=${filter}`] : []),
      "--convert-to",
      "xlsx:Calc MS Excel 2007 XML",
      "--outdir",
      join(work, "out"),
      copy,
    ];
    await new Promise<void>((resolve) => {
      execFile()(this.office!, args, { timeout: this.timeoutMs, windowsHide: true }, () =>
        resolve()
      );
    });
    const out = join(work, "out");
    const made = existsSync(out) ? readdirSync(out).find((f) => /\.xlsx$/i.test(f)) : undefined;
    return made && statSync(join(out, made)).size > 0 ? join(out, made) : undefined;
  }

  /** Removes the temporary folder and everything in it. */
  dispose(): void {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }
}
