/**
 * LibreOffice Writer and poppler for the report's tests: Word documents converted headless (one soffice process for
 * several files), a PDF's pages as text and as PNG images.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { basename, extname, join } from "path";
import { pathToFileURL } from "url";
import { SOFFICE } from "./libreoffice";

/**
 * Converts each document into `format` (`pdf`, `txt:Text (encoded):UTF8`) in `outDir`, in one LibreOffice process
 * with a profile of its own (so tests running at once do not share one); returns the outputs' paths.
 */
export function convertDocuments(files: string[], format: string, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "selfeval-writer-profile-"));
  try {
    execFileSync(
      SOFFICE,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--headless",
        "--norestore",
        "--convert-to",
        format,
        "--outdir",
        outDir,
        ...files,
      ],
      { timeout: 180_000, stdio: "pipe" }
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const ext = format.split(":")[0];
  const outputs = files.map((f) => join(outDir, `${basename(f, extname(f))}.${ext}`));
  const missing = outputs.filter((o) => !existsSync(o));
  if (missing.length) throw new Error(`LibreOffice wrote no ${missing.join(", ")}`);
  return outputs;
}

/** The PDF's page size in points and its number of pages (pdfinfo). */
export function pdfPages(pdf: string): { pages: number; width: number; height: number } {
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  const pages = /Pages:\s+(\d+)/.exec(info);
  if (!size || !pages) throw new Error(`pdfinfo: no page size in\n${info}`);
  return { pages: Number(pages[1]), width: Number(size[1]), height: Number(size[2]) };
}

/** Each page's text (pdftotext), in page order. */
export function pdfPageTexts(pdf: string, pages: number): string[] {
  return Array.from({ length: pages }, (_, i) =>
    execFileSync(
      "pdftotext",
      ["-f", String(i + 1), "-l", String(i + 1), "-enc", "UTF-8", pdf, "-"],
      {
        encoding: "utf8",
      }
    )
  );
}

/** Renders one page as a PNG (pdftoppm) at `dpi`; returns its path. */
export function pdfPagePng(pdf: string, page: number, dpi: number, outPrefix: string): string {
  execFileSync("pdftoppm", [
    "-f",
    String(page),
    "-l",
    String(page),
    "-r",
    String(dpi),
    "-png",
    "-singlefile",
    pdf,
    outPrefix,
  ]);
  return `${outPrefix}.png`;
}

/** A PNG's width and height, from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.toString("latin1", 12, 16) !== "IHDR") throw new Error("not a PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface PdfWord {
  x: number;
  y: number;
  text: string;
}

/** Every word of every page with where it starts (pdftotext -bbox), in points from the page's top left. */
export function pdfWords(pdf: string): PdfWord[][] {
  const xhtml = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", pdf, "-"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  return xhtml
    .split(/<page /)
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(
        (m) => ({
          x: Number(m[1]),
          y: Number(m[2]),
          text: unescape(m[3]),
        })
      )
    );
}

/**
 * A page's text column by column: the words starting between each pair of `edges` (in points), top to bottom and
 * left to right — a table cell's lines, read in order, whatever stands in the columns beside it.
 */
export function columnTexts(words: PdfWord[], edges: number[]): string[] {
  return edges.slice(0, -1).map((left, i) =>
    words
      .filter((w) => w.x >= left && w.x < edges[i + 1])
      .sort((a, b) => a.y - b.y || a.x - b.x)
      .map((w) => w.text)
      .join("")
  );
}
