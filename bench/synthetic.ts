/** Synthetic customer tables for benchmarks, built as Excel hands them over. */
import type { Cell } from "../src/engine/index.js";

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticTable(n: number, seed = 42): Cell[][] {
  const r = rng(seed);
  const table: Cell[][] = new Array(n + 1);
  table[0] = ["Klant", "Branche", "Omzet", "Brutomarge", "Groeipotentie", "Betaaltermijn", "Innovatie", "Netwerk"];
  const branches = ["Bouw", "Zorg", "Retail", "Horeca", "Logistiek", "ICT"];
  for (let i = 1; i <= n; i++) {
    const revenue = Math.round(Math.exp(7 + 3 * r()) * 100) / 100; // long tail
    const u = r();
    const revCell: Cell = u < 0.05 ? revenue.toFixed(2).replace(".", ",") : u < 0.0502 ? "#N/A" : u < 0.0505 ? -revenue : revenue;
    table[i] = [
      u > 0.9999 ? "" : `Klant ${i}`,
      branches[i % branches.length]!,
      revCell,
      Math.round((r() * 0.6 - 0.1) * 1000) / 1000,
      1 + Math.floor(r() * 5),
      r() < 0.02 ? "" : 14 + Math.floor(r() * 76),
      1 + Math.floor(r() * 5),
      1 + Math.floor(r() * 5),
    ];
  }
  return table;
}


function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** A gamma(shape, 1) draw (Marsaglia and Tsang). */
export function gammaDraw(r: () => number, shape: number): number {
  if (shape < 1) return gammaDraw(r, shape + 1) * Math.pow(1 - r(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(r);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - r();
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * An order list as bookkeeping exports it (invoice date, invoice number, customer, amount, cost),
 * drawn from the BG/NBD story so the models have something to find: customers start over two years,
 * buy at their own rate (gamma, mean 0.13 a week) and after each purchase stop for good with their
 * own probability (beta, mean 0.25); an invoice has 1 to 4 lines, about 1% are credit notes.
 * Lines come in date order, `lines` of them (the last customer is cut off there).
 */
export function syntheticOrders(lines: number, seed = 7): (string | number)[][] {
  const r = rng(seed);
  const rows: (string | number)[][] = [["Factuurdatum", "Factuurnummer", "Klant", "Bedrag", "Kostprijs"]];
  const start = Date.UTC(2023, 0, 1) / 86_400_000;
  const weeks = 104;
  const events: { day: number; customer: number; amount: number; share: number }[] = [];
  let count = 0;
  for (let c = 1; count < lines; c++) {
    const rate = gammaDraw(r, 0.8) / 6;
    const ga = gammaDraw(r, 1);
    const drop = ga / (ga + gammaDraw(r, 3));
    const spend = Math.exp(4 + 1.2 * normal(r));
    const share = 0.55 + 0.25 * r();
    let t = r() * weeks;
    while (t < weeks && count < lines) {
      const n = 1 + Math.floor(r() * 4);
      for (let k = 0; k < n && count < lines; k++, count++) events.push({ day: start + Math.floor(t * 7), customer: c, amount: spend * Math.exp(0.5 * normal(r)) / n * (r() < 0.01 ? -1 : 1), share });
      if (r() < drop) break;
      t += -Math.log(1 - r()) / Math.max(rate, 1e-6);
    }
  }
  events.sort((x, y) => x.day - y.day);
  let invoice = 0;
  let last = "";
  for (const e of events) {
    const d = new Date(e.day * 86_400_000);
    const date = `${d.getUTCDate()}-${d.getUTCMonth() + 1}-${d.getUTCFullYear()}`;
    const key = `${date}|${e.customer}`;
    if (key !== last) invoice++;
    last = key;
    const amount = Math.round(e.amount * 100) / 100;
    rows.push([date, `F${2023_00000 + invoice}`, `Klant ${e.customer}`, amount, Math.round(amount * e.share * 100) / 100]);
  }
  return rows;
}

/**
 * A customer CSV as Dutch Excel writes it (semicolon, decimal comma, "#N/A" and blanks here and there),
 * `n` customers, written in pieces to `path`.
 */
export function writeCustomerCsv(path: string, n: number, seed = 42): void {
  const fs = require("node:fs") as typeof import("node:fs");
  const r = rng(seed);
  const fd = fs.openSync(path, "w");
  const branches = ["Bouw", "Zorg", "Retail", "Horeca", "Logistiek", "ICT"];
  const dec = (v: number, d: number) => v.toFixed(d).replace(".", ",");
  let buf = "Klant;Branche;Omzet;Brutomarge;Groeipotentie;Betaaltermijn;Innovatie;Netwerk\n";
  for (let i = 1; i <= n; i++) {
    const revenue = Math.exp(7 + 3 * r());
    const u = r();
    const rev = u < 0.0002 ? "#N/A" : u < 0.0005 ? dec(-revenue, 2) : dec(revenue, 2);
    const days = r() < 0.02 ? "" : String(14 + Math.floor(r() * 76));
    buf += `${u > 0.9999 ? "" : `Klant ${i}`};${branches[i % branches.length]};${rev};${dec(r() * 0.6 - 0.1, 3)};${1 + Math.floor(r() * 5)};${days};${1 + Math.floor(r() * 5)};${1 + Math.floor(r() * 5)}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
