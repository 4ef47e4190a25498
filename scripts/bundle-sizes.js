// What each page of the built add-in (dist/) downloads, chunk by chunk, gzip-compressed (level 9, as a server
// compresses them): the scripts a page's inline loader lists run before the pane shows ("initial"; polyfills.js
// only in the webviews that need it, "old webviews"); every other chunk is fetched when first needed ("on
// demand": the pane's engine and presets, a report renderer …). Used by test/build.webviews (the initial-load
// budget) and by the bench (a figure per chunk). `node scripts/bundle-sizes.js [dist]` prints the table.
const { readdirSync, readFileSync } = require("fs");
const { join } = require("path");
const { gzipSync } = require("zlib");

/** The scripts a page's inline loader lists (its array of .js names, minified or not), in order. */
function pageScripts(html) {
  const match = /(\[\s*"[^"\]]+\.js"(?:\s*,\s*"[^"\]]+\.js")*\s*\])/.exec(html);
  return match ? JSON.parse(match[1]).map((src) => src.replace(/^(\.\/|\/)/, "")) : [];
}

const gzipBytes = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Every .js in `dist`, with its gzip size and when each page loads it. */
function bundleSizes(dist) {
  const pages = readdirSync(dist).filter((f) => f.endsWith(".html"));
  const listed = new Map(
    pages.map((page) => [page, pageScripts(readFileSync(join(dist, page), "utf8"))])
  );
  return readdirSync(dist)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((file) => {
      const loadedBy = pages.filter((page) => listed.get(page).includes(file));
      return {
        file,
        gzipBytes: gzipBytes(join(dist, file)),
        when: !loadedBy.length ? "on demand" : file === "polyfills.js" ? "old webviews" : "initial",
        loadedBy,
      };
    });
}

/** What `page` downloads before it shows, in gzip bytes: in a current webview, and where polyfills are needed. */
function initialLoad(dist, page) {
  const files = pageScripts(readFileSync(join(dist, page), "utf8"));
  const sizes = new Map(files.map((f) => [f, gzipBytes(join(dist, f))]));
  const sum = (list) => list.reduce((n, f) => n + sizes.get(f), 0);
  return {
    files,
    current: sum(files.filter((f) => f !== "polyfills.js")),
    oldWebviews: sum(files),
  };
}

module.exports = { pageScripts, bundleSizes, initialLoad };

if (require.main === module) {
  const dist = process.argv[2] ?? join(__dirname, "..", "dist");
  for (const b of bundleSizes(dist))
    console.log(
      `${(b.gzipBytes / 1024).toFixed(1).padStart(7)} KB gzip  ${b.file.padEnd(20)} ${b.when}${b.loadedBy.length ? ` (${b.loadedBy.join(", ")})` : ""}`
    );
  for (const page of ["taskpane.html", "commands.html"]) {
    const load = initialLoad(dist, page);
    console.log(
      `${page}: ${(load.current / 1024).toFixed(1)} KB gzip before it shows (${(load.oldWebviews / 1024).toFixed(1)} KB where polyfills are needed)`
    );
  }
}
