/**
 * The built task pane in Debian's Chromium: the production webpack build served on loopback, Microsoft's
 * office.js replaced by a scripted stand-in (the fake Excel object model holding seed 001's workbook), a click
 * on 重新计算, the rendered results read back, and screenshots saved under docs/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import ExcelJS from "exceljs";
import { tmpdir } from "os";
import { join } from "path";
import type { Browser, Page } from "playwright-core";
import { snapshotOf } from "../src/hosts/xlsx";
import { buildAddin, bundle, launchChromium, serveDirectory } from "./support/browser";
import { buildShenzhenWithUnmatched, SHENZHEN_SHEET } from "./support/departmentWorkbooks";

const ROOT = join(__dirname, "..");
/** Screenshots go to docs/ (shown in the README) with `npm run screenshots`, else to a temporary folder. */
const DOCS = process.env.SELFEVAL_UPDATE_SCREENSHOTS
  ? join(ROOT, "docs")
  : mkdtempSync(join(tmpdir(), "selfeval-shots-"));
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

let dist: string;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;

async function openPane(query = ""): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 380, height: 1100 },
    deviceScaleFactor: 1,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Nothing leaves the machine: outside requests are refused, but office.js, which is the stand-in. (Playwright
  // tries routes in the reverse order of registration, so the specific one is added last.)
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  await page.route(OFFICE_JS, (route) =>
    route.fulfill({ path: join(dist, "office-stand-in.js"), contentType: "text/javascript" })
  );
  await page.goto(`${server.url}/taskpane.html${query}`);
  (page as unknown as { errors: string[] }).errors = errors;
  return page;
}

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
}, 240_000);

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
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
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
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
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
});
