/**
 * The 绩效指标 sheet end to end: `selfeval template --input` lays a table out and Recompute writes each row's
 * result as live formulas; LibreOffice Calc recalculates the file with every cached result stripped, and every
 * row's completion and score, the table's total, 效果性 and the workbook total must be the engine's. Then the
 * sheet stays live (a number typed as an actual, a weight), keeps a row whose text changed at its last score
 * marked 请重新计算 until the next Recompute, and a department's own table in seed 001's layout is recognized and
 * adopted without changing it.
 */
import { mkdirSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import type { IndicatorRowInput } from "../src/domain/indicatorTable/scoreTable";
import type { Report } from "../src/domain/types";
import { applyPlan, readWorkbook, snapshotOf, writeWorkbook } from "../src/hosts/xlsx";
import { readBackup, restorePlan } from "../src/workbook/backup";
import { namedCells } from "../src/workbook/bindTemplate";
import { recompute, recomputeWorkbook } from "../src/workbook/recompute";
import { applyToSnapshot } from "../src/workbook/applyToSnapshot";
import { planTemplateInsertion } from "../src/workbook/insertTemplate";
import { frameworkById } from "../src/domain/frameworks";
import {
  DIRECTION_TEXT,
  STALE_ROW,
  STALE_TABLE,
  TABLE_COLS,
  TABLE_FIRST_ROW,
  TABLE_SHEET,
  tableNames,
} from "../src/workbook/table/layout";
import { STATUS, totalCellValue } from "../src/workbook/liveFormulas";
import { INPUT_COLS } from "../src/workbook/layout";
import { cellValue, columnLetter, getSheet, parseAddress } from "../src/workbook/snapshot";
import { OWN_RULE_MARKER } from "../src/workbook/writePlan";
import { errorTextFormula } from "../src/workbook/table/departmentCells";
import { recalculate, type CellValue } from "./support/libreoffice";
import { SEED001_TABLE_FIRST, writeSeed001Workbook } from "./support/seed001Workbook";
import { exampleInputs } from "./support/seeds";
import { contents } from "./support/snapshotContents";
import { recomputeFile } from "./support/recomputeFile";
import {
  emptyTextResults,
  stripCachedResults,
  templateFromInputs,
} from "./support/templateWorkbook";
import SEED001_TABLE from "./fixtures/seed001-indicators.json";

const dir = mkdtempSync(join(tmpdir(), "selfeval-table-"));
/** Our cell showing a department's: blank stays blank, an error shows as its code. */
const shows = (ref: string) =>
  `=IF(ISERROR(${ref}),${errorTextFormula(ref)},IF(ISBLANK(${ref}),"",${ref}))`;
const FED = tableNames.total("effectivenessScore");

/** seed 000's inputs with 效果性 left blank, so the table feeds it. */
const inputs = () => {
  const { effectivenessScore, ...rest } = exampleInputs("seed000");
  void effectivenessScore;
  return rest;
};

const seed001Rows = SEED001_TABLE as IndicatorRowInput[];
const withActual = (name: string, actual: unknown) =>
  seed001Rows.map((r) => (r.name === name ? { ...r, actual } : r));

/** Every form the sheet must compute: 万元, equality, reverse, a tier, 不适用, numbers typed as numbers, weights. */
const MIXED: IndicatorRowInput[] = [
  {
    group: "产出指标 · 数量指标",
    name: "追回资金",
    target: "≥400万元",
    actual: "410万元",
    weight: 3,
  },
  { group: "产出指标 · 质量指标", name: "验收合格率", target: "=100%", actual: "99.2%", weight: 2 },
  {
    group: "产出指标 · 时效指标",
    name: "超时次数",
    target: "≤3次",
    actual: "5次",
    weight: 1,
    reason: "系统升级期间延误",
  },
  {
    group: "效益指标 · 社会效益指标",
    name: "群众满意",
    target: "提升",
    actual: "有所提升",
    tier: "部分达成",
  },
  { group: "效益指标 · 经济效益指标", name: "经济效益", target: "不适用", actual: "不适用" },
  { group: "效益指标 · 社会效益指标", name: "流向图", target: "300张", actual: 250, weight: 1.5 },
  { group: "满意度指标 · 服务对象满意度指标", name: "接听率", target: "≥90%", actual: 0.85 },
];

const cases: { name: string; rows: IndicatorRowInput[] }[] = [
  { name: "seed001", rows: seed001Rows },
  { name: "seed001-unmet", rows: withActual("反诈专线96110接警有效接听率", "81%") },
  { name: "mixed", rows: MIXED },
  {
    name: "unreadable",
    rows: [
      ...MIXED.slice(0, 2),
      { name: "其他工作", target: "按要求完成相关工作", actual: "已完成" },
    ],
  },
];

const cell = (row: number, col: number) => `${columnLetter(col)}${row + 1}`;

/**
 * What a recalculated file shows: a formula's result, "" where the spreadsheet computed the empty text (which
 * ExcelJS reads as no result), null for a cell without a value.
 */
async function shownValues(file: string) {
  const { snapshot } = await readWorkbook(file);
  const emptyText = new Map<string, Set<string>>();
  const at = async (sheet: string, a: string): Promise<CellValue> => {
    if (!emptyText.has(sheet)) emptyText.set(sheet, await emptyTextResults(file, sheet));
    if (emptyText.get(sheet)!.has(a)) return "";
    const { row, col } = parseAddress(a);
    const v = cellValue(getSheet(snapshot, sheet)!, row, col);
    return v !== null && typeof v === "object" ? v.error : v;
  };
  const refs = namedCells(snapshot);
  const named = (name: string) => {
    const ref = refs.get(name)!;
    return at(ref.sheet, cell(ref.row, ref.col));
  };
  return { at, named };
}

const blankOr = (v: number | null) => (v === null ? "" : v);

interface Built {
  report: Report;
  file: string;
  recalculated: string;
  shown: Awaited<ReturnType<typeof shownValues>>;
}
const built = new Map<string, Built>();

beforeAll(async () => {
  const files: string[] = [];
  const reports: Report[] = [];
  for (const c of cases) {
    const file = join(dir, `${c.name}.xlsx`);
    const { report } = await templateFromInputs(
      { ...inputs(), indicators: c.rows },
      join(dir, `${c.name}.json`),
      file
    );
    await stripCachedResults(file);
    files.push(file);
    reports.push(report);
  }
  const outputs = await recalculate(files, join(dir, "lo"));
  for (const [i, c] of cases.entries())
    built.set(c.name, {
      report: reports[i],
      file: files[i],
      recalculated: outputs[i],
      shown: await shownValues(outputs[i]),
    });
}, 180_000);

describe("the standard template's 绩效指标 sheet, recalculated by LibreOffice", () => {
  it.each(cases.map((c) => c.name))(
    "%s: every row's completion and score, the table's total, 效果性 and the total are the engine's",
    async (name) => {
      const { report, shown } = built.get(name)!;
      const rows = report.indicatorTable!;
      const c = TABLE_COLS;
      for (const [i, row] of rows.entries()) {
        const completion = await shown.at(TABLE_SHEET, cell(TABLE_FIRST_ROW + i, c.completion));
        const score = await shown.at(TABLE_SHEET, cell(TABLE_FIRST_ROW + i, c.score));
        // A 不适用 row has no formulas; a row that counts but cannot be scored computes "".
        const notApplicable = row.direction === "na" && row.weight === 0;
        const blank = notApplicable ? null : "";
        expect([row.name, score]).toEqual([row.name, row.score ?? blank]);
        if (row.completion === null) expect([row.name, completion]).toEqual([row.name, blank]);
        else expect(completion).toBeCloseTo(row.completion, 4);
      }
      const effectiveness = report.indicators.find((r) => r.id === "effectiveness")!;
      expect(await shown.named(FED)).toEqual(blankOr(effectiveness.score));
      expect(await shown.named("score_effectiveness")).toEqual(blankOr(effectiveness.score));
      expect(await shown.named("score_total")).toBe(totalCellValue(report.total, report.complete));
      expect(await shown.named("ok_effectivenessScore")).toBe(effectiveness.score !== null);
    }
  );

  it("seed 001's whole table gives 效果性 25 and seed 000's total 95.97, 基础数据 showing where 效果性 comes from", async () => {
    const { report, recalculated } = built.get("seed001")!;
    expect(report.errors).toEqual([]);
    expect(report.total).toBe(95.97);
    expect(report.indicators.find((r) => r.id === "effectiveness")!.score).toBe(25);
    const workbook = await readWorkbook(recalculated);
    const ref = namedCells(workbook.snapshot).get("effectivenessScore")!;
    const status = workbook.snapshot.sheets.find((s) => s.name === ref.sheet)!.values[ref.row][
      ref.col + 2
    ];
    expect(status).toBe("按绩效指标表");
  });

  it("an unmet target without its 偏差原因 is an amber breach naming the row, and the sheet highlights it", async () => {
    const { report, file } = built.get("seed001-unmet")!;
    const breach = report.breaches.find((b) => b.metric === "deviationReason")!;
    expect(breach.severity).toBe("amber");
    expect(breach.cell).toBe(`${TABLE_SHEET}!C${TABLE_FIRST_ROW + 4 + 1}`);
    const effectiveness = report.indicators.find((r) => r.id === "effectiveness")!;
    expect(effectiveness.score).toBe(24.81); // 25 − 25/13 × (1 − 0.81/0.9)
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const rules = (
      workbook.getWorksheet(TABLE_SHEET) as unknown as {
        conditionalFormattings: { ref: string; rules: { formulae?: string[] }[] }[];
      }
    ).conditionalFormattings;
    const formulas = rules.flatMap((r) => r.rules.flatMap((x) => x.formulae ?? []));
    expect(formulas.some((f) => f.includes(OWN_RULE_MARKER) && f.includes("<1"))).toBe(true);
    expect(formulas.some((f) => f.includes("LEN(TRIM($I"))).toBe(true);
  });

  it("a target that cannot be read leaves the table's total and 效果性 blank, with an error naming its row", () => {
    const { report } = built.get("unreadable")!;
    expect(report.errors.map((e) => e.cell)).toContain(`${TABLE_SHEET}!C${TABLE_FIRST_ROW + 3}`);
    expect(report.indicators.find((r) => r.id === "effectiveness")!.score).toBeNull();
  });

  it("the mixed table reads 万元, equality, reverse, a tier, 不适用 and typed numbers as the spec says", () => {
    const rows = built.get("mixed")!.report.indicatorTable!;
    expect(rows.map((r) => [r.direction, r.met])).toEqual([
      ["forward", true],
      ["equal", false],
      ["reverse", false],
      ["qualitative", false],
      ["na", null],
      ["forward", false],
      ["forward", false],
    ]);
    expect(rows[0]).toMatchObject({ target: 400, actual: 410, unit: "万元" });
    expect(rows[6].completion).toBeCloseTo(0.85 / 0.9, 4); // 0.85 typed in a % cell is 85%
  });
});

describe("the sheet stays live between Recomputes", () => {
  const c = TABLE_COLS;
  const rowOf = (name: string) => TABLE_FIRST_ROW + seed001Rows.findIndex((r) => r.name === name);

  /** Edits the template built from seed 001's table, recalculates it in LibreOffice, and recomputes it too. */
  async function edit(name: string, change: (ws: ExcelJS.Worksheet) => void) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(built.get("seed001")!.file);
    change(workbook.getWorksheet(TABLE_SHEET)!);
    const file = join(dir, `${name}.xlsx`);
    await workbook.xlsx.writeFile(file);
    await stripCachedResults(file);
    const [out] = await recalculate([file], join(dir, `lo-${name}`));
    const engine = recompute(snapshotOf(workbook), shenzhen).report;
    const shown = await shownValues(out);
    const named: Record<string, CellValue> = {};
    for (const n of [
      FED,
      "score_effectiveness",
      "score_total",
      tableNames.stale("effectivenessScore"),
    ])
      named[n] = await shown.named(n);
    // 效果性's 状态 on 基础数据, beside its value.
    const input = namedCells(snapshotOf(workbook)).get("effectivenessScore")!;
    const status = await shown.at(
      input.sheet,
      cell(input.row, input.col + INPUT_COLS.status - INPUT_COLS.value)
    );
    const direction = (name: string) => shown.at(TABLE_SHEET, cell(rowOf(name), c.direction));
    const score = (name: string) => shown.at(TABLE_SHEET, cell(rowOf(name), c.score));
    return { named, engine, status, direction, score };
  }

  it("a number typed as an actual, and a weight, change the scores as the engine computes them", async () => {
    const { named, engine, direction, status } = await edit("live-number", (ws) => {
      ws.getCell(rowOf("反诈专线96110接警有效接听率") + 1, c.actual + 1).value = 0.5;
      ws.getCell(rowOf("成本控制率") + 1, c.weight + 1).value = 3;
    });
    const effectiveness = engine.indicators.find((r) => r.id === "effectiveness")!.score;
    expect(effectiveness).not.toBe(25);
    expect(effectiveness).not.toBeNull();
    expect(named[FED]).toBe(effectiveness);
    expect(named.score_effectiveness).toBe(effectiveness);
    expect(named.score_total).toBe(engine.total);
    // Numbers are read live: nothing to recompute.
    expect(await direction("反诈专线96110接警有效接听率")).toBe(DIRECTION_TEXT.forward.zh);
    expect(named[tableNames.stale("effectivenessScore")]).toBe("");
    expect(status).toBe(STATUS.fromTable);
  }, 120_000);

  it("a text edited since Recompute keeps its row's last score, says 请重新计算 there, and 效果性 stays what 说明 explains", async () => {
    const dna = "总DNA数据库建库数";
    const qualitative = "追赃挽损电诈涉案资金能力";
    const { named, engine, status, direction, score } = await edit("changed-text", (ws) => {
      ws.getCell(rowOf(dna) + 1, c.target + 1).value = "≥50万人份";
      // A qualitative row scored because its actual said what its target says, now saying something else.
      ws.getCell(rowOf(qualitative) + 1, c.actual + 1).value = "有所提升";
    });
    const before = built.get("seed001")!.report;
    const lastScore = (name: string) => before.indicatorTable!.find((r) => r.name === name)!.score;
    // Each edited row: its last score, marked; the rows around it as they were.
    expect(await direction(dna)).toBe(STALE_ROW.zh);
    expect(await score(dna)).toBe(lastScore(dna));
    expect(await direction(qualitative)).toBe(STALE_ROW.zh);
    expect(await score(qualitative)).toBe(lastScore(qualitative));
    expect(await direction("年鉴定指纹比对作业数量")).toBe(DIRECTION_TEXT.forward.zh);
    // The table's total and 效果性 stay the 25 the explanations give, and say the table changed.
    expect(named[FED]).toBe(25);
    expect(named.score_effectiveness).toBe(25);
    expect(named.score_total).toBe(before.total);
    expect(named[tableNames.stale("effectivenessScore")]).toBe(STALE_TABLE.zh);
    expect(status).toBe(STATUS.tableChanged);
    // Recompute reads the new text: 47.7 of 50 万 → 25 − 25/13 × (1 − 0.954), and the new actual.
    expect(engine.indicators.find((r) => r.id === "effectiveness")!.score).not.toBe(25);
    expect(engine.indicatorTable!.find((r) => r.name === dna)!.score).toBeCloseTo(
      (25 / 13) * (47.7 / 50),
      2
    );
  }, 120_000);
});

