import { readFileSync } from "fs";
import { join } from "path";

/** The example inputs shipped in examples/ (the seeds' own figures). */
export function loadExample(name: "seed000" | "seed001"): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(__dirname, "..", "..", "examples", `${name}.json`), "utf8")
  ) as Record<string, unknown>;
}

/** The example without its notes and self-reported scores: inputs only. */
export function exampleInputs(name: "seed000" | "seed001"): Record<string, unknown> {
  const { _note, selfScores, selfTotal, ...inputs } = loadExample(name);
  void _note;
  void selfScores;
  void selfTotal;
  return inputs;
}
