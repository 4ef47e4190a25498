/**
 * Zip bombs (issue 16): a workbook whose parts expand beyond a set limit is refused before it fills memory —
 * whether it declares its true size (a gigabyte of zeros in a megabyte) or lies about it (declares a kilobyte) —
 * in one plain Chinese sentence naming the file, exit 2 through the command line, the process staying small.
 * Real workbooks, including a large one, pass untouched.
 */
import { execFileSync, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { Conversions } from "../src/files/convert";
import { FileProblem } from "../src/files/problem";
import { openWorkbookFile } from "../src/files/workbookFile";
import { ZIP_LIMITS, zipRefusal } from "../src/files/zipLimits";
import { deflatedZeros, workbookShell, zipOf } from "./support/zipBombs";

const ROOT = join(__dirname, "..");
const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), "selfeval-zipbomb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sheet = "xl/worksheets/sheet1.xml";
/** 1 GB of zeros, deflated to about a megabyte. */
const gigabyte = deflatedZeros(1024);

const honest = zipOf([...workbookShell(), { name: sheet, data: gigabyte, declared: 1024 * MB }]);
const liar = zipOf([...workbookShell(), { name: sheet, data: gigabyte, declared: 1000 }]);

async function refusal(name: string, bytes: Buffer): Promise<{ message: string; ms: number }> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const started = Date.now();
  const conversions = new Conversions(undefined);
  try {
    await openWorkbookFile(path, "zh", conversions);
  } catch (err) {
    expect(err).toBeInstanceOf(FileProblem);
    return { message: (err as Error).message, ms: Date.now() - started };
  } finally {
    conversions.dispose();
  }
  throw new Error(`${name} was opened`);
}

test("the bombs are what they claim: about a megabyte that inflates to a gigabyte", () => {
  expect(honest.length).toBeLessThan(2 * MB);
  // Inflated in part only: the first 64 MB come out as zeros, and there is more.
  const { inflateRawSync } = require("zlib") as typeof import("zlib");
  expect(() => inflateRawSync(gigabyte, { maxOutputLength: 64 * MB })).toThrow(
    expect.objectContaining({ code: "ERR_BUFFER_TOO_LARGE" })
  );
  expect(inflateRawSync(deflatedZeros(3)).equals(Buffer.alloc(3 * MB))).toBe(true);
});

test("a part that declares a gigabyte is refused by its declared size, at once, in one plain sentence", async () => {
  expect(zipRefusal(honest)).toEqual({ why: "part", part: sheet });
  const { message, ms } = await refusal("炸弹.xlsx", honest);
  expect(message).toBe(
    `${join(dir, "炸弹.xlsx")} 解压后的内容过于庞大（超过 100 MB 的上限），可能是损坏或恶意构造的文件，为免耗尽内存已拒绝读取；请确认文件来源后重新获取`
  );
  expect(ms).toBeLessThan(2000);
});

test("a part that declares a kilobyte but inflates to a gigabyte stops at its declared size: refused, memory kept", async () => {
  expect(zipRefusal(liar)).toEqual({ why: "inflates", part: sheet });
  global.gc?.();
  const before = process.memoryUsage().rss;
  const { message } = await refusal("说谎的炸弹.xlsx", liar);
  expect(process.memoryUsage().rss - before).toBeLessThan(200 * MB);
  expect(message).toMatch(
    /说谎的炸弹\.xlsx 解压后的内容比它声明的大小更大，可能是损坏或恶意构造的文件/
  );
});

test("parts under the per-part limit whose sum passes the total are refused", () => {
  const part = randomBytes(MB); // a megabyte that declares 90: a ratio any picture may have
  const parts = [0, 1, 2].map((i) => ({
    name: `xl/media/image${i}.png`,
    data: part,
    declared: 90 * MB,
  }));
  expect(zipRefusal(zipOf([...workbookShell(), ...parts]))).toEqual({
    why: "total",
    part: "xl/media/image2.png",
  });
});

