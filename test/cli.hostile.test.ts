/**
 * The command line against what departments and new users really hand it (issue 16): misspelt options and keys,
 * files in every encoding and format, broken and empty files, folders, lock files, a password-protected
 * workbook, dates and absurd numbers in amount cells, outputs that would overwrite a department's workbook.
 * Each case ends in exit 1 or 2 with plain Chinese naming the problem (exit 0 only where the input was fine), no
 * library's English, no file left behind, every input byte for byte as it was.
 */
import { execFileSync } from "child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { pathToFileURL } from "url";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { renderReport } from "../src/cli/textReport";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { scoreFramework } from "../src/domain/score";
import { sniffWorkbook } from "../src/files/workbookFile";
import { readWorkbook } from "../src/hosts/xlsx";
import type { AuditEntry } from "../src/workbook/auditSummary";
import { runCli } from "./support/cli";
import { fingerprints } from "./support/fingerprints";

const ROOT = join(__dirname, "..");
const SEED000 = join(ROOT, "examples", "seed000.json");
const DEPARTMENT = join(ROOT, "examples", "深圳-seed001.xlsx");

const root = mkdtempSync(join(tmpdir(), "selfeval-hostile-"));
/** Everything the commands read; fingerprinted before and after. */
const inputs = join(root, "输入");
/** Where the commands write; a failing command must leave nothing here. */
const outputs = join(root, "输出");
const at = (name: string) => join(inputs, name);
const out = (name: string) => join(outputs, name);

/** Words a plain Chinese message may carry: commands, options, keys and names the user typed or must type. */
const ALLOWED = new Set([
  "selfeval",
  "score",
  "template",
  "recompute",
  "restore",
  "audit",
  "input",
  "inptu",
  "recompte",
  "frobnicate",
  "extra",
  "framework",
  "json",
  "help",
  "lang",
  "output",
  "LibreOffice",
  "Excel",
  "OpenDocument",
  "JSON",
  "SELFEVAL_DEBUG",
  "shenzhen",
  "selfScores",
  "selfScore",
  "budgetAdjusted",
  "budgetAdjustd",
  "financeCompliance",
  "financialCompliance",
  "budgetInitial",
  "xlsx",
  "xlsm",
  "xlsb",
]);

/** The words of a message that are English, file paths and allowed names taken out. */
function englishWords(text: string): string[] {
  const withoutPaths = text
    .split(root)
    .join(" ")
    .replace(/\/[^\s：，；（）“”「」]*/g, " ");
  return (withoutPaths.match(/[A-Za-z][A-Za-z_]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w));
}

