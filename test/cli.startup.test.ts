/**
 * What the built command line loads (lib/ after npm run build:cli): `selfeval --help` and `score` never load the
 * workbook library nor the Word library; the workbook commands do. Behaviour, not timing (that is the bench's).
 */
import { spawnSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
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

describe("the bundles' code cache (bin/codeCache.js)", () => {
  const bundles = ["main.js", "exceljsParts.js"];

  it("the build leaves one beside each bundle, and V8 takes it", () => {
    // A plain node, as a user runs the command: V8 takes a cache only under the flags it was made with.
    const check = bundles
      .map(
        (
          b
        ) => `new vm.Script(Module.wrap(fs.readFileSync(${JSON.stringify(join(ROOT, "lib", "cli", b))}, "utf8")), {
          filename: ${JSON.stringify(join(ROOT, "lib", "cli", b))},
          cachedData: fs.readFileSync(${JSON.stringify(join(ROOT, "lib", "cli", `${b}.v8cache`))}),
        }).cachedDataRejected`
      )
      .join(",");
    const child = spawnSync(
      process.execPath,
      [
        "-e",
        `const vm = require("vm"), fs = require("fs"), Module = require("module"); console.log(JSON.stringify([${check}]))`,
      ],
      { encoding: "utf8" }
    );
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual([false, false]);
  });

  it("a cache that does not match (stale, damaged) is set aside by V8: the command runs as without one", () => {
    const dir = mkdtempSync(join(tmpdir(), "selfeval-codecache-"));
    try {
      // A copy of the command line whose caches are garbage.
      cpSync(join(ROOT, "bin"), join(dir, "bin"), { recursive: true });
      cpSync(join(ROOT, "lib"), join(dir, "lib"), { recursive: true });
      for (const b of bundles)
        writeFileSync(join(dir, "lib", "cli", `${b}.v8cache`), Buffer.alloc(4096, 7));
      const run = (bin: string, out: string) =>
        spawnSync(
          process.execPath,
          [
            bin,
            "recompute",
            join(ROOT, "examples", "深圳-seed001.xlsx"),
            "-o",
            join(dir, out),
            "--json",
          ],
          { encoding: "utf8" }
        );
      const damaged = run(join(dir, "bin", "selfeval.js"), "damaged.xlsx");
      const cached = run(BIN, "cached.xlsx");
      expect(damaged.status).toBe(cached.status);
      expect(damaged.stderr).toBe("");
      expect(damaged.stdout.replace(/damaged/g, "X")).toBe(cached.stdout.replace(/cached/g, "X"));
      expect(readFileSync(join(dir, "damaged.xlsx")).length).toBeGreaterThan(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
