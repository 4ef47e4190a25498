/**
 * BUILD NOTE — a separate entry point, loaded by path at run time: `selfeval audit` starts this module in worker
 * threads with `new Worker(join(__dirname, "auditWorker.js"))` (src/cli/audit.ts). tsc emits it to
 * lib/cli/auditWorker.js beside lib/cli/audit.js. A bundler of the command line (esbuild …) must emit it as an
 * entry of its own, as auditWorker.js in the same folder as the bundled audit code; without it the audit still
 * works, checking every workbook in the main thread (one core).
 *
 * One audit worker: checks the workbooks it is sent, one at a time, in the order sent, and answers each with its
 * summary row's data (small; the workbook itself never leaves the worker). See orderedPool.ts for the protocol.
 */
import { parentPort, workerData } from "worker_threads";
import { frameworkById } from "../domain/frameworks";
import type { Framework, Lang } from "../domain/types";
import { Conversions } from "../files/convert";
import { checkFound } from "./auditFile";

/** A preset by its id (the same object the main thread would use), or a framework file's framework as data. */
export type WorkerFramework = { preset: string } | { own: Framework } | undefined;

export interface AuditWorkerData {
  framework: WorkerFramework;
  lang: Lang;
  /** Where this worker's LibreOffice conversions go: a folder the main thread removes, whatever becomes of us. */
  tempFolder: string;
}

export interface AuditJob {
  type: "job";
  index: number;
  file: string;
  unreadable?: string;
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as AuditWorkerData;
  const chosen =
    data.framework === undefined
      ? undefined
      : "preset" in data.framework
        ? frameworkById(data.framework.preset)
        : data.framework.own;
  const conversions = new Conversions(undefined, undefined, data.tempFolder);
  let queue = Promise.resolve();
  port.on("message", (message: AuditJob | { type: "close" }) => {
    queue = queue.then(async () => {
      if (message.type === "close") {
        conversions.dispose();
        port.close();
        return;
      }
      const entry = await checkFound(message, chosen, data.lang, conversions);
      port.postMessage({ type: "done", index: message.index, result: entry });
    });
  });
  port.postMessage({ type: "ready" });
}
