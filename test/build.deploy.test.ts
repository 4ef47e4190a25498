/**
 * Deployment on a bureau's own server: the production build written for SELFEVAL_URL as IT runs it (webpack's
 * command line with the variable set), its manifest checked the way `npm run build` checks it; SELFEVAL_URL
 * refused where Office could not load from it; and, without it, pages but no production manifest, said on stderr.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { Configuration } from "webpack";
import {
  BOOT_MESSAGES,
  contentSecurityPolicy,
  manifestUrls,
  OFFICE_JS,
  OFFICE_JS_21VIANET,
  officeJsUrl,
  productionManifest,
  productionManifestProblems,
  serveUrl,
  ServeUrlError,
} from "../scripts/addin-build";
import { manifestProblems, xsdErrors } from "./support/manifest";

const ROOT = join(__dirname, "..");
const MANIFEST = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const INTRANET = "https://intranet.example/selfeval/";

describe("SELFEVAL_URL", () => {
  it("is the folder dist/ is served from (a slash added), and its origin the AppDomain", () => {
    expect(serveUrl("https://intranet.example/selfeval")).toEqual({
      href: INTRANET,
      origin: "https://intranet.example",
    });
    expect(serveUrl(" https://addins.gov.example:8443/ ")).toEqual({
      href: "https://addins.gov.example:8443/",
      origin: "https://addins.gov.example:8443",
    });
    expect(serveUrl(undefined)).toBeUndefined();
    expect(serveUrl("")).toBeUndefined();
  });

  it.each([
    ["http://intranet.example/selfeval/", "https://"],
    ["https://localhost:3000/", "本机"],
    ["https://127.0.0.1/selfeval/", "本机"],
    ["intranet.example/selfeval", "不是有效的网址"],
    ["https://intranet.example/selfeval/?v=2", "查询参数"],
  ])("refuses %s, saying why", (value, why) => {
    expect(() => serveUrl(value)).toThrow(ServeUrlError);
    expect(() => serveUrl(value)).toThrow(why);
  });
});

describe("SELFEVAL_OFFICE_JS (Office 365 operated by 21Vianet)", () => {
  it("defaults to Microsoft's global CDN; 21Vianet's CDN can be named instead", () => {
    expect(officeJsUrl(undefined).href).toBe(OFFICE_JS);
    expect(officeJsUrl(OFFICE_JS_21VIANET)).toEqual({
      href: OFFICE_JS_21VIANET,
      origin: "https://appsforoffice.cdn.partner.office365.cn",
    });
  });

  it.each([
    "http://appsforoffice.microsoft.com/lib/1/hosted/office.js",
    "https://intranet.example/lib/react.js",
    "office.js",
  ])("refuses %s", (value) => expect(() => officeJsUrl(value)).toThrow("SELFEVAL_OFFICE_JS"));

  it("a page naming 21Vianet's office.js allows that CDN, and only it, in its CSP", () => {
    const csp = contentSecurityPolicy(`<script src="${OFFICE_JS_21VIANET}"></script>`);
    expect(csp).toContain("script-src 'self' https://appsforoffice.cdn.partner.office365.cn;");
    expect(csp).not.toContain("appsforoffice.microsoft.com");
  });
});

describe("the production manifest written from manifest.xml", () => {
  const serve = serveUrl(INTRANET)!;
  const written = productionManifest(MANIFEST, serve);

  it("names no localhost; every page and icon is under SELFEVAL_URL; the AppDomain is its origin", () => {
    expect(written).not.toMatch(/localhost/i);
    const { values, domains } = manifestUrls(written);
    expect(values.length).toBeGreaterThan(10);
    for (const url of values) expect(url.startsWith(INTRANET)).toBe(true);
    expect(domains).toEqual(["https://intranet.example"]);
    expect(written).toContain(`<SourceLocation DefaultValue="${INTRANET}taskpane.html"/>`);
    expect(written).toContain(
      `<bt:Url id="SelfEval.Commands.Url" DefaultValue="${INTRANET}commands.html"/>`
    );
    expect(productionManifestProblems(written, serve)).toEqual([]);
  });

  it("validates against the XSDs, with every resid defined and every icon at its size", () => {
    const file = join(mkdtempSync(join(tmpdir(), "manifest-prod-")), "manifest.prod.xml");
    writeFileSync(file, written);
    expect(xsdErrors(file)).toBeUndefined();
    // The icons as served from SELFEVAL_URL: assets/ beside the manifest (here, the project's own).
    expect(manifestProblems(written, ROOT, INTRANET)).toEqual({
      unresolved: [],
      notHttps: [],
      icons: [],
    });
  });

  it("keeps everything else of manifest.xml: only URLs change", () => {
    const strip = (xml: string) => xml.replace(/https:\/\/[^"<]*/g, "URL");
    expect(strip(written)).toBe(strip(MANIFEST));
  });

  it("the checks can fail: a URL left on localhost, one outside SELFEVAL_URL, another AppDomain", () => {
    const bad = written
      .replace(`${INTRANET}help.html"`, 'https://localhost:3000/help.html"')
      .replace(`${INTRANET}assets/icon-16.png`, "https://cdn.example/icon-16.png")
      .replace(
        "<AppDomain>https://intranet.example</AppDomain>",
        "<AppDomain>https://other.example</AppDomain>"
      );
    expect(productionManifestProblems(bad, serve)).toEqual([
      "the manifest still names localhost",
      "https://localhost:3000/help.html is not under https://intranet.example/selfeval/",
      "https://cdn.example/icon-16.png is not under https://intranet.example/selfeval/",
      "AppDomain https://other.example is not https://intranet.example",
    ]);
    expect(() =>
      productionManifest(
        MANIFEST.replace("https://localhost:3000/", "https://localhost:3001/"),
        serve
      )
    ).toThrow("localhost");
  });
});

