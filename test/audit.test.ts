/**
 * `selfeval audit` over a folder of 51 workbooks, in-process: templates built from seed 000 with varied inputs
 * (some carrying the department's own scores), department sheets in seed 001's layout, a corrupt file and a
 * workbook without a score sheet, an Excel lock file and a text file (listed, with why they were not checked), a
 * sub-folder to walk into.
 */
import { randomBytes } from "crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { main } from "../src/cli/main";
import type { CliIO } from "../src/cli/io";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { excelRound } from "../src/domain/excelMath";
import type { AuditEntry } from "../src/workbook/auditSummary";
import { SEED001_SELF_TOTAL, writeSeed001Workbook } from "./support/seed001Workbook";
import { exampleInputs } from "./support/seeds";
import { mulberry32 } from "./support/random";
import { fingerprints } from "./support/fingerprints";

const TEMPLATES = 45;
const SEED001_SHEETS = 4;
const WORKBOOKS = TEMPLATES + SEED001_SHEETS + 2; // + the corrupt file + the workbook without a score sheet
const TOTAL = WORKBOOKS + 2; // + the lock file and 说明.txt: every file found is listed

const root = mkdtempSync(join(tmpdir(), "selfeval-audit-"));
const dir = join(root, "各单位");
const sub = join(dir, "下属单位");
const deeper = join(sub, "二级");
const inputsDir = join(root, "inputs");
const summary = join(root, "汇总.xlsx");
const corrupt = join(dir, "00-损坏.xlsx");
const noScoreSheet = join(dir, "01-无评分表.xlsx");
const lockFile = join(sub, "~$x.xlsx");
const textFile = join(sub, "说明.txt");

interface Generated {
  file: string;
  department: string;
  inputs: Record<string, unknown>;
  selfScores?: Record<string, number>;
}
const templates: Generated[] = [];
const seed001Files: string[] = [];

function capture(withProgress = false) {
  const out = { stdout: "", stderr: "", progress: [] as string[] };
  const io: CliIO = {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    ...(withProgress ? { progress: (t: string) => out.progress.push(t) } : {}),
  };
  return { out, io };
}

const pct = (x: number) => `${x.toFixed(2)}%`;