describe("a department's own 年度绩效指标完成情况 table (seed 001's layout)", () => {
  /** 为打拐…提供线索和证据 and 实验室检验污水处理出水水质: targets in prose, judged by the user's tier. */
  const QUALITATIVE_IN_PROSE = [9, 11];
  const original = join(dir, "seed001-own.xlsx");
  const first = join(dir, "seed001-own-1.xlsx");
  const tiered = join(dir, "seed001-own-tiered.xlsx");
  const second = join(dir, "seed001-own-2.xlsx");

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    await writeSeed001Workbook(original, { indicatorTable: true });
  });

  it("is adopted: a 绩效指标 sheet refers to its cells, which stay as they were", async () => {
    const before = (await readWorkbook(original)).snapshot;
    const result = await recomputeFile(original, first);
    const after = (await readWorkbook(first)).snapshot;
    const now = contents(after);
    for (const [where, content] of Object.entries(contents(before)))
      expect([where, now[where]]).toEqual([where, content]);
    const table = after.sheets.find((s) => s.name === TABLE_SHEET)!;
    expect(table.formulas[TABLE_FIRST_ROW][TABLE_COLS.name]).toBe(
      shows(`'自评表'!D${SEED001_TABLE_FIRST}`)
    );
    expect(result.report.indicatorTable).toHaveLength(16);
    // Its two qualitative rows in prose need the user's tier, on our sheet.
    const asked = result.report.errors.filter((e) => e.input.startsWith("indicators["));
    expect(asked.map((e) => e.cell)).toEqual(
      QUALITATIVE_IN_PROSE.map((i) => `${TABLE_SHEET}!C${TABLE_FIRST_ROW + i + 1}`)
    );
  });

  it("with the two tiers chosen on the 绩效指标 sheet, 效果性 is 25 from the table, in LibreOffice too", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(first);
    const ws = workbook.getWorksheet(TABLE_SHEET)!;
    for (const i of QUALITATIVE_IN_PROSE)
      ws.getCell(TABLE_FIRST_ROW + i + 1, TABLE_COLS.tier + 1).value = "达成";
    await workbook.xlsx.writeFile(tiered);
    const result = await recomputeFile(tiered, second);
    expect(result.report.errors.filter((e) => e.input.startsWith("indicators["))).toEqual([]);
    expect(result.report.indicators.find((r) => r.id === "effectiveness")!.score).toBe(25);
    await stripCachedResults(second);
    const [out] = await recalculate([second], join(dir, "lo-own"));
    const shown = await shownValues(out);
    expect(await shown.named(FED)).toBe(25);
    expect(await shown.named("score_effectiveness")).toBe(25);
  }, 120_000);

  it("a standard template inserted beside it, its 绩效指标 sheet left empty, says where the department's table is", async () => {
    const { snapshot } = await readWorkbook(original);
    const insertion = planTemplateInsertion(snapshot, shenzhen);
    const withTemplate = insertion.plans.reduce(applyToSnapshot, snapshot);
    const report = recompute(withTemplate, shenzhen).report;
    const effectiveness = report.errors.find((e) => e.input === "effectivenessScore")!;
    expect(effectiveness.message).toContain(
      `在“自评表”第 ${SEED001_TABLE_FIRST - 1} 行有本单位的绩效指标表，可把它的各行复制到“绩效指标”表`
    );
  });

  it("撤销 removes the 绩效指标 sheet it added", async () => {
    const { workbook, snapshot } = await readWorkbook(first);
    applyPlan(workbook, restorePlan(snapshot, readBackup(snapshot)!));
    expect(workbook.getWorksheet(TABLE_SHEET)).toBeUndefined();
  });
});

