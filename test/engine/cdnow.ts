/**
 * The CDNOW sample the papers use (test/fixtures/CDNOW_sample.txt: 2,357 customers, their purchases from
 * 1997-01-01 to 1998-06-30), as the models' repeat histories in weeks over the 39-week calibration
 * period to 1997-09-30; purchases on the same day count as one.
 */
import { readFileSync } from "node:fs";
import type { RepeatHistory } from "../../src/engine/orders/bgnbd.js";

export function cdnowHistories(end = "19970930"): RepeatHistory[] {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) / 86_400_000;
  const last = day(end);
  const byCustomer = new Map<string, Set<number>>();
  for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const days = byCustomer.get(f[0]!) ?? new Set<number>();
    days.add(day(f[2]!));
    byCustomer.set(f[0]!, days);
  }
  return [...byCustomer.values()].map((s) => {
    const d = [...s].sort((a, b) => a - b);
    const inCal = d.filter((x) => x <= last);
    return { x: inCal.length - 1, tx: (inCal[inCal.length - 1]! - d[0]!) / 7, T: (last - d[0]!) / 7 };
  });
}
