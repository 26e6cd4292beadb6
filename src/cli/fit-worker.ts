/**
 * The second thread of {@link parallelFits}: fits the jobs it is given with the engine's own functions
 * and posts the outcomes, then marks the shared flag, so the waiting thread reads them at once.
 * Whatever goes wrong here, loading included, is posted as an error and marks the flag too.
 */
import { workerData } from "node:worker_threads";
import type { FitWorkerData } from "./fitpool.js";

const data = workerData as FitWorkerData;
const done = new Int32Array(data.state);
// Ended by process.exit somewhere below: the waiting thread hears it at once (an answer-less flag).
process.on("exit", () => {
  if (Atomics.load(done, 0) === 0) {
    Atomics.store(done, 0, 2);
    Atomics.notify(done, 0);
  }
});
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fitJob } = require("../engine/orders/holdout.js") as typeof import("../engine/orders/holdout.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fromWire, outcomeToWire } = require("./fitpool.js") as typeof import("./fitpool.js");
  data.port.postMessage({ outcomes: data.jobs.map((j) => outcomeToWire(fitJob(fromWire(j)))) });
} catch (e) {
  data.port.postMessage({ error: String((e as Error)?.stack ?? e) });
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
