/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import * as React from "react";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { App } from "../src/taskpane/components/App";
import { memoryOperations } from "../src/taskpane/memoryOperations";
import { applyToSnapshot, EMPTY_WORKBOOK } from "../src/workbook/applyToSnapshot";
import { templatePlan } from "../src/workbook/template";
import { readFileSync } from "fs";
import { join } from "path";
import { parseRef } from "../src/workbook/snapshot";
import { exampleInputs, loadExample } from "./support/seeds";
import type { IndicatorRowInput } from "../src/domain/indicatorTable/scoreTable";
import SEED001_TABLE from "./fixtures/seed001-indicators.json";
import ExcelJS from "exceljs";
import { snapshotOf } from "../src/hosts/xlsx";
import { buildShenzhenWithUnmatched } from "./support/departmentWorkbooks";
import { officeOperations } from "../src/taskpane/officeOperations";
import { FakeExcel, installFakeOffice } from "./support/fakeExcel";

/** A workbook holding the standard template filled with a seed's figures, not yet recomputed. */
function filledTemplate(seed: "seed000" | "seed001") {
  const { selfScores } = loadExample(seed) as { selfScores?: Record<string, unknown> };
  return applyToSnapshot(EMPTY_WORKBOOK, templatePlan(shenzhen, exampleInputs(seed), undefined, "zh", selfScores));
}

