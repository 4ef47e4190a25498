/**
 * The built task pane in a real browser: a static server for dist/ on loopback, Debian's Chromium driven by
 * playwright-core, and webpack to bundle a test script (the Office stand-in) for the page.
 */
import { createReadStream, existsSync, statSync } from "fs";
import { createServer, type Server } from "http";
import type { AddressInfo } from "net";
import { extname, join, normalize } from "path";
import { chromium, type Browser } from "playwright-core";
import webpack from "webpack";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml",
  ".map": "application/json",
};

export async function serveDirectory(
  root: string
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(
      decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)
    ).replace(/^(\.\.[/\\])+/, "");
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Bundles one TypeScript entry for the browser (an IIFE), with the add-in's own web TypeScript settings. */
export function bundle(entry: string, outDir: string, filename: string): Promise<string> {
  const compiler = webpack({
    mode: "development",
    devtool: false,
    entry,
    output: { path: outDir, filename },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              configFile: join(__dirname, "..", "..", "tsconfig.web.json"),
              transpileOnly: true,
            },
          },
        },
      ],
    },
  });
  return new Promise((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (stats?.hasErrors())
        return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(join(outDir, filename));
    })
  );
}

/**
 * The add-in's own production build (webpack.config.js) into `out`: what Excel would download. With `serveUrl`,
 * as if SELFEVAL_URL were set (the production manifest is written too); without, as if it were not, whatever the
 * environment says (the pages only; the config's note on stderr is kept out of the test's output).
 */
export async function buildAddin(out: string, options: { serveUrl?: string } = {}): Promise<void> {
  const root = join(__dirname, "..", "..");

  const factory = require(join(root, "webpack.config.js")) as (
    env: object,
    options: object
  ) => Promise<webpack.Configuration>;
  const saved = {
    url: process.env.SELFEVAL_URL,
    officeJs: process.env.SELFEVAL_OFFICE_JS,
    write: process.stderr.write,
  };
  let config: webpack.Configuration;
  try {
    delete process.env.SELFEVAL_OFFICE_JS; // the tests stand in for office.js at Microsoft's CDN
    if (options.serveUrl) process.env.SELFEVAL_URL = options.serveUrl;
    else {
      delete process.env.SELFEVAL_URL;
      process.stderr.write = (() => true) as typeof process.stderr.write;
    }
    config = await factory({ WEBPACK_BUILD: true }, { mode: "production" });
  } finally {
    if (saved.url === undefined) delete process.env.SELFEVAL_URL;
    else process.env.SELFEVAL_URL = saved.url;
    if (saved.officeJs !== undefined) process.env.SELFEVAL_OFFICE_JS = saved.officeJs;
    process.stderr.write = saved.write;
  }
  const compiler = webpack({
    ...config,
    mode: "production",
    context: root,
    output: { ...config.output, path: out },
    infrastructureLogging: { level: "error" },
  });
  await new Promise<void>((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (stats?.hasErrors())
        return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    })
  );
}
