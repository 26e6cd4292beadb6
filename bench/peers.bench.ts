/**
 * npm run bench (peers): the command line against the pandas script doing the same job, side by side
 * in one run, as ratios (this machine's absolute times drift). Each side runs as a process of its own,
 * measured by /usr/bin/time (wall, CPU, peak resident memory).
 *
 * - CSV to JSON, BENCH_CSV_ROWS customers (default 1,048,576): `customer-segment big.csv --format json`
 *   against bench/pandas_segment.py (read_csv, sort, cumsum, rank, to_json).
 * - An order list of BENCH_ORDER_LINES lines (default 5,000,000) to JSON: against bench/pandas_orders.py
 *   (groupby per customer).
 * - A workbook of BENCH_XLSX_ROWS customers (default 200,000) to a workbook: against the same pandas
 *   script through openpyxl (read_excel, to_excel).
 *
 * Targets (issue 18): at least 2x faster than pandas with less peak memory on the first two; the
 * workbook within 15 s and 2 GiB. Skipped with a message where python3 with pandas is missing
 * (apt-get install -y python3-pandas).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, writeSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadExcelize } from "../src/cli/xlsx.js";
import { syntheticOrders, syntheticTable, writeCustomerCsv } from "./synthetic.js";

const PY = "/usr/bin/python3";
const dir = mkdtempSync(join(tmpdir(), "segment-peers-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true })); // the generated files and outputs go (hundreds of MB)
const cli = resolve(__dirname, "../src/cli/main.js");

interface Run {
  wall: number;
  cpu: number;
  rssMiB: number;
}

function timed(cmd: string, args: string[]): Run {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const last = (r.stderr ?? "").trim().split("\n").pop() ?? "";
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${(r.stderr ?? "").slice(-2000)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMiB: Number(m[4]) / 1024 };
}

const ours = (args: string[]) => timed(process.execPath, ["-e", `require(${JSON.stringify(cli)}).cli(process.argv.slice(1))`, ...args]);

function report(title: string, a: Run, b: Run, goal: "2x" | "time"): void {
  const line = (name: string, r: Run) => `  ${name.padEnd(16)} ${r.wall.toFixed(1).padStart(7)} s wall ${r.cpu.toFixed(1).padStart(7)} s CPU ${r.rssMiB.toFixed(0).padStart(7)} MiB peak`;
  console.log(title);
  console.log(line("customer-segment", a));
  console.log(line("pandas", b));
  const speed = b.wall / a.wall;
  const memory = a.rssMiB / b.rssMiB;
  const met = goal === "2x" ? speed >= 2 && memory < 1 : a.wall <= 15 && a.rssMiB <= 2048;
  console.log(`  ratio: ${speed.toFixed(2)}x the speed of pandas, ${memory.toFixed(2)}x its memory; target ${goal === "2x" ? ">= 2x faster, less memory" : "<= 15 s, <= 2 GiB"}: ${met ? "met" : "MISSED"}`);
}

function hasPandas(): boolean {
  if (!existsSync(PY) || !existsSync("/usr/bin/time")) return false;
  try {
    execFileSync(PY, ["-c", "import pandas, openpyxl"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (!hasPandas()) {
    console.log("peers bench skipped: needs /usr/bin/time and python3 with pandas and openpyxl (apt-get install -y time python3-pandas)");
    return;
  }
  const rows = Number(process.env.BENCH_CSV_ROWS ?? 1_048_576);
  const csv = join(dir, "big.csv");
  writeCustomerCsv(csv, rows);
  report(`CSV to JSON, ${rows.toLocaleString("en-US")} customers`, ours([csv, "--format", "json", "--out", join(dir, "ours.json"), "--quiet"]), timed(PY, [resolve(__dirname, "../../bench/pandas_segment.py"), csv, join(dir, "pandas.json")]), "2x");

  const lines = Number(process.env.BENCH_ORDER_LINES ?? 5_000_000);
  const orders = join(dir, "orders.csv");
  const fd = openSync(orders, "w");
  const all = syntheticOrders(lines);
  for (let i = 0; i < all.length; i += 100_000) {
    writeSync(fd, all.slice(i, i + 100_000).map((r, k) => (i + k === 0 ? r.join(";") : [r[0], r[1], r[2], String(r[3]).replace(".", ","), String(r[4]).replace(".", ",")].join(";"))).join("\n") + "\n");
  }
  closeSync(fd);
  all.length = 0;
  report(`Order list to JSON, ${lines.toLocaleString("en-US")} lines`, ours([orders, "--format", "json", "--out", join(dir, "orders-ours.json"), "--quiet"]), timed(PY, [resolve(__dirname, "../../bench/pandas_orders.py"), orders, join(dir, "orders-pandas.json")]), "2x");

  const xrows = Number(process.env.BENCH_XLSX_ROWS ?? 200_000);
  const xlsx = join(dir, "big.xlsx");
  const excelize = await loadExcelize();
  const table = syntheticTable(xrows);
  const f = excelize.NewFile();
  f.SetSheetName("Sheet1", "Klanten");
  for (let j = 0; j < table[0]!.length; j++) f.SetSheetCol("Klanten", `${String.fromCharCode(65 + j)}1`, table.map((r) => (r[j] === "" ? null : r[j])) as (string | number)[]);
  writeFileSync(xlsx, f.WriteToBuffer().buffer as Uint8Array);
  report(`Workbook to workbook, ${xrows.toLocaleString("en-US")} customers (pandas through openpyxl)`, ours([xlsx, "--out", join(dir, "ours.xlsx"), "--quiet"]), timed(PY, [resolve(__dirname, "../../bench/pandas_segment.py"), xlsx, join(dir, "pandas.xlsx")]), "time");
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