describe("the build as IT runs it: SELFEVAL_URL=https://intranet.example/selfeval/ webpack --mode production", () => {
  let out: string;
  let run: ReturnType<typeof spawnSync>;
  const built = () => readFileSync(join(out, "manifest.prod.xml"), "utf8");

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "selfeval-deploy-"));
    run = spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "webpack", "bin", "webpack.js"),
        "--mode",
        "production",
        "--output-path",
        out,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, SELFEVAL_URL: INTRANET },
        encoding: "utf8",
        timeout: 900_000,
        maxBuffer: 64 * 1024 * 1024,
      }
    );
  }, 960_000);

  it("succeeds, with nothing said about a missing SELFEVAL_URL", () => {
    expect(run.status).toBe(0);
    expect(String(run.stderr)).not.toContain("SELFEVAL_URL");
  });

  it("writes manifest.prod.xml with no localhost, every URL under SELFEVAL_URL, the AppDomain its origin", () => {
    const xml = built();
    expect(xml).not.toMatch(/localhost/i);
    const { values, domains } = manifestUrls(xml);
    for (const url of values) expect(url.startsWith(INTRANET)).toBe(true);
    expect(domains).toEqual(["https://intranet.example"]);
  });

  it("the built manifest validates against the XSDs, and every page and icon it names is in the build", () => {
    expect(xsdErrors(join(out, "manifest.prod.xml"))).toBeUndefined();
    expect(manifestProblems(built(), out, INTRANET)).toEqual({
      unresolved: [],
      notHttps: [],
      icons: [],
    });
    for (const url of manifestUrls(built()).values)
      expect(existsSync(join(out, url.slice(INTRANET.length)))).toBe(true);
  });

  it("passes the offline check `npm run build` runs after webpack (scripts/validate-manifest.ts)", () => {
    const check = spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        "scripts/validate-manifest.ts",
        "--offline",
        join(out, "manifest.prod.xml"),
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 }
    );
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    expect(check.stdout).toContain("所有地址都在 https://intranet.example/selfeval/ 之下");
  });

  it("and that check fails on a production manifest left pointing at localhost", () => {
    const validate = (file: string) =>
      spawnSync(
        process.execPath,
        [
          join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
          "scripts/validate-manifest.ts",
          "--offline",
          file,
        ],
        { cwd: ROOT, encoding: "utf8", timeout: 120_000 }
      );
    const bad = join(out, "manifest.bad.xml");
    writeFileSync(
      bad,
      built().replace(`${INTRANET}help.html"`, 'https://localhost:3000/help.html"')
    );
    const one = validate(bad);
    expect(one.status).toBe(1);
    expect(one.stderr).toContain("the manifest still names localhost");
    expect(one.stderr).toContain(
      "https://localhost:3000/help.html is not under https://intranet.example/selfeval/"
    );
    writeFileSync(bad, built().split(INTRANET).join("https://localhost:3000/"));
    const all = validate(bad);
    expect(all.status).toBe(1);
    expect(all.stderr).toContain("the task pane is served from https://localhost:3000/");
  });
});

