/**
 * The department's own 自评总分 is the self total shown everywhere, not the sum of the self scores present
 * (issue 16): seed 002 (the county example, examples/seed002-county.json) reports 98 while the parts it gives add
 * up to 88 (满意度 not given). Made into the template by `selfeval template --input`, recalculated by LibreOffice,
 * the sheet's self total is 98 and its 差异 against the total 0; `recompute --json`, the text report and `audit`
 * say 98, and the difference between the two is a finding. A department's own 自评表 whose 总分 cell says
 * something else than its parts: our self-total cell shows that cell.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { frameworkById } from "../src/domain/frameworks";
import type { Report } from "../src/domain/types";
import { names, SCORE_COLS } from "../src/workbook/layout";
import { readWorkbook } from "../src/hosts/xlsx";
import { namedCells } from "../src/workbook/bindTemplate";
import { cellValue, getSheet } from "../src/workbook/snapshot";
import { runCli } from "./support/cli";
import { ALL_DEPARTMENT_WORKBOOKS } from "./support/departmentWorkbooks";
import { readNamedValues, recalculate, type CellValue } from "./support/libreoffice";
import { stripCachedResults, templateFromInputs } from "./support/templateWorkbook";

const county = frameworkById("county")!;
const example = JSON.parse(
  readFileSync(join(__dirname, "..", "examples", "seed002-county.json"), "utf8")
) as Record<string, unknown>;
const form = ALL_DEPARTMENT_WORKBOOKS.find((w) => w.file === "部门整体-自评表.xlsx")!;
/** The 总分 the department's form is given here, other than the sum of its parts. */
const FORM_TOTAL = 90;

const dir = mkdtempSync(join(tmpdir(), "selfeval-selftotal-"));
let template: Report;
/** The county workbook recalculated by LibreOffice: its named cells, and its total row's 差异. */
let countySheet: { named: Record<string, CellValue>; difference: CellValue };
let formSheet: { named: Record<string, CellValue>; difference: CellValue };
let recomputed: Report;
let recomputedText = "";
let audited: { selfTotal?: number; total?: number; breaches: { metric: string }[] };
let summaryRow: CellValue[] = [];

/** The value of the cell in the 差异 column on the row of score_total, as the file holds it. */
async function differenceBesideTotal(file: string): Promise<CellValue> {
  const { snapshot } = await readWorkbook(file);
  const total = namedCells(snapshot).get(names.total)!;
  const v = cellValue(getSheet(snapshot, total.sheet)!, total.row, SCORE_COLS.difference);
  return typeof v === "number" || typeof v === "string" ? v : null;
}

beforeAll(async () => {
  for (const sub of ["in", "lo", "audit"]) mkdirSync(join(dir, sub));
  const countyFile = join(dir, "in", "county.xlsx");
  template = (await templateFromInputs(example, join(dir, "in", "county.json"), countyFile, county))
    .report;
  copyFileSync(countyFile, join(dir, "audit", "county.xlsx"));

  // The department's form with its 总分 cell saying 90, recomputed by the command line.
  const built = form.build();
  const totalCell = built.expected.selfTotal!;
  built.workbook.getWorksheet(totalCell.sheet)!.getCell(totalCell.cell).value = FORM_TOTAL;
  const formIn = join(dir, "in", "form-in.xlsx");
  await built.workbook.xlsx.writeFile(formIn);
  const formFile = join(dir, "in", "form.xlsx");
  expect((await runCli(["recompute", formIn, "-o", formFile])).code).toBe(0);

  const json = await runCli(["recompute", countyFile, "-o", join(dir, "county-re.xlsx"), "--json"]);
  recomputed = JSON.parse(json.stdout) as Report;
  recomputedText = (await runCli(["recompute", countyFile, "-o", join(dir, "county-re2.xlsx")]))
    .stdout;
  const summary = join(dir, "summary.xlsx");
  const audit = await runCli(["audit", join(dir, "audit"), "-o", summary, "--json"]);
  audited = (JSON.parse(audit.stdout) as { workbooks: (typeof audited)[] }).workbooks[0];
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(summary);
  summaryRow = (book.getWorksheet("汇总")!.getRow(2).values as CellValue[]).slice(1);

  for (const file of [countyFile, formFile]) await stripCachedResults(file);
  const [countyOut, formOut] = await recalculate([countyFile, formFile], join(dir, "lo"));
  countySheet = {
    named: await readNamedValues(countyOut),
    difference: await differenceBesideTotal(countyOut),
  };
  formSheet = {
    named: await readNamedValues(formOut),
    difference: await differenceBesideTotal(formOut),
  };
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the county example (seed 002: 自评总分 98, its parts 88)", () => {
  it("the engine scores 98, and the template's report takes the department's 98", () => {
    expect(template.total).toBe(98);
    expect(template.selfTotal).toBe(98);
  });

  it("LibreOffice shows the self total 98 (not 88) and 差异 0 beside the total", () => {
    expect(countySheet.named[names.total]).toBe(98);
    expect(countySheet.named[names.selfTotal]).toBe(98);
    expect(countySheet.difference).toBe(0);
  });

  it("recompute --json and its text say 98, and flag that the parts add up to 88", () => {
    expect(recomputed.selfTotal).toBe(98);
    const breach = recomputed.breaches.find((b) => b.metric === "selfTotal")!;
    expect(breach.message).toBe("自评总分 98 与各项自评得分之和 88 不一致");
    expect(recomputedText).toContain("自评总分 98，与总分差额 0");
  });

  it("audit says 98 with 差额 0, in its JSON and its summary", () => {
    expect(audited).toMatchObject({ selfTotal: 98, total: 98 });
    expect(audited.breaches.map((b) => b.metric)).toContain("selfTotal");
    // 汇总: 序号, 文件, 部门, 评分框架, 自评总分, 计算总分, 差额 …
    expect(summaryRow.slice(4, 7)).toEqual([98, 98, 0]);
  });
});

describe("a department's 自评表 whose 总分 is not the sum of its parts", () => {
  it("our self-total cell shows the department's 总分, and 差异 is it minus our total", () => {
    const total = formSheet.named[names.total] as number;
    expect(typeof total).toBe("number");
    expect(formSheet.named[names.selfTotal]).toBe(FORM_TOTAL);
    expect(formSheet.difference).toBeCloseTo(FORM_TOTAL - total, 2);
  });
});

describe("selfTotal in an input file", () => {
  it("score reports the department's 98, prints it and flags that its parts add up to 88; a selfTotal that is no number is an input error", async () => {
    const county = join(__dirname, "..", "examples", "seed002-county.json");
    const json = await runCli(["score", "--framework", "county", "--input", county, "--json"]);
    const scored = JSON.parse(json.stdout) as Report;
    expect(scored.selfTotal).toBe(98);
    // The same finding as recompute's: the department's 98 over scores that add up to 88.
    expect(scored.breaches.find((b) => b.metric === "selfTotal")!.message).toBe(
      "自评总分 98 与各项自评得分之和 88 不一致"
    );
    const text = await runCli(["score", "--framework", "county", "--input", county]);
    expect(text.stdout).toContain("自评总分 98，与总分差额 0");
    expect(text.stdout).toContain("自评总分 98 与各项自评得分之和 88 不一致");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...example, selfTotal: "九十八分左右" }));
    const run = await runCli(["score", "--framework", "county", "--input", bad, "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.selfTotal).toBeUndefined();
    expect(report.errors.find((e) => e.input === "selfTotal")!.message).toBe(
      '自评总分 selfTotal 应为数字，现为 "九十八分左右"'
    );
  });
});
