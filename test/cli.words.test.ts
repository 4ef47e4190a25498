/**
 * The words of the command line and the pane (issue 16 item 4): English that is grammatical (1 point, 0.5 points,
 * 1 red breach, percentage points for the difference of two percentages), a workbook's cells in the workbook's
 * language whatever --lang says (English only with --sheet-lang en), and one success line per command.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import fc from "fast-check";
import { describeMetric } from "../src/domain/exprWords";
import { frameworkById } from "../src/domain/frameworks";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { enPercentagePoints, enPoints, plural } from "../src/domain/i18n";
import { scoreFramework } from "../src/domain/score";
import type { Report } from "../src/domain/types";
import { readWorkbook } from "../src/hosts/xlsx";
import { STRINGS } from "../src/taskpane/strings";
import { shenzhenCase } from "./support/arbitraries";
import { runCli } from "./support/cli";

const ROOT = join(__dirname, "..");
const example = (name: string) => join(ROOT, "examples", name);
const dir = mkdtempSync(join(tmpdir(), "selfeval-words-"));
const at = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Nouns the English messages count, with their plurals. */
const NOUNS: [string, string][] = [
  ["point", "points"],
  ["percentage point", "percentage points"],
  ["breach", "breaches"],
  ["cell", "cells"],
  ["row", "rows"],
  ["indicator", "indicators"],
  ["file", "files"],
  ["workbook", "workbooks"],
  ["mistake", "mistakes"],
  ["item", "items"],
  ["figure", "figures"],
  ["target", "targets"],
  ["argument", "arguments"],
];

/** Count mistakes in English text: "1 points", "2 point", "(s)", a difference of percentages in plain points. */
function grammarMistakes(text: string): string[] {
  const found: string[] = [];
  for (const [one, many] of NOUNS) {
    const number = String.raw`(?<![\w.,])[−-]?(\d+(?:\.\d+)?) (?:red |amber )?`;
    for (const m of text.matchAll(new RegExp(`${number}${one}\\b(?!s\\b|es\\b)`, "g")))
      if (!/^1$/.test(m[1])) found.push(m[0]);
    for (const m of text.matchAll(new RegExp(`${number}${many}\\b`, "g")))
      if (/^1$/.test(m[1])) found.push(m[0]);
  }
  for (const m of text.matchAll(/(?<![\w.,])1 (?!of\b|is\b|was\b|has\b)[a-z]+s\b/g))
    found.push(m[0]);
  for (const m of text.matchAll(/%[^;:\n]*? by [\d.]+ points\b/g)) found.push(m[0]);
  for (const m of text.matchAll(/\w\(s\)/g)) found.push(m[0]);
  return found;
}

const reportWords = (r: Report): string[] => [
  ...r.indicators.map((i) => i.explanation),
  ...r.breaches.map((b) => b.message),
  ...r.errors.map((e) => e.message),
  ...(r.indicatorTable ?? []).map((t) => t.explanation),
];

