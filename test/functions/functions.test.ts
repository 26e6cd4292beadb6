/**
 * The registered functions with a stand-in for the CustomFunctions global Excel provides: bad input
 * becomes Excel's own error with a message, never a JavaScript exception.
 */
import { strict as assert } from "node:assert";

/** CustomFunctions.Error as Excel shows it: a message only with #VALUE! and #N/A (the others drop it). */
class FakeError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(code === "#VALUE!" || code === "#N/A" ? message : undefined);
  }
}

describe("functions: registered entry points", () => {
  let fns: typeof import("../../src/functions/functions.js");
  before(async () => {
    (globalThis as Record<string, unknown>).CustomFunctions = {
      Error: FakeError,
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
    };
    fns = await import("../../src/functions/functions.js");
  });
  after(() => delete (globalThis as Record<string, unknown>).CustomFunctions);

  const excelError = (f: () => unknown, code: string) =>
    assert.throws(f, (e: unknown) => e instanceof FakeError && e.code === code && (e.message ?? "").length > 0);

  it("return the same answers as core", () => {
    assert.deepEqual(fns.bcgQuadrant([[0.3]], [[5]], [[0.25]], [[3]]), [["Star"]]);
    assert.equal(fns.paretoClass(50, [[50], [30], [15], [5]], undefined, undefined, {} as CustomFunctions.Invocation), "A");
    assert.equal(fns.cumShare(30, [[50], [30], [15], [5]], {} as CustomFunctions.Invocation), 0.8);
    assert.deepEqual(fns.paretoAll([[50], [30], [15], [5]]), [[1, 0.5, "A"], [2, 0.8, "A"], [3, 0.95, "B"], [4, 1, "C"]]);
    assert.deepEqual(fns.tier(80), "A");
    assert.equal(fns.score([[1], [2], [3]], [[1]]).length, 3);
    assert.equal(fns.segmentTable([["Klant", "Omzet"], ["A", 1]]).length, 2);
  });

  it("map bad input to #VALUE! and #N/A, the errors that show their message", () => {
    excelError(() => fns.paretoAll([["abc"]]), "#VALUE!");
    excelError(() => fns.paretoAll([[1]], 0.9, 0.5), "#VALUE!");
    excelError(() => fns.paretoAll([[""]]), "#N/A");
    excelError(() => fns.tier(50, [[1, 2, 3]]), "#VALUE!");
    excelError(() => fns.segmentTable([["Klant", "Omzet"], ["A", 1]], "{bad"), "#VALUE!");
  });

  it("the built bundle loads without a custom-functions runtime and registers all in Excel", async function () {
    this.timeout(120_000);
    const { buildOnce } = await import("../build-helper.js");
    const { readFileSync } = await import("node:fs");
    const { runInNewContext } = await import("node:vm");
    const { join } = await import("node:path");
    const code = readFileSync(join((await buildOnce()).dir, "functions.js"), "utf8");
    // a plain browser: no CustomFunctions at all
    assert.doesNotThrow(() => runInNewContext(code, {}));
    // Excel: every function is associated with its id
    const ids: string[] = [];
    runInNewContext(code, { CustomFunctions: { associate: (id: string, f: unknown) => typeof f === "function" && ids.push(id) } });
    assert.deepEqual(ids.sort(), ["ADDRESSESNEEDED", "BCGQUADRANT", "CLV", "CUMSHARE", "EXPECTEDPURCHASES", "PALIVE", "PARETO", "PARETOCLASS", "SCORE", "SEGMENT", "TIER"]);
  });

  it("turn an unexpected failure into #VALUE! with a message", () => {
    excelError(() => fns.segmentTable(null as never), "#N/A");
    const exploding = new Proxy([], { get: () => { throw new Error("boom"); } });
    assert.throws(() => fns.score(exploding as never, [[1]]), (e: unknown) => e instanceof FakeError && e.code === "#VALUE!" && /Unexpected error: boom/.test(e.message));
  });
});

describe("functions: a formula filled down over the same range sorts it once per batch (issue 18)", () => {
  it("gives every row the answer of a call on its own, and sees new values in the next batch", async () => {
    const { paretoClassOf, cumShareOf } = await import("../../src/functions/core.js");
    const revenues = Array.from({ length: 5000 }, (_, i) => [((i * 7919) % 5000) + 1]);
    const address = "Klanten!B2:B5001";
    for (let i = 0; i < revenues.length; i += 97) {
      assert.equal(paretoClassOf(revenues[i]![0], revenues, undefined, undefined, address), paretoClassOf(revenues[i]![0], revenues));
      assert.equal(cumShareOf(revenues[i]![0], revenues, address), cumShareOf(revenues[i]![0], revenues));
    }
    // The user edits the range; Excel recalculates in a new batch: the new values count.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = revenues.map(([v]) => [v === 5000 ? 1 : v]);
    assert.equal(cumShareOf(1, edited, address), cumShareOf(1, edited));
    assert.notEqual(cumShareOf(1, edited, address), cumShareOf(1, revenues));
  });
});

describe("functions: SEG.PALIVE and SEG.EXPECTEDPURCHASES for a what-if of one's own (issue 19)", () => {
  it("give the engine's answers for BG/NBD and MBG/NBD, and explain bad input", async () => {
    const { pAliveOf, expectedPurchasesOf, FunctionError } = await import("../../src/functions/core.js");
    const { expectedPurchases, probabilityAlive } = await import("../../src/engine/orders/bgnbd.js");
    const { mbgProbabilityAlive } = await import("../../src/engine/orders/mbgnbd.js");
    const params = [[0.243], [4.414], [0.793], [2.426]];
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: 0 };
    // The paper's worked example: x 2, t_x 30.43, T 38.86: 1.226 purchases expected in the next 39 weeks.
    assert.equal(expectedPurchasesOf(39, 2, 30.43, 38.86, params).toFixed(3), "1.226");
    assert.equal(expectedPurchasesOf(39, 2, 30.43, 38.86, [[0.243, 4.414, 0.793, 2.426]]), expectedPurchases(p, 39, { x: 2, tx: 30.43, T: 38.86 }));
    assert.equal(pAliveOf(2, 30.43, 38.86, params), probabilityAlive(p, { x: 2, tx: 30.43, T: 38.86 }));
    assert.equal(pAliveOf(0, 0, 30, params, "MBG/NBD"), mbgProbabilityAlive(p, { x: 0, tx: 0, T: 30 }));
    assert.equal(pAliveOf(0, 0, 30, params), 1, "BG/NBD: a one-time buyer is alive");
    for (const [f, re] of [[() => pAliveOf(1.5, 2, 3, params), /whole number/], [() => pAliveOf(2, 5, 3, params), /0 ≤ t_x ≤ T/], [() => pAliveOf(2, 1, 3, [[1, 2, 3]]), /four positive parameters/], [() => pAliveOf(2, 1, 3, params, "Pareto"), /BG\/NBD" or "MBG\/NBD/]] as const) {
      assert.throws(f, (e: unknown) => e instanceof FunctionError && re.test(e.message));
    }
  });
});
