// The add-in's build, after the yo office React template: taskpane.html, commands.html and help.html, the assets
// and the manifest copied, an https dev server on localhost:3000 with office-addin-dev-certs. office.js comes from
// Microsoft's CDN in the html (SELFEVAL_OFFICE_JS names another of Microsoft's) and is never bundled.
//
// Every webview Office uses: the bundles are ES2017 (Babel's preset-env over our TypeScript and over node_modules)
// with the built-ins EdgeHTML 18 lacks polyfilled first where missing (src/polyfills.ts: core-js and two shims); Internet
// Explorer 11 gets a plain message from the pages' inline ES5 script. The pages carry a Content-Security-Policy. The production
// manifest is written only for SELFEVAL_URL (see docs/deploy.md). The decisions live in scripts/addin-build.js.
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const {
  bootMessages,
  ContentSecurityPolicyPlugin,
  DEV_URL,
  ES_LEVEL,
  OFFICE_TIMEOUT_MS,
  POLYFILLS_NEEDED,
  TARGETS,
  officeJsUrl,
  productionManifest,
  serveUrl,
} = require("./scripts/addin-build");

async function httpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const options = await devCerts.getHttpsServerOptions();
  return { ca: options.ca, key: options.key, cert: options.cert };
}

/** Babel for the browser: syntax down to the targets, with Babel's helpers imported once, not inlined per file. */
function babelOptions() {
  return {
    babelrc: false,
    configFile: false,
    // node_modules hold ES modules and CommonJS: helpers and polyfills are imported the way each file is written.
    sourceType: "unambiguous",
    cacheDirectory: true,
    // Minified afterwards anyway; and Babel's note about files over 500 KB (Fluent's icon chunks) stays quiet.
    compact: true,
    cacheCompression: false,
    // Smaller output, with semantics our code and the libraries' code do not depend on: object spread as
    // Object.assign, `a ?? b` as `a != null ? a : b` (no document.all here), class fields as assignments.
    assumptions: {
      setSpreadProperties: true,
      noDocumentAll: true,
      setPublicClassFields: true,
      ignoreFunctionLength: true,
    },
    presets: [
      [
        require.resolve("@babel/preset-env"),
        {
          targets: TARGETS,
          bugfixes: true,
          modules: false,
          // The built-ins the targets lack are polyfilled by src/polyfills.ts, by name: core-js's usage mode
          // also pulls in every "compliance fix" (its own Promise, RegExp, URL, typed arrays …), 30 KB gzip more.
          useBuiltIns: false,
        },
      ],
    ],
    plugins: [
      [
        require.resolve("@babel/plugin-transform-runtime"),
        {
          corejs: false,
          regenerator: false,
          helpers: true,
          version: require("@babel/runtime/package.json").version,
        },
      ],
    ],
  };
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  // Microsoft's CDN, or SELFEVAL_OFFICE_JS for Office 365 operated by 21Vianet (see docs/deploy.md).
  const officeJs = officeJsUrl(process.env.SELFEVAL_OFFICE_JS);
  let serve;
  if (!dev) {
    serve = serveUrl(process.env.SELFEVAL_URL); // throws, in plain words, on a URL that cannot be served
    if (!serve)
      process.stderr.write(
        "selfeval: 未设置 SELFEVAL_URL，只生成 dist/ 中的页面，不生成 manifest.prod.xml。" +
          "部署时请设为 dist/ 所在的 https 地址，例如 SELFEVAL_URL=https://intranet.example/selfeval/ npm run build（见 docs/deploy.md）。\n" +
          "selfeval: SELFEVAL_URL is not set: the pages are built, dist/manifest.prod.xml is not.\n"
      );
  }
  const babel = { loader: "babel-loader", options: babelOptions() };
  const pages = [
    // polyfills first: the pages' inline script loads it only where the webview needs it.
    {
      filename: "taskpane.html",
      template: "./src/taskpane/taskpane.html",
      chunks: ["polyfills", "taskpane"],
    },
    {
      filename: "commands.html",
      template: "./src/commands/commands.html",
      chunks: ["polyfills", "commands"],
    },
    { filename: "help.html", template: "./src/help.html", chunks: [] },
  ];
  return {
    devtool: dev ? "source-map" : false,
    // webpack's own runtime code written for ES2017 too.
    target: ["web", `es${ES_LEVEL}`],
    // The polyfills a bundle of their own, run first where needed (the pages decide); the pane's engine and the
    // presets are chunks it loads when first needed (src/taskpane/lazyOperations.ts, presetIndex.ts).
    entry: {
      polyfills: "./src/polyfills.ts",
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      // Chunks loaded on demand (the pane's engine, the presets) sit beside the pages: fetched relative to the
      // page. Not "auto", whose runtime finds the global object with `new Function`, which the pages' CSP forbids.
      publicPath: "",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    // No `global` shim: webpack's finds the global object with `new Function("return this")` where globalThis is
    // missing (EdgeHTML 18), which the pages' CSP forbids. Only core-js names `global`, behind a typeof check.
    node: { global: false },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: [
            babel,
            {
              loader: "ts-loader",
              options: { configFile: "tsconfig.web.json", transpileOnly: false },
            },
          ],
        },
        {
          // The libraries ship ES2020 (React 19's and Fluent UI's `??` and `?.`) and call ES2019+ built-ins.
          test: /\.[cm]?js$/,
          include: /node_modules/,
          exclude: /node_modules[\\/](core-js|@babel[\\/]runtime|webpack|webpack-dev-server)[\\/]/,
          use: [babel],
        },
      ],
    },
    performance: { hints: false },
    // A library a chunk loads on demand stays in that chunk (the report's Word writer, docx, in report.js) instead
    // of a numbered chunk of its own.
    optimization: { splitChunks: { cacheGroups: { defaultVendors: false } } },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*", to: "assets/[name][ext]" },
          ...(dev
            ? [{ from: "manifest.xml", to: "manifest.xml" }]
            : serve
              ? [
                  {
                    from: "manifest.xml",
                    to: "manifest.prod.xml",
                    transform: (content) => productionManifest(content.toString(), serve),
                  },
                ]
              : []),
        ],
      }),
      ...pages.map(
        (page) =>
          new HtmlWebpackPlugin({
            ...page,
            // The pages' inline script loads the bundle, where it can run (see the templates).
            inject: false,
            chunksSortMode: "manual",
            minify: dev ? false : "auto",
            templateParameters: {
              messages: bootMessages(officeJs.origin),
              officeTimeoutMs: OFFICE_TIMEOUT_MS,
              officeJs: officeJs.href,
              polyfillsNeeded: POLYFILLS_NEEDED,
            },
          })
      ),
      new ContentSecurityPolicyPlugin({ dev }),
    ],
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: env.WEBPACK_BUILD ? undefined : { type: "https", options: await httpsOptions() },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      static: { directory: path.resolve(__dirname, "dist") },
    },
  };
};

module.exports.DEV_URL = DEV_URL;