test("a part packed beyond any workbook's ratio is refused, under the size limits", async () => {
  const packed = zipOf([
    ...workbookShell(),
    { name: sheet, data: deflatedZeros(20), declared: 20 * MB },
  ]);
  expect(zipRefusal(packed)).toEqual({ why: "ratio", part: sheet });
  expect((await refusal("压缩比.xlsx", packed)).message).toMatch(
    /压缩比.xlsx 的压缩比异常（解压后超过压缩前的 500 倍）/
  );
});

test("an archive of more entries than a workbook ever has is refused by its count", async () => {
  const tiny = { data: Buffer.from([0x03, 0x00]), declared: 0 };
  const many = zipOf([
    ...workbookShell(),
    ...Array.from({ length: ZIP_LIMITS.entries }, (_, i) => ({ name: `xl/p${i}.xml`, ...tiny })),
  ]);
  expect(zipRefusal(many)).toEqual({ why: "entries", count: ZIP_LIMITS.entries + 2 });
  expect((await refusal("部件.xlsx", many)).message).toMatch(/部件.xlsx 含有 10002 个压缩部件/);
});

test("every example workbook, and a large one of 10,000 rows with notes, passes", async () => {
  const examples = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".xlsx"));
  expect(examples.length).toBeGreaterThan(5);
  for (const f of examples)
    expect([f, zipRefusal(readFileSync(join(ROOT, "examples", f)))]).toEqual([f, undefined]);
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet("明细");
  for (let r = 1; r <= 10_000; r++) {
    ws.getCell(r, 1).value = `第 ${r} 行的说明文字`;
    ws.getCell(r, 2).value = r * 1.5;
    ws.getCell(r, 1).note = `备注 ${r}`;
  }
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  expect(bytes.length).toBeGreaterThan(200_000);
  expect(zipRefusal(bytes)).toBeUndefined();
});

test("through the command line: exit 2, the sentence on stderr, nothing written, the process stays small", () => {
  const bomb = join(dir, "部门甲.xlsx");
  writeFileSync(bomb, liar);
  const rssFile = join(dir, "rss.txt");
  const preload = join(dir, "rss.js");
  writeFileSync(
    preload,
    `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`
  );
  execFileSync("node", ["-e", "0"]); // node is there
  const run = spawnSync(
    "node",
    [
      "-r",
      preload,
      join(ROOT, "bin", "selfeval.js"),
      "recompute",
      bomb,
      "-o",
      join(dir, "出.xlsx"),
    ],
    { encoding: "utf8", timeout: 60_000 }
  );
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(
    /^selfeval: .*部门甲\.xlsx 解压后的内容比它声明的大小更大，.*请确认文件来源后重新获取\n$/
  );
  expect(readdirSync(dir)).not.toContain("出.xlsx");
  const maxRssKb = Number(readFileSync(rssFile, "utf8"));
  expect(maxRssKb).toBeGreaterThan(10_000);
  expect(maxRssKb).toBeLessThan(400 * 1024);
});

test("audit -o onto a bomb in the folder it checks: refused as one of its files, without inflating it", () => {
  const folder = mkdtempSync(join(dir, "各单位-"));
  const bomb = join(folder, "汇总.xlsx");
  writeFileSync(bomb, honest); // its part declares its gigabyte: a reader without the guard inflates it
  const rssFile = join(dir, "rss-audit.txt");
  const preload = join(dir, "rss-audit.js");
  writeFileSync(
    preload,
    `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`
  );
  const run = spawnSync(
    "node",
    ["-r", preload, join(ROOT, "bin", "selfeval.js"), "audit", folder, "-o", bomb],
    { encoding: "utf8", timeout: 60_000 }
  );
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/汇总\.xlsx 是本次要检查的文件之一，汇总不能写在它上面/);
  expect(readFileSync(bomb).equals(honest)).toBe(true);
  expect(Number(readFileSync(rssFile, "utf8"))).toBeLessThan(400 * 1024);
});