beforeAll(() => {
  // jsdom has no ResizeObserver (Fluent's MessageBar measures itself) nor matchMedia (its motion reads it).
  class NoResize {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = window.ResizeObserver ?? NoResize;
  window.matchMedia = window.matchMedia ?? ((() => ({ matches: false, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {} })) as unknown as typeof window.matchMedia);
});

describe("the task pane", () => {
  it("shows the workbook's status: framework, the sheets recognized, and no score sheet yet in an empty workbook", async () => {
    render(<App operations={memoryOperations(EMPTY_WORKBOOK)} />);
    expect(await screen.findByText(/没有找到评分表/)).toBeTruthy();
    const picker = screen.getByTestId("framework-picker") as HTMLSelectElement;
    expect(picker.value).toBe("");
    expect(picker.selectedOptions[0].textContent).toMatch(/^自动：深圳市部门整体支出绩效评价共性指标体系/);
    expect(screen.getByTestId("framework-reason").textContent).toMatch(/按默认的“深圳市/);
    expect((screen.getByRole("button", { name: "撤销上次计算" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("插入标准模板 adds the sheets; a second time it says the template is there and changes nothing", async () => {
    const ops = memoryOperations(EMPTY_WORKBOOK);
    render(<App operations={ops} />);
    fireEvent.click(await screen.findByRole("button", { name: "插入标准模板" }));
    expect(await screen.findByText(/已插入标准模板：基础数据、评分表、绩效指标、说明/)).toBeTruthy();
    const once = ops.snapshot();
    fireEvent.click(screen.getByRole("button", { name: "插入标准模板" }));
    expect((await screen.findByRole("alert")).textContent).toContain("工作簿中已有标准模板（评分表），无需再次插入");
    expect(ops.snapshot()).toBe(once);
  });

  it("never overwrites a sheet of the user's that has the template's name: a suffix is added", async () => {
    const own = { sheets: [{ name: "基础数据", values: [["本单位"]], formulas: [[null]], merges: [] }], names: [] };
    const ops = memoryOperations(own);
    render(<App operations={ops} />);
    fireEvent.click(await screen.findByRole("button", { name: "插入标准模板" }));
    expect(await screen.findByText(/已插入标准模板：基础数据 \(2\)、评分表、绩效指标、说明/)).toBeTruthy();
    expect(ops.snapshot().sheets[0]).toEqual(own.sheets[0]);
  });

  it("重新计算 shows total, grade, a bar per group, the breaches and the self-score difference; a breach selects its cell", async () => {
    const ops = memoryOperations(filledTemplate("seed001"));
    render(<App operations={ops} />);
    const recompute = await screen.findByRole("button", { name: "重新计算" });
    await act(async () => {
      fireEvent.click(recompute);
    });
    expect(await screen.findByText(/已重新计算，改动 \d+ 个单元格/)).toBeTruthy();
    expect(screen.getByTestId("total").textContent).toBe("95.22");
    expect(screen.getByTestId("grade").textContent).toBe("优");
    const bars = within(screen.getByTestId("group-bars"));
    expect(bars.getByRole("progressbar", { name: "部门管理 18.23 / 20 分" })).toBeTruthy();
    expect(bars.getByRole("progressbar", { name: "资金管理 7.23 / 8 分" })).toBeTruthy();
    const breaches = within(screen.getByTestId("breaches"));
    const items = breaches.getAllByRole("listitem");
    expect(items[0].getAttribute("data-severity")).toBe("red"); // red first
    const adjustment = breaches.getByRole("button", { name: /资金调整调剂率 17.63%，超过 10% 上限/ });
    fireEvent.click(adjustment);
    await waitFor(() => expect(ops.selected()).toMatch(/^基础数据!B\d+$/));
    expect(within(screen.getByTestId("differences")).getByText("财务合规性：自评 3，按标准 2.24")).toBeTruthy();
    expect((screen.getByRole("button", { name: "撤销上次计算" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("lists the 绩效指标 not met, each selecting its row, after 重新计算 of a template whose table feeds 效果性", async () => {
    const { effectivenessScore, ...inputs } = exampleInputs("seed000");
    void effectivenessScore;
    const rows = (SEED001_TABLE as IndicatorRowInput[]).map((r) => (r.name === "反诈专线96110接警有效接听率" ? { ...r, actual: "81%" } : r));
    const ops = memoryOperations(applyToSnapshot(EMPTY_WORKBOOK, templatePlan(shenzhen, inputs, undefined, "zh", {}, rows)));
    render(<App operations={ops} />);
    const recompute = await screen.findByRole("button", { name: "重新计算" });
    await act(async () => {
      fireEvent.click(recompute);
    });
    expect(await screen.findByText("未达成的绩效指标（1）")).toBeTruthy();
    expect(screen.getByTestId("indicators-summary").textContent).toBe("13 项绩效指标中 12 项达到目标。");
    const unmet = within(screen.getByTestId("unmet-indicators"));
    fireEvent.click(unmet.getByRole("button", { name: /反诈专线96110接警有效接听率：完成 90%，得 1.73 \/ 1.92 分/ }));
    await waitFor(() => expect(ops.selected()).toBe("绩效指标!C8"));
    expect(screen.getByTestId("total").textContent).toBe("95.78");
  });

  it("a framework picked before 插入标准模板 lays out its template, which then keeps it: 广州 scores seed 003's 98", async () => {
    const ops = memoryOperations(EMPTY_WORKBOOK);
    render(<App operations={ops} />);
    const picker = (await screen.findByTestId("framework-picker")) as HTMLSelectElement;
    fireEvent.change(picker, { target: { value: "guangzhou" } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "插入标准模板" }));
    });
    expect(await screen.findByText(/已插入标准模板：基础数据、评分表、绩效指标、说明/)).toBeTruthy();
    // The template saved its framework: the picker shows it and is locked.
    await waitFor(() => expect(screen.getByTestId("framework-reason").textContent).toMatch(/按工作簿保存的评分框架“广州市/));
    expect((screen.getByTestId("framework-picker") as HTMLSelectElement).disabled).toBe(true);
    // Fill 基础数据 with seed 003's figures, as a user would, and recompute.
    const { _note, selfScores, selfTotal, ...figures } = JSON.parse(readFileSync(join(__dirname, "..", "examples", "seed003-guangzhou.json"), "utf8")) as Record<string, unknown>;
    void _note;
    void selfScores;
    void selfTotal;
    const names = new Map(ops.snapshot().names.map((n) => [n.name, n.ref]));
    let workbook = ops.snapshot();
    for (const [key, value] of Object.entries(figures)) {
      const ref = parseRef(names.get(key)!)!;
      workbook = applyToSnapshot(workbook, { sheets: [{ name: ref.sheet, cells: [{ row: ref.row, col: ref.col, value: value as string | number }] }], names: [] });
    }
    act(() => ops.edit(workbook));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "重新计算" }));
    });
    await waitFor(() => expect(screen.getByTestId("total").textContent).toBe("98"));
    expect(screen.getByTestId("grade").textContent).toBe("优");
  });

  it("从文件加载 takes a framework file: a good one is chosen, a broken one is refused naming the path of its mistake", async () => {
    render(<App operations={memoryOperations(EMPTY_WORKBOOK)} />);
    const input = (await screen.findByTestId("framework-file")) as HTMLInputElement;
    const text = readFileSync(join(__dirname, "..", "examples", "custom-framework.json"), "utf8");
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([text], "custom-framework.json", { type: "application/json" })] } });
    });
    expect(await screen.findByText(/已加载评分框架/)).toBeTruthy();
    expect((screen.getByTestId("framework-picker") as HTMLSelectElement).value).toBe("county-2025-example");
    const broken = JSON.stringify({ ...JSON.parse(text), indicators: [{ id: "x" }] });
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([broken], "broken.json", { type: "application/json" })] } });
    });
    expect(await screen.findByText(/评分框架文件 broken.json 有误，未加载/)).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toMatch(/indicators\[0\]/);
  });

  it("a department's own workbook: the rows read in one line, and the row matching no indicator as a link to its cell", async () => {
    const buffer = await buildShenzhenWithUnmatched().workbook.xlsx.writeBuffer();
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.load(buffer as ArrayBuffer);
    const ops = memoryOperations(snapshotOf(copy));
    render(<App operations={ops} />);
    const sheet = "部门整体支出绩效评分表";
    expect((await screen.findByTestId("recognized")).textContent).toBe(`读取：${sheet} 第 3–4 行表头，21 项指标中读到 20 项`);
    expect(screen.getByRole("heading", { name: "未能对应的行（1）" })).toBeTruthy();
    const rows = within(screen.getByTestId("unmatched-rows"));
    expect(rows.getAllByRole("listitem").map((li) => li.textContent)).toEqual([`${sheet}!C15 “办公用房管理”：框架中没有相近的指标`]);
    expect(screen.getByText("请改用框架中的名称，或在框架文件的 aliases 中加入这些名称。")).toBeTruthy();
    fireEvent.click(rows.getByRole("button", { name: /办公用房管理/ }));
    await waitFor(() => expect(ops.selected()).toBe(`${sheet}!C15`));
    fireEvent.click(screen.getByRole("button", { name: "切换到英文" }));
    expect((await screen.findByRole("heading", { name: "Rows not matched (1)" }))).toBeTruthy();
    expect(screen.getByTestId("recognized").textContent).toBe(`Read: ${sheet}, header rows 3–4, 20 of 21 indicators`);
    expect(within(screen.getByTestId("unmatched-rows")).getByRole("button", { name: /办公用房管理/ }).textContent).toBe(
      `${sheet}!C15 "办公用房管理": no indicator of the framework is close`
    );
  });

  it("a project's 自评表: its 绩效指标 table read and the figures taken by reference, in one line", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(__dirname, "..", "examples", "项目-自评表.xlsx"));
    render(<App operations={memoryOperations(snapshotOf(workbook))} />);
    expect((await screen.findByTestId("recognized")).textContent).toBe("读取：绩效指标表 项目支出绩效自评表 第 12 行表头，9 行；引用原表数据 3 项");
    expect(screen.queryByTestId("unmatched-rows")).toBeNull();
  });

  it("a template shows no rows read and nothing unmatched", async () => {
    render(<App operations={memoryOperations(filledTemplate("seed000"))} />);
    expect(await screen.findByText("95.97")).toBeTruthy();
    expect(screen.queryByTestId("recognized")).toBeNull();
    expect(screen.queryByTestId("unmatched-rows")).toBeNull();
  });

  it("lists missing and invalid inputs, each selecting its cell", async () => {
    const inputs = { ...exampleInputs("seed000"), budgetAdjusted: "" };
    const ops = memoryOperations(applyToSnapshot(EMPTY_WORKBOOK, templatePlan(shenzhen, inputs)));
    render(<App operations={ops} />);
    const problems = within(await screen.findByTestId("input-problems"));
    const link = problems.getByRole("button", { name: /「调整后预算数（部门预算总规模）」未填写/ });
    fireEvent.click(link);
    await waitFor(() => expect(ops.selected()).toMatch(/^基础数据!B\d+$/));
  });

  it("an incomplete workbook: the partial total with 已计分 x / n 项 and the inputs to fill, each selecting its cell, instead of a grade", async () => {
    const inputs = { ...exampleInputs("seed000"), budgetAdjusted: "", satisfaction: "约五成" };
    const ops = memoryOperations(applyToSnapshot(EMPTY_WORKBOOK, templatePlan(shenzhen, inputs)));
    render(<App operations={ops} />);
    await act(async () => {
      fireEvent.click(await screen.findByRole("button", { name: "重新计算" }));
    });
    expect(await screen.findByText(/已重新计算/)).toBeTruthy();
    expect(screen.queryByTestId("grade")).toBeNull();
    expect(screen.queryByText("评分等级")).toBeNull();
    expect(screen.getByText("总分（已计分部分）")).toBeTruthy();
    expect(screen.getByTestId("scored").textContent).toBe("已计分 19 / 21 项");
    expect(screen.getByText("待全部计分后评定等级")).toBeTruthy();
    expect(screen.getByText("另有 2 项指标待填写后计分：")).toBeTruthy();
    const toFill = within(screen.getByTestId("to-fill"));
    expect(toFill.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["「公众或服务对象满意度」请检查", "「调整后预算数（部门预算总规模）」未填写"]);
    fireEvent.click(toFill.getByRole("button", { name: /「调整后预算数（部门预算总规模）」未填写/ }));
    await waitFor(() => expect(ops.selected()).toMatch(/^基础数据!B\d+$/));
    // The workbook's grade cell agrees: 待计分, not a grade.
    const gradeRef = parseRef(ops.snapshot().names.find((n) => n.name === "score_grade")!.ref)!;
    expect(ops.snapshot().sheets.find((x) => x.name === gradeRef.sheet)!.values[gradeRef.row][gradeRef.col]).toBe("待计分");
    fireEvent.click(screen.getByRole("button", { name: "切换到英文" }));
    expect(await screen.findByText("Total of the scored part")).toBeTruthy();
    expect(screen.getByTestId("scored").textContent).toBe("19 of 21 scored");
  });

  it("a template with nothing in 基础数据 is not graded 差: 已计分 0 / 21 项, the first inputs to fill and how many more", async () => {
    const ops = memoryOperations(applyToSnapshot(EMPTY_WORKBOOK, templatePlan(shenzhen, {})));
    render(<App operations={ops} />);
    expect((await screen.findByTestId("scored")).textContent).toBe("已计分 0 / 21 项");
    expect(screen.queryByTestId("grade")).toBeNull();
    expect(screen.getByTestId("total").textContent).toBe("0");
    expect(within(screen.getByTestId("to-fill")).getAllByRole("listitem")).toHaveLength(8);
    // The status card lists the first eight inputs, and all of them on request.
    expect(within(screen.getByTestId("input-problems")).getAllByRole("listitem")).toHaveLength(8);
    fireEvent.click(screen.getByTestId("show-all-inputs"));
    const all = within(screen.getByTestId("input-problems")).getAllByRole("listitem").length;
    expect(all).toBeGreaterThan(40);
    expect(screen.getByTestId("to-fill-more").textContent).toBe(`另有 ${all - 8} 项，全部见上方“输入问题”。`);
  });

  it("a failure is a message, never an exception: recompute with no score sheet", async () => {
    render(<App operations={memoryOperations(EMPTY_WORKBOOK)} />);
    fireEvent.click(await screen.findByRole("button", { name: "重新计算" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("操作未完成");
    expect(alert.textContent).toContain("没有找到评分表");
  });

  it("撤销上次计算 puts the workbook back", async () => {
    const initial = filledTemplate("seed000");
    const ops = memoryOperations(initial);
    render(<App operations={ops} />);
    await act(async () => {
      fireEvent.click(await screen.findByRole("button", { name: "重新计算" }));
    });
    await screen.findByText(/已重新计算/);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "撤销上次计算" }));
    });
    expect(await screen.findByText(/已恢复 \d+ 个单元格/)).toBeTruthy();
    expect(ops.snapshot().sheets.map((s) => s.name)).toEqual(initial.sheets.map((s) => s.name));
  });

  it("in Excel, one change handler whatever the language or framework picked, removed when the pane goes", async () => {
    const fake = FakeExcel.fromSnapshot(filledTemplate("seed001"));
    const { uninstall } = installFakeOffice(globalThis, fake);
    try {
      const view = render(<App operations={officeOperations("zh")} />);
      await screen.findByRole("button", { name: "重新计算" });
      await waitFor(() => expect(fake.handlerCount()).toBe(1));
      const picker = () => screen.getByTestId("framework-picker") as HTMLSelectElement;
      const ids = [...picker().options].map((o) => o.value).filter(Boolean);
      for (let i = 0; i < 3; i++) {
        await act(async () => {
          fireEvent.click(screen.getByRole("button", { name: i % 2 ? "Switch to Chinese" : "切换到英文" }));
        });
        await act(async () => {
          fireEvent.change(picker(), { target: { value: ids[i % ids.length] } });
        });
      }
      await act(async () => new Promise((r) => setTimeout(r, 50)));
      expect(fake.handlerCount()).toBe(1);
      // An edit: one re-read, not one per language or framework picked before.
      fake.resetStats();
      await act(async () => {
        await fake.fire();
        await new Promise((r) => setTimeout(r, 900));
      });
      expect(fake.stats.syncs).toBe(1);
      view.unmount();
      await waitFor(() => expect(fake.handlerCount()).toBe(0));
    } finally {
      uninstall();
    }
  });

  it("switches to English, and re-reads when the workbook changes", async () => {
    const ops = memoryOperations(EMPTY_WORKBOOK);
    render(<App operations={ops} />);
    fireEvent.click(await screen.findByRole("button", { name: "切换到英文" }));
    expect(await screen.findByRole("button", { name: "Recompute" })).toBeTruthy();
    act(() => ops.edit(filledTemplate("seed000")));
    expect(await screen.findByText("95.97")).toBeTruthy();
  });
});