beforeAll(async () => {
  for (const d of [deeper, inputsDir]) mkdirSync(d, { recursive: true });
  const random = mulberry32(20240601);
  const base = exampleInputs("seed000");
  for (let i = 1; i <= TEMPLATES; i++) {
    const department = `单位${String(i).padStart(2, "0")}`;
    const q1 = 10 + random() * 20;
    const q2 = q1 + random() * 25;
    const q3 = q2 + random() * 25;
    const q4 = Math.min(100, q3 + random() * 30);
    const adjustment = random() * 150000;
    const inputs: Record<string, unknown> = {
      ...base,
      adjustmentTotal:
        i % 3 === 0
          ? adjustment.toLocaleString("en-US", { maximumFractionDigits: 2 })
          : Number(adjustment.toFixed(2)),
      contractStaff: Math.floor(random() * 900),
      satisfaction: pct(70 + random() * 30),
      q1Progress: pct(q1),
      q2Progress: pct(q2),
      q3Progress: pct(q3),
      q4Progress: pct(q4),
    };
    let selfScores: Record<string, number> | undefined;
    if (i % 4 === 1) {
      // The department's own scores: the rule's score, except a full score claimed on satisfaction.
      const report = scoreFramework(shenzhen, inputs);
      selfScores = Object.fromEntries(
        report.indicators.map((r) => [r.id, r.id === "satisfaction" ? r.max : (r.score ?? 0)])
      );
    }
    const json = join(inputsDir, `${department}.json`);
    writeFileSync(json, JSON.stringify({ ...inputs, departmentName: department, selfScores }));
    const folder = i % 5 === 0 ? sub : i % 7 === 0 ? deeper : dir;
    const file = join(folder, `${department}.xlsx`);
    const { io } = capture();
    const code = await main(["template", "--input", json, "-o", file, "--json"], io);
    expect(code).toBe(0);
    templates.push({ file, department, inputs, ...(selfScores ? { selfScores } : {}) });
  }
  for (let i = 1; i <= SEED001_SHEETS; i++) {
    const file = join(i % 2 ? sub : deeper, `刑警支队-${i}.xlsx`);
    await writeSeed001Workbook(file);
    seed001Files.push(file);
  }
  writeFileSync(corrupt, randomBytes(4096));
  const plain = new ExcelJS.Workbook();
  plain.addWorksheet("Sheet1").getCell("A1").value = "会议记录";
  await plain.xlsx.writeFile(noScoreSheet);
  writeFileSync(lockFile, randomBytes(162));
  writeFileSync(textFile, "不是工作簿");
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("selfeval audit over a folder", () => {
  let code: number;
  let out: ReturnType<typeof capture>["out"];
  let entries: AuditEntry[];
  let before: Map<string, string>;

  beforeAll(async () => {
    before = fingerprints(dir);
    const run = capture();
    out = run.out;
    code = await main(["audit", dir, "-o", summary, "--json"], run.io);
    entries = (JSON.parse(out.stdout) as { workbooks: AuditEntry[] }).workbooks;
  }, 120_000);

  const entryOf = (file: string) => {
    const entry = entries.find((e) => e.file === file);
    if (!entry) throw new Error(`no entry for ${file}`);
    return entry;
  };

  it("lists every file under the folder and its sub-folders, the lock file and the text file with why not", () => {
    expect(entries).toHaveLength(TOTAL);
    expect(new Set(entries.map((e) => e.file))).toEqual(
      new Set([
        ...templates.map((t) => t.file),
        ...seed001Files,
        corrupt,
        noScoreSheet,
        lockFile,
        textFile,
      ])
    );
    expect(entryOf(lockFile).failure).toBe(
      "是 Excel 或 WPS 打开工作簿时留下的临时锁定文件（~$ 开头），不是工作簿；请选择不带 ~$ 的原文件"
    );
    expect(entryOf(textFile).failure).toBe(
      "是文本文件，只有数据，没有评分表的格式；请在 Excel 或 WPS 中打开后另存为 .xlsx"
    );
    // Each workbook read is scored under its own framework: 深圳's, saved in the templates, told in seed 001's names.
    expect(entries.filter((e) => !e.failure).every((e) => e.framework === "shenzhen")).toBe(true);
  });

  it("exits 1 because some workbooks could not be checked; nothing on stderr", () => {
    expect(code).toBe(1);
    expect(out.stderr).toBe("");
  });

  it("computes each template's total as the engine does for its inputs, under its department", () => {
    for (const t of templates) {
      // The department's own scores change no score, but one that differs from the rule's is a breach too.
      const report = scoreFramework(shenzhen, t.inputs, { selfScores: t.selfScores ?? {} });
      expect(report.total).toBe(scoreFramework(shenzhen, t.inputs).total);
      const entry = entryOf(t.file);
      expect(entry.failure).toBeUndefined();
      expect(entry).toMatchObject({
        department: t.department,
        total: report.total,
        grade: report.grade,
        complete: report.complete,
        scored: report.scored,
        indicatorCount: report.indicatorCount,
        errors: report.errors.length,
      });
      expect(entry.breaches.map((b) => b.metric).sort()).toEqual(
        report.breaches.map((b) => b.metric).sort()
      );
    }
    // The inputs vary enough to matter.
    expect(new Set(templates.map((t) => entryOf(t.file).total)).size).toBeGreaterThan(10);
  });

  it("reports the self-reported total and each score that differs from the rule's", () => {
    const withSelf = templates.filter((t) => t.selfScores);
    expect(withSelf.length).toBeGreaterThanOrEqual(10);
    for (const t of templates) {
      const entry = entryOf(t.file);
      if (!t.selfScores) {
        expect(entry.selfTotal).toBeUndefined();
        expect(entry.differences).toEqual([]);
        continue;
      }
      const sum = Object.values(t.selfScores).reduce((a, b) => a + b, 0);
      expect(entry.selfTotal).toBeCloseTo(sum, 2);
      const report = scoreFramework(shenzhen, t.inputs);
      const satisfaction = report.indicators.find((r) => r.id === "satisfaction")!;
      expect(entry.differences).toEqual(
        satisfaction.score !== null && Math.abs(satisfaction.max - satisfaction.score) >= 0.005
          ? [{ name: satisfaction.name, self: satisfaction.max, computed: satisfaction.score }]
          : []
      );
    }
    expect(withSelf.some((t) => entryOf(t.file).differences.length > 0)).toBe(true);
  });

  it("recognizes a department's own sheet in seed 001's layout: its department and reported total", () => {
    // That sheet has the department's scores but none of the inputs: the engine scores nothing, so there is
    // no computed score to differ from (财务合规性's self 3 included), and every missing input is an error.
    const blank = scoreFramework(shenzhen, {});
    for (const file of seed001Files) {
      const entry = entryOf(file);
      expect(entry.failure).toBeUndefined();
      expect(entry).toMatchObject({
        department: "深圳市公安局刑事警察支队",
        selfTotal: SEED001_SELF_TOTAL,
        total: blank.total,
        complete: false,
        // an empty 基础数据 is not graded 差: it is not graded at all
        grade: null,
        scored: 0,
        indicatorCount: 21,
        errors: blank.errors.length,
        differences: [],
      });
      expect(entry.errors).toBeGreaterThan(0);
    }
  });

  it("reports the corrupt file and the workbook without a score sheet in Chinese, and goes on", () => {
    const bad = entryOf(corrupt);
    const none = entryOf(noScoreSheet);
    expect(bad.failure).toMatch(/^[\u4e00-\u9fff]/);
    expect(bad.failure).toBe("已损坏，或并不是工作簿（内容无法识别）；请重新获取该文件");
    expect(none.failure).toMatch(/^没有找到评分表/);
    for (const e of [bad, none]) expect(e).toMatchObject({ breaches: [], differences: [] });
    // The corrupt file comes first: everything after it was still checked.
    expect(entries[0].file).toBe(corrupt);
    expect(entries.filter((e) => e.failure)).toHaveLength(4);
  });

  it("never changes the workbooks it reads", () => {
    expect(fingerprints(dir)).toEqual(before);
  });

  it("writes 汇总 (one row per workbook) and 问题明细 (one row per breach)", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(summary);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["汇总", "问题明细"]);
    const sheet = workbook.getWorksheet("汇总")!;
    expect(sheet.rowCount).toBe(TOTAL + 1);
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1, 9)).toEqual([
      "序号",
      "文件",
      "部门",
      "评分框架",
      "自评总分",
      "计算总分",
      "差额",
      "等级",
    ]);
    expect(header[14]).toBe("无法检查的原因");
    expect(header[15]).toBe("说明");
    // ExcelJS row values are 1-based: [, 序号, 文件, 部门, …].
    const rowValues = (n: number) => sheet.getRow(n).values as unknown[];
    entries.forEach((e, i) => {
      const cell = rowValues(i + 2);
      expect(cell[1]).toBe(i + 1);
      expect(cell[2]).toBe(e.file);
      expect(cell[3] ?? "").toBe(e.department ?? "");
      expect(cell[5] ?? null).toBe(e.selfTotal ?? null);
      expect(cell[6] ?? null).toBe(e.total ?? null);
      // 差额 only against a complete total.
      expect(cell[7] ?? null).toBe(
        e.complete && e.selfTotal !== undefined && e.total !== undefined
          ? excelRound(e.selfTotal - e.total, 2)
          : null
      );
      // A grade only when every indicator was scored; else 待计分, and 否 says how many are.
      expect(cell[8] ?? "").toBe(e.failure ? "" : e.complete ? e.grade : "待计分");
      expect(cell[9] ?? "").toBe(
        e.failure ? "" : e.complete ? "是" : `否（已计分 ${e.scored} / ${e.indicatorCount}）`
      );
      expect(cell[14] ?? "").toBe(e.failure ?? "");
    });
    const t = templates[0];
    const first = rowValues(entries.findIndex((e) => e.file === t.file) + 2);
    expect(first[3]).toBe(t.department);
    expect(first[6]).toBe(scoreFramework(shenzhen, t.inputs).total);

    const detail = workbook.getWorksheet("问题明细")!;
    const breaches = entries.flatMap((e) => e.breaches.map((b) => ({ e, b })));
    expect(breaches.length).toBeGreaterThan(0);
    expect(detail.rowCount).toBe(breaches.length + 1);
    expect((detail.getRow(1).values as unknown[]).slice(1)).toEqual([
      "文件",
      "部门",
      "级别",
      "问题",
      "单元格",
    ]);
    breaches.forEach(({ e, b }, i) => {
      const values = (detail.getRow(i + 2).values as unknown[]).slice(1);
      expect(values[0]).toBe(e.file);
      expect(values[1] ?? "").toBe(e.department ?? "");
      expect(values[2]).toBe(b.severity === "red" ? "红" : "黄");
      expect(values[3]).toBe(b.message);
    });
  });
});

