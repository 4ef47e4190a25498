/**
 * `selfeval audit` in worker threads (issue 17): the built command line over 30 workbooks checked by workers gives
 * the very summary (every cell of 汇总 and 问题明细) and the very output of a run in one thread
 * (SELFEVAL_AUDIT_THREADS=1); the pool hands results on in input order, keeps few files in flight, and replaces a
 * worker that dies, reporting its file. Runs bin/selfeval.js over lib/ (npm run build:cli first).
 */
import { spawnSync } from "child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Worker } from "worker_threads";
import ExcelJS from "exceljs";
import { duration, progressLine } from "../src/cli/auditProgress";
import { runOrdered } from "../src/cli/orderedPool";

const ROOT = join(__dirname, "..");
const root = mkdtempSync(join(tmpdir(), "selfeval-audit-workers-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every cell of every sheet, as text: what a reader of the summary sees. */
async function cells(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((sheet) => {
    const out: string[] = [sheet.name];
    sheet.eachRow((row, r) =>
      row.eachCell((cell, c) => out.push(`${r},${c}=${JSON.stringify(cell.value)}`))
    );
    return out;
  });
}

describe("selfeval audit: workers and one thread give the same summary", () => {
  const folder = join(root, "各单位");
  // Counts the workers the command line starts, and says so on stderr as it exits.
  const preload = join(root, "count-workers.js");
  const runs: Record<string, { code: number | null; stdout: string; stderr: string }> = {};

  beforeAll(() => {
    mkdirSync(folder);
    // The examples' workbooks (深圳, 广州, 部门整体, 项目 …), a damaged file and a text file, 30 in all, in an
    // order of names unlike the examples' own.
    const examples = readdirSync(join(ROOT, "examples"))
      .filter((f) => f.endsWith(".xlsx"))
      .map((f) => join(ROOT, "examples", f));
    for (let i = 0; i < 30; i++) {
      const name = join(folder, `${String((i * 7) % 30).padStart(2, "0")}-单位.xlsx`);
      if (i === 11) writeFileSync(name, "损坏的文件");
      else copyFileSync(examples[i % examples.length], name);
    }
    writeFileSync(join(folder, "说明.txt"), "不是工作簿");
    writeFileSync(
      preload,
      [
        'const threads = require("worker_threads");',
        "if (threads.isMainThread) {", // the workers run it too
        "let started = 0;",
        "const Base = threads.Worker;",
        "threads.Worker = class extends Base { constructor(...a) { super(...a); started++; } };",
        'process.on("exit", () => process.stderr.write(`workers=${started}\\n`));',
        "}",
      ].join("\n")
    );
    for (const [mode, threads] of [
      ["workers", "2"],
      ["one", "1"],
    ])
      for (const json of [true, false]) {
        const summary = join(root, `${mode}-${json}.xlsx`);
        const child = spawnSync(
          process.execPath,
          [
            "-r",
            preload,
            join(ROOT, "bin", "selfeval.js"),
            "audit",
            folder,
            "-o",
            summary,
            ...(json ? ["--json"] : []),
          ],
          { encoding: "utf8", env: { ...process.env, SELFEVAL_AUDIT_THREADS: threads } }
        );
        runs[`${mode}-${json}`] = {
          code: child.status,
          stdout: child.stdout,
          stderr: child.stderr,
        };
      }
  }, 120_000);

  it("checks in two workers, or in none when told to use one thread", () => {
    for (const json of [true, false]) {
      expect(runs[`workers-${json}`].stderr).toBe("workers=2\n");
      expect(runs[`one-${json}`].stderr).toBe("workers=0\n");
    }
  });

  it("prints the same JSON and the same summary line, exit 1 for the damaged files", () => {
    for (const json of [true, false]) {
      expect(runs[`workers-${json}`].code).toBe(1);
      expect(runs[`one-${json}`].code).toBe(1);
    }
    expect(runs["workers-true"].stdout).toBe(runs["one-true"].stdout);
    const entries = JSON.parse(runs["workers-true"].stdout).workbooks as {
      file: string;
      failure?: string;
    }[];
    // In the order found (sorted names), every file, the damaged ones with why.
    expect(entries.map((e) => e.file)).toEqual(
      readdirSync(folder)
        .sort()
        .map((f) => join(folder, f))
    );
    expect(entries.filter((e) => e.failure)).toHaveLength(2);
    expect(runs["workers-false"].stdout).toBe(
      runs["one-false"].stdout.replace("one-false.xlsx", "workers-false.xlsx")
    );
    expect(runs["workers-false"].stdout).toMatch(/^共 31 个文件：检查了 29 个工作簿/);
  });

  it("writes the same 汇总 and 问题明细, cell for cell", async () => {
    const workers = await cells(join(root, "workers-true.xlsx"));
    expect(workers.map((s) => s[0])).toEqual(["汇总", "问题明细"]);
    expect(workers[0].length).toBeGreaterThan(31 * 10);
    expect(workers).toEqual(await cells(join(root, "one-true.xlsx")));
  });
});

describe("the ordered pool of worker threads", () => {
  // A worker in plain JavaScript: answers job i after `delay` ms; exits on `crash`, throws on `throw`.
  const WORKER = `
    const { parentPort } = require("worker_threads");
    if (process.env.FAIL_AT_START) throw new Error("cannot start");
    let queue = Promise.resolve();
    parentPort.on("message", (m) => {
      queue = queue.then(async () => {
        if (m.type === "close") return parentPort.close();
        if (m.crash) process.exit(3);
        if (m.throw) throw new Error("a fault in a library");
        await new Promise((r) => setTimeout(r, m.delay));
        parentPort.postMessage({ type: "done", index: m.index, result: "worker:" + m.index });
      });
    });
    parentPort.postMessage({ type: "ready" });`;

  async function pool(
    count: number,
    job: (i: number) => Record<string, unknown>,
    options: { threads?: number; window?: number; env?: NodeJS.ProcessEnv } = {}
  ) {
    const emitted: [number, string][] = [];
    const inFlight = new Map<Worker, number>();
    let mostInFlight = 0;
    let mostAhead = 0;
    let spawned = 0;
    const lost: number[] = [];
    await runOrdered<string>({
      count,
      threads: options.threads ?? 2,
      window: options.window,
      spawn: () => {
        spawned++;
        const worker = new Worker(WORKER, { eval: true, env: options.env ?? {} });
        const post = worker.postMessage.bind(worker);
        worker.postMessage = (m: { type: string; index: number }) => {
          if (m.type === "job") {
            inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
            mostInFlight = Math.max(mostInFlight, inFlight.get(worker)!);
            mostAhead = Math.max(mostAhead, m.index - emitted.length);
          }
          post(m);
        };
        worker.on("message", (m: { type: string }) => {
          if (m.type === "done") inFlight.set(worker, inFlight.get(worker)! - 1);
        });
        return worker;
      },
      job,
      inThread: async (i) => `thread:${i}`,
      lost: (i) => {
        lost.push(i);
        return `lost:${i}`;
      },
      emit: (i, result) => emitted.push([i, result]),
    });
    return { emitted, mostInFlight, mostAhead, spawned, lost };
  }

  it("hands results on in job order, however they finish, with at most two jobs in flight per worker", async () => {
    // Later jobs finish first.
    const run = await pool(24, (i) => ({ delay: (24 - i) * 3 }));
    expect(run.emitted).toEqual(Array.from({ length: 24 }, (_, i) => [i, `worker:${i}`]));
    expect(run.mostInFlight).toBe(2);
    expect(run.spawned).toBe(2);
  });

  it("sends nothing more than `window` jobs ahead of the first unanswered one", async () => {
    const run = await pool(40, (i) => ({ delay: i === 0 ? 300 : 1 }), { window: 6 });
    expect(run.emitted.map(([i]) => i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(run.mostAhead).toBeLessThanOrEqual(6);
  });

  it("replaces a worker that dies on a job: that job is reported lost, every other one done", async () => {
    const run = await pool(12, (i) => ({ delay: 5, crash: i === 4, throw: i === 9 }));
    expect(run.lost).toEqual([4, 9]);
    expect(run.emitted).toEqual(
      Array.from({ length: 12 }, (_, i) => [i, i === 4 || i === 9 ? `lost:${i}` : `worker:${i}`])
    );
    expect(run.spawned).toBe(4);
  });

  it("checks everything in this thread when no worker can start", async () => {
    const run = await pool(5, () => ({ delay: 1 }), { env: { FAIL_AT_START: "1" } });
    expect(run.emitted).toEqual(Array.from({ length: 5 }, (_, i) => [i, `thread:${i}`]));
    expect(run.lost).toEqual([]);
  });
});

describe("the audit's progress line", () => {
  it("shows files per second and the time left, then the time taken", () => {
    expect(progressLine(10, 40, "/x/单位.xlsx", 2000, "zh")).toMatch(
      /^\r\[#{6}-{18}\] 10\/40 每秒 5\.0 个，约剩 6 秒 +单位\.xlsx/
    );
    expect(progressLine(400, 1000, "a.xlsx", 4000, "en")).toContain(
      "400/1000 100 files/s, about 6 s left"
    );
    expect(progressLine(40, 40, "a.xlsx", 125_000, "zh")).toContain("每秒 0.3 个，用时 2 分 05 秒");
    expect(progressLine(0, 40, "a.xlsx", 0, "zh")).not.toMatch(/每秒/);
    expect(duration(3725, "zh")).toBe("1 小时 02 分");
  });
});
