/**
 * `npm run build:cli` (also run by `npm ci`, the prepare script): the command line bundled by esbuild into lib/cli/,
 * so that a command loads one file of ours instead of a hundred, and only what it uses (bench/README.md has the
 * measurements behind each choice):
 *   main.js         bin/selfeval.js's module: every command; the workbook commands are initialised only when run
 *                   (src/cli/main.ts imports them with import()); docx (the report's Word library) stays in
 *                   node_modules, required when a report is written.
 *   exceljsParts.js the parts of ExcelJS the workbook commands use (src/hosts/exceljsParts.ts), a file of its own so
 *                   that `selfeval --help` and `score` neither load nor parse it.
 *   auditWorker.js  the audit's worker threads (src/cli/audit.ts starts them from beside itself).
 *   *.js.v8cache    each bundle's compiled code (bin/codeCache.js), left by one recompute of the example run after
 *                   the build, so that a command does not compile what it loads.
 * The types are checked by `tsc -p tsconfig.cli.json` before (npm run build:cli runs both).
 */
"use strict";

const { spawnSync } = require("child_process");
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require("fs");
const { tmpdir } = require("os");
const { join } = require("path");
const vm = require("vm");
const esbuild = require("esbuild");

const ROOT = join(__dirname, "..");
const OUT = join(ROOT, "lib", "cli");

/** Our code's imports of exceljsParts go to the bundle of its own beside main.js. */
const exceljsApart = {
  name: "exceljs-apart",
  setup(build) {
    build.onResolve({ filter: /(^|\/)exceljsParts$/ }, () => ({
      path: "./exceljsParts.js",
      external: true,
    }));
  },
};

/**
 * ExcelJS's CSV reader and writer (fast-csv, dayjs) are loaded by its Workbook module but reached only through
 * `workbook.csv`, which the command line never uses: left out of the bundle, it throws if ever asked for.
 */
const withoutCsv = {
  name: "without-csv",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/csv\/csv$/ }, (args) =>
      /exceljs[\\/]lib[\\/]doc$/.test(args.resolveDir)
        ? { path: "csv", namespace: "left-out" }
        : undefined
    );
    build.onLoad({ filter: /.*/, namespace: "left-out" }, () => ({
      contents:
        'module.exports = class CSV { constructor() { throw new Error("selfeval: ExcelJS CSV is not in this build"); } };',
      loader: "js",
    }));
  },
};

/**
 * JSZip (and pako under it, ~300 KB of the bundle) is required at the top of two ExcelJS modules, for ExcelJS's own
 * `xlsx.load` and zip writer. The command line zips with zlib (src/hosts/zip.ts) and reaches JSZip only for an
 * archive its reader does not take (zip64, encryption) or through ExcelJS's own writer: required there when first
 * used, not when every workbook command loads the bundle (measured: its loading 6–10 ms shorter, bench/README.md).
 * Each module's one use of JSZip is checked, so that another version of ExcelJS fails the build rather than lose it.
 */
const JSZIP_WHEN_USED = {
  "xlsx.js": {
    use: "JSZip.loadAsync(",
    lazy: "const JSZip = { loadAsync: (...args) => require('jszip').loadAsync(...args) };",
  },
  "zip-stream.js": {
    use: "new JSZip()",
    lazy: "const JSZip = function JSZip() { return new (require('jszip'))(); };",
  },
};
const jszipWhenUsed = {
  name: "jszip-when-used",
  setup(build) {
    build.onLoad(
      { filter: /exceljs[\\/]lib[\\/](xlsx[\\/]xlsx|utils[\\/]zip-stream)\.js$/ },
      (args) => {
        const source = readFileSync(args.path, "utf8");
        const { use, lazy } = JSZIP_WHEN_USED[args.path.replace(/^.*[\\/]/, "")];
        const eager = "const JSZip = require('jszip');";
        if (
          source.split(eager).length !== 2 ||
          source.split("JSZip").length !== 3 ||
          !source.includes(use)
        )
          throw new Error(
            `${args.path}: not the use of JSZip this build expects (scripts/build-cli.js)`
          );
        return { contents: source.replace(eager, lazy), loader: "js" };
      }
    );
  },
};