describe("English counts", () => {
  it("the mistake finder finds what it is for", () => {
    expect(
      grammarMistakes("full 1 points; 0.5 point; 1 red breaches; by 7.63 points: x; 3 mistake(s)")
    ).toEqual(expect.arrayContaining(["1 points", "0.5 point", "1 red breaches", "3 mistake"]));
    expect(
      grammarMistakes("adjustment 17.63% exceeds the 10% limit by 7.63 points: −0.76")
    ).toHaveLength(1);
    expect(
      grammarMistakes("1 point, 0 points, 1.5 points, 1 red breach, 2 of 3 points, item 1 not met")
    ).toEqual([]);
  });

  it.each([
    [0, "0 points", "0 cells", "0 red breaches"],
    [1, "1 point", "1 cell", "1 red breach"],
    [2, "2 points", "2 cells", "2 red breaches"],
    [0.5, "0.5 points", "0.5 cells", "0.5 red breaches"],
    [1.5, "1.5 points", "1.5 cells", "1.5 red breaches"],
  ])("%s: %s, %s, %s", (n, points, cells, breaches) => {
    expect(enPoints(n)).toBe(points);
    expect(plural(n, "cell")).toBe(cells);
    expect(plural(n, "red breach")).toBe(breaches);
  });

  it("points are counted as shown (1.001 shows as 1), percentage points likewise", () => {
    expect(enPoints(1.001)).toBe("1 point");
    expect(enPoints(0.996)).toBe("1 point");
    expect(enPercentagePoints(0.0763)).toBe("7.63 percentage points");
    expect(enPercentagePoints(0.01)).toBe("1 percentage point");
    expect(plural(1, "entry")).toBe("1 entry");
    expect(plural(3, "entry")).toBe("3 entries");
  });

  it.each([0, 1, 2])("the pane's counts for %s", (n) => {
    const en = STRINGS.en;
    const said = [
      en.recomputed(n),
      en.undone(n),
      en.indicatorsMet(Math.min(n, 1), n),
      en.indicatorsMet(n, Math.max(n, 1)),
    ];
    expect(said.flatMap(grammarMistakes)).toEqual([]);
    expect(en.recomputed(n)).toBe(`Recomputed; ${n} ${n === 1 ? "cell" : "cells"} changed.`);
  });

  it("every rule's explanation at 0, 0.5, 1, 1.5, 2 points off (county, 广州 deductions)", () => {
    const seed = (name: string) =>
      JSON.parse(readFileSync(example(name), "utf8")) as Record<string, unknown>;
    for (const [framework, inputs, keys] of [
      [
        frameworkById("county")!,
        seed("seed002-county.json"),
        ["inputManagementDeduction", "outputDeduction", "benefitDeduction"],
      ],
      [
        frameworkById("guangzhou")!,
        seed("seed003-guangzhou.json"),
        ["disclosureDeduction", "procurementManagementDeduction"],
      ],
    ] as const)
      for (const off of [0, 0.5, 1, 1.5, 2])
        for (const key of keys) {
          const report = scoreFramework(framework, { ...inputs, [key]: off }, { lang: "en" });
          expect(reportWords(report).flatMap(grammarMistakes)).toEqual([]);
        }
  });

  it("every explanation, breach and error of 深圳's rules over generated inputs", () => {
    fc.assert(
      fc.property(shenzhenCase, ({ raw }) => {
        const mistakes = reportWords(scoreFramework(shenzhen, raw, { lang: "en" })).flatMap(
          grammarMistakes
        );
        if (mistakes.length) throw new Error(mistakes.join(" | "));
      }),
      { numRuns: 200 }
    );
  });

  it("the seeds' reports in English, as text and as JSON", async () => {
    const seeds: [string, string[]][] = [
      ["seed000.json", []],
      ["seed001.json", []],
      ["seed002-county.json", ["--framework", "county"]],
      ["seed003-guangzhou.json", ["--framework", "guangzhou"]],
      ["seed004-project.json", ["--framework", "project"]],
    ];
    let all = "";
    for (const [file, options] of seeds)
      for (const json of [[], ["--json"]]) {
        const r = await runCli([
          "score",
          "--input",
          example(file),
          ...options,
          ...json,
          "--lang",
          "en",
        ]);
        all += r.stdout + r.stderr;
      }
    expect(grammarMistakes(all)).toEqual([]);
    // Seed 001's 17.63% against the 10% limit: percentage points, and 1 point where one is given.
    expect(all).toContain("exceeds the 10% limit by 7.63 percentage points");
    expect(all).toMatch(/\b1 point\b/);
    expect(all).not.toMatch(/\b1 points\b/);
  });
});

/** Every cell of a workbook file: value and formula, by sheet!row,col. */
async function cellsOf(path: string): Promise<Map<string, string>> {
  const { snapshot } = await readWorkbook(path);
  const cells = new Map<string, string>();
  for (const sheet of snapshot.sheets)
    sheet.values.forEach((row, r) =>
      row.forEach((v, c) => {
        const f = sheet.formulas[r]?.[c] ?? null;
        if (v !== null || f !== null)
          cells.set(`${sheet.name}!${r},${c}`, `${String(v)} ${f ?? ""}`);
      })
    );
  return cells;
}

/** The keys whose values differ between two workbooks' cells (or that only one has). */
function differing(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k));
}

const ENGLISH_IN_CELL = /\b(?:points?|not scored|missing|entered|exceeds|within|blank)\b/;

