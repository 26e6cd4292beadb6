/**
 * npm run bench (second part): the command line on a 200,000-row .xlsx: read, segmented and written
 * (the input sheet plus the result columns, formats and colours, and the Segmentation sheet with its
 * charts), as `customer-segment big.xlsx` does it, in a process of its own. Target on this 2-core
 * machine: under 15 s and under 2 GiB peak memory (that process's maximum resident set, which includes
 * the WebAssembly memory of excelize). The input workbook is made first (not timed) with the same
 * library, in another process.
 *
 * Alone, another size: npx tsc -p tsconfig.bench.json && node .bench-build/bench/workbook.bench.js --rows 20000
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.js";
import { loadExcelize } from "../src/cli/xlsx.js";
import { syntheticTable } from "./synthetic.js";

/** Make the input workbook (not timed) with the same library. */
async function makeInput(rows: number, file: string): Promise<void> {
  const excelize = await loadExcelize();
  const table = syntheticTable(rows);
  const f = excelize.NewFile();
  f.SetSheetName("Sheet1", "Klanten");
  const width = table[0]!.length;
  for (let j = 0; j < width; j++) {
    const col = table.map((r) => (r[j] === "" || r[j] === undefined ? null : r[j])) as (string | number | boolean)[];
    const res = f.SetSheetCol("Klanten", `${String.fromCharCode(65 + j)}1`, col);
    if (res.error) throw new Error(res.error);
  }
  writeFileSync(file, f.WriteToBuffer().buffer as Uint8Array);
}

/** In a fresh process: run the command on `file` and report time and this process's peak memory. */
async function runOnce(file: string): Promise<void> {
  const t0 = performance.now();
  const code = await main([file, "--out", file.replace(/\.xlsx$/, ".segmented.xlsx"), "--quiet"], { stdout: { write: () => true }, stderr: { write: () => true } });
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`customer-segment exited with ${code}`);
  process.stdout.write(JSON.stringify({ seconds, peak: process.resourceUsage().maxRSS * 1024 }) + "\n");
}

export async function benchWorkbook(rows: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "segment-bench-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true })); // the generated files and outputs go (hundreds of MB)
  const input = join(dir, "customers.xlsx");
  // The input is made in a process of its own, so its memory does not count.
  execFileSync(process.execPath, [__filename, "--make", String(rows), input], { stdio: "inherit" });
  const out = execFileSync(process.execPath, [__filename, "--run", input], { encoding: "utf8" });
  const { seconds, peak } = JSON.parse(out.trim().split("\n").pop()!) as { seconds: number; peak: number };
  const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
  const met = seconds < 15 && peak < 2 * 2 ** 30;
  console.log(
    `workbook  ${rows.toLocaleString("en-US").padStart(9)} rows (${mib(statSync(input).size)} .xlsx in, ${mib(statSync(input.replace(/\.xlsx$/, ".segmented.xlsx")).size)} out): ` +
      `${seconds.toFixed(1)} s, peak memory ${mib(peak)}   target < 15 s, < 2 GiB: ${met ? "met" : "NOT met"}`,
  );
}

if (require.main === module) {
  const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1]!;
  const job = process.argv.includes("--make")
    ? makeInput(Number(arg("--make")), process.argv[process.argv.indexOf("--make") + 2]!)
    : process.argv.includes("--run")
      ? runOnce(arg("--run"))
      : benchWorkbook(process.argv.includes("--rows") ? Number(arg("--rows")) : 200_000);
  job.catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