describe("广州's tables in a department's own workbook (seeds 003 and 004)", () => {
  /** A 广州-style score sheet, and seed 003's 年度主要工作任务 table (its four tasks, 完成情况 shortened). */
  async function seed003Workbook(path: string) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("自评表");
    sheet.addRow(["一级指标", "二级指标", "三级指标", "分值", "自评得分"]);
    for (const i of frameworkById("guangzhou")!.indicators)
      sheet.addRow([i.level1.zh, i.level2.zh, i.name.zh, i.max, i.max]);
    const tasks = workbook.addWorksheet("主要工作任务");
    tasks.addRow(["2024 年部门年度主要工作任务"]);
    tasks.addRow(["年度主要工作任务", "年度绩效目标", "完成情况"]);
    tasks.addRow([
      "强化重点场所与人员管控，维护社会治安稳定",
      "重点人员监控率 100%；本地户籍吸毒人员管控到位；监所非自然死亡事故 0 发生。",
      "一是建立“区社会稳定风险防范中心”……2024年度监所非自然死亡事故 0 发生。",
    ]);
    tasks.addRow([
      "推进公安“放管服”改革，提升服务群众水平",
      "自助办证设备全覆盖；政务网及 12345 政务热线全办结。",
      "一是坚持便民利企，入选“一窗通办”扩容提质试点单位……",
    ]);
    tasks.addRow([
      "打击整治违法犯罪案件，维护社会公共安全",
      "案件警情数同比下降；视频系统协助破案率高；刑事案件现场勘察率达标。",
      "一是实现警情立案、破案率处理数“两降两升”的良好局面……",
    ]);
    tasks.addRow([
      "落实道路交通安全管理，改善交通安全环境",
      "交通隐患排查整改率 100%；电警设备及交通信号灯设备正常运行。",
      "2024 年度升级改造护栏约五千米……",
    ]);
    await workbook.xlsx.writeFile(path);
  }

  it("seed 003's 年度主要工作任务 table is adopted: each task asks for its tier, and with 达成 履职效能 is 50 from the table", async () => {
    const original = join(dir, "seed003-own.xlsx");
    await seed003Workbook(original);
    const first = join(dir, "seed003-own-1.xlsx");
    const { workbook, snapshot } = await readWorkbook(original);
    const result = recomputeWorkbook(snapshot, undefined);
    expect(result.choice.framework.id).toBe("guangzhou");
    applyPlan(workbook, result.plan);
    await writeWorkbook(workbook, first);
    expect(result.report.indicatorTable!.map((r) => r.name)).toEqual([
      "强化重点场所与人员管控，维护社会治安稳定",
      "推进公安“放管服”改革，提升服务群众水平",
      "打击整治违法犯罪案件，维护社会公共安全",
      "落实道路交通安全管理，改善交通安全环境",
    ]);
    // Several targets to a cell are not guessed at: each task asks for the user's judgement.
    const asked = result.report.errors.filter((e) => e.input.startsWith("indicators["));
    expect(asked).toHaveLength(4);
    expect(asked.every((e) => e.cell!.startsWith(`${TABLE_SHEET}!C`))).toBe(true);

    const tiered = new ExcelJS.Workbook();
    await tiered.xlsx.readFile(first);
    for (let i = 0; i < 4; i++)
      tiered
        .getWorksheet(TABLE_SHEET)!
        .getCell(TABLE_FIRST_ROW + i + 1, TABLE_COLS.tier + 1).value = "达成";
    const second = join(dir, "seed003-own-2.xlsx");
    await tiered.xlsx.writeFile(second);
    const again = recomputeWorkbook((await readWorkbook(second)).snapshot, undefined);
    expect(again.choice.how).toBe("stored");
    expect(again.report.errors.filter((e) => e.input.startsWith("indicators["))).toEqual([]);
    expect(again.report.indicators.find((r) => r.id === "dutyPerformance")!.score).toBe(50);
  });

  it("seed 004's table of 年度指标值 only: the actual is typed on our sheet, not referred to", async () => {
    const path = join(dir, "seed004-own.xlsx");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("自评表");
    sheet.addRow(["一级指标", "二级指标", "三级指标", "分值", "自评得分"]);
    for (const i of frameworkById("guangzhou")!.indicators)
      sheet.addRow([i.level1.zh, i.level2.zh, i.name.zh, i.max, i.max]);
    sheet.addRow([]);
    sheet.addRow(["一级指标", "二级指标", "三级指标", "年度指标值"]);
    sheet.addRow(["产出指标", "数量指标", "共护校园数", 263]);
    sheet.addRow(["", "成本指标", "公安热线办结率", "100%"]);
    await workbook.xlsx.writeFile(path);
    const { snapshot } = await readWorkbook(path);
    const result = recomputeWorkbook(snapshot, undefined);
    const table = result.plan.sheets.find((s) => s.name === TABLE_SHEET)!;
    const actual = table.cells.find(
      (c) => c.row === TABLE_FIRST_ROW && c.col === TABLE_COLS.actual
    )!;
    expect(actual).toMatchObject({ value: null, style: "inputText" });
    expect(
      table.cells.find((c) => c.row === TABLE_FIRST_ROW && c.col === TABLE_COLS.target)!.formula
    ).toBe(shows(`'自评表'!D12`));
    expect(result.report.indicatorTable!.map((r) => [r.name, r.target])).toEqual([
      ["共护校园数", 263],
      ["公安热线办结率", 1],
    ]);
  });
});
