/**
 * The ribbon's 重新计算, run in the fake Excel: it recomputes without the pane, always completes its event, and
 * shows a failure in plain words.
 */
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { insertTemplateInExcel } from "../src/hosts/excel";
import { FakeExcel, installFakeOffice } from "./support/fakeExcel";

let uninstall: () => void = () => undefined;
const dialogs: string[] = [];

function install(fake: FakeExcel): FakeExcel {
  uninstall = installFakeOffice(globalThis, fake).uninstall;
  const office = (globalThis as unknown as { Office: { context: Record<string, unknown> } }).Office;
  office.context.ui = {
    displayDialogAsync: (url: string) =>
      dialogs.push(decodeURIComponent(new URL(url).searchParams.get("message") ?? "")),
  };
  (globalThis as unknown as { window: { location: { href: string } } }).window = {
    location: { href: "https://localhost:3000/commands.html" },
  };
  return fake;
}

afterEach(() => {
  uninstall();
  dialogs.length = 0;
});

async function loadCommands() {
  let module: typeof import("../src/commands/commands") | undefined;
  jest.isolateModules(() => {
    module = require("../src/commands/commands");
  });
  await Promise.resolve(); // Office.onReady
  return module!;
}

describe("the ribbon's 重新计算", () => {
  it("is associated with the manifest's FunctionName and recomputes the template, completing its event", async () => {
    const fake = install(new FakeExcel({}));
    await insertTemplateInExcel(shenzhen, "zh");
    const { recompute } = await loadCommands();
    expect(fake.actions.get("recompute")).toBe(recompute);
    fake.resetStats();
    const completed = jest.fn();
    await recompute({ completed } as unknown as Office.AddinCommands.Event);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(fake.stats.syncs).toBe(2);
    expect(fake.toSnapshot().sheets.map((s) => s.name)).toContain("评分表");
    expect(dialogs).toEqual([]);
  });

  it("completes its event and shows a plain message when the workbook has no score sheet", async () => {
    install(
      FakeExcel.fromSnapshot({
        sheets: [{ name: "Sheet1", values: [["预算"]], formulas: [[null]], merges: [] }],
        names: [],
      })
    );
    const { recompute } = await loadCommands();
    const completed = jest.fn();
    await recompute({ completed } as unknown as Office.AddinCommands.Event);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toContain("没有找到评分表");
  });

  it("completes its event when Excel is in cell-edit mode, and says so", async () => {
    const fake = install(new FakeExcel({}));
    await insertTemplateInExcel(shenzhen, "zh");
    fake.failures.cellEditMode = true;
    const { recompute } = await loadCommands();
    const completed = jest.fn();
    await recompute({ completed } as unknown as Office.AddinCommands.Event);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(dialogs[0]).toContain("编辑");
  });
});
