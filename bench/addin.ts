/**
 * The add-in's figures: what one 重新计算 costs in Excel (context.sync round trips, API calls, range writes,
 * cells written — counted on the fake Excel object model the host is tested against), and the size of the
 * add-in's JavaScript as Excel downloads it, chunk by chunk (production build, gzip).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { gzipSync } from "zlib";
import { shenzhen } from "../src/domain/frameworks/shenzhen";
import { frameworkInputs } from "../src/domain/model";
import { insertTemplateInExcel, recomputeInExcel } from "../src/hosts/excel";
import { address, parseRef } from "../src/workbook/snapshot";
import { buildAddin } from "../test/support/browser";
import { FakeExcel, installFakeOffice } from "../test/support/fakeExcel";
import { exampleInputs } from "../test/support/seeds";

export async function benchRecomputeInExcel(): Promise<Record<string, number>> {
  const fake = new FakeExcel({}, { apiVersion: "1.9" });
  const { uninstall } = installFakeOffice(globalThis, fake);
  try {
    await insertTemplateInExcel(shenzhen, "zh");
    const names = fake.toSnapshot().names;
    const inputs = exampleInputs("seed001");
    for (const def of frameworkInputs(shenzhen)) {
      const value = inputs[def.key];
      const name = names.find((n) => n.name === def.key);
      if (value === undefined || value === null || !name) continue;
      const ref = parseRef(name.ref)!;
      fake.setCell(ref.sheet, address(ref.row, ref.col), value);
    }
    fake.resetStats();
    await recomputeInExcel(shenzhen, "zh");
    const s = fake.stats;
    return {
      syncsPerRecompute: s.syncs,
      apiCallsPerRecompute: s.propertySets + s.methodCalls,
      rangeWritesPerRecompute: s.rangeWrites,
      cellsWritten: s.cellsWritten,
    };
  } finally {
    uninstall();
  }
}

/**
 * Every script of the built add-in (the pane's chunks, the ribbon command's), gzip bytes each (level 9); and what
 * the pane loads before it shows: taskpane.js, with polyfills.js counted too (loaded only where the webview lacks
 * built-ins, so this is the most any webview loads). The engine, presets and report chunks come when first used.
 */
export async function benchTaskpaneSize(): Promise<{
  paneGzipBytesByChunk: Record<string, number>;
  paneInitialGzipBytes: number;
}> {
  const out = mkdtempSync(join(tmpdir(), "selfeval-bundle-"));
  try {
    await buildAddin(out);
    const chunks = readdirSync(out)
      .filter((f) => f.endsWith(".js"))
      .sort();
    const size = (file: string) => gzipSync(readFileSync(join(out, file)), { level: 9 }).length;
    const bytes = Object.fromEntries(chunks.map((f) => [f, size(f)]));
    if (!bytes["taskpane.js"] || !bytes["polyfills.js"])
      throw new Error(`the build has no taskpane.js or polyfills.js: ${chunks.join(", ")}`);
    return {
      paneGzipBytesByChunk: bytes,
      paneInitialGzipBytes: bytes["taskpane.js"] + bytes["polyfills.js"],
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
