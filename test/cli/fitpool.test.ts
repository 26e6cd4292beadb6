/**
 * The order list's model fits on two threads (src/cli/fitpool.ts): the same outcomes as on one. Under
 * tsx there is no compiled worker, so the two-thread run goes through the compiled command line.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromWire, outcomeToWire, parallelFits, PARALLEL_FITS_FROM, shareOf, toWire } from "../../src/cli/fitpool.js";
import { ModelError } from "../../src/engine/orders/bgnbd.js";
import { fitInPlace, type FitJob } from "../../src/engine/orders/holdout.js";
import { syntheticOrders } from "../../bench/synthetic.js";

describe("cli/fitpool: model fits on a second thread", () => {
  it("carries histories and outcomes across exactly (doubles as they are, a ModelError as one)", () => {
    const job: FitJob = { model: "mbgnbd", part: "calibration", histories: [{ x: 0, tx: 0, T: 38.142857142857146 }, { x: 7, tx: 1 / 3, T: 1e-9 }, { x: 2, tx: 30.4, T: 38.9 }] };
    assert.deepEqual(fromWire(toWire(job)), job);
    assert.deepEqual(outcomeToWire(new ModelError("no repeat buyers")), { error: "no repeat buyers", modelError: true });
    const fit = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4, atLimit: false };
    assert.deepEqual(outcomeToWire(fit), { fit });
  });

  it("shares the fits so both threads have about half the work (Pareto/NBD counted three times)", () => {
    const h = (n: number) => Array.from({ length: n }, () => ({ x: 1, tx: 1, T: 2 }));
    const jobs: FitJob[] = [
      { model: "bgnbd", part: "whole", histories: h(300) },
      { model: "bgnbd", part: "calibration", histories: h(200) },
      { model: "mbgnbd", part: "whole", histories: h(300) },
      { model: "mbgnbd", part: "calibration", histories: h(200) },
      { model: "paretonbd", part: "whole", histories: h(300) },
      { model: "paretonbd", part: "calibration", histories: h(200) },
    ];
    const theirs = shareOf(jobs);
    const cost = (k: number) => jobs[k]!.histories.length * (jobs[k]!.model === "paretonbd" ? 3 : 1);
    const there = theirs.reduce((t, k) => t + cost(k), 0);
    const all = jobs.reduce((t, _, k) => t + cost(k), 0);
    assert.ok(theirs.length > 0 && theirs.length < jobs.length);
    assert.ok(Math.abs(all - 2 * there) <= 600, `worker ${there} of ${all}`);
    assert.deepEqual(shareOf(jobs.slice(0, 1)), [], "a single fit stays here");
  });

  it("fits in place below its threshold or on one thread", () => {
    const histories = Array.from({ length: 300 }, (_, i) => ({ x: i % 5, tx: i % 5 ? (i % 37) + 1 : 0, T: 40 + (i % 13) }));
    const jobs: FitJob[] = [{ model: "bgnbd", part: "whole", histories }, { model: "mbgnbd", part: "whole", histories }];
    assert.ok(histories.length < PARALLEL_FITS_FROM);
    assert.deepEqual(parallelFits(2)(jobs), fitInPlace(jobs));
    assert.deepEqual(parallelFits(1)(jobs), fitInPlace(jobs));
  });

  it("makes the worker's fits itself when the worker fails or ends without an answer", function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), "fitpool-dead-"));
    try {
      const histories = Array.from({ length: PARALLEL_FITS_FROM }, (_, i) => ({ x: i % 6, tx: i % 6 ? (i % 41) + 1 : 0, T: 45 + (i % 17) }));
      const jobs: FitJob[] = [{ model: "bgnbd", part: "whole", histories }, { model: "mbgnbd", part: "whole", histories }];
      const expected = fitInPlace(jobs);
      const failing = join(dir, "failing.js");
      writeFileSync(failing, `const { workerData } = require("node:worker_threads"); const done = new Int32Array(workerData.state); workerData.port.postMessage({ error: "cannot load" }); Atomics.store(done, 0, 1); Atomics.notify(done, 0);`);
      const exiting = join(dir, "exiting.js");
      writeFileSync(exiting, `const { workerData } = require("node:worker_threads"); const done = new Int32Array(workerData.state); process.on("exit", () => { Atomics.store(done, 0, 2); Atomics.notify(done, 0); }); process.exit(0);`);
      assert.deepEqual(parallelFits(2, failing)(jobs), expected);
      assert.deepEqual(parallelFits(2, exiting)(jobs), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the compiled command line writes the same order-list JSON on two threads as on one (the fits shared between them)", function () {
    this.timeout(180_000);
    const dir = mkdtempSync(join(tmpdir(), "fitpool-"));
    try {
      const all = syntheticOrders(200_000, 3);
      const csv = join(dir, "orders.csv");
      writeFileSync(csv, all.map((r, k) => (k === 0 ? r.join(";") : [r[0], r[1], r[2], String(r[3]).replace(".", ","), String(r[4]).replace(".", ",")].join(";"))).join("\n") + "\n");
      const run = (threads: string, out: string) => execFileSync(process.execPath, ["bin/customer-segment.js", csv, "--format", "json", "--out", out, "--quiet"], { env: { ...process.env, CUSTOMER_SEGMENT_THREADS: threads } });
      run("1", join(dir, "one.json"));
      run("2", join(dir, "two.json")); // "2": the second thread even on one core
      const one = readFileSync(join(dir, "one.json"));
      assert.ok(one.equals(readFileSync(join(dir, "two.json"))), "the same bytes");
      const doc = JSON.parse(one.toString("utf8")) as { rows: unknown[]; summary: { orderList: { models: { model: string; params: unknown }[] } } };
      assert.ok(doc.rows.length >= PARALLEL_FITS_FROM, `${doc.rows.length} customers: enough for the second thread`);
      assert.deepEqual(doc.summary.orderList.models.map((m) => m.model), ["bgnbd", "mbgnbd", "paretonbd"]);
      assert.ok(doc.summary.orderList.models.every((m) => m.params), "every model fitted");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
