/**
 * npm run bench (third part): the command line on an order list of 500,000 lines (CSV: date, invoice,
 * customer, amount, cost; drawn from the BG/NBD story, see syntheticOrders), aggregated to customers,
 * RFM and the BG/NBD and Gamma-Gamma fits, segmented, written as JSON and as a workbook, each in a
 * process of its own. Target: seconds.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.js";
import { syntheticOrders } from "./synthetic.js";

function makeOrders(lines: number, file: string): void {
  const rows = syntheticOrders(lines);
  writeFileSync(file, rows.map((r, i) => (i === 0 ? r.join(";") : [r[0], r[1], r[2], String(r[3]).replace(".", ","), String(r[4]).replace(".", ",")].join(";"))).join("\n"));
}

async function runOnce(file: string, format: string): Promise<void> {
  const t0 = performance.now();
  const code = await main([file, "--format", format, "--out", file.replace(/\.csv$/, `.out.${format}`), "--quiet"], { stdout: { write: () => true }, stderr: { write: () => true } });
  if (code !== 0) throw new Error(`exit ${code}`);
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peak: process.resourceUsage().maxRSS * 1024 }) + "\n");
}

function bench(lines: number): void {
  const dir = mkdtempSync(join(tmpdir(), "segment-orders-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true })); // the generated files and outputs go (hundreds of MB)
  const file = join(dir, "orders.csv");
  makeOrders(lines, file);
  for (const format of ["json", "xlsx"]) {
    const out = execFileSync(process.execPath, [__filename, "--run", file, format], { encoding: "utf8" });
    const { seconds, peak } = JSON.parse(out.trim().split("\n").pop()!) as { seconds: number; peak: number };
    console.log(`orders    ${lines.toLocaleString("en-US").padStart(9)} lines → ${format.padEnd(4)}: ${seconds.toFixed(1)} s, peak memory ${Math.round(peak / 2 ** 20)} MiB`);
  }
}

if (require.main === module) {
  if (process.argv.includes("--run")) {
    const at = process.argv.indexOf("--run");
    runOnce(process.argv[at + 1]!, process.argv[at + 2]!).catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
  } else bench(process.argv.includes("--lines") ? Number(process.argv[process.argv.indexOf("--lines") + 1]) : 500_000);
}
