/**
 * Whole processes timed as a user meets them: each command started from nothing, the commands of one comparison
 * run in turn (A, B, C, A, B, C …) so that a busy moment of the machine falls on all of them alike, and the median
 * of the runs kept. Every ratio the bench prints is of two medians taken in the same alternation.
 */
import { spawnSync } from "child_process";
import { performance } from "perf_hooks";

/** A command to time: what to run, and what to do before each run (untimed: a fresh profile, a clean folder). */
export interface TimedCommand {
  name: string;
  file: string;
  args: string[];
  /** Untimed, before each run. */
  before?: () => void;
  /** Exit codes that count as success (default: 0). */
  ok?: number[];
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Each command run `runs` times in alternation; the median wall-clock milliseconds of each, by name. */
export function alternate(commands: TimedCommand[], runs: number): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(commands.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const c of commands) {
      c.before?.();
      const start = performance.now();
      const child = spawnSync(c.file, c.args, { stdio: "pipe", maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - start;
      if (child.error) throw new Error(`${c.name}: ${child.error.message}`);
      if (!(c.ok ?? [0]).includes(child.status ?? -1))
        throw new Error(
          `${c.name} exited ${String(child.status)}:\n${String(child.stderr).slice(0, 2000)}`
        );
      times[c.name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, median(ms)]));
}
