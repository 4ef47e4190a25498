/**
 * A department's score sheet whose 合计 row lost its label (a note typed over it) but kept its 评价等级 row: the
 * total we add must not land on the grade's row. (The fuzz found it: seed 456934593 put score_total and the grade
 * formula in one cell, a circular reference — the cached 优, LibreOffice #VALUE! — and a second recompute changed
 * the file again.)
 */
import ExcelJS from "exceljs";
import { frameworkById } from "../src/domain/frameworks";
import { applyPlan, snapshotOf } from "../src/hosts/xlsx";
import { names } from "../src/workbook/layout";
import { recompute } from "../src/workbook/recompute";
import { buildGuangzhouSelfEvaluation } from "./support/departmentWorkbooks";

async function withoutTotalLabel(label: string): Promise<ExcelJS.Workbook> {
  const { workbook: built } = buildGuangzhouSelfEvaluation();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await built.xlsx.writeBuffer()) as ArrayBuffer);
  const sheet = workbook.getWorksheet("自评表")!;
  let found = 0;
  sheet.eachRow((row) => {
    const first = (row.values as unknown[])[1];
    if (typeof first === "string" && /^(合计|总分|总计)$/.test(first.trim())) {
      row.getCell(1).value = label;
      found++;
    }
  });
  expect(found).toBe(1);
  return workbook;
}

const refOf = (plan: { names: { name: string; ref: string }[] }, name: string) =>
  plan.names.find((n) => n.name === name)?.ref;

test.each(["=部门名称", "备注"])(
  "a total row labelled %s: our total and our grade are two cells, and recompute twice equals once",
  async (label) => {
    const workbook = await withoutTotalLabel(label);
    const framework = frameworkById("guangzhou")!;
    const first = recompute(snapshotOf(workbook), framework);
    const total = refOf(first.plan, names.total);
    const grade = refOf(first.plan, names.grade);
    expect(total).toBeDefined();
    expect(grade).toBeDefined();
    expect(total).not.toEqual(grade);
    applyPlan(workbook, first.plan);
    const cells = () => JSON.stringify(snapshotOf(workbook).sheets);
    const once = cells();
    applyPlan(workbook, recompute(snapshotOf(workbook), framework).plan);
    expect(cells()).toEqual(once);
    const defined = (name: string) =>
      workbook.definedNames.model.find((n) => n.name === name)?.ranges.join(",");
    expect([defined(names.total), defined(names.grade)]).toEqual([total, grade]);
  }
);
