/**
 * An order list's model fits on two threads where there are two cores: a worker thread makes part of
 * the fits (about half the work, see {@link shareOf}) while this thread makes the others, then waits for
 * the worker's outcomes. The fits are the engine's own functions on the same
 * histories, so the outcomes are the same as on one thread (a test compares the files byte for byte).
 * On 5,000,000 order lines BG/NBD and MBG/NBD took 9 s one after the other.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { ModelError, type BgNbd, type RepeatHistory } from "../engine/orders/bgnbd.js";
import { fitInPlace, fitJob, type FitJob, type FitOutcome, type FitRunner, type ModelName } from "../engine/orders/holdout.js";

/** From this many customers a second thread helps (below, starting it costs about what it saves). */
export const PARALLEL_FITS_FROM = 20_000;
/**
 * How long this thread waits for the worker beyond its own fits' time: ten times that, and a minute.
 * A worker that died without a word (out of memory, killed) cannot say so while this thread waits;
 * past the deadline its fits are made here instead, so the run still ends with the same outcomes.
 */
const patience = (ownMs: number) => 10 * ownMs + 60_000;

/** A fit job as it crosses to the worker: the histories as x, t_x, T side by side in one array. */
export interface WireJob {
  model: ModelName;
  part: FitJob["part"];
  histories: Float64Array;
}

/** A fit's outcome as it comes back: the parameters, or the error (a ModelError: the model's own failure). */
export type WireOutcome = { fit: BgNbd } | { error: string; modelError: boolean };

export interface FitWorkerData {
  jobs: WireJob[];
  /** Int32 [done]: set when the outcomes (or the error) are posted on `port`. */
  state: SharedArrayBuffer;
  port: MessagePort;
}

export function toWire(job: FitJob): WireJob {
  const h = job.histories;
  const histories = new Float64Array(3 * h.length);
  for (let i = 0; i < h.length; i++) {
    histories[3 * i] = h[i]!.x;
    histories[3 * i + 1] = h[i]!.tx;
    histories[3 * i + 2] = h[i]!.T;
  }
  return { model: job.model, part: job.part, histories };
}

export function fromWire(job: WireJob): FitJob {
  const h = job.histories;
  const histories: RepeatHistory[] = new Array(h.length / 3);
  for (let i = 0; i < histories.length; i++) histories[i] = { x: h[3 * i]!, tx: h[3 * i + 1]!, T: h[3 * i + 2]! };
  return { model: job.model, part: job.part, histories };
}

/** What the worker sends back for an outcome. */
export function outcomeToWire(o: FitOutcome): WireOutcome {
  return o instanceof ModelError ? { error: o.message, modelError: true } : { fit: { ...o } };
}

function workerFile(): string | null {
  // Only the compiled command line has a worker to start (under tsx the module is TypeScript).
  const file = join(__dirname, "fit-worker.js");
  return __filename.endsWith(".js") && existsSync(file) ? file : null;
}

/** A fit's cost, roughly: its customers, three times over for Pareto/NBD's hypergeometric series. */
const costOf = (job: FitJob) => job.histories.length * (job.model === "paretonbd" ? 3 : 1);

/**
 * The jobs (their indexes) the worker takes: the costliest first, each to the thread with less work so
 * far, so both finish about together (on 58,907 customers this thread waited 0.6 s for the worker's
 * two Pareto/NBD fits while it did the four others).
 */
export function shareOf(jobs: readonly FitJob[]): number[] {
  const order = jobs.map((_, k) => k).sort((x, y) => costOf(jobs[y]!) - costOf(jobs[x]!) || x - y);
  let here = 0;
  let there = 0;
  const theirs: number[] = [];
  for (const k of order) {
    if (there < here) {
      there += costOf(jobs[k]!);
      theirs.push(k);
    } else here += costOf(jobs[k]!);
  }
  return theirs.sort((x, y) => x - y);
}

/**
 * The fitter the command line gives the engine: with `threads` 2 (the default where the machine has
 * two cores, unless CUSTOMER_SEGMENT_THREADS=1; CUSTOMER_SEGMENT_THREADS=2 asks for it on one core)
 * and {@link PARALLEL_FITS_FROM} customers, one model's fits go to the thread of the `script` (the compiled fit-worker).
 */
export function parallelFits(threads = process.env.CUSTOMER_SEGMENT_THREADS === "2" || (availableParallelism() > 1 && process.env.CUSTOMER_SEGMENT_THREADS !== "1") ? 2 : 1, script: string | null = workerFile()): FitRunner {
  return (jobs) => {
    const customers = Math.max(0, ...jobs.map((j) => j.histories.length));
    const theirs = shareOf(jobs);
    const file = threads > 1 && customers >= PARALLEL_FITS_FROM && theirs.length > 0 && theirs.length < jobs.length ? script : null;
    if (!file) return fitInPlace(jobs);
    const away = new Set(theirs);
    const wire = theirs.map((k) => toWire(jobs[k]!));
    const state = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const data: FitWorkerData = { jobs: wire, state: state.buffer as SharedArrayBuffer, port: port2 };
    const worker = new Worker(file, { workerData: data, transferList: [port2, ...wire.map((w) => w.histories.buffer as ArrayBuffer)] });
    // The worker posts its outcomes or its error itself; a late error event must not end the process.
    worker.on("error", () => undefined);
    try {
      const out: FitOutcome[] = new Array(jobs.length);
      const started = Date.now();
      jobs.forEach((j, k) => {
        if (!away.has(k)) out[k] = fitJob(j);
      });
      const deadline = Date.now() + patience(Date.now() - started);
      while (Atomics.load(state, 0) === 0 && Date.now() < deadline) Atomics.wait(state, 0, 0, 1000);
      const message = (Atomics.load(state, 0) === 1 ? receiveMessageOnPort(port1)?.message : undefined) as { outcomes?: WireOutcome[]; error?: string } | undefined;
      // No outcomes (the worker is gone, or failed before fitting): its fits are made here, where a
      // fault of the fit itself shows as it would have on one thread.
      theirs.forEach((k, i) => {
        const o = message?.outcomes?.[i];
        if (o && "fit" in o) out[k] = o.fit;
        else if (o && o.modelError) out[k] = new ModelError(o.error);
        else out[k] = fitJob(jobs[k]!);
      });
      return out;
    } finally {
      port1.close();
      void worker.terminate();
    }
  };
}