describe("the build without SELFEVAL_URL", () => {
  type Factory = (env: object, options: object) => Promise<Configuration>;
  const factory = require(join(ROOT, "webpack.config.js")) as Factory;

  async function configWith(
    url: string | undefined,
    officeJs?: string
  ): Promise<{ config: Configuration; stderr: string }> {
    const saved = {
      url: process.env.SELFEVAL_URL,
      officeJs: process.env.SELFEVAL_OFFICE_JS,
      write: process.stderr.write,
    };
    let stderr = "";
    try {
      if (url === undefined) delete process.env.SELFEVAL_URL;
      else process.env.SELFEVAL_URL = url;
      if (officeJs === undefined) delete process.env.SELFEVAL_OFFICE_JS;
      else process.env.SELFEVAL_OFFICE_JS = officeJs;
      process.stderr.write = ((chunk: string) => {
        stderr += chunk;
        return true;
      }) as unknown as typeof process.stderr.write;
      return { config: await factory({ WEBPACK_BUILD: true }, { mode: "production" }), stderr };
    } finally {
      if (saved.url === undefined) delete process.env.SELFEVAL_URL;
      else process.env.SELFEVAL_URL = saved.url;
      if (saved.officeJs === undefined) delete process.env.SELFEVAL_OFFICE_JS;
      else process.env.SELFEVAL_OFFICE_JS = saved.officeJs;
      process.stderr.write = saved.write;
    }
  }

  const copied = (config: Configuration) =>
    (config.plugins ?? [])
      .flatMap((p) => (p as { patterns?: { to?: unknown }[] }).patterns ?? [])
      .map((p) => String(p.to));
  const pages = (config: Configuration) =>
    (config.plugins ?? [])
      .map((p) => (p as { userOptions?: { filename?: string } }).userOptions?.filename)
      .filter(Boolean);

  it("builds the pages but no production manifest (never a placeholder origin), and says so on stderr", async () => {
    const { config, stderr } = await configWith(undefined);
    expect(pages(config)).toEqual(["taskpane.html", "commands.html", "help.html"]);
    expect(copied(config)).not.toContain("manifest.prod.xml");
    expect(stderr).toContain("未设置 SELFEVAL_URL");
    expect(stderr).toContain("不生成 manifest.prod.xml");
    expect(stderr).toContain("SELFEVAL_URL is not set");
    expect(JSON.stringify(config)).not.toMatch(/example\.org/);
  });

  it("with SELFEVAL_URL it copies the manifest as manifest.prod.xml and says nothing", async () => {
    const { config, stderr } = await configWith(INTRANET);
    expect(copied(config)).toContain("manifest.prod.xml");
    expect(stderr).toBe("");
  });

  const templates = (config: Configuration) =>
    (config.plugins ?? [])
      .map(
        (p) => (p as { userOptions?: { templateParameters?: Record<string, unknown> } }).userOptions
      )
      .filter((o) => o?.templateParameters)
      .map((o) => o?.templateParameters as { officeJs: string; messages: typeof BOOT_MESSAGES });

  it("the pages load office.js from Microsoft's CDN, or from SELFEVAL_OFFICE_JS, and name it in their messages", async () => {
    for (const t of templates((await configWith(undefined)).config)) {
      expect(t.officeJs).toBe(OFFICE_JS);
      expect(t.messages).toEqual(BOOT_MESSAGES);
    }
    for (const t of templates((await configWith(INTRANET, OFFICE_JS_21VIANET)).config)) {
      expect(t.officeJs).toBe(OFFICE_JS_21VIANET);
      expect(t.messages.noOfficeJs[0]).toContain("https://appsforoffice.cdn.partner.office365.cn");
      expect(JSON.stringify(t.messages)).not.toContain("appsforoffice.microsoft.com");
    }
  });

  it("a SELFEVAL_URL Office could not load from stops the build, saying why", async () => {
    await expect(configWith("http://intranet.example/selfeval/")).rejects.toThrow("https://");
  });
});
