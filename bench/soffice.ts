/**
 * LibreOffice recalculating a workbook as a whole process, the way a user would without selfeval:
 * `soffice --headless --convert-to xlsx` with recalculation on load forced (test/support/libreoffice.ts,
 * RECALC_ALWAYS), started cold each time in a fresh copy of a user profile.
 *
 * The profile is created once beforehand, by one untimed run, and copied (untimed) before each timed run: a new
 * profile's first start spends seconds creating it, which a user pays once, as selfeval's node_modules are
 * installed once. Each timed run still starts a new soffice process with nothing of the earlier runs.
 */
import { spawnSync } from "child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { pathToFileURL } from "url";
import { RECALC_ALWAYS, SOFFICE } from "../test/support/libreoffice";
import type { TimedCommand } from "./processes";

/** Whether soffice runs here. */
export function sofficeAvailable(): boolean {
  const probe = spawnSync(SOFFICE, ["--version"], { stdio: "pipe", timeout: 60_000 });
  return !probe.error && probe.status === 0;
}

/**
 * The timed command converting `workbook` into `dir`/out, with its untimed preparation: the profile made once
 * here (by converting the workbook once), copied afresh before each run.
 */
export function sofficeCommand(dir: string, workbook: string): TimedCommand {
  const template = join(dir, "profile-template");
  const fresh = join(dir, "profile");
  const out = join(dir, "out");
  mkdirSync(join(template, "user"), { recursive: true });
  writeFileSync(join(template, "user", "registrymodifications.xcu"), RECALC_ALWAYS);
  const args = (profile: string) => [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    "--headless",
    "--norestore",
    "--convert-to",
    "xlsx:Calc MS Excel 2007 XML",
    "--outdir",
    out,
    workbook,
  ];
  const first = spawnSync(SOFFICE, args(template), { stdio: "pipe", timeout: 300_000 });
  if (first.status !== 0) throw new Error(`soffice failed: ${String(first.stderr)}`);
  // LibreOffice keeps the items it was given when it writes the profile back: recalculation stays forced.
  const kept = readFileSync(join(template, "user", "registrymodifications.xcu"), "utf8");
  if (!/OOXMLRecalcMode[\s\S]*?<value>0<\/value>/.test(kept))
    throw new Error("the LibreOffice profile lost its recalculation setting");
  return {
    name: "soffice",
    file: SOFFICE,
    args: args(fresh),
    before: () => {
      rmSync(fresh, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
      cpSync(template, fresh, { recursive: true });
    },
  };
}