describe("--lang changes what is printed, never a Chinese workbook's cells", () => {
  let filled: string;
  beforeAll(async () => {
    filled = at("seed001-模板.xlsx");
    const made = await runCli(["template", "--input", example("seed001.json"), "-o", filled]);
    expect(made.code).toBe(0);
  }, 60_000);

  it.each([
    ["seed 001's own workbook", () => example("深圳-seed001.xlsx")],
    ["the template filled from seed 001", () => filled],
  ])(
    "recompute --lang en of %s writes exactly the cells the Chinese run writes",
    async (what, input) => {
      const zh = await runCli(["recompute", input(), "-o", at(`${what}-zh.xlsx`)]);
      const en = await runCli(["recompute", input(), "-o", at(`${what}-en.xlsx`), "--lang", "en"]);
      // Seed 001's own sheet gives no figures: exit 1 (input problems), the copy written all the same.
      expect(en.code).toBe(zh.code);
      expect(zh.code).toBeLessThanOrEqual(1);
      const zhCells = await cellsOf(at(`${what}-zh.xlsx`));
      const enCells = await cellsOf(at(`${what}-en.xlsx`));
      expect(zhCells.size).toBeGreaterThan(100);
      expect(differing(zhCells, enCells)).toEqual([]);
      // What is printed is English: the report and the one line saying what was written.
      expect(en.stdout).toMatch(/^Total|\nTotal/);
      expect(en.stderr).toMatch(
        new RegExp(
          `^wrote .*-en\\.xlsx \\((\\d+ cells? changed; selfeval restore undoes it|no existing cell changed)\\); framework: [^\\n]+\\n$`
        )
      );
      expect(zh.stderr).toMatch(/^已写入 [^\n]+\n$/);

      // Asked for, the cells are English: the same cells, their words changed.
      const sheetEn = await runCli([
        "recompute",
        input(),
        "-o",
        at(`${what}-sheet-en.xlsx`),
        "--lang",
        "en",
        "--sheet-lang",
        "en",
      ]);
      expect(sheetEn.code).toBe(zh.code);
      const sheetEnCells = await cellsOf(at(`${what}-sheet-en.xlsx`));
      // (and, over the template's Chinese words, a backup of them for restore)
      const own = (k: string) => !k.startsWith("selfeval_backup!");
      expect(new Set([...sheetEnCells.keys()].filter(own))).toEqual(
        new Set([...zhCells.keys()].filter(own))
      );
      const changed = differing(zhCells, sheetEnCells).filter(own);
      expect(changed.length).toBeGreaterThan(10);
      expect(
        changed.filter((k) => ENGLISH_IN_CELL.test(sheetEnCells.get(k)!)).length
      ).toBeGreaterThan(10);
      expect([...enCells.values()].filter((v) => ENGLISH_IN_CELL.test(v))).toEqual([]);
    },
    120_000
  );

  it("template --lang en writes the Chinese template; --sheet-lang en an English one", async () => {
    const zh = await runCli(["template", "-o", at("t-zh.xlsx")]);
    const en = await runCli(["template", "-o", at("t-en.xlsx"), "--lang", "en"]);
    const sheetEn = await runCli(["template", "-o", at("t-sheet-en.xlsx"), "--sheet-lang", "en"]);
    expect([zh.code, en.code, sheetEn.code]).toEqual([0, 0, 0]);
    expect(en.stdout).toBe(`wrote the standard template ${at("t-en.xlsx")}\n`);
    expect(sheetEn.stdout).toBe(`已写入标准模板 ${at("t-sheet-en.xlsx")}\n`);
    const zhCells = await cellsOf(at("t-zh.xlsx"));
    expect(differing(zhCells, await cellsOf(at("t-en.xlsx")))).toEqual([]);
    const sheetEnCells = await cellsOf(at("t-sheet-en.xlsx"));
    expect(differing(zhCells, sheetEnCells).length).toBeGreaterThan(10);
    // 基础数据's derived rates are explained in the workbook's language too.
    const shown = (cells: Map<string, string>) => [...cells.values()].map((v) => v.trim());
    for (const metric of shenzhen.metrics) {
      expect(shown(sheetEnCells)).toContain(describeMetric(shenzhen, metric, "en"));
      expect(shown(zhCells)).toContain(describeMetric(shenzhen, metric, "zh"));
    }
  }, 60_000);

  it("a --sheet-lang other than zh or en, or given to a command that writes no cells, is a usage error", async () => {
    const wrong = await runCli(["recompute", filled, "-o", at("x.xlsx"), "--sheet-lang", "fr"]);
    expect([wrong.code, wrong.stdout, wrong.stderr]).toEqual([
      2,
      "",
      "selfeval: --sheet-lang 只能是 zh 或 en\n",
    ]);
    const score = await runCli(["score", "--input", example("seed000.json"), "--sheet-lang", "en"]);
    expect(score.code).toBe(2);
    expect(score.stderr).toContain("score 不接受选项 --sheet-lang");
  });

  it("audit --lang en writes the summary the Chinese audit writes; its JSON speaks English", async () => {
    const files = [example("深圳-seed001.xlsx"), filled];
    const zh = await runCli(["audit", ...files, "-o", at("汇总-zh.xlsx")]);
    const en = await runCli(["audit", ...files, "-o", at("汇总-en.xlsx"), "--lang", "en"]);
    const enJson = await runCli([
      "audit",
      ...files,
      "-o",
      at("汇总-en-json.xlsx"),
      "--lang",
      "en",
      "--json",
    ]);
    expect(zh.code).toBe(en.code);
    expect(en.stdout).toMatch(
      /^2 files: checked 2 workbooks, 0 could not be checked, \d+ with input problems, \d+ red breach(es)?\. Summary: /
    );
    const zhCells = await cellsOf(at("汇总-zh.xlsx"));
    expect(differing(zhCells, await cellsOf(at("汇总-en.xlsx")))).toEqual([]);
    expect(differing(zhCells, await cellsOf(at("汇总-en-json.xlsx")))).toEqual([]);
    const entries = (
      JSON.parse(enJson.stdout) as { workbooks: { breaches: { message: string }[] }[] }
    ).workbooks;
    const messages = entries.flatMap((e) => e.breaches.map((b) => b.message));
    expect(messages.length).toBeGreaterThan(0);
    expect(
      messages.filter((m) => /[\u4e00-\u9fff]{4,}/.test(m) && !/[A-Za-z]{4,}/.test(m))
    ).toEqual([]);
  }, 120_000);
});