describe("生成自评报告", () => {
  // The webviews Office uses have TextEncoder (the Word writer needs it); jsdom does not.
  beforeAll(() => {
    const { TextEncoder, TextDecoder } = jest.requireActual<typeof import("util")>("util");
    Object.assign(globalThis, { TextEncoder, TextDecoder });
  });
  /** Downloads the pane starts: the file name and the document's bytes. */
  let saved: { name: string; blob: Blob }[] = [];
  let created: Blob[] = [];
  beforeEach(() => {
    saved = [];
    created = [];
    (URL as unknown as { createObjectURL: (b: Blob) => string }).createObjectURL = (b: Blob) => {
      created.push(b);
      return `blob:report-${created.length}`;
    };
    (URL as unknown as { revokeObjectURL: () => void }).revokeObjectURL = () => undefined;
    jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, blob: created[Number(this.href.split("-").pop()) - 1] });
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const bytes = (blob: Blob) =>
    new Promise<Uint8Array>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
      reader.readAsArrayBuffer(blob);
    });
  const documentXml = async (blob: Blob) =>
    (await (await import("jszip")).default.loadAsync(await bytes(blob))).file("word/document.xml")!.async("string");

  async function projectWorkbook() {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(__dirname, "..", "examples", "项目-自评表.xlsx"));
    return snapshotOf(workbook);
  }

  it("drafts the report from a read-only recompute and downloads it as a Word document named for the department and year", async () => {
    const ops = memoryOperations(await projectWorkbook());
    const before = ops.snapshot();
    render(<App operations={ops} />);
    const button = await screen.findByRole("button", { name: "生成自评报告" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    await act(async () => {
      fireEvent.click(button);
    });
    expect(await screen.findByText(/已生成自评报告“广州市越秀区公安分局2023年度部门整体支出绩效自评报告\.docx”.*处以〔待填写：…〕黄色标出/, {}, { timeout: 20_000 })).toBeTruthy();
    expect(saved.map((s) => s.name)).toEqual(["广州市越秀区公安分局2023年度部门整体支出绩效自评报告.docx"]);
    const xml = await documentXml(saved[0].blob);
    expect(xml).toContain("自评结果为 97.38 分，评价等级为优");
    expect(xml).toContain("〔待填写：部门职能〕");
    expect(ops.snapshot()).toBe(before);
  });

  it("asks for the department and the year the workbook lacks, and puts them in the title", async () => {
    const { departmentName, budgetYear, ...inputs } = exampleInputs("seed000");
    expect([departmentName, budgetYear]).toEqual(["深圳市公安局", 2024]);
    const ops = memoryOperations(applyToSnapshot(EMPTY_WORKBOOK, templatePlan(shenzhen, inputs)));
    render(<App operations={ops} />);
    const button = await screen.findByRole("button", { name: "生成自评报告" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    await act(async () => {
      fireEvent.click(button);
    });
    const form = await screen.findByRole("form", { name: "生成自评报告" }, { timeout: 20_000 });
    expect(saved).toEqual([]);
    fireEvent.change(within(form).getByLabelText("部门（单位）名称"), { target: { value: "测试局" } });
    fireEvent.change(within(form).getByLabelText("预算年度（如 2024）"), { target: { value: "2024" } });
    await act(async () => {
      fireEvent.click(within(form).getByRole("button", { name: "生成" }));
    });
    await screen.findByText(/已生成自评报告“测试局2024年度部门整体支出绩效自评报告\.docx”/, {}, { timeout: 20_000 });
    expect(screen.queryByRole("form", { name: "生成自评报告" })).toBeNull();
    // The title's runs (the name, the year, the rest) read as one text.
    expect((await documentXml(saved[0].blob)).replace(/<[^>]+>/g, "")).toContain("测试局2024年度部门整体支出绩效自评报告");
  });

  it("a webview that cannot run the Word writer (no TextEncoder: EdgeHTML, Internet Explorer) says how else to get the report", async () => {
    const { TextEncoder: encoder } = globalThis as unknown as { TextEncoder?: unknown };
    delete (globalThis as unknown as { TextEncoder?: unknown }).TextEncoder;
    try {
      render(<App operations={memoryOperations(await projectWorkbook())} />);
      const button = await screen.findByRole("button", { name: "生成自评报告" });
      await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
      await act(async () => {
        fireEvent.click(button);
      });
      expect((await screen.findByRole("alert", {}, { timeout: 20_000 })).textContent).toContain(
        "此版本的 Excel 无法在任务窗格中写出 Word 文档"
      );
      expect(saved).toEqual([]);
    } finally {
      Object.assign(globalThis, { TextEncoder: encoder });
    }
  });

  it("where Office does not let the pane download (Excel on Mac), says how else to get the report", async () => {
    const office = globalThis as unknown as { Office?: unknown };
    office.Office = { context: { platform: "Mac" }, PlatformType: { Mac: "Mac", iOS: "iOS" } };
    try {
      render(<App operations={memoryOperations(await projectWorkbook())} />);
      const button = await screen.findByRole("button", { name: "生成自评报告" });
      await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
      await act(async () => {
        fireEvent.click(button);
      });
      expect(await screen.findByText(/不允许加载项下载文件.*selfeval report 工作簿\.xlsx -o 自评报告\.docx/, {}, { timeout: 20_000 })).toBeTruthy();
      expect(saved).toEqual([]);
    } finally {
      delete office.Office;
    }
  });
});
