/**
 * The README's workbook commands run as written on the bundled examples: recompute a department's own workbook,
 * restore it, audit the examples folder. The commands are taken from the README itself, so the README and the
 * examples cannot drift apart unnoticed.
 */
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runCli } from "./support/cli";

const ROOT = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "selfeval-readme-"));

/** The `npx selfeval …` lines of the README's first bash block after "## The workbook". */
function readmeCommands(): string[][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The workbook"));
  const block = /```bash\n([\s\S]*?)```/.exec(
    section.slice(section.indexOf("npx selfeval recompute") - 200)
  )![1];
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line.startsWith("npx selfeval "))
    .map((line) => line.slice("npx selfeval ".length).split(/\s+/));
}

test("recompute, restore and audit run on the examples as the README shows", async () => {
  const commands = readmeCommands();
  expect(commands.map((c) => c[0])).toEqual(["recompute", "restore", "audit"]);
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    for (const args of commands) {
      // Inputs are the repository's; outputs go to a scratch folder.
      const at = args.indexOf("-o");
      const output = join(dir, args[at + 1]);
      const run = args.map((a, i) => (i === at + 1 ? output : a));
      if (args[0] === "restore") run[1] = join(dir, args[1]);
      const { code, stderr } = await runCli(run);
      // 0 scored, 1 scored with inputs still to fill (the examples leave 深圳's figures blank); never 2.
      expect([0, 1]).toContain(code);
      expect(stderr).not.toContain("没有找到评分表");
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(output)).toBe(true);
    }
  } finally {
    process.chdir(cwd);
  }
});

/** Every `npx selfeval score|template …` line of the README whose files are in the repository. */
function readmeScoreCommands(): string[][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^npx selfeval ((?:score|template) [^#\n]*)/gm)]
    .map((m) => m[1].trim().split(/\s+/))
    .filter((args) => {
      const input = args[args.indexOf("--input") + 1];
      return existsSync(join(ROOT, input));
    });
}

test("the README's score and template lines on the examples exit 0: their inputs are complete and valid", async () => {
  const commands = readmeScoreCommands();
  // seed001 twice (table, --json), the three other frameworks' lines.
  expect(commands.length).toBeGreaterThanOrEqual(5);
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    for (const args of commands) {
      const at = args.indexOf("-o");
      const run = at < 0 ? args : args.map((a, i) => (i === at + 1 ? join(dir, a) : a));
      const { code, stdout, stderr } = await runCli(run);
      expect({ args: args.join(" "), code, stderr }).toEqual({
        args: args.join(" "),
        code: 0,
        stderr: expect.any(String),
      });
      expect(stdout + stderr).not.toContain("未知");
    }
  } finally {
    process.chdir(cwd);
  }
});
