/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The task pane on its Office operations, in an Excel 2019 (the fake started at ExcelApi 1.7): what the Excel
 * cannot do is left out, and the pane says so under its message, one caption a line.
 */
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import * as React from "react";
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
