/**
 * npm run bench: =SEG.PARETOCLASS(B2, B$2:B$100001) filled down 100,000 rows. Excel calls the function
 * once per row with the whole range; with the range's address (CustomFunctionsRuntime 1.5) the calls of
 * one batch share one parse and sort. Measured: the whole batch with the address, and a sample of calls
 * without it (extrapolated), side by side in one run.
 */
import { paretoClassOf } from "../src/functions/core.js";

const n = 100_000;
const range: number[][] = Array.from({ length: n }, (_, i) => [Math.round(Math.exp(7 + 3 * (((i * 7919) % n) / n)) * 100) / 100]);
const address = "Klanten!B2:B100001";

let t0 = performance.now();
let a = 0;
for (let i = 0; i < n; i++) if (paretoClassOf(range[i]![0], range, undefined, undefined, address) === "A") a++;
const batched = performance.now() - t0;

const sample = 20;
t0 = performance.now();
let b = 0;
for (let i = 0; i < sample; i++) if (paretoClassOf(range[i]![0], range) === "A") b++;
const perCall = (performance.now() - t0) / sample;
const alone = perCall * n;

console.log(`=SEG.PARETOCLASS filled down ${n.toLocaleString("en-US")} rows over the same range:`);
console.log(`  one batch, range address known:  ${(batched / 1000).toFixed(2)} s (${a} customers in A)`);
console.log(`  every call alone (no address):   ${perCall.toFixed(1)} ms a call, ${(alone / 1000 / 60).toFixed(0)} min for all rows (extrapolated from ${sample} calls)`);
console.log(`  ratio: ${(alone / batched).toFixed(0)}x faster; target: about one sort (${perCall.toFixed(0)} ms) plus a small cost per row`);
if (batched > 20 * perCall + 2000) {
  console.error("functions bench: the batch costs far more than one sort");
  process.exitCode = 1;
}