const common = {
  absWorkingDir: ROOT,
  metafile: true,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
  legalComments: "none",
};

/**
 * A bundle's text in ASCII: esbuild escapes the non-ASCII characters of strings, not those of regular expressions
 * and comments (the Chinese of our rules and notes), and one such character makes Node read the whole 700 KB file
 * as UTF-16 — a slower read, and twice the memory, at every start. Each is written as its \u escape, which means
 * the same in a regular expression (with or without the u flag: a pair of escaped surrogates is one code point
 * there), a string, an identifier and a comment. The result is compiled once here, so that a mistake fails the build.
 */
function asciiOnly(file) {
  const source = readFileSync(file, "utf8");
  const ascii = source.replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
  if (ascii === source) return;
  new vm.Script(ascii, { filename: file });
  writeFileSync(file, ascii);
}

/** Files left in lib/ by an earlier build (tsc's one file per module, a bundle no longer made), removed. */
function removeStale(written) {
  const lib = join(ROOT, "lib");
  if (!existsSync(lib)) return;
  for (const entry of readdirSync(lib, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !written.has(path)) rmSync(path, { force: true });
  }
}

async function build() {
  // Written over in place, never removed first: a command run meanwhile (a test, another shell) still finds lib/.
  const results = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: {
        main: join(ROOT, "src", "cli", "main.ts"),
        auditWorker: join(ROOT, "src", "cli", "auditWorker.ts"),
      },
      outdir: OUT,
      plugins: [exceljsApart],
      // The Word library of `selfeval report` is one prebuilt file in node_modules: required from there when the
      // report is written, so the other commands neither read nor parse it.
      external: ["docx"],
    }),
    esbuild.build({
      ...common,
      entryPoints: { exceljsParts: join(ROOT, "src", "hosts", "exceljsParts.ts") },
      outdir: OUT,
      plugins: [withoutCsv, jszipWhenUsed],
      // The streaming writer's zip library (the audit summary) stays in node_modules, loaded from there when the
      // summary is written: Node warns in English about its use of Buffer() from any code outside node_modules.
      // JSZip (with pako, ~300 KB: a third of the bundle) is required where first used (jszipWhenUsed above), and from
      // node_modules: a workbook command no longer reads it with the bundle. Both are dependencies of ours in
      // package.json (they are ExcelJS's too), so they are in node_modules however a package manager lays it out.
      external: ["archiver", "jszip"],
    }),
  ]);
  const written = results.flatMap((r) => Object.keys(r.metafile.outputs).map((f) => join(ROOT, f)));
  removeStale(new Set(written));
  for (const file of written) if (file.endsWith(".js")) asciiOnly(file);
  writeCodeCache();
}

/**
 * The bundles' V8 code cache (bin/codeCache.js): scripts/code-cache-run.js, run with SELFEVAL_CODE_CACHE=write,
 * recomputes the example workbooks and leaves each bundle's compiled code beside it. Without it a command compiles
 * as usual.
 */
function writeCodeCache() {
  const folder = mkdtempSync(join(tmpdir(), "selfeval-build-"));
  try {
    const run = spawnSync(process.execPath, [join(__dirname, "code-cache-run.js"), folder], {
      env: { ...process.env, SELFEVAL_CODE_CACHE: "write" },
      stdio: "ignore",
      timeout: 120_000,
    });
    if (run.status !== 0)
      process.stderr.write("build-cli: no code cache written (the example recomputes failed)\n");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

build().catch((err) => {
  process.stderr.write(`build-cli: ${err && err.message ? err.message : String(err)}\n`);
  process.exit(1);
});
