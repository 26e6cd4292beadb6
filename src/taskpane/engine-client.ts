/**
 * The engine run in a Web Worker from the shared runtime: {@link workerEngine} is the task pane's
 * {@link EngineRunner}. The table goes over in blocks of rows (each copy a short piece of work, so the
 * main thread is never busy long), the answer comes back as plain data. Cancel terminates the worker.
 * Where Web Workers are not available the engine runs in-process.
 */
import { SettingsError, TableError, unpackLabels, unpackMessages } from "../engine/index.js";
import { CancelledError, inProcessEngine, inProcessOrderList, type EngineRunner, type OrderListRunner } from "../excel/segment-sheet.js";
import type { Cell, TableJobResult } from "../engine/index.js";
import type { FromWorker, PackedOut, ToWorker } from "./engine-worker.js";

/** The worker's packed answer as the engine's result again (see PackedOut). */
export function unpack(p: PackedOut): TableJobResult {
  const columns = {
    ...p.columns,
    customer: new Array<string>(p.count).fill(""),
    paretoClass: unpackLabels(p.labels.paretoClass),
    quadrant: unpackLabels(p.labels.quadrant),
    tier: unpackLabels(p.labels.tier),
    messages: unpackMessages(p.count, p.messages),
  } as TableJobResult["result"]["columns"];
  const result = { ...p.out.result, columns } as TableJobResult["result"];
  return { ...p.out, result };
}

/** The worker script, relative to the page: its (content-hashed) name is in the page's meta "engine-worker". */
function workerUrl(): string {
  const meta = typeof document !== "undefined" && typeof document.querySelector === "function" ? document.querySelector<HTMLMetaElement>('meta[name="engine-worker"]') : null;
  return meta?.content || "engine-worker.js";
}

/** Rows per message: a copy of some 10,000 rows takes a few milliseconds. */
const BLOCK = 10_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Run one job in a fresh worker: the rows go over in blocks, then `run` starts it; `answer` picks the
 * worker's final message. Rejects with CancelledError on abort (the worker is terminated).
 */
async function inWorker<T>(worker: Worker, values: Cell[][], run: ToWorker, answer: (m: FromWorker) => T | undefined, onProgress: (done: number) => void, signal?: AbortSignal): Promise<T> {
  const send = (m: ToWorker) => worker.postMessage(m);
  const done = new Promise<T>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type === "progress") onProgress(m.done);
      else if (m.type === "error") reject(m.name === "TableError" ? new TableError(m.message) : m.name === "SettingsError" ? new SettingsError([m.message.replace(/^Invalid settings: /, "")]) : new Error(m.message));
      else {
        const out = answer(m);
        if (out !== undefined) resolve(out);
      }
    };
    worker.onerror = (e) => reject(new Error(e.message || "the engine's worker stopped"));
    signal?.addEventListener("abort", () => reject(new CancelledError()), { once: true });
  });
  for (let i = 0; i < values.length; i += BLOCK) {
    if (signal?.aborted) throw new CancelledError();
    send({ type: "rows", rows: values.slice(i, i + BLOCK) });
    await yieldToEventLoop();
  }
  send(run);
  return done;
}

type Runner<J, R> = (job: J, onProgress: (done: number) => void, signal?: AbortSignal) => Promise<R>;

/**
 * A runner that does `run` in a fresh worker (the worker's own bundle, webpack entry "engine-worker",
 * beside the task pane's page) and ends it afterwards; `inProcess` where there are no Web Workers or
 * one cannot be started.
 */
function viaWorker<J, R>(inProcess: Runner<J, R>, run: (worker: Worker, job: J, onProgress: (done: number) => void, signal?: AbortSignal) => Promise<R>): Runner<J, R> {
  if (typeof Worker === "undefined") return inProcess;
  return async (job, onProgress, signal) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl());
    } catch {
      return inProcess(job, onProgress, signal);
    }
    try {
      return await run(worker, job, onProgress, signal);
    } finally {
      worker.terminate();
    }
  };
}

/** An order list's engine work (aggregate, segment, fit the models) in a Web Worker; in-process where there are none. */
export function workerOrderList(): OrderListRunner {
  return viaWorker(inProcessOrderList, (worker, { values, ...rest }, onProgress, signal) => inWorker(worker, values, { type: "orderList", job: rest }, (m) => (m.type === "orderListDone" ? m.out : undefined), onProgress, signal));
}

export function workerEngine(): EngineRunner {
  return viaWorker(inProcessEngine, async (worker, { values, ...rest }, onProgress, signal) => {
    performance.mark("seg:send");
    const packed = await inWorker(worker, values, { type: "run", job: rest }, (m) => (m.type === "done" ? m.packed : undefined), onProgress, signal);
    performance.mark("seg:answer");
    const out = unpack(packed);
    performance.mark("seg:unpacked");
    return out;
  });
}
