/**
 * The built task pane in Debian's Chromium: the production webpack build served on loopback, Microsoft's
 * office.js replaced by a scripted stand-in (the fake Excel object model holding seed 001's workbook), a click
 * on 重新计算, the rendered results read back, and screenshots saved under docs/. Every page runs under its
 * Content-Security-Policy with no violation. Then what the pages do where the pane cannot start: Internet
 * Explorer 11 (Trident's user agent), office.js unreachable, Office never answering; the ribbon command in
 * Internet Explorer 11; and the pane in a runtime missing the built-ins EdgeHTML 18 lacks.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import ExcelJS from "exceljs";
import { tmpdir } from "os";
import { join } from "path";
import type { Browser, Page } from "playwright-core";
import { BOOT_MESSAGES } from "../scripts/addin-build";
import { snapshotOf } from "../src/hosts/xlsx";
import { buildAddin, bundle, launchChromium, serveDirectory } from "./support/browser";
import { buildShenzhenWithUnmatched, SHENZHEN_SHEET } from "./support/departmentWorkbooks";

const ROOT = join(__dirname, "..");
/** Screenshots go to docs/ (shown in the README) with `npm run screenshots`, else to a temporary folder. */
const DOCS = process.env.SELFEVAL_UPDATE_SCREENSHOTS
  ? join(ROOT, "docs")
  : mkdtempSync(join(tmpdir(), "selfeval-shots-"));
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
/** Internet Explorer 11's user agent, as Office's Trident webview sends it. */
const TRIDENT =
  "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko";

let dist: string;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;

interface PageOptions {
  /** The page, taskpane.html unless said. */
  path?: string;
  query?: string;
  userAgent?: string;
  /** What answers for office.js: the stand-in (default), a script of the test's own, or nothing (unreachable). */
  officeJs?: "stand-in" | "unreachable" | { script: string };
  /** Fake timers (Playwright's clock), to run the pages' timeouts at once. */
  clock?: boolean;
}

/** What a page did: uncaught errors, Content-Security-Policy violations, the URLs it asked for. */
interface PageRecord {
  errors: string[];
  violations: string[];
  requests: string[];
}
const records = new WeakMap<Page, PageRecord>();
const recordOf = (page: Page): PageRecord => records.get(page) as PageRecord;

async function openPage(options: PageOptions = {}): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 380, height: 1100 },
    deviceScaleFactor: 1,
    userAgent: options.userAgent,
  });
  const record: PageRecord = { errors: [], violations: [], requests: [] };
  records.set(page, record);
  page.on("pageerror", (e) => record.errors.push(e.message));
  page.on("request", (r) => record.requests.push(r.url()));
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) record.violations.push(m.text());
  });
  await page.exposeFunction("selfevalViolation", (text: string) => record.violations.push(text));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { selfevalViolation(text: string): void }).selfevalViolation(
        `${e.violatedDirective} ${e.blockedURI}`
      )
    )
  );
  if (options.clock) await page.clock.install();
  // Nothing leaves the machine: outside requests are refused, but office.js, which is the stand-in. (Playwright
  // tries routes in the reverse order of registration, so the specific one is added last.)
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  const officeJs = options.officeJs ?? "stand-in";
  if (officeJs !== "unreachable")
    await page.route(OFFICE_JS, (route) =>
      officeJs === "stand-in"
        ? route.fulfill({ path: join(dist, "office-stand-in.js"), contentType: "text/javascript" })
        : route.fulfill({ body: officeJs.script, contentType: "text/javascript" })
    );
  await page.goto(`${server.url}/${options.path ?? "taskpane.html"}${options.query ?? ""}`);
  return page;
}