describe("selfeval audit progress and language", () => {
  it("prints no progress bar without a terminal (io without progress)", async () => {
    const { out, io } = capture();
    const code = await main(["audit", dir, "-o", join(root, "汇总-2.xlsx")], io);
    expect(code).toBe(1);
    expect(out.stdout + out.stderr).not.toMatch(/\r|\[#|\d+\/53/);
    expect(out.stdout).toBe(
      `共 ${TOTAL} 个文件：检查了 ${WORKBOOKS - 2} 个工作簿，4 个无法检查，${SEED001_SHEETS} 个有输入问题，` +
        out.stdout.match(/(\d+) 个红色问题/)![1] +
        ` 个红色问题。汇总已写入 ${join(root, "汇总-2.xlsx")}\n`
    );
  }, 120_000);

  it("redraws a progress line n/53 on a terminal", async () => {
    const { out, io } = capture(true);
    const code = await main(["audit", dir, "--json"], io);
    expect(code).toBe(1);
    expect(out.progress).toHaveLength(TOTAL + 1);
    out.progress.forEach((line, n) => {
      expect(line.startsWith("\r[")).toBe(true);
      expect(line).toContain(` ${n}/${TOTAL} `);
    });
    expect(out.progress[TOTAL]).toMatch(/^\r\[#{24}\] 53\/53 .*\n$/);
    // The progress goes to its own channel: stdout is still one JSON object.
    expect(JSON.parse(out.stdout).workbooks).toHaveLength(TOTAL);
  }, 120_000);

  it("speaks English with --lang en, failures included", async () => {
    const { out, io } = capture();
    const code = await main(
      ["audit", corrupt, noScoreSheet, "-o", join(root, "summary-en.xlsx"), "--lang", "en"],
      io
    );
    expect(code).toBe(1);
    expect(out.stdout).toContain("2 files: checked 0 workbooks, 2 could not be checked");
    const { out: jsonOut, io: jsonIo } = capture();
    await main(["audit", corrupt, noScoreSheet, "--json", "--lang", "en"], jsonIo);
    const [bad, none] = (JSON.parse(jsonOut.stdout) as { workbooks: AuditEntry[] }).workbooks;
    expect(bad.failure).toBe(
      "is damaged, or not a workbook at all (its content is unknown); get the file again"
    );
    expect(bad.failure).not.toMatch(/[\u4e00-\u9fff]/);
    expect(none.failure).toMatch(/^No score sheet found/);
  });

  it("does not audit its own summary written into the folder it checks", async () => {
    const folder = join(root, "自查");
    mkdirSync(folder);
    const one = join(folder, "单位.xlsx");
    await main(
      ["template", "--input", join(__dirname, "..", "examples", "seed000.json"), "-o", one],
      capture().io
    );
    const summary = join(folder, "汇总.xlsx");
    const first = capture();
    expect(await main(["audit", folder, "-o", summary, "--json"], first.io)).toBe(0);
    const second = capture();
    expect(await main(["audit", folder, "-o", summary, "--json"], second.io)).toBe(0);
    expect(JSON.parse(second.out.stdout).workbooks.map((w: { file: string }) => w.file)).toEqual([
      one,
    ]);
  });

  it("lists a folder holding only a lock file, and fails plainly on an empty folder", async () => {
    const lockOnly = join(root, "只有锁文件");
    mkdirSync(lockOnly);
    writeFileSync(join(lockOnly, "~$锁.xlsx"), "lock");
    const { out, io } = capture();
    expect(await main(["audit", lockOnly, "--json"], io)).toBe(1);
    expect(JSON.parse(out.stdout).workbooks).toEqual([
      expect.objectContaining({
        file: join(lockOnly, "~$锁.xlsx"),
        failure: expect.stringContaining("临时锁定文件"),
      }),
    ]);
    const empty = join(root, "空");
    mkdirSync(empty);
    const none = capture();
    expect(await main(["audit", empty, "--json"], none.io)).toBe(2);
    expect(none.out.stderr).toBe(`selfeval: 没有找到任何文件：${empty}\n`);
  });
});
