/**
 * Jobs 0…count−1 run in worker threads, their results handed on in job order (a reorder buffer), whatever order
 * they finish in. Bounded: at most `perWorker` jobs in flight per worker, and none dispatched more than `window`
 * jobs ahead of the first result not yet handed on, so memory does not grow with the number of jobs.
 *
 * A worker posts { type: "ready" } once loaded, answers each { type: "job", index, … } with
 * { type: "done", index, result } in the order sent, and on { type: "close" } cleans up and closes its port.
 * A worker that dies on a job is replaced: the job it was on gets `lost` (never silently dropped), the jobs queued
 * behind it go to another. When no worker can start at all, the jobs run in this thread (`inThread`).
 */
import type { Worker } from "worker_threads";

export interface OrderedPoolOptions<T> {
  count: number;
  threads: number;
  spawn: () => Worker;
  /** The message for job `index` (its `type` and `index` are added). */
  job: (index: number) => Record<string, unknown>;
  inThread: (index: number) => Promise<T>;
  /** The result of a job whose worker died on it (`error`: the worker's error, if it gave one). */
  lost: (index: number, error: unknown) => T;
  /** Called once per job, in job order. */
  emit: (index: number, result: T) => void;
  perWorker?: number;
  window?: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  closing: boolean;
  /** The jobs sent to it, oldest first: the first is the one it is on. */
  inFlight: number[];
  error?: unknown;
}

type Message = { type: "ready" } | { type: "done"; index: number; result: unknown };

export function runOrdered<T>(o: OrderedPoolOptions<T>): Promise<void> {
  const perWorker = o.perWorker ?? 2;
  const window = o.window ?? Math.max(64, 8 * o.threads);
  const results = new Map<number, T>();
  const again: number[] = []; // jobs to send again, their worker gone before it started them
  let next = 0; // the next job to hand on
  let dispatched = 0; // jobs below this were sent (or are in `again`)
  let slots: Slot[] = [];
  let inThread = false;
  let failed = false;

  return new Promise<void>((resolve, reject) => {
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      for (const slot of slots) void slot.worker.terminate();
      reject(err);
    };
    const finish = () => {
      const closing = slots.map(
        (slot) =>
          new Promise<void>((done) => {
            slot.closing = true;
            slot.worker.once("exit", () => done());
            slot.worker.postMessage({ type: "close" });
            // A worker that does not close within a few seconds is stopped.
            setTimeout(() => void slot.worker.terminate(), 5000).unref();
          })
      );
      slots = [];
      void Promise.all(closing).then(() => resolve());
    };
    const settle = (index: number, result: T) => {
      if (failed) return;
      results.set(index, result);
      try {
        while (results.has(next)) {
          const r = results.get(next) as T;
          results.delete(next);
          o.emit(next, r);
          next++;
        }
      } catch (err) {
        fail(err);
        return;
      }
      if (next === o.count) finish();
      else pump();
    };
    const nextJob = (): number | undefined => {
      if (again.length) return again.shift();
      if (dispatched < o.count && dispatched < next + window) return dispatched++;
      return undefined;
    };
    const pump = () => {
      if (inThread) return;
      for (const slot of slots) {
        if (!slot.ready || slot.closing) continue;
        while (slot.inFlight.length < perWorker) {
          const index = nextJob();
          if (index === undefined) return;
          slot.inFlight.push(index);
          slot.worker.postMessage({ ...o.job(index), type: "job", index });
        }
      }
    };
    const runRestInThread = async () => {
      inThread = true;
      try {
        for (let index = nextJob(); index !== undefined; index = nextJob()) {
          settle(index, await o.inThread(index));
          if (failed) return;
        }
      } catch (err) {
        fail(err);
      }
    };
    const start = (): void => {
      let worker: Worker;
      try {
        worker = o.spawn();
      } catch {
        if (!slots.length) void runRestInThread();
        return;
      }
      const slot: Slot = { worker, ready: false, closing: false, inFlight: [] };
      slots.push(slot);
      worker.on("message", (message: Message) => {
        if (message.type === "ready") {
          slot.ready = true;
          pump();
        } else if (message.type === "done") {
          slot.inFlight = slot.inFlight.filter((i) => i !== message.index);
          settle(message.index, message.result as T);
        }
      });
      worker.on("error", (err) => {
        slot.error = err;
      });
      worker.on("exit", () => {
        if (slot.closing || failed) return;
        slots = slots.filter((s) => s !== slot);
        const [current, ...queued] = slot.inFlight;
        again.unshift(...queued);
        if (current !== undefined) settle(current, o.lost(current, slot.error));
        if (failed || next === o.count) return;
        if (!slot.ready || current === undefined) {
          // It could not start (or died idle): the others carry on; none left, this thread does the rest.
          if (!slots.length) void runRestInThread();
          else pump();
          return;
        }
        start();
      });
    };
    if (o.count === 0) return resolve();
    for (let i = 0; i < Math.min(o.threads, o.count); i++) start();
  });
}
