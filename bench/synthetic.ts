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