const openPane = (query = "") => openPage({ query });
/** The text of the pages' own message (role=alert), paragraph by paragraph. */
const alertText = (page: Page) => page.getByRole("alert").first().innerText();
const asked = (page: Page, file: string) =>
  recordOf(page).requests.some((u) => u.endsWith(`/${file}`));

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "selfeval-pane-"));
  await buildAddin(dist);
  await bundle(join(__dirname, "browser", "officeStandIn.ts"), dist, "office-stand-in.js");
  // A department's own workbook (深圳's 评分表 with a row no indicator answers to), as the stand-in loads it.
  const { workbook } = buildShenzhenWithUnmatched();
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  writeFileSync(join(dist, "unmatched.snapshot.json"), JSON.stringify(snapshotOf(copy)));
  server = await serveDirectory(dist);
  browser = await launchChromium();
  mkdirSync(DOCS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the built task pane in Chromium", () => {
  it("shows the workbook's status, then 重新计算 shows total, grade, group bars, breaches and differences", async () => {
    const page = await openPane();
    await page.getByRole("button", { name: "重新计算" }).waitFor();
    expect(await page.getByText("识别到：", { exact: false }).first().textContent()).toContain(
      "基础数据、评分表"
    );
    // Nothing is wider than the 380-pixel pane (a framework's long name once widened the picker past it).
    const widths = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      pane: window.innerWidth,
    }));
    expect(widths.content).toBeLessThanOrEqual(widths.pane);
    await page.screenshot({ path: join(DOCS, "taskpane-light.png"), fullPage: true });

    await page.getByRole("button", { name: "重新计算" }).click();
    await page.getByText(/已重新计算，改动 \d+ 个单元格/).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("total").textContent()).toBe("95.22");
    expect(await page.getByTestId("grade").textContent()).toBe("优");
    expect(await page.getByRole("progressbar", { name: "部门管理 18.23 / 20 分" }).count()).toBe(1);
    const breaches = page.getByTestId("breaches").locator("li");
    expect(await breaches.count()).toBe(6);
    expect(await breaches.first().getAttribute("data-severity")).toBe("red");
    expect(await page.getByTestId("differences").textContent()).toContain(
      "财务合规性：自评 3，按标准 2.24"
    );
    await page.screenshot({ path: join(DOCS, "taskpane-breaches.png"), fullPage: true });

    // The recompute really wrote the workbook: the fake now holds the live formulas and the backup sheet.
    const written = await page.evaluate(() => {
      const fake = (
        window as unknown as {
          selfevalFake: {
            toSnapshot(): { sheets: { name: string; formulas: (string | null)[][] }[] };
          };
        }
      ).selfevalFake;
      const snapshot = fake.toSnapshot();
      const score = snapshot.sheets.find((s) => s.name === "评分表");
      return {
        sheets: snapshot.sheets.map((s) => s.name),
        formula: score?.formulas[9]?.[7] ?? null,
      };
    });
    expect(written.formula).toMatch(
      /^=IF\(AND\(ok_seriousViolation,ok_spendingCompliance,ok_adjustmentTotal/
    );
    expect(recordOf(page).errors).toEqual([]);
    expect(recordOf(page).violations).toEqual([]);
    expect(await page.getByText("Internet Explorer 11", { exact: false }).count()).toBe(0);
    await page.close();
  });

  it("on a department's own workbook says which sheet and rows it read, and lists the row it could not match", async () => {
    const page = await openPane("?workbook=unmatched");
    await page.getByText("未能对应的行（1）").waitFor({ timeout: 30_000 });
    expect(await page.getByText("读取：", { exact: false }).first().textContent()).toContain(
      `${SHENZHEN_SHEET} 第 3–4 行表头`
    );
    expect(
      await page.getByRole("button", { name: `${SHENZHEN_SHEET}!C15`, exact: false }).count()
    ).toBe(1);
    const widths = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      pane: window.innerWidth,
    }));
    expect(widths.content).toBeLessThanOrEqual(widths.pane);
    await page.screenshot({ path: join(DOCS, "taskpane-department.png"), fullPage: true });
    expect(recordOf(page).errors).toEqual([]);
    expect(recordOf(page).violations).toEqual([]);
    await page.close();
  });

  it("follows the Office dark theme and speaks English when Office does", async () => {
    const page = await openPane("?theme=dark&lang=en");
    await page.getByRole("button", { name: "Recompute", exact: true }).click();
    await page.getByText(/Recomputed; \d+ cells changed/).waitFor({ timeout: 30_000 });
    const background = await page.evaluate(
      () =>
        getComputedStyle(document.querySelector(".fui-FluentProvider") as Element).backgroundColor
    );
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r + g + b).toBeLessThan(3 * 80); // a dark background
    await page.screenshot({ path: join(DOCS, "taskpane-dark.png"), fullPage: true });
    await page.close();
  });

  it("is usable by keyboard: Tab reaches 重新计算 and Enter runs it", async () => {
    const page = await openPane();
    await page.getByRole("button", { name: "重新计算" }).waitFor();
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.textContent)) === "重新计算") break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("重新计算");
    await page.keyboard.press("Enter");
    await page.getByText(/已重新计算/).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("total").textContent()).toBe("95.22");
    await page.close();
  });

  it("runs under a Content-Security-Policy that is enforced: an injected inline script is refused and reported", async () => {
    const page = await openPane();
    await page.getByRole("button", { name: "重新计算" }).waitFor();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(recordOf(page).violations).toEqual([]);
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.selfevalInjected = true";
      document.body.appendChild(script);
      return (window as unknown as { selfevalInjected?: boolean }).selfevalInjected ?? false;
    });
    expect(ran).toBe(false);
    for (let i = 0; i < 40 && !recordOf(page).violations.length; i++) await page.waitForTimeout(50);
    expect(recordOf(page).violations.join("\n")).toMatch(/script-src/);
    await page.close();
  });
});

