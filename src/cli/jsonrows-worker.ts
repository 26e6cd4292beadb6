/**
 * The second thread of {@link rowPieces}: writes the odd blocks of rows as UTF-8 into the shared
 * {@link Ring}, from which the writing thread takes them in order.
 */
import { workerData } from "node:worker_threads";
import { BLOCK, columnsOfJob, PIECE, Ring, rowBytes, type WorkerJob } from "./jsonrows.js";

const job = workerData as WorkerJob;
const ring = new Ring(job.ring);
try {
  const c = columnsOfJob(job);
  const buf = Buffer.allocUnsafeSlow(PIECE);
  for (let b = 1; b * BLOCK < job.n; b += 2) {
    for (const piece of rowBytes(c, b * BLOCK, Math.min(job.n, (b + 1) * BLOCK), buf)) ring.put(piece);
    ring.endBlock();
  }
} catch (e) {
  job.port.postMessage({ error: String((e as Error)?.stack ?? e) });
  ring.fail();
}
