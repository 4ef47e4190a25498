/**
 * What the add-in's build decides beyond bundling, shared by webpack.config.js and the tests:
 *
 * - where the production add-in is served (`SELFEVAL_URL`), checked, and the production manifest written for it
 *   with no development URL left in it;
 * - the pages' Content-Security-Policy: their own origin, Office's script CDN, the hashes of their inline scripts
 *   (computed from the HTML as emitted, so they cannot drift from the scripts), inline styles (Fluent UI's Griffel
 *   inserts <style> elements at run time);
 * - the engines the bundles are built for: EdgeHTML 18 (Microsoft Edge Legacy), the oldest webview Office still
 *   uses that the pane can run in. Internet Explorer 11 (Trident) gets a plain message from the pages' inline
 *   script instead (React 19 and Fluent UI 9 do not support it).
 */
const crypto = require("crypto");

/** The development server the checked-in manifest.xml points at. */
const DEV_URL = "https://localhost:3000/";
/** Microsoft's Office.js CDN (the only supported source of office.js in production; never bundled). */
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
/** The same CDN for Office 365 operated by 21Vianet (China), which Microsoft asks add-ins there to use. */
const OFFICE_JS_21VIANET =
  "https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js";
/**
 * The origins a page may load office.js and the scripts office.js loads (excel-win32-16.01.js, its locale
 * strings …) from, by the origin of the office.js it names: the global CDN comes with the same CDN under
 * Microsoft's newer unified domain, which Microsoft has begun to publish office.js under.
 */
const OFFICE_SCRIPT_ORIGINS = {
  "https://appsforoffice.microsoft.com": [
    "https://appsforoffice.microsoft.com",
    "https://officeapis.public.onecdn.static.microsoft",
  ],
};

/**
 * The engines the bundles are compiled and polyfilled for (@babel/preset-env targets): EdgeHTML 18 is Office
 * 2016/2019 retail and Microsoft 365 on Windows 10 without the WebView2 runtime; Safari 12 the WKWebView of
 * Office on older Macs; the rest are WebView2 (Chromium) and the browsers Office on the web opens in.
 */
const TARGETS = { edge: "18", safari: "12", ios: "12", chrome: "80", firefox: "78" };
/**
 * The built-ins src/polyfills.ts supplies, each with an ES5 test that is true where it is missing. The pages'
 * inline script loads polyfills.js before the bundles only when one of them is (EdgeHTML 18, Safari 12): other
 * webviews never download it. test/build.webviews holds this list to src/polyfills.ts.
 */
const POLYFILLED = {
  "Array.prototype.flat": "!Array.prototype.flat",
  "Array.prototype.flatMap": "!Array.prototype.flatMap",
  "Object.fromEntries": "!Object.fromEntries",
  globalThis: 'typeof globalThis === "undefined"',
  "Promise.allSettled": "!Promise.allSettled",
  ResizeObserver: 'typeof ResizeObserver !== "function"',
  WeakRef: 'typeof WeakRef !== "function"',
  "Event.prototype.composedPath": 'typeof Event.prototype.composedPath !== "function"',
};
/** One ES5 expression: true where the polyfills are needed. */
const POLYFILLS_NEEDED = Object.values(POLYFILLED).join(" || ");
/** The ECMAScript level of the emitted bundles, the one EdgeHTML 18 parses (checked by test/build.webviews). */
const ES_LEVEL = 2017;

/**
 * What the pages' inline script says, in plain Chinese, when the add-in cannot start (each an array of
 * paragraphs). `ie`: Internet Explorer 11 (Trident), which Office uses where neither WebView2 nor Edge Legacy is
 * available and always in volume-licensed Office 2016 / 2019. `noOfficeJs`: office.js did not load (an isolated
 * network, a proxy or firewall). `officeSilent`: office.js loaded but Office never answered. `notStarted`: Office
 * answered but the pane did not start (followed by the error, when one was seen). `bundleMissing`: the pane's own
 * script could not be fetched from the add-in's server.
 */
