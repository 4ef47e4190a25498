/**
 * The ribbon's 重新计算, run in the fake Excel: it recomputes without the pane, always completes its event — after
 * the dialog showing a failure has closed, never before its callback — and shows a failure in plain words.
 */
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { insertTemplateInExcel } from "../src/hosts/excel";
import { FakeExcel, installFakeOffice } from "./support/fakeExcel";

let uninstall: () => void = () => undefined;
let fake: FakeExcel;
/** The messages of the dialogs opened. */
const dialogs = () => fake.dialogs.map((d) => d.message);

function install(workbook: FakeExcel): FakeExcel {
  fake = workbook;
  uninstall = installFakeOffice(globalThis, fake).uninstall;
  (globalThis as unknown as { window: { location: { href: string } } }).window = {
    location: { href: "https://localhost:3000/commands.html" },
  };
  return fake;
}

afterEach(() => uninstall());

/** Runs the command until it completes its event, the user closing any dialog it opens (after a moment). */
async function runCommand(command: (event: Office.AddinCommands.Event) => Promise<void>) {
  const completed = jest.fn();
  const done = command({ completed } as unknown as Office.AddinCommands.Event);
  const closer = setInterval(() => fake.dialogs.forEach((d) => d.closeByUser()), 5);
  try {
    await done;
  } finally {
    clearInterval(closer);
  }
  return completed;
}

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
    const completed = await runCommand(recompute);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(fake.stats.syncs).toBe(2);
    expect(fake.toSnapshot().sheets.map((s) => s.name)).toContain("评分表");
    expect(dialogs()).toEqual([]);
  });

  it("completes its event and shows a plain message when the workbook has no score sheet", async () => {
    install(
      FakeExcel.fromSnapshot({
        sheets: [{ name: "Sheet1", values: [["预算"]], formulas: [[null]], merges: [] }],
        names: [],
      })
    );
    const { recompute } = await loadCommands();
    const completed = await runCommand(recompute);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(dialogs()).toHaveLength(1);
    expect(dialogs()[0]).toContain("没有找到评分表");
  });

  it("completes its event only once the dialog it opened is closed, never before the dialog's callback", async () => {
    install(
      FakeExcel.fromSnapshot({
        sheets: [{ name: "Sheet1", values: [["预算"]], formulas: [[null]], merges: [] }],
        names: [],
      })
    );
    const { recompute } = await loadCommands();
    const completed = jest.fn();
    const done = recompute({ completed } as unknown as Office.AddinCommands.Event);
    // The dialog is open (its callback has come), the user has not closed it: the command is not complete.
    while (fake.dialogs.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    expect(completed).not.toHaveBeenCalled();
    fake.dialogs[0].closeByUser();
    await done;
    expect(completed).toHaveBeenCalledTimes(1);
  });

  it("completes its event when the dialog cannot open (one is open already: 12007)", async () => {
    install(
      FakeExcel.fromSnapshot({
        sheets: [{ name: "Sheet1", values: [["预算"]], formulas: [[null]], merges: [] }],
        names: [],
      })
    );
    fake.failures.dialog = 12007;
    const { recompute } = await loadCommands();
    const completed = jest.fn();
    await recompute({ completed } as unknown as Office.AddinCommands.Event);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(fake.dialogs).toEqual([]);
  });

  it("completes its event when Excel is in cell-edit mode, and says so", async () => {
    const fake = install(new FakeExcel({}));
    await insertTemplateInExcel(shenzhen, "zh");
    fake.failures.cellEditMode = true;
    const { recompute } = await loadCommands();
    const completed = await runCommand(recompute);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(dialogs()[0]).toContain("编辑");
  });
});
