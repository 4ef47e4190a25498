/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The task pane on its Office operations, in an Excel 2019 (the fake started at ExcelApi 1.7): what the Excel
 * cannot do is left out, and the pane says so under its message, one caption a line.
 */
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { join } from "path";
import * as React from "react";
import { readWorkbook } from "../src/hosts/xlsx";
import { App } from "../src/taskpane/components/App";
import { officeOperations } from "../src/taskpane/officeOperations";
import { FakeExcel, installFakeOffice } from "./support/fakeExcel";

beforeAll(() => {
  // jsdom has no ResizeObserver (Fluent's MessageBar measures itself) nor matchMedia (its motion reads it).
  class NoResize {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  const w = window as unknown as { ResizeObserver: unknown };
  w.ResizeObserver = w.ResizeObserver ?? NoResize;
  window.matchMedia =
    window.matchMedia ??
    ((() => ({
      matches: false,
      addEventListener() {},
      removeEventListener() {},
      addListener() {},
      removeListener() {},
    })) as unknown as typeof window.matchMedia);
});

describe("the pane in Excel 2019 (ExcelApi 1.7)", () => {
  it("inserts the template, and says under its message what was left out: the drop-down lists, the print settings", async () => {
    const fake = new FakeExcel({}, { apiVersion: "1.7" });
    const { uninstall } = installFakeOffice(globalThis, fake);
    try {
      render(React.createElement(App, { operations: officeOperations("zh") }));
      const insert = await screen.findByRole("button", { name: "插入标准模板" });
      await act(async () => {
        fireEvent.click(insert);
      });
      expect(await screen.findByText(/已插入标准模板/)).toBeTruthy();
      const lines = within(screen.getByTestId("skipped"))
        .getAllByText(/^未设置/)
        .map((e) => e.textContent);
      expect(lines).toEqual([
        expect.stringMatching(/^未设置下拉列表.*ExcelApi 1\.8/),
        expect.stringMatching(/^未设置打印格式.*ExcelApi 1\.9/),
      ]);
      expect(fake.model.sheets.map((s) => s.name)).toContain("评分表");
    } finally {
      uninstall();
    }
  });
});

describe("the pane in English writes the workbook's language, not its own (issue 16)", () => {
  /** Seed 001's workbook recomputed through the pane in `lang`: the cells afterwards, and the pane's message. */
  async function recomputeIn(
    lang: "zh" | "en"
  ): Promise<{ cells: Map<string, unknown>; said: string }> {
    const { snapshot } = await readWorkbook(join(__dirname, "..", "examples", "深圳-seed001.xlsx"));
    const fake = FakeExcel.fromSnapshot(snapshot);
    const { uninstall } = installFakeOffice(globalThis, fake);
    try {
      const view = render(
        React.createElement(App, { operations: officeOperations(lang), initialLang: lang })
      );
      const button = await screen.findByRole("button", {
        name: lang === "en" ? "Recompute" : "重新计算",
      });
      await act(async () => {
        fireEvent.click(button);
      });
      const said = (await screen.findByText(lang === "en" ? /^Recomputed;/ : /^已重新计算/))
        .textContent!;
      view.unmount();
      const cells = new Map<string, unknown>();
      for (const sheet of fake.toSnapshot().sheets)
        sheet.values.forEach((row, r) =>
          row.forEach((v, c) => {
            if (v !== null) cells.set(`${sheet.name}!${r},${c}`, v);
          })
        );
      return { cells, said };
    } finally {
      uninstall();
    }
  }

  it("recompute in an English pane leaves every cell as the Chinese pane does; only the pane speaks English", async () => {
    const zh = await recomputeIn("zh");
    const en = await recomputeIn("en");
    expect(en.said).toMatch(/^Recomputed; \d+ cells changed\.$/);
    expect(zh.said).toMatch(/^已重新计算/);
    expect([...en.cells.keys()].sort()).toEqual([...zh.cells.keys()].sort());
    const differing = [...en.cells].filter(([k, v]) => zh.cells.get(k) !== v).map(([k]) => k);
    expect(differing).toEqual([]);
    // The explanations are there, in Chinese (the department's sheet gives no figures: 未计分（缺少：…）), none in English.
    const texts = [...en.cells.values()].filter((v): v is string => typeof v === "string");
    expect(texts.filter((t) => t.startsWith("未计分（缺少：")).length).toBeGreaterThan(5);
    expect(texts.filter((t) => /\bnot scored\b|\bmissing\b|\bpoints?\b/.test(t))).toEqual([]);
  });
});