const BOOT_TEXTS = {
  ie: [
    "绩效自评助手无法在这台电脑的 Office 中运行：这里的 Office 用 Internet Explorer 11 内核显示加载项，而本加载项需要 Microsoft Edge 内核（WebView2 或旧版 Edge）。",
    "Microsoft 365 或 Office 2016 / 2019 零售版：请安装“Microsoft Edge WebView2 运行时”（Evergreen 版，可从 Microsoft 官网下载，或由信息技术部门统一安装），并把 Office 更新到最新版本，然后重新启动 Excel。",
    "Office 2016 / 2019 批量许可版（单位统一采购的版本多为此类）始终使用 Internet Explorer 11 内核，无法运行本加载项：请升级到 Office LTSC 2021 或更新版本、Microsoft 365，或改用 Excel 网页版。",
  ],
  noOfficeJs: [
    "无法加载 Office 的运行库 office.js（来自 https://appsforoffice.microsoft.com ）。这台电脑可能无法访问该地址，例如处在隔离的内网中，或被代理、防火墙拦截。",
    "请联系信息技术部门放行该地址（见部署说明），然后关闭并重新打开本窗格。",
  ],
  officeSilent: [
    "Office 的运行库 office.js 已下载，但 Office 在 30 秒内没有响应。",
    "请确认是在 Excel 中打开的本加载项，并且这台电脑可以访问 https://appsforoffice.microsoft.com （office.js 还要从这里加载其他文件），然后关闭并重新打开本窗格。",
  ],
  notStarted: ["绩效自评助手未能启动。请把下面的错误信息告知信息技术部门。"],
  bundleMissing: [
    "无法从加载项服务器取得绩效自评助手的程序文件。请联系信息技术部门检查加载项服务器（部署的文件是否完整），然后关闭并重新打开本窗格。",
  ],
};

/** The boot messages naming the origin office.js is loaded from (Office's global CDN unless SELFEVAL_OFFICE_JS). */
function bootMessages(officeOrigin = "https://appsforoffice.microsoft.com") {
  return JSON.parse(
    JSON.stringify(BOOT_TEXTS).split("https://appsforoffice.microsoft.com").join(officeOrigin)
  );
}
const BOOT_MESSAGES = bootMessages();
/** How long the task pane waits for Office to answer before saying so, in milliseconds. */
const OFFICE_TIMEOUT_MS = 30000;

class ServeUrlError extends Error {}

/**
 * SELFEVAL_URL read and checked: an absolute https URL of the folder dist/ is served from, not localhost, with no
 * query or fragment. Returns undefined when unset; throws ServeUrlError (a message in Chinese and English) when
 * it cannot be used.
 */
function serveUrl(value) {
  if (value === undefined || value.trim() === "") return undefined;
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ServeUrlError(
      `SELFEVAL_URL 不是有效的网址：${value}（应为 https://服务器/路径/ — not a valid URL）`
    );
  }
  if (url.protocol !== "https:")
    throw new ServeUrlError(
      `SELFEVAL_URL 必须以 https:// 开头（Office 只加载 https 的加载项），现为 ${value} — Office loads add-ins over https only`
    );
  if (/^(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0)$/i.test(url.hostname))
    throw new ServeUrlError(
      `SELFEVAL_URL 指向本机（${url.host}）：生产清单应指向单位内网或外网的服务器；本机调试请用 npm start — the production manifest must not point at localhost`
    );
  if (url.search || url.hash || url.username || url.password)
    throw new ServeUrlError(
      `SELFEVAL_URL 不能带查询参数、锚点或用户名：${value} — no query, fragment or credentials`
    );
  const href = url.href.endsWith("/") ? url.href : `${url.href}/`;
  return { href, origin: url.origin };
}

/**
 * SELFEVAL_OFFICE_JS read and checked: where the pages load office.js from. Unset, Microsoft's global CDN;
 * Office 365 operated by 21Vianet has its own (OFFICE_JS_21VIANET). An https URL of a file named office.js:
 * hosting office.js on one's own server is not supported by Microsoft (docs/deploy.md).
 */
function officeJsUrl(value) {
  const text = value === undefined || value.trim() === "" ? OFFICE_JS : value.trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    url.protocol !== "https:" ||
    !/\/office\.js$/i.test(url.pathname) ||
    url.search ||
    url.hash
  )
    throw new ServeUrlError(
      `SELFEVAL_OFFICE_JS 应为 Microsoft 的 office.js 的 https 地址（例如世纪互联运营的 Office 365 用 ${OFFICE_JS_21VIANET}），现为 ${value} — an https URL of office.js`
    );
  return { href: url.href, origin: url.origin };
}

/** The origins of the office.js scripts a page names (its src ends in /office.js). */
function officeScriptOrigins(html) {
  const origins = [];
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc=["']?([^"'\s>]+\/office\.js)["'\s>]/gi)) {
    const origin = new URL(m[1]).origin;
    for (const o of OFFICE_SCRIPT_ORIGINS[origin] ?? [origin])
      if (!origins.includes(o)) origins.push(o);
  }
  return origins;
}

/** Every absolute URL in a manifest's attribute values and AppDomain elements (XML namespaces left out). */
function manifestUrls(xml) {
  const values = [...xml.matchAll(/(?:DefaultValue|Value)="([a-z][a-z0-9+.-]*:\/\/[^"]*)"/gi)].map(
    (m) => m[1]
  );
  const domains = [...xml.matchAll(/<AppDomain>([^<]*)<\/AppDomain>/g)].map((m) => m[1].trim());
  return { values, domains };
}

