#!/usr/bin/env node
"use strict";

// The selfeval command line. The TypeScript sources are compiled to lib/ by `npm ci` (the prepare script).
require("./codeCache");

let cli;
try {
  cli = require("../lib/cli/main.js");
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND") {
    process.stderr.write(
      "selfeval: 尚未编译，请先在项目目录运行 npm run build（npm ci 会自动编译）。\n"
    );
    process.exit(2);
  }
  throw err;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