/** Stands in for office.js in the ribbon command's page: records associations, dialogs and their handlers. */
const COMMANDS_OFFICE_JS = `
window.selfevalActions = {};
window.selfevalDialogs = [];
window.Office = {
  EventType: { DialogEventReceived: "dialogEventReceived" },
  onReady: function (callback) {
    return Promise.resolve({ host: "Excel", platform: "PC" }).then(function (info) {
      if (callback) callback(info);
      return info;
    });
  },
  actions: { associate: function (name, action) { window.selfevalActions[name] = action; } },
  context: {
    displayLanguage: "zh-CN",
    requirements: { isSetSupported: function () { return true; } },
    ui: {
      displayDialogAsync: function (url, options, callback) {
        var handlers = {};
        window.selfevalDialogs.push({ url: url, handlers: handlers });
        callback({ status: "succeeded", value: { addEventHandler: function (type, handler) { handlers[type] = handler; } } });
      }
    }
  }
};`;

/** Takes away, once office.js has run, the built-ins EdgeHTML 18 lacks that src/polyfills.ts provides. */
const WITHOUT_NEWER_BUILT_INS = `
(function () {
  var removed = [];
  function drop(owner, name, label) {
    if (owner && name in owner && delete owner[name] && !(name in owner)) removed.push(label);
  }
  drop(Array.prototype, "flat", "Array.prototype.flat");
  drop(Array.prototype, "flatMap", "Array.prototype.flatMap");
  drop(Object, "fromEntries", "Object.fromEntries");
  drop(Promise, "allSettled", "Promise.allSettled");
  drop(Event.prototype, "composedPath", "Event.prototype.composedPath");
  drop(window, "ResizeObserver", "ResizeObserver");
  drop(window, "WeakRef", "WeakRef");
  drop(window, "globalThis", "globalThis");
  window.selfevalRemoved = removed;
})();`;

