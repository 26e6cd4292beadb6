/**
 * The rows of a customer table's JSON document, written straight from the result columns, in blocks,
 * on two threads where there are two cores: this thread writes the even blocks, a worker thread the
 * odd ones, and they are written to the file in order. A million rows' JSON (300 MB of text, most of
 * it numbers turned into their shortest exact text) was a third of a run on one thread.
 *
 * The text is the same either way (a test compares them byte for byte): the worker runs this same
 * {@link jsonRowText} on a copy of the columns it needs.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { SegmentColumns } from "../engine/analysis/segment.js";
import { packLabels, packMessages, unpackLabels, unpackMessages, type PackedLabels } from "../engine/packing.js";

/** The columns one row of JSON needs. */
export type RowColumns = Pick<SegmentColumns, "firstRow" | "customer" | "rank" | "revenueShare" | "cumulativeShare" | "paretoClass" | "profitRank" | "cumulativeProfitShare" | "quadrant" | "score" | "tier" | "clv" | "messages">;

/** A number as JSON writes it: NaN and infinities (none should occur) as null, -0 as 0. */
function jnum(v: number): string {
  return Number.isFinite(v) ? String(v === 0 ? 0 : v) : "null";
}

/** A nullable label as JSON. */
function jstr(v: string | null | undefined): string {
  return v === null || v === undefined ? "null" : JSON.stringify(v);
}

/** The JSON of the labels (Pareto class, quadrant, tier): a handful of texts, quoted once each. */
const labelJson = new Map<string, string>();
function jlabel(v: string | null | undefined): string {
  if (v === null || v === undefined) return "null";
  let t = labelJson.get(v);
  if (t === undefined) {
    t = JSON.stringify(v);
    if (labelJson.size < 100) labelJson.set(v, t);
  }
  return t;
}

/**
 * One row of a customer table's JSON: exactly the text JSON.stringify gives for the row's object
 * (a test checks), without an object per row (a million rows made two million objects).
 */
export function jsonRowText(c: RowColumns, i: number): string {
  const messages = c.messages[i]!;
  const problems = messages.length ? messages.map((m) => JSON.stringify({ severity: m.severity, column: m.column, text: m.text })).join(",") : "";
  return (
    `{"row":${c.firstRow + i},"customer":${jstr(c.customer[i])},"rank":${c.rank[i] || "null"},"revenueShare":${jnum(c.revenueShare[i]!)},` +
    `"cumulativeShare":${jnum(c.cumulativeShare[i]!)},"paretoClass":${jlabel(c.paretoClass[i])},"profitRank":${c.profitRank[i] || "null"},` +
    `"cumulativeProfitShare":${jnum(c.cumulativeProfitShare[i]!)},"quadrant":${jlabel(c.quadrant[i])},"score":${jnum(c.score[i]!)},"tier":${jlabel(c.tier[i])},` +
    `"clv":${jnum(c.clv[i]!)},"problems":[${problems}]}`
  );
}

/** Bytes per piece of the rows' text. */
export const PIECE = 4 << 20;

/**
 * Rows [start, end) as the document holds them, as UTF-8: each row on a line of its own, a comma
 * before all but the first. Each row's text goes into `buf` as it is made (one giant string of many
 * small ones cost three times as much to flatten as to make), and each full stretch of `buf` is
 * yielded as a view of it: **a piece is valid only until the next is asked for** (the same bytes are
 * reused, so a million rows allocate no new memory; fresh buffers by the hundred made V8 collect its
 * whole heap again and again).
 */
export function* rowBytes(c: RowColumns, start: number, end: number, buf: Buffer): Generator<Uint8Array> {
  yield* textBytes((i) => jsonRowText(c, i), start, end, buf);
}

/** {@link rowBytes} for rows whose text `row(i)` gives (an order list's customers, written as objects). */
export function* textBytes(row: (i: number) => string, start: number, end: number, buf: Buffer): Generator<Uint8Array> {
  let off = 0;
  for (let i = start; i < end; i++) {
    const text = (i === 0 ? "\n    " : ",\n    ") + row(i);
    const most = 3 * text.length;
    if (off + most > buf.length) {
      if (off) yield buf.subarray(0, off);
      off = 0;
      if (most > buf.length) {
        // A row longer than the whole buffer (a long name and many messages): bytes of its own.
        yield Buffer.from(text, "utf8");
        continue;
      }
    }
    off += buf.write(text, off);
  }
  if (off) yield buf.subarray(0, off);
}

