/**
 * The run whose compiled code becomes the bundles' V8 code cache (bin/codeCache.js), started by
 * scripts/build-cli.js with SELFEVAL_CODE_CACHE=write: in one process, a recompute of each kind of workbook a
 * department brings — our standard template (its framework saved in it) and a department's own score sheet (its
 * framework told by its names, its layout adopted) — so that the code of both paths is in the cache, not compiled
 * when a command meets it (bench/README.md has the figures). Nothing is printed; the copies go to `argv[2]`.
 */
"use strict";

require("../bin/codeCache");
const { join } = require("path");
const cli = require("../lib/cli/main.js");

const EXAMPLES = join(__dirname, "..", "examples");
const WORKBOOKS = ["深圳-seed001-模板.xlsx", "深圳-seed001.xlsx"];
const quiet = { stdout: () => {}, stderr: () => {} };

(async () => {
  let failed = false;
  for (const [i, name] of WORKBOOKS.entries()) {
    const code = await cli.main(
      ["recompute", join(EXAMPLES, name), "-o", join(process.argv[2], `训练${i}.xlsx`)],
      quiet
    );
    if (code !== 0 && code !== 1) failed = true;
  }
  process.exitCode = failed ? 3 : 0;
})();