describe("where the pane cannot start, the pages say why in plain Chinese", () => {
  it("Internet Explorer 11 (Trident): which Office or WebView2 runtime to install, and the pane's bundle is not loaded", async () => {
    const page = await openPage({ userAgent: TRIDENT });
    const text = await alertText(page);
    for (const paragraph of BOOT_MESSAGES.ie) expect(text).toContain(paragraph);
    expect(text).toContain("WebView2");
    expect(text).toContain("Office LTSC 2021");
    expect(await page.getByText("正在加载").count()).toBe(0);
    expect(asked(page, "taskpane.js")).toBe(false);
    expect(recordOf(page).errors).toEqual([]);
    await page.screenshot({ path: join(DOCS, "taskpane-ie11.png"), fullPage: true });
    await page.close();
  });

  it("a modern webview gets the pane, not the Internet Explorer message", async () => {
    const page = await openPane();
    await page.getByRole("button", { name: "重新计算" }).waitFor();
    expect(asked(page, "taskpane.js")).toBe(true);
    // The engine and the presets come after the pane's first read; the polyfills not at all (issue 17).
    expect(asked(page, "engine.js")).toBe(true);
    expect(asked(page, "presets.js")).toBe(true);
    expect(asked(page, "polyfills.js")).toBe(false);
    expect(await page.getByText(BOOT_MESSAGES.ie[0]).count()).toBe(0);
    await page.close();
  });

  it("office.js unreachable (an isolated network): says so and that IT must allow Office's CDN", async () => {
    const page = await openPage({ officeJs: "unreachable" });
    const text = await alertText(page);
    for (const paragraph of BOOT_MESSAGES.noOfficeJs) expect(text).toContain(paragraph);
    expect(text).toContain("https://appsforoffice.microsoft.com");
    expect(asked(page, "taskpane.js")).toBe(false);
    expect(recordOf(page).errors).toEqual([]);
    await page.close();
  });

  it("office.js loaded but Office never answering: says so after 30 seconds instead of loading forever", async () => {
    const page = await openPage({
      clock: true,
      officeJs: {
        script: "window.Office = { onReady: function () { return new Promise(function () {}); } };",
      },
    });
    expect(asked(page, "taskpane.js")).toBe(true);
    // (The fake clock also runs on with real time: a margin of a few seconds.)
    await page.clock.fastForward(25_000);
    expect(await page.getByText("正在加载绩效自评助手…").count()).toBe(1);
    await page.clock.fastForward(6_000);
    const text = await alertText(page);
    for (const paragraph of BOOT_MESSAGES.officeSilent) expect(text).toContain(paragraph);
    await page.close();
  });

  it("Office answering but the pane failing to start: says so with the error", async () => {
    // Office.onReady calls back at once with a display language the pane's code cannot read (a symbol).
    const page = await openPage({
      clock: true,
      officeJs: {
        script:
          "window.Office = { onReady: function (callback) { if (callback) callback({}); return new Promise(function () {}); }," +
          ' context: { displayLanguage: Symbol("zh-CN") } };',
      },
    });
    await page.clock.fastForward(31_000);
    const text = await alertText(page);
    expect(text).toContain(BOOT_MESSAGES.notStarted[0]);
    expect(text).toContain("错误：");
    expect(text).toMatch(/错误：.*Symbol/);
    await page.close();
  });

  it("the ribbon's 重新计算 in Internet Explorer 11 shows the message in a dialog and completes when it is closed", async () => {
    const page = await openPage({
      path: "commands.html",
      userAgent: TRIDENT,
      officeJs: { script: COMMANDS_OFFICE_JS },
    });
    await page.waitForFunction(
      () => "recompute" in (window as unknown as { selfevalActions: object }).selfevalActions
    );
    expect(asked(page, "commands.js")).toBe(false);
    const state = await page.evaluate(() => {
      const w = window as unknown as {
        selfevalActions: Record<string, (event: { completed(): void }) => void>;
        selfevalDialogs: { url: string; handlers: Record<string, (arg: object) => void> }[];
        recompute?: unknown;
        completions: number;
      };
      w.completions = 0;
      w.selfevalActions.recompute({ completed: () => void w.completions++ });
      const before = w.completions;
      w.selfevalDialogs[0].handlers.dialogEventReceived({ error: 12006 });
      return {
        global: typeof w.recompute,
        url: w.selfevalDialogs[0].url,
        before,
        after: w.completions,
      };
    });
    expect(state.global).toBe("function"); // the name Office looks for, in Office versions before associate
    expect(state.before).toBe(0); // completing closes the command's page, and its dialog with it
    expect(state.after).toBe(1);
    const url = new URL(state.url);
    expect(url.pathname).toBe("/help.html");
    expect(url.searchParams.get("message")).toBe(BOOT_MESSAGES.ie.join("\n"));
    expect(recordOf(page).errors).toEqual([]);
    expect(recordOf(page).violations).toEqual([]);

    // The dialog itself, in the same webview: help.html shows the message.
    const dialog = await openPage({ path: `help.html${url.search}`, userAgent: TRIDENT });
    const shown = await dialog.locator("#message").innerText();
    for (const paragraph of BOOT_MESSAGES.ie) expect(shown).toContain(paragraph);
    expect(recordOf(dialog).errors).toEqual([]);
    expect(recordOf(dialog).violations).toEqual([]);
    await dialog.close();
    await page.close();
  });

  it("in a modern webview the ribbon command's bundle is loaded and registers 重新计算 itself", async () => {
    const page = await openPage({
      path: "commands.html",
      officeJs: { script: COMMANDS_OFFICE_JS },
    });
    await page.waitForFunction(
      () => "recompute" in (window as unknown as { selfevalActions: object }).selfevalActions
    );
    expect(asked(page, "commands.js")).toBe(true);
    expect(
      await page.evaluate(() => typeof (window as unknown as { recompute?: unknown }).recompute)
    ).toBe("undefined");
    expect(recordOf(page).errors).toEqual([]);
    expect(recordOf(page).violations).toEqual([]);
    await page.close();
  });

  it("without office.js the ribbon command's page loads nothing and throws nothing", async () => {
    const page = await openPage({ path: "commands.html", officeJs: "unreachable" });
    expect(asked(page, "commands.js")).toBe(false);
    expect(recordOf(page).errors).toEqual([]);
    await page.close();
  });
});