/** Rows per block: about 6 MB of text. */
export const BLOCK = 20_000;
/** From this many rows a second thread helps (below, starting it costs more than it saves). */
export const PARALLEL_FROM = 100_000;

/** What the worker gets: the columns, labels as codes, only the odd blocks' names, only the rows' messages that exist. */
export interface WorkerJob {
  n: number;
  firstRow: number;
  /** The names of the odd blocks' rows, in order. */
  names: string[];
  numbers: Record<"revenueShare" | "cumulativeShare" | "cumulativeProfitShare" | "score" | "clv", Float64Array>;
  rank: Uint32Array;
  profitRank: Uint32Array;
  labels: Record<"paretoClass" | "quadrant" | "tier", PackedLabels>;
  messages: [number, SegmentColumns["messages"][number]][];
  /** The ring the worker fills and this thread writes out (see {@link Ring}). */
  ring: SharedArrayBuffer;
  port: MessagePort;
}

/** Slots of the ring: how far the worker may run ahead of the writing. */
export const SLOTS = 4;

/**
 * A ring of {@link SLOTS} slots of {@link PIECE} bytes in memory both threads share, so the worker's
 * bytes reach the file without a copy per message or new buffers: Int32 [slots filled, slots taken,
 * failed] and each slot's length (-1: the end of a block), then the slots' bytes.
 */
export class Ring {
  readonly state: Int32Array;
  readonly lengths: Int32Array;
  readonly bytes: Uint8Array;
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4 * (3 + SLOTS) + SLOTS * PIECE)) {
    this.state = new Int32Array(buffer, 0, 3);
    this.lengths = new Int32Array(buffer, 12, SLOTS);
    this.bytes = new Uint8Array(buffer, 4 * (3 + SLOTS));
  }

  /** The worker: wait for a free slot (the writing takes them in order). */
  private free(): number {
    const filled = this.state[0]!;
    for (;;) {
      const taken = Atomics.load(this.state, 1);
      if (filled - taken < SLOTS) return filled % SLOTS;
      Atomics.wait(this.state, 1, taken, 1000);
    }
  }

  private publish(slot: number, length: number): void {
    this.lengths[slot] = length;
    Atomics.add(this.state, 0, 1);
    Atomics.notify(this.state, 0);
  }

  /** The worker: put bytes in the ring (in pieces of at most a slot). */
  put(view: Uint8Array): void {
    for (let off = 0; off < view.length; off += PIECE) {
      const part = view.subarray(off, Math.min(view.length, off + PIECE));
      const slot = this.free();
      this.bytes.set(part, slot * PIECE);
      this.publish(slot, part.length);
    }
  }

  /** The worker: a block is complete. */
  endBlock(): void {
    this.publish(this.free(), -1);
  }

  /** The worker: it failed (its message says why). */
  fail(): void {
    Atomics.store(this.state, 2, 1);
    Atomics.notify(this.state, 0);
  }

  /**
   * The writing thread: the next block's bytes as views of the ring, each valid until the next is
   * asked for. `failed` is called when the worker has said it failed.
   */
  *takeBlock(failed: () => never): Generator<Uint8Array> {
    for (;;) {
      const taken = this.state[1]!;
      const since = Date.now();
      for (;;) {
        const filled = Atomics.load(this.state, 0);
        if (Atomics.load(this.state, 2)) failed();
        if (filled > taken) break;
        // A block takes well under a second; a worker silent this long is gone.
        if (Date.now() - since > STALLED_MS) throw new Error(`writing the JSON rows on a second thread stopped: nothing in ${STALLED_MS / 1000} s`);
        Atomics.wait(this.state, 0, filled, 1000);
      }
      const slot = taken % SLOTS;
      const length = this.lengths[slot]!;
      if (length >= 0) yield this.bytes.subarray(slot * PIECE, slot * PIECE + length);
      Atomics.add(this.state, 1, 1);
      Atomics.notify(this.state, 1);
      if (length < 0) return;
    }
  }
}