/** What every message must be: Chinese, plain, with nothing from inside a library. */
function expectPlain(text: string): void {
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  expect(englishWords(text)).toEqual([]);
  expect(text).not.toMatch(
    /https?:|undefined|NaN|\[object Object\]|\bat .+:\d+:\d+|\bat [\w.$<>]+ \(|position \d|\d\.?\d*e[+-]?\d/
  );
}

const conversionFolders = () =>
  new Set(readdirSync(tmpdir()).filter((n) => n.startsWith("selfeval-convert-")));

/** A workbook LibreOffice converted from `from` into `format` (xls, ods), renamed `name`. */
function convertWith(from: string, format: string, name: string): void {
  const work = mkdtempSync(join(tmpdir(), "selfeval-hostile-lo-"));
  try {
    execFileSync(
      "soffice",
      [
        "--headless",
        "--norestore",
        `-env:UserInstallation=${pathToFileURL(join(work, "profile")).href}`,
        "--convert-to",
        format,
        "--outdir",
        work,
        from,
      ],
      { stdio: "ignore", timeout: 120_000 }
    );
    const made = readdirSync(work).find((f) => f.endsWith(`.${format}`))!;
    copyFileSync(join(work, made), at(name));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * An .xlsx encrypted with a password, as Excel saves it: an OLE compound file holding EncryptionInfo and
 * EncryptedPackage (their contents are of no concern here: only the container's directory is read).
 */
function encryptedWorkbook(): Buffer {
  const sector = 512;
  const file = Buffer.alloc(sector * 3, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c); // one FAT sector
  file.writeUInt32LE(1, 0x30); // the directory in sector 1
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(0xfffffffe, 0x3c);
  file.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = sector; // sector 0
  for (let i = 0; i < 128; i++) file.writeUInt32LE(0xffffffff, fat + i * 4);
  file.writeUInt32LE(0xfffffffd, fat); // sector 0 holds the FAT
  file.writeUInt32LE(0xfffffffe, fat + 4); // sector 1, the directory, ends its chain
  const directory = sector * 2; // sector 1
  ["Root Entry", "EncryptionInfo", "EncryptedPackage"].forEach((name, i) => {
    const entry = directory + i * 128;
    Buffer.from(`${name}\0`, "utf16le").copy(file, entry);
    file.writeUInt16LE((name.length + 1) * 2, entry + 0x40);
    file[entry + 0x42] = i === 0 ? 5 : 2;
    file.writeUInt32LE(0xfffffffe, entry + 0x74);
  });
  return file;
}

/** The cell a defined name of the template points at, as ExcelJS's row and column. */
async function cellOf(path: string, name: string): Promise<{ sheet: string; address: string }> {
  const { snapshot } = await readWorkbook(path);
  const ref = snapshot.names.find((n) => n.name === name)!.ref;
  const m = /^'(.+)'!\$([A-Z]+)\$(\d+)$/.exec(ref)!;
  return { sheet: m[1], address: `${m[2]}${m[3]}` };
}

/** The template filled from seed 000 with one input's cell changed (its value and its number format). */
async function templateWith(
  name: string,
  input: string,
  value: ExcelJS.CellValue,
  numFmt?: string
): Promise<string> {
  const path = at(name);
  const cell = await cellOf(at("单位A.xlsx"), input);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(at("单位A.xlsx"));
  const target = workbook.getWorksheet(cell.sheet)!.getCell(cell.address);
  target.value = value;
  // A style object of its own: ExcelJS shares styles between cells.
  if (numFmt) target.style = { numFmt };
  await workbook.xlsx.writeFile(path);
  return path;
}

/** Rewrites a workbook's custom 年月日 format as Chinese Excel saves it: the built-in format 31, no code. */
async function asBuiltInDateFormat(path: string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  let styles = await zip.file("xl/styles.xml")!.async("string");
  const custom =
    /<numFmt numFmtId="(\d+)" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"\/>/.exec(
      styles
    )!;
  styles = styles
    .replace(custom[0], "")
    .replace(new RegExp(`numFmtId="${custom[1]}"`, "g"), 'numFmtId="31"');
  zip.file("xl/styles.xml", styles);
  writeFileSync(path, await zip.generateAsync({ type: "nodebuffer" }));
}

let before: Map<string, string>;
let conversionsBefore: Set<string>;

beforeAll(async () => {
  mkdirSync(inputs, { recursive: true });
  mkdirSync(outputs, { recursive: true });
  const seed = JSON.parse(readFileSync(SEED000, "utf8")) as Record<string, unknown>;
  const text = JSON.stringify(seed, null, 2);
  writeFileSync(at("seed000.json"), text);
  writeFileSync(at("utf8-bom.json"), `\uFEFF${text}`);
  writeFileSync(
    at("utf16.json"),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
  );
  writeFileSync(at("utf16-no-mark.json"), Buffer.from(text, "utf16le"));
  // The whole file in GB 18030, as older Chinese Windows editors save it (the Chinese of seed 000 and a name).
  const { _note, ...rest000 } = seed;
  void _note;
  const GB: Record<string, number[]> = {
    公: [0xb9, 0xab],
    否: [0xb7, 0xf1],
    定: [0xb6, 0xa8],
    开: [0xbf, 0xaa],
    按: [0xb0, 0xb4],
    是: [0xca, 0xc7],
    规: [0xb9, 0xe6],
    深: [0xc9, 0xee],
    圳: [0xdb, 0xda],
    市: [0xca, 0xd0],
    安: [0xb0, 0xb2],
    局: [0xbe, 0xd6],
  };
  const gbText = JSON.stringify({ ...rest000, departmentName: "深圳市公安局" }, null, 2);
  writeFileSync(
    at("gbk.json"),
    new Uint8Array(
      Array.from(gbText).flatMap((c) => (c.charCodeAt(0) < 128 ? [c.charCodeAt(0)] : GB[c]))
    )
  );
  writeFileSync(at("empty.json"), "");
  writeFileSync(at("blank.json"), "  \n\n");
  mkdirSync(at("folder.json"));
  writeFileSync(
    at("trailing-comma.json"),
    '{\n  "budgetInitial": 1,\n  "budgetAdjusted": 2,,\n}\n'
  );
  writeFileSync(at("full-width.json"), '{\n  "budgetInitial"：1\n}\n');
  writeFileSync(at("array.json"), "[1, 2]");
  const { budgetAdjusted, ...rest } = seed;
  writeFileSync(at("typo.json"), JSON.stringify({ ...rest, budgetAdjustd: budgetAdjusted }));
  writeFileSync(at("self-score.json"), JSON.stringify({ ...seed, selfScore: { costControl: 3 } }));
  writeFileSync(
    at("self-scores-typo.json"),
    JSON.stringify({ ...seed, selfScores: { financeCompliance: 3 } })
  );
  writeFileSync(at("long.json"), JSON.stringify({ ...seed, satisfaction: "约".repeat(100_000) }));
  writeFileSync(at("huge.json"), JSON.stringify({ ...seed, budgetAdjusted: 1.6e304 }));
  writeFileSync(
    at("id-number.json"),
    JSON.stringify({ ...seed, adjustmentTotal: "440301199001011234" })
  );

  // Workbooks: our template (fine), a department's workbook as .xls and .ods, and every kind of broken file.
  expect((await runCli(["template", "--input", SEED000, "-o", at("单位A.xlsx")])).code).toBe(0);
  copyFileSync(DEPARTMENT, at("单位B.xlsx"));
  convertWith(DEPARTMENT, "xls", "单位C.xls");
  convertWith(DEPARTMENT, "ods", "单位D.ods");
  copyFileSync(at("单位C.xls"), at("单位E.et"));
  writeFileSync(at("单位F.csv"), "指标,得分\n预算编制,5\n");
  const whole = readFileSync(DEPARTMENT);
  writeFileSync(at("单位G-不完整.xlsx"), new Uint8Array(whole.subarray(0, whole.length >> 1)));
  writeFileSync(at("单位H-空.xlsx"), "");
  writeFileSync(at("单位I-加密.xlsx"), new Uint8Array(encryptedWorkbook()));
  writeFileSync(at("~$单位A.xlsx"), new Uint8Array(Buffer.alloc(165, 1)));
  writeFileSync(
    at("单位J-乱码.xlsx"),
    new Uint8Array(Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)))
  );
  writeFileSync(at("单位K.pdf"), "%PDF-1.4\n");

  // Cells a department really types: a date in an amount cell (as a custom and as Chinese Excel's built-in
  // format), an absurd amount, a rate of 10³⁰⁴ %, a 100,000-character text.
  await templateWith("日期.xlsx", "budgetAdjusted", new Date(Date.UTC(2024, 4, 1)), "yyyy-mm-dd");
  await templateWith(
    "日期-内置格式.xlsx",
    "budgetAdjusted",
    new Date(Date.UTC(2024, 4, 1)),
    'yyyy"年"m"月"d"日"'
  );
  await asBuiltInDateFormat(at("日期-内置格式.xlsx"));
  await templateWith("金额过大.xlsx", "budgetAdjusted", 1.6e300);
  await templateWith("比率过大.xlsx", "q1Progress", 1.6e302);
  await templateWith("长文本.xlsx", "budgetAdjusted", "一".repeat(100_000));

  // The folder a finance bureau receives.
  const folder = at("各单位");
  mkdirSync(join(folder, "下属单位"), { recursive: true });
  for (const name of [
    "单位A.xlsx",
    "单位B.xlsx",
    "单位C.xls",
    "单位D.ods",
    "单位E.et",
    "单位F.csv",
    "单位G-不完整.xlsx",
    "单位H-空.xlsx",
    "单位I-加密.xlsx",
    "~$单位A.xlsx",
  ])
    copyFileSync(at(name), join(folder, name));
  copyFileSync(at("单位J-乱码.xlsx"), join(folder, "下属单位", "单位J-乱码.xlsx"));

  before = fingerprints(inputs);
  conversionsBefore = conversionFolders();
}, 240_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

type Case = [what: string, args: () => string[], code: number, words: string[]];

/** Runs a case: its exit code, its words, plain messages, and (on failure) nothing written. */
async function check([, args, code, words]: Case): Promise<{ stdout: string; stderr: string }> {
  const written = new Set(readdirSync(outputs));
  const result = await runCli(args());
  expect(result.code).toBe(code);
  for (const w of words) expect(result.stdout + result.stderr).toContain(w);
  const said = code === 2 ? result.stderr : result.stdout + result.stderr;
  expectPlain(said);
  if (code === 2) {
    expect(result.stdout).toBe("");
    // One sentence (a JSON error adds the line it stands on).
    expect(result.stderr.trim().split("\n")[0]).toMatch(/^selfeval: /);
    expect(new Set(readdirSync(outputs))).toEqual(written);
  }
  return result;
}

describe("selfeval score: strict input, every mistake named", () => {
  const cases: Case[] = [
    [
      "a misspelt option",
      () => ["score", "--inptu", "x"],
      2,
      ["未知的选项 --inptu，是否为 --input？"],
    ],
    ["an unknown option", () => ["score", "--frobnicate"], 2, ["未知的选项 --frobnicate"]],
    [
      "an extra argument",
      () => ["score", "--input", at("seed000.json"), "extra.json"],
      2,
      ["score 不需要 extra.json 这样的参数"],
    ],
    ["an option twice", () => ["score", "--input", "a", "--input", "b"], 2, ["给了两次"]],
    ["a switch with a value", () => ["score", "--json=yes"], 2, ["--json 不带取值"]],
    [
      "an option another command takes",
      () => ["score", "--input", at("seed000.json"), "-o", out("x.xlsx")],
      2,
      ["score 不接受选项 -o"],
    ],
    ["UTF-8 with its mark", () => ["score", "--input", at("utf8-bom.json")], 0, ["总分 95.97"]],
    ["UTF-16 (Notepad's Unicode)", () => ["score", "--input", at("utf16.json")], 0, ["总分 95.97"]],
    [
      "UTF-16 without its mark",
      () => ["score", "--input", at("utf16-no-mark.json")],
      0,
      ["总分 95.97"],
    ],
    ["GB 18030", () => ["score", "--input", at("gbk.json")], 0, ["总分 95.97"]],
    ["an empty file", () => ["score", "--input", at("empty.json")], 2, ["是空文件（0 字节）"]],
    ["white space only", () => ["score", "--input", at("blank.json")], 2, ["只有空白"]],
    ["a folder", () => ["score", "--input", at("folder.json")], 2, ["是一个文件夹"]],
    ["a missing file", () => ["score", "--input", at("nope.json")], 2, ["找不到输入文件"]],
    ["a workbook as input", () => ["score", "--input", at("单位A.xlsx")], 2, ["不是文本文件"]],
    [
      "a trailing comma",
      () => ["score", "--input", at("trailing-comma.json")],
      2,
      ["不是有效的 JSON：第 3 行第 23 列", '"budgetAdjusted": 2,,'],
    ],
    [
      "full-width punctuation",
      () => ["score", "--input", at("full-width.json")],
      2,
      ["第 2 行", "中文标点“：”"],
    ],
    ["a JSON array", () => ["score", "--input", at("array.json")], 2, ["应为一个 JSON 对象"]],
    [
      "a misspelt input",
      () => ["score", "--input", at("typo.json")],
      1,
      ["未知的输入项 budgetAdjustd，是否为 budgetAdjusted「调整后预算数（部门预算总规模）」？"],
    ],
    [
      "selfScore for selfScores",
      () => ["score", "--input", at("self-score.json")],
      1,
      ["未知的输入项 selfScore，是否为 selfScores？"],
    ],
    [
      "a misspelt indicator in selfScores",
      () => ["score", "--input", at("self-scores-typo.json")],
      1,
      [
        "自评得分 selfScores 中未知的指标 financeCompliance，是否为 financialCompliance「财务合规性」？",
      ],
    ],
    [
      "a 100,000-character value",
      () => ["score", "--input", at("long.json")],
      1,
      [`“${"约".repeat(40)}…”`],
    ],
    [
      "an absurd amount",
      () => ["score", "--input", at("huge.json")],
      1,
      [
        "「调整后预算数（部门预算总规模）」为 1.6×10³⁰⁴万元，超出任何部门预算的可能（上限 1 万亿元）",
      ],
    ],
    [
      "an ID number as an amount",
      () => ["score", "--input", at("id-number.json")],
      1,
      ["“440301199001011234”有 18 位数字"],
    ],
  ];
  it.each(cases)("%s", async (...c) => {
    const { stdout, stderr } = await check(c);
    if (c[0].includes("100,000")) expect((stdout + stderr).length).toBeLessThan(20_000);
  });

  it.each([["-h"], ["--help"], ["score", "-h"], ["help"]])(
    "%s prints the usage, exit 0",
    async (...args) => {
      const { code, stdout, stderr } = await runCli(args);
      expect([code, stderr]).toEqual([0, ""]);
      expect(stdout).toContain("selfeval score --input data.json");
    }
  );
});

describe("selfeval template / recompute / restore on every file a department sends", () => {
  const cases: Case[] = [
    ["template -o .csv", () => ["template", "-o", out("模板.csv")], 2, ["输出文件须以 .xlsx 结尾"]],
    [
      "template -o .xlsm",
      () => ["template", "-o", out("模板.xlsm")],
      2,
      ["输出文件须以 .xlsx 结尾"],
    ],
    ["template -o a folder", () => ["template", "-o", outputs], 2, ["是一个文件夹"]],
    [
      "template with an extra argument",
      () => ["template", "x", "-o", out("t.xlsx")],
      2,
      ["template 不需要 x"],
    ],
    [
      "recompute -o the input",
      () => ["recompute", at("单位A.xlsx"), "-o", join(inputs, ".", "单位A.xlsx")],
      2,
      ["输出文件不能与输入文件相同"],
    ],
    [
      "recompute two workbooks",
      () => ["recompute", at("单位A.xlsx"), at("单位B.xlsx"), "-o", out("x.xlsx")],
      2,
      ["多余的参数", "selfeval audit"],
    ],
    [
      "a CSV",
      () => ["recompute", at("单位F.csv"), "-o", out("x.xlsx")],
      2,
      ["是 CSV 文本文件", "请在 Excel 或 WPS 中打开后另存为 .xlsx"],
    ],
    [
      "a file cut short",
      () => ["recompute", at("单位G-不完整.xlsx"), "-o", out("x.xlsx")],
      2,
      ["不完整（文件末尾缺失"],
    ],
    [
      "an empty file",
      () => ["recompute", at("单位H-空.xlsx"), "-o", out("x.xlsx")],
      2,
      ["是空文件（0 字节）"],
    ],
    [
      "a workbook with an opening password",
      () => ["recompute", at("单位I-加密.xlsx"), "-o", out("x.xlsx")],
      2,
      ["设置了打开密码"],
    ],
    [
      "an Excel lock file",
      () => ["recompute", at("~$单位A.xlsx"), "-o", out("x.xlsx")],
      2,
      ["临时锁定文件"],
    ],
    [
      "random bytes",
      () => ["recompute", at("单位J-乱码.xlsx"), "-o", out("x.xlsx")],
      2,
      ["已损坏"],
    ],
    ["a PDF", () => ["recompute", at("单位K.pdf"), "-o", out("x.xlsx")], 2, ["是 PDF 文件"]],
    ["a folder", () => ["recompute", inputs, "-o", out("x.xlsx")], 2, ["是文件夹"]],
    [
      "a missing file, -o in folders not there",
      () => ["recompute", at("nope.xlsx"), "-o", out("新/子/x.xlsx")],
      2,
      ["找不到文件"],
    ],
    [
      "restore of a file recompute never wrote",
      () => ["restore", at("单位B.xlsx"), "-o", out("x.xlsx")],
      2,
      ["没有可撤销的计算"],
    ],
    [
      "restore of a CSV",
      () => ["restore", at("单位F.csv"), "-o", out("x.xlsx")],
      2,
      ["是 CSV 文本文件"],
    ],
    [
      "a date in an amount cell",
      () => ["recompute", at("日期.xlsx"), "-o", out("日期.xlsx")],
      1,
      ["「调整后预算数（部门预算总规模）」应为数值，单元格中是日期 2024-05-01"],
    ],
    [
      "a date in Chinese Excel's own format (built-in 31), never 45413 万元",
      () => ["recompute", at("日期-内置格式.xlsx"), "-o", out("日期-内置格式.xlsx")],
      1,
      ["单元格中是日期 2024-05-01"],
    ],
    [
      "an absurd amount in a cell",
      () => ["recompute", at("金额过大.xlsx"), "-o", out("金额过大.xlsx")],
      1,
      ["为 1.6×10³⁰⁰万元，超出任何部门预算的可能"],
    ],
    [
      "a rate of 10³⁰⁴ %",
      () => ["recompute", at("比率过大.xlsx"), "-o", out("比率过大.xlsx")],
      1,
      ["不能超过 100%（单元格中的数值为 1.6×10³⁰²，即 1.6×10³⁰⁴%）"],
    ],
    [
      "a 100,000-character cell",
      () => ["recompute", at("长文本.xlsx"), "-o", out("长文本.xlsx")],
      1,
      [`单元格中是“${"一".repeat(40)}…”`],
    ],
  ];
  it.each(cases)("%s", async (...c) => {
    await check(c);
  });

  it("the date reaches the report as an input error naming its cell", async () => {
    const { stdout } = await runCli([
      "recompute",
      at("日期.xlsx"),
      "-o",
      out("日期-json.xlsx"),
      "--json",
    ]);
    const cell = await cellOf(at("单位A.xlsx"), "budgetAdjusted");
    expect(JSON.parse(stdout).errors).toContainEqual(
      expect.objectContaining({ input: "budgetAdjusted", cell: `${cell.sheet}!${cell.address}` })
    );
  });

  it("a nested -o folder is not made when the command fails", () => {
    expect(existsSync(out("新"))).toBe(false);
  });

  it("recompute of our own template changes nothing, and so offers no restore", async () => {
    const { code, stderr } = await runCli(["recompute", at("单位A.xlsx"), "-o", out("A.xlsx")]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^[^\n]+\n$/);
    expect(stderr.startsWith(`已写入 ${out("A.xlsx")}（原有单元格均未改动）；评分框架：`)).toBe(
      true
    );
    expect(stderr).not.toContain("restore");
    expectPlain(stderr);
    const restored = await runCli(["restore", out("A.xlsx"), "-o", out("A-撤销.xlsx")]);
    expect(restored.code).toBe(2);
    expect(existsSync(out("A-撤销.xlsx"))).toBe(false);
  });

  it.each([
    ["单位C.xls", "旧版 Excel 工作簿（.xls）"],
    ["单位D.ods", "开放文档格式的表格（OpenDocument，.ods）"],
    ["单位E.et", "WPS 表格（.et）"],
  ])(
    "%s is converted through LibreOffice, the original untouched, the output an .xlsx",
    async (name, format) => {
      const output = out(`${name}.xlsx`);
      const { code, stdout, stderr } = await runCli(["recompute", at(name), "-o", output]);
      // The department's sheet has its scores but not the inputs: scored with inputs still to fill.
      expect(code).toBe(1);
      expect(stdout).toContain("识别：");
      expect(stderr).toContain(`已写入 ${output}（原文件是${format}，已转换为 .xlsx；改动`);
      expect(stderr).toContain("可用 selfeval restore 撤销");
      expectPlain(stderr);
      const { snapshot } = await readWorkbook(output);
      expect(snapshot.sheets.map((s) => s.name)).toContain("基础数据");
      // The converted workbook's recompute can be undone like any other.
      const restored = await runCli(["restore", output, "-o", out(`${name}-撤销.xlsx`)]);
      expect(restored.code).toBe(0);
    }
  );

  it("without LibreOffice an .xls is refused with what to do", async () => {
    const path = process.env.PATH;
    process.env.PATH = join(root, "没有程序");
    try {
      await check([
        "",
        () => ["recompute", at("单位C.xls"), "-o", out("x.xlsx")],
        2,
        [
          "是旧版 Excel 工作簿（.xls），本机没有安装 LibreOffice，无法自动转换；请在 Excel 或 WPS 中打开后另存为 .xlsx",
        ],
      ]);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("selfeval audit over a folder of everything", () => {
  const folder = () => at("各单位");

  it("lists every file, each checked, converted, or with why not; the summary says the same", async () => {
    const summary = out("汇总.xlsx");
    const { code, stdout, stderr } = await runCli(["audit", folder(), "-o", summary]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^共 11 个文件：检查了 5 个工作簿（其中 3 个经转换），6 个无法检查，/);
    expectPlain(stdout);

    const json = await runCli(["audit", folder(), "--json"]);
    const entries = JSON.parse(json.stdout).workbooks as AuditEntry[];
    const byName = new Map(entries.map((e) => [relative(folder(), e.file), e]));
    expect([...byName.keys()].sort()).toEqual(
      [
        "~$单位A.xlsx",
        "下属单位/单位J-乱码.xlsx",
        "单位A.xlsx",
        "单位B.xlsx",
        "单位C.xls",
        "单位D.ods",
        "单位E.et",
        "单位F.csv",
        "单位G-不完整.xlsx",
        "单位H-空.xlsx",
        "单位I-加密.xlsx",
      ].sort()
    );
    expect(byName.get("单位A.xlsx")).toMatchObject({ total: 95.97, grade: "优" });
    expect(byName.get("单位A.xlsx")!.failure).toBeUndefined();
    for (const name of ["单位C.xls", "单位D.ods", "单位E.et"]) {
      const e = byName.get(name)!;
      expect(e.failure).toBeUndefined();
      expect(e.converted).toMatch(/^原文件是.+，已转换为 \.xlsx 后检查$/);
      // The same department's workbook, whatever format it came in.
      expect(e).toMatchObject({
        department: byName.get("单位B.xlsx")!.department,
        selfTotal: byName.get("单位B.xlsx")!.selfTotal,
      });
    }
    const why: Record<string, string> = {
      "单位F.csv": "是 CSV 文本文件",
      "单位G-不完整.xlsx": "不完整",
      "单位H-空.xlsx": "是空文件",
      "单位I-加密.xlsx": "设置了打开密码",
      "~$单位A.xlsx": "是 Excel 或 WPS 打开工作簿时留下的临时锁定文件",
      "下属单位/单位J-乱码.xlsx": "已损坏",
    };
    for (const [name, words] of Object.entries(why)) {
      const failure = byName.get(name)!.failure!;
      expect([name, failure.slice(0, words.length)]).toEqual([name, words]);
      expectPlain(failure);
    }

    // 汇总: one row per file, the reason or the conversion in words.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(summary);
    const sheet = workbook.getWorksheet("汇总")!;
    expect(sheet.rowCount).toBe(12);
    const rows = Array.from({ length: 11 }, (_, i) => sheet.getRow(i + 2).values as unknown[]);
    for (const row of rows) {
      const e = entries.find((x) => x.file === row[2])!;
      expect(row[14] ?? "").toBe(e.failure ?? "");
      expect(row[15] ?? "").toBe(e.converted ?? "");
    }
  });

  it("audit -o a department's workbook in the folder is refused, the workbook untouched", async () => {
    await check([
      "",
      () => ["audit", folder(), "-o", join(folder(), "单位A.xlsx")],
      2,
      ["是本次要检查的文件之一，汇总不能写在它上面"],
    ]);
  });

  it("audit -o a .csv or a folder is refused", async () => {
    await check([
      "",
      () => ["audit", folder(), "-o", out("汇总.csv")],
      2,
      ["输出文件须以 .xlsx 结尾"],
    ]);
    await check(["", () => ["audit", folder(), "-o", outputs], 2, ["是一个文件夹"]]);
  });

  it("audit of given files lists each of them", async () => {
    const { code, stdout } = await runCli(["audit", at("单位F.csv"), at("单位A.xlsx"), "--json"]);
    expect(code).toBe(1);
    expect((JSON.parse(stdout).workbooks as AuditEntry[]).map((e) => e.file)).toEqual([
      at("单位F.csv"),
      at("单位A.xlsx"),
    ]);
  });
});

describe("small things", () => {
  it("the files an operating system leaves in a folder are named as such", () => {
    for (const name of [".DS_Store", "Thumbs.db", "desktop.ini"])
      expect(sniffWorkbook(join("各单位", name), Buffer.from([1, 2, 3]))).toEqual({
        kind: "refuse",
        why: expect.objectContaining({ zh: "是操作系统自动生成的文件，不是工作簿" }),
      });
  });

  it("a breach whose message names its cell does not name it twice", () => {
    const report = scoreFramework(shenzhen, JSON.parse(readFileSync(SEED000, "utf8")));
    report.breaches.push({
      metric: "indicatorTable",
      severity: "amber",
      value: 0,
      cell: "绩效指标!G4",
      message: "绩效指标“刑事案件破案数”的权重不是非负数字，按 1 计（绩效指标!G4）",
    } as (typeof report.breaches)[number]);
    const text = renderReport(report, shenzhen, "zh");
    expect(text).toContain("按 1 计（绩效指标!G4）\n");
    expect(text).not.toContain("（绩效指标!G4）（绩效指标!G4）");
  });
});

describe("afterwards", () => {
  it("every input is byte for byte as it was, and no temporary folder is left", () => {
    expect(fingerprints(inputs)).toEqual(before);
    expect(conversionFolders()).toEqual(conversionsBefore);
    const left = readdirSync(outputs).filter((n) => n.endsWith(".tmp") || n.startsWith("."));
    expect(left).toEqual([]);
  });
});