describe("the pane in a runtime without the built-ins EdgeHTML 18 lacks", () => {
  it("recomputes seed 001 with flat, flatMap, Object.fromEntries, Promise.allSettled, composedPath, ResizeObserver, WeakRef and globalThis taken away", async () => {
    const standIn = readFileSync(join(dist, "office-stand-in.js"), "utf8");
    const page = await openPage({ officeJs: { script: `${standIn}\n${WITHOUT_NEWER_BUILT_INS}` } });
    expect(
      await page.evaluate(
        () => (window as unknown as { selfevalRemoved: string[] }).selfevalRemoved
      )
    ).toEqual([
      "Array.prototype.flat",
      "Array.prototype.flatMap",
      "Object.fromEntries",
      "Promise.allSettled",
      "Event.prototype.composedPath",
      "ResizeObserver",
      "WeakRef",
      "globalThis",
    ]);
    // Where they are missing, the page loads the polyfills before the pane.
    expect(asked(page, "polyfills.js")).toBe(true);
    await page.getByRole("button", { name: "重新计算" }).click();
    await page.getByText(/已重新计算，改动 \d+ 个单元格/).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("total").textContent()).toBe("95.22");
    expect(await page.getByTestId("breaches").locator("li").count()).toBe(6);
    // Focus moves (keyborg's WeakRef and composedPath) and the polyfills are the page's, not the browser's.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const polyfilled = await page.evaluate(() => ({
      flatMap: typeof ([] as unknown as { flatMap?: unknown }).flatMap,
      fromEntries: typeof (Object as unknown as { fromEntries?: unknown }).fromEntries,
      resizeObserver: typeof (window as unknown as { ResizeObserver?: unknown }).ResizeObserver,
      weakRef: typeof (window as unknown as { WeakRef?: unknown }).WeakRef,
      globalThis: typeof (window as unknown as { globalThis?: unknown }).globalThis,
    }));
    expect(polyfilled).toEqual({
      flatMap: "function",
      fromEntries: "function",
      resizeObserver: "function",
      weakRef: "function",
      globalThis: "object",
    });
    expect(recordOf(page).errors).toEqual([]);
    expect(recordOf(page).violations).toEqual([]);
    await page.close();
  });
});
