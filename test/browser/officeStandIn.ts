/**
 * What the browser test loads in place of Microsoft's office.js: the fake Excel object model holding a workbook
 * (the standard template filled with seed 001's figures, its self-reported scores and its 绩效指标 table, not yet
 * recomputed) — or, with ?workbook=NAME, the snapshot the test serves as NAME.snapshot.json (a department's own
 * workbook) — and the Office theme asked for in the page's query (?theme=dark).
 */
import seed001 from "../../examples/seed001.json";
import { shenzhen } from "../../src/domain/frameworks/shenzhen";
import { applyToSnapshot, EMPTY_WORKBOOK } from "../../src/workbook/applyToSnapshot";
import { templatePlan } from "../../src/workbook/template";
import { frameworkSheetPlan } from "../../src/workbook/frameworkChoice";
import type { IndicatorRowInput } from "../../src/domain/indicatorTable/scoreTable";
import SEED001_TABLE from "../fixtures/seed001-indicators.json";
import { FakeExcel, installFakeOffice } from "../support/fakeExcel";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";

const { _note, selfScores, selfTotal, ...inputs } = seed001 as Record<string, unknown>;
void _note;
void selfTotal;
// The template as 插入标准模板 leaves it (its framework saved), seed 001's 绩效指标 table typed in.
const saved = frameworkSheetPlan(shenzhen);
const workbook = applyToSnapshot(
  applyToSnapshot(
    EMPTY_WORKBOOK,
    templatePlan(
      shenzhen,
      inputs,
      undefined,
      "zh",
      selfScores as Record<string, unknown>,
      SEED001_TABLE as IndicatorRowInput[]
    )
  ),
  { sheets: [saved.sheet], names: saved.names }
);
const params = new URLSearchParams(window.location.search);

/** A snapshot the test serves beside the page, read before the add-in starts (office.js loads synchronously). */
function servedSnapshot(name: string): WorkbookSnapshot {
  const request = new XMLHttpRequest();
  request.open("GET", `${encodeURIComponent(name)}.snapshot.json`, false);
  request.send();
  return JSON.parse(request.responseText) as WorkbookSnapshot;
}

const which = params.get("workbook");
const fake = FakeExcel.fromSnapshot(which ? servedSnapshot(which) : workbook);
installFakeOffice(window, fake);

const office = (window as unknown as { Office: { context: Record<string, unknown> } }).Office;
office.context.displayLanguage = params.get("lang") === "en" ? "en-US" : "zh-CN";
office.context.officeTheme =
  params.get("theme") === "dark"
    ? { bodyBackgroundColor: "#1F1F1F" }
    : { bodyBackgroundColor: "#FFFFFF" };
(window as unknown as { selfevalFake: FakeExcel }).selfevalFake = fake;