/**
 * What is wrong with a production manifest meant for `serve` (from serveUrl): a development URL left in it, a
 * page or icon outside serve.href, an AppDomain other than serve.origin. Empty when it is right.
 */
function productionManifestProblems(xml, serve) {
  const problems = [];
  if (/localhost|127\.0\.0\.1/i.test(xml)) problems.push("the manifest still names localhost");
  const { values, domains } = manifestUrls(xml);
  for (const url of values)
    if (!url.startsWith(serve.href)) problems.push(`${url} is not under ${serve.href}`);
  for (const domain of domains)
    if (domain !== serve.origin) problems.push(`AppDomain ${domain} is not ${serve.origin}`);
  return problems;
}

/**
 * manifest.xml rewritten for the server at `serve` (from serveUrl): every page and icon under serve.href, the
 * AppDomain its origin. Throws when anything still names the development server or lies outside serve.href.
 */
function productionManifest(xml, serve) {
  const devOrigin = new URL(DEV_URL).origin;
  const written = xml
    .split(DEV_URL)
    .join(serve.href)
    .replace(/<AppDomain>\s*([^<]*?)\s*<\/AppDomain>/g, (whole, domain) =>
      domain.replace(/\/+$/, "") === devOrigin ? `<AppDomain>${serve.origin}</AppDomain>` : whole
    );
  const problems = productionManifestProblems(written, serve);
  if (problems.length)
    throw new ServeUrlError(`生产清单未能改写为 ${serve.href}：\n  ${problems.join("\n  ")}`);
  return written;
}

/** The sha256 CSP source of each inline <script> (one without src) in an HTML page, in document order. */
function inlineScriptHashes(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\bsrc\s*=/i.test(m[1]))
    .map((m) => `'sha256-${crypto.createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
}

/**
 * The Content-Security-Policy of one page: scripts from its own origin, the CDN of the office.js it names and its
 * own inline scripts
 * (by hash); styles from its origin and inline (Griffel's <style> elements, the pages' style attributes); images
 * and fonts from its origin or data: URLs; network requests to its origin only (and, in development, the dev
 * server's live-reload socket); no plugins, no <base>, forms post nowhere else.
 */
function contentSecurityPolicy(html, { dev = false } = {}) {
  const office = officeScriptOrigins(html);
  const scripts = ["'self'", ...office, ...inlineScriptHashes(html)];
  const connect = ["'self'", ...office, ...(dev ? ["wss://localhost:*", "ws://localhost:*"] : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** The placeholder a page template carries in its CSP meta tag's content attribute. */
const CSP_PLACEHOLDER = "{{CONTENT_SECURITY_POLICY}}";

/**
 * A webpack plugin that fills each page's CSP meta tag once the page is final — written by html-webpack-plugin and
 * minified, inline script included, by webpack's own HTML minimizer — so the inline-script hashes are those of the
 * bytes served. An HTML page without the placeholder fails the build.
 */
class ContentSecurityPolicyPlugin {
  constructor({ dev = false } = {}) {
    this.dev = dev;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    const placeholder = new RegExp(`content=(["']?)${CSP_PLACEHOLDER.replace(/[{}]/g, "\\$&")}\\1`);
    compiler.hooks.thisCompilation.tap("ContentSecurityPolicyPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        // Once the pages are final: html-webpack-plugin emits them at OPTIMIZE_INLINE and the minimizers go over
        // assets added that late at once; nothing after this stage changes them.
        {
          name: "ContentSecurityPolicyPlugin",
          stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_HASH,
        },
        (assets) => {
          for (const name of Object.keys(assets).filter((n) => n.endsWith(".html"))) {
            const html = assets[name].source().toString();
            if (!placeholder.test(html)) {
              compilation.errors.push(
                new compiler.webpack.WebpackError(
                  `${name}: no Content-Security-Policy meta tag (${CSP_PLACEHOLDER})`
                )
              );
              continue;
            }
            const csp = contentSecurityPolicy(html, { dev: this.dev });
            compilation.updateAsset(
              name,
              new sources.RawSource(html.replace(placeholder, `content="${csp}"`))
            );
          }
        }
      );
    });
  }
}

module.exports = {
  DEV_URL,
  OFFICE_JS,
  OFFICE_JS_21VIANET,
  OFFICE_SCRIPT_ORIGINS,
  TARGETS,
  ES_LEVEL,
  POLYFILLED,
  POLYFILLS_NEEDED,
  BOOT_MESSAGES,
  bootMessages,
  OFFICE_TIMEOUT_MS,
  CSP_PLACEHOLDER,
  ServeUrlError,
  serveUrl,
  officeJsUrl,
  officeScriptOrigins,
  productionManifest,
  productionManifestProblems,
  manifestUrls,
  inlineScriptHashes,
  contentSecurityPolicy,
  ContentSecurityPolicyPlugin,
};
