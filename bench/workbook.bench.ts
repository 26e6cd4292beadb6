/**
 * npm run bench (second part): the command line on a 200,000-row .xlsx: read, segmented and written
 * (the input sheet plus the result columns, formats and colours, and the Segmentation sheet with its
 * charts), as `customer-segment big.xlsx` does it. Target on this 2-core machine: under 15 s and
 * under 2 GiB peak memory (the process's maximum resident set, which includes the WebAssembly memory
 * of excelize). The input workbook is made first (not timed) with the same library.
 *
 * Run alone: npm run bench -- --workbook-only; a size: npm run bench -- --rows 50000
 */
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.js";
import { loadExcelize } from "../src/cli/xlsx.js";
import { syntheticTable } from "./synthetic.js";

export async function benchWorkbook(rows: number): Promise<void> {
  const excelize = await loadExcelize();
  const table = syntheticTable(rows);
  const dir = mkdtempSync(join(tmpdir(), "segment-bench-"));
  const input = join(dir, "customers.xlsx");
  const f = excelize.NewFile();
  f.SetSheetName("Sheet1", "Klanten");
  const width = table[0]!.length;
  for (let j = 0; j < width; j++) {
    const col = table.map((r) => (r[j] === "" || r[j] === undefined ? null : r[j])) as (string | number | boolean)[];
    const res = f.SetSheetCol("Klanten", `${String.fromCharCode(65 + j)}1`, col);
    if (res.error) throw new Error(res.error);
  }
  writeFileSync(input, f.WriteToBuffer().buffer as Uint8Array);
  const size = statSync(input).size;
  globalThis.gc?.();
  const out = join(dir, "customers.segmented.xlsx");
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const steps: string[] = [];
  let last = t0;
  const code = await main([input, "--out", out, "--quiet"], {
    stdout: { write: () => true },
    stderr: { write: () => true },
  });
  const t1 = performance.now();
  if (code !== 0) throw new Error(`customer-segment exited with ${code}`);
  void steps;
  void last;
  const peak = process.resourceUsage().maxRSS * 1024;
  const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
  console.log(
    `workbook  ${rows.toLocaleString("en-US").padStart(9)} rows (${mib(size)} .xlsx in, ${mib(statSync(out).size)} out): ` +
      `${((t1 - t0) / 1000).toFixed(1)} s, peak RSS ${mib(peak)} (${mib(rss0)} before)   target < 15 s, < 2 GiB` +
      `${(t1 - t0) / 1000 < 15 && peak < 2 * 2 ** 30 ? "  met" : "  NOT met"}`,
  );
}

if (require.main === module) {
  const at = process.argv.indexOf("--rows");
  const rows = at > 0 ? Number(process.argv[at + 1]) : 200_000;
  benchWorkbook(rows).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
