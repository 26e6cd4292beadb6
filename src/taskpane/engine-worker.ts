/**
 * The engine in a Web Worker: the task pane (the add-in's shared runtime) sends the table in blocks
 * of rows, then the run; the worker answers with progress and the result. Excel and the pane stay
 * usable while it computes; only Office.js calls stay on the main thread.
 */
import { packLabels, packMessages, runOrderListJob, runTableJob, type OrderListJob, type OrderListJobResult, type PackedLabels, type TableJob } from "../engine/index.js";

export type ToWorker =
  | { type: "rows"; rows: TableJob["values"] }
  | { type: "run"; job: Omit<TableJob, "values"> }
  | { type: "orderList"; job: Omit<OrderListJob, "values"> };

/**
 * The answer in a form that is quick to copy to the main thread: labels as bytes, problems only for
 * the rows that have them, the customer names left out (the writers need only their count). A copy
 * of 200,000 strings and as many empty arrays held the main thread a quarter of a second.
 */
export interface PackedOut {
  out: Omit<ReturnType<typeof runTableJob>, "result"> & { result: Omit<ReturnType<typeof runTableJob>["result"], "columns" | "rows" | "parsed"> };
  columns: Omit<ReturnType<typeof runTableJob>["result"]["columns"], "customer" | "paretoClass" | "quadrant" | "tier" | "messages">;
  count: number;
  labels: { paretoClass: PackedLabels; quadrant: PackedLabels; tier: PackedLabels };
  messages: [number, ReturnType<typeof runTableJob>["result"]["columns"]["messages"][number]][];
}

export type FromWorker =
  | { type: "progress"; done: number }
  | { type: "done"; packed: PackedOut }
  /** An order list's answer as it is (customers, not lines: a few megabytes at most; the result's lazy rows are not sent). */
  | { type: "orderListDone"; out: OrderListJobResult }
  | { type: "error"; name: string; message: string };

function pack(out: ReturnType<typeof runTableJob>): PackedOut {
  const { columns, summary, settings } = out.result;
  const { customer, paretoClass, quadrant, tier, messages, ...numeric } = columns;
  const sparse = packMessages(messages);
  // The loss-making customers: the largest losses only (the pane and the sheet name those; all of
  // them are 2 MB of objects on 200,000 customers).
  const slim = summary.profit && summary.profit.destroyers.length > 100 ? { ...summary, profit: { ...summary.profit, destroyers: summary.profit.destroyers.slice(0, 100) } } : summary;
  return {
    out: { insights: out.insights, report: out.report, result: { summary: slim, settings } },
    columns: numeric,
    count: customer.length,
    labels: { paretoClass: packLabels(paretoClass), quadrant: packLabels(quadrant), tier: packLabels(tier) },
    messages: sparse,
  };
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<ToWorker>) => void) | null; postMessage: (m: FromWorker) => void };
const values: TableJob["values"] = [];

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "rows") {
    for (const row of m.rows) values.push(row);
    return;
  }
  try {
    if (m.type === "orderList") {
      const out = runOrderListJob({ ...m.job, values }, (done) => scope.postMessage({ type: "progress", done }));
      scope.postMessage({ type: "orderListDone", out });
      return;
    }
    const out = runTableJob({ ...m.job, values }, (done) => scope.postMessage({ type: "progress", done }));
    const packed = pack(out);
    // The numbers move, not copied: the worker ends after this answer.
    const buffers = new Set<ArrayBuffer>();
    for (const v of [...Object.values(packed.columns), packed.labels.paretoClass.codes, packed.labels.quadrant.codes, packed.labels.tier.codes]) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    }
    (scope.postMessage as (m: FromWorker, transfer: Transferable[]) => void)({ type: "done", packed }, [...buffers]);
  } catch (err) {
    scope.postMessage({ type: "error", name: (err as Error)?.name ?? "Error", message: (err as Error)?.message ?? String(err) });
  }
};