/** How long the writing waits for the worker before it gives up (a block takes well under a second). */
const STALLED_MS = 30_000;

/** The worker's copy of the columns, back as {@link RowColumns} (names of the even blocks are not needed there). */
export function columnsOfJob(job: WorkerJob): RowColumns {
  const customer = new Array<string>(job.n);
  let k = 0;
  for (const i of oddBlockRows(job.n)) customer[i] = job.names[k++]!;
  return {
    firstRow: job.firstRow,
    customer,
    rank: job.rank,
    profitRank: job.profitRank,
    ...job.numbers,
    paretoClass: unpackLabels(job.labels.paretoClass),
    quadrant: unpackLabels(job.labels.quadrant),
    tier: unpackLabels(job.labels.tier),
    messages: unpackMessages(job.n, job.messages),
  };
}

/** The rows of the odd blocks (the worker's), in order. */
function* oddBlockRows(n: number): Generator<number> {
  for (let b = 1; b * BLOCK < n; b += 2) for (let i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) yield i;
}

function workerFile(): string | null {
  // Only the compiled command line has a worker to start (under tsx the module is TypeScript).
  const file = join(__dirname, "jsonrows-worker.js");
  return __filename.endsWith(".js") && existsSync(file) ? file : null;
}

/**
 * The rows' text in order, as UTF-8 pieces. With
 * `threads` 2 (the default where the machine has two cores and the table has {@link PARALLEL_FROM}
 * rows) the odd blocks are written by a worker thread.
 */
export function* rowPieces(c: RowColumns, threads = availableParallelism() > 1 && c.customer.length >= PARALLEL_FROM && process.env.CUSTOMER_SEGMENT_THREADS !== "1" ? 2 : 1): Generator<Uint8Array> {
  const n = c.customer.length;
  const file = threads > 1 && n > BLOCK ? workerFile() : null;
  if (!file) {
    const buf = Buffer.allocUnsafeSlow(PIECE);
    for (let start = 0; start < n; start += BLOCK) yield* rowBytes(c, start, Math.min(n, start + BLOCK), buf);
    return;
  }
  const names = Array.from(oddBlockRows(n), (i) => c.customer[i]!);
  const messages = packMessages(c.messages, (i) => Math.floor(i / BLOCK) % 2 === 1);
  const ring = new Ring();
  const { port1, port2 } = new MessageChannel();
  const job: WorkerJob = {
    n,
    firstRow: c.firstRow,
    names,
    // Copies of their own: the columns are views of one arena, which a message would copy whole for each.
    numbers: { revenueShare: c.revenueShare.slice(), cumulativeShare: c.cumulativeShare.slice(), cumulativeProfitShare: c.cumulativeProfitShare.slice(), score: c.score.slice(), clv: c.clv.slice() },
    rank: c.rank.slice(),
    profitRank: c.profitRank.slice(),
    labels: { paretoClass: packLabels(c.paretoClass), quadrant: packLabels(c.quadrant), tier: packLabels(c.tier) },
    messages,
    ring: ring.buffer,
    port: port2,
  };
  const own = [job.numbers.revenueShare, job.numbers.cumulativeShare, job.numbers.cumulativeProfitShare, job.numbers.score, job.numbers.clv, job.rank, job.profitRank].map((a) => a.buffer as ArrayBuffer);
  const worker = new Worker(file, { workerData: job, transferList: [port2, ...own] });
  // The worker's own catch marks the ring failed and posts why (this thread, waiting on the ring, sees
  // no events meanwhile); the listener only keeps a late error event from ending the process.
  worker.on("error", () => undefined);
  const failed = (): never => {
    const message = receiveMessageOnPort(port1)?.message as { error?: string } | undefined;
    throw new Error(`writing the JSON rows on a second thread failed: ${message?.error ?? "no answer"}`);
  };
  try {
    const buf = Buffer.allocUnsafeSlow(PIECE);
    for (let b = 0; b * BLOCK < n; b++) {
      const start = b * BLOCK;
      if (b % 2 === 0) yield* rowBytes(c, start, Math.min(n, start + BLOCK), buf);
      else yield* ring.takeBlock(failed);
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}
