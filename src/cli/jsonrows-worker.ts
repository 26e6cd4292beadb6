/**
 * The second thread of {@link rowPieces}: writes the odd blocks of rows as UTF-8 into the shared
 * {@link Ring}, from which the writing thread takes them in order. Whatever goes wrong here, loading
 * included, marks the ring failed (its third Int32), so the writing thread, which waits on the ring
 * and cannot see this thread's events while it waits, stops at once and says why.
 */
import { workerData } from "node:worker_threads";
import type { WorkerJob } from "./jsonrows.js";

const job = workerData as WorkerJob;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BLOCK, columnsOfJob, PIECE, Ring, rowBytes } = require("./jsonrows.js") as typeof import("./jsonrows.js");
  const ring = new Ring(job.ring);
  const c = columnsOfJob(job);
  const buf = Buffer.allocUnsafeSlow(PIECE);
  for (let b = 1; b * BLOCK < job.n; b += 2) {
    for (const piece of rowBytes(c, b * BLOCK, Math.min(job.n, (b + 1) * BLOCK), buf)) ring.put(piece);
    ring.endBlock();
  }
} catch (e) {
  try {
    job.port.postMessage({ error: String((e as Error)?.stack ?? e) });
  } finally {
    const state = new Int32Array(job.ring, 0, 3);
    Atomics.store(state, 2, 1);
    Atomics.notify(state, 0);
  }
}
