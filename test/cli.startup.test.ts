/**
 * What the built command line loads (lib/ after npm run build:cli): `selfeval --help` and `score` never load the
 * workbook library nor the Word library; the workbook commands do. Behaviour, not timing (that is the bench's).
 */
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "bin", "selfeval.js");

/** The modules a run of the command line had loaded when it exited, and its exit code. */
function loadedBy(args: string[]): { code: number | null; modules: string[] } {
  const wrapper = [
    `process.on("exit", () => process.stderr.write("\\nLOADED=" + JSON.stringify(Object.keys(require.cache)) + "\\n"));`,
    `process.argv.splice(1, 0, ${JSON.stringify(BIN)});`,
    `require(process.argv[1]);`,
  ].join("\n");
  const child = spawnSync(process.execPath, ["-e", wrapper, "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const line = /LOADED=(.*)\n/.exec(child.stderr);
  if (!line) throw new Error(`no module list:\n${child.stderr}`);
  return { code: child.status, modules: JSON.parse(line[1]) as string[] };
}

const workbookLibrary = (m: string) => /exceljs/i.test(m);
const wordLibrary = (m: string) => /[\\/]node_modules[\\/]docx[\\/]/.test(m);

describe("the command line loads what a command uses", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "selfeval-startup-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--help loads neither the workbook library nor the Word library", () => {
    const { code, modules } = loadedBy(["--help"]);
    expect(code).toBe(0);
    expect(modules.filter(workbookLibrary)).toEqual([]);
    expect(modules.filter(wordLibrary)).toEqual([]);
  });

  it("score loads neither", () => {
    const { code, modules } = loadedBy([
      "score",
      "--input",
      join(ROOT, "examples", "seed000.json"),
    ]);
    expect(code).toBe(0);
    expect(modules.filter(workbookLibrary)).toEqual([]);
    expect(modules.filter(wordLibrary)).toEqual([]);
  });

  it("recompute loads the workbook library (so the check above can see it)", () => {
    const { code, modules } = loadedBy([
      "recompute",
      join(ROOT, "examples", "深圳-seed001.xlsx"),
      "-o",
      join(dir, "out.xlsx"),
    ]);
    expect([0, 1]).toContain(code);
    expect(modules.filter(workbookLibrary).length).toBeGreaterThan(0);
  });
});
