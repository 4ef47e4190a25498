/**
 * The checks of a manifest that Microsoft's XSDs cannot make: every resid resolves, every URL is https, every
 * icon exists at the size it is declared. Shared by the tests and `npm run validate` (which also checks the
 * production manifest the build writes).
 */
import { execFileSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { join } from "path";

export const SCHEMA_DIR = join(__dirname, "..", "fixtures", "office-addin-manifest");

/** Runs xmllint offline against the XSDs; returns its complaint, or undefined when the manifest is valid. */
export function xsdErrors(manifestPath: string): string | undefined {
  try {
    execFileSync(
      "xmllint",
      [
        "--nonet",
        "--noout",
        "--schema",
        join(SCHEMA_DIR, "OfficeAppManifestV1_1.xsd"),
        manifestPath,
      ],
      { stdio: "pipe" }
    );
    return undefined;
  } catch (err) {
    const e = err as { stderr?: Buffer; code?: string };
    if (e.code === "ENOENT") return "xmllint not found (apt-get install libxml2-utils)";
    return e.stderr?.toString() ?? String(err);
  }
}

/** PNG width and height from its header. */
export function pngSize(path: string): { width: number; height: number } {
  const buf = readFileSync(path);
  if (buf.toString("ascii", 1, 4) !== "PNG") throw new Error(`${path} is not a PNG`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export interface ManifestProblems {
  unresolved: string[];
  notHttps: string[];
  icons: string[];
}

/**
 * The problems XSD cannot see. `root` is the folder served at `base` (where assets/ lives): the project for
 * manifest.xml and the development server, the built dist/ for a production manifest and its SELFEVAL_URL.
 */
export function manifestProblems(
  xml: string,
  root: string,
  base = "https://localhost:3000/"
): ManifestProblems {
  const defined = new Set(
    [...xml.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1])
  );
  const unresolved = [...new Set([...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]))].filter(
    (id) => !defined.has(id)
  );
  const urls = [...xml.matchAll(/(?:DefaultValue|Value)="((?:[a-z]+:)?\/\/[^"]*)"/gi)].map(
    (m) => m[1]
  );
  const appDomains = [...xml.matchAll(/<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1]);
  const notHttps = [...urls, ...appDomains].filter((u) => !u.startsWith("https://"));
  const images = new Map(
    [...xml.matchAll(/<bt:Image id="([^"]+)" DefaultValue="([^"]+)"/g)].map((m) => [m[1], m[2]])
  );
  const icons: string[] = [];
  const checkIcon = (url: string, size: number, what: string) => {
    const file = join(root, url.startsWith(base) ? url.slice(base.length) : new URL(url).pathname);
    if (!existsSync(file)) return icons.push(`${what}: ${url} has no file ${file}`);
    const { width, height } = pngSize(file);
    if (width !== size || height !== size)
      icons.push(`${what}: ${url} is ${width}×${height}, declared ${size}`);
    return undefined;
  };
  for (const m of xml.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"/g)) {
    const url = images.get(m[2]);
    if (url) checkIcon(url, Number(m[1]), m[2]);
  }
  const icon = /<IconUrl DefaultValue="([^"]+)"/.exec(xml)?.[1];
  const hiRes = /<HighResolutionIconUrl DefaultValue="([^"]+)"/.exec(xml)?.[1];
  if (icon) checkIcon(icon, 32, "IconUrl");
  if (hiRes) checkIcon(hiRes, 64, "HighResolutionIconUrl");
  return { unresolved, notHttps, icons };
}
