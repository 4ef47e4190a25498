/**
 * V8's code cache for the command line's bundles (lib/cli/*.js): a command starts without compiling the 1.2 MB of
 * JavaScript it loads. `npm run build:cli` runs one recompute with SELFEVAL_CODE_CACHE=write, which saves, at the
 * end of that run, each bundle's compiled code (the functions the run compiled included) as `<bundle>.v8cache`
 * beside it; every later run hands the cache to V8 with the bundle's source. V8 checks the cache against the
 * source, its own version and its flags, and compiles as usual when it does not match (rejected, never wrong),
 * so a stale or missing cache only costs the time it would save. Nothing is written outside lib/, and nothing at
 * all unless the build asks. Node 22 has this built in (module.enableCompileCache); Node 20 does not.
 * (bench/README.md: the start-up figures with and without it.)
 */
"use strict";

const Module = require("module");
const { readFileSync, writeFileSync } = require("fs");
const { dirname, join, sep } = require("path");
const vm = require("vm");

const LIB = join(__dirname, "..", "lib", "cli") + sep;
const writing = process.env.SELFEVAL_CODE_CACHE === "write";
/** The scripts compiled in this run, to be saved at its end (when writing). */
const compiled = [];

/** A module's require, as Node gives it (the parts a bundle uses: require itself, resolve, cache, main). */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.main = process.mainModule;
  require.cache = Module._cache;
  return require;
}

/** The saved cache, or nothing (none saved, or removed meanwhile by a build). */
function readCache(cacheFile) {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

const compile = Module.prototype._compile;
Module.prototype._compile = function compileWithCache(content, filename) {
  if (!filename.startsWith(LIB) || !filename.endsWith(".js"))
    return compile.call(this, content, filename);
  const cacheFile = `${filename}.v8cache`;
  const cachedData = writing ? undefined : readCache(cacheFile);
  const script = new vm.Script(Module.wrap(content), { filename, cachedData });
  if (writing) compiled.push({ script, cacheFile });
  const wrapper = script.runInThisContext({ displayErrors: true });
  return wrapper.call(
    this.exports,
    this.exports,
    requireFor(this),
    this,
    filename,
    dirname(filename)
  );
};

if (writing)
  process.on("exit", () => {
    for (const { script, cacheFile } of compiled)
      writeFileSync(cacheFile, script.createCachedData());
  });