describe("one success line per command", () => {
  it.each([["zh"], ["en"]])(
    "template, recompute, restore and audit in %s",
    async (lang) => {
      const l = ["--lang", lang];
      const lines = (text: string) => text.split("\n").filter(Boolean).length;

      const empty = await runCli(["template", "-o", at(`1-${lang}.xlsx`), ...l]);
      expect([empty.code, lines(empty.stdout), empty.stderr]).toEqual([0, 1, ""]);

      // A report on stdout, one line on stderr.
      const withInput = await runCli([
        "template",
        "--input",
        example("seed000.json"),
        "-o",
        at(`2-${lang}.xlsx`),
        ...l,
      ]);
      expect([withInput.code, lines(withInput.stderr)]).toEqual([0, 1]);

      const recomputed = await runCli([
        "recompute",
        example("深圳-seed001.xlsx"),
        "-o",
        at(`3-${lang}.xlsx`),
        ...l,
      ]);
      // Exit 1: seed 001's sheet gives no figures; the copy is written, and said so in one line.
      expect([recomputed.code, lines(recomputed.stderr)]).toEqual([1, 1]);

      const restored = await runCli([
        "restore",
        at(`3-${lang}.xlsx`),
        "-o",
        at(`4-${lang}.xlsx`),
        ...l,
      ]);
      expect([restored.code, lines(restored.stdout), restored.stderr]).toEqual([0, 1, ""]);

      const audited = await runCli([
        "audit",
        at(`2-${lang}.xlsx`),
        "-o",
        at(`5-${lang}.xlsx`),
        ...l,
      ]);
      expect([audited.code, lines(audited.stdout), audited.stderr]).toEqual([0, 1, ""]);

      const said = [
        empty.stdout,
        withInput.stderr,
        recomputed.stderr,
        restored.stdout,
        audited.stdout,
      ].join("");
      const firstWords = said
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(" ")[0]);
      expect(firstWords).toEqual(
        lang === "en"
          ? ["wrote", "wrote", "wrote", "restored", "1"]
          : ["已写入标准模板", "已写入", "已写入", "已恢复", "共"]
      );
      expect(grammarMistakes(said)).toEqual([]);
    },
    120_000
  );

  it("report: one line on stdout, in English grammatical (1 problem, 10 places, 95.22 points)", async () => {
    const run = await runCli([
      "report",
      example("深圳-seed001-模板.xlsx"),
      "-o",
      at("报告-en.docx"),
      "--lang",
      "en",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^wrote .*报告-en\.docx: 95\.22 points, 优, \d+ problems?, \d+ places? for/
    );
    expect(run.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    // The framework is said on that line, as recompute says it; nothing else is printed for a workbook that names
    // its department and year.
    expect(run.stdout).toMatch(/; framework: .+\n$/);
    expect(run.stderr).toBe("");
    expect(grammarMistakes(run.stdout + run.stderr)).toEqual([]);
  }, 60_000);
});
