/**
 * Writes assets/orderregels-groothandel.csv: two years of invoice lines (2023-2024) of a Dutch
 * wholesaler as its bookkeeping exports them (semicolons, comma decimals, day-first dates):
 * Factuurdatum, Factuurnummer, Klant, Bedrag, Kostprijs. The lines are drawn from the BG/NBD story
 * (customers start at different times, buy at their own rate and at some point stop for good), with a
 * fixed seed, so the order-list features (RFM, P(alive), lifetime value) have something to find.
 * A few messy lines on purpose: one without a customer, one with an unreadable date, credit notes.
 *
 * Run: npx tsx scripts/make-orders.ts
 */
import { writeFileSync } from "node:fs";
import { rng, syntheticOrders } from "../bench/synthetic.js";

const FIRST = ["Van Dijk", "Jansen", "De Vries", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Claes", "Maes", "Wouters"];
const KIND = ["Bouwbedrijf", "Installaties", "Horeca", "Techniek", "Zorggroep", "Metaal", "Agro", "Logistiek", "Interieur", "Elektro", "Service", "Bakkerij"];
const FORM = ["B.V.", "BV", "V.O.F.", "& Zn.", "NV", ""];

const r = rng(20241231);
const names = new Map<string, string>();
const used = new Set<string>();
const nameOf = (id: string) => {
  let n = names.get(id);
  while (!n || (used.has(n) && names.get(id) !== n)) {
    n = [FIRST[Math.floor(r() * FIRST.length)], KIND[Math.floor(r() * KIND.length)], FORM[Math.floor(r() * FORM.length)]].filter(Boolean).join(" ");
    if (used.has(n)) n = undefined;
  }
  names.set(id, n);
  used.add(n);
  return n;
};

const rows = syntheticOrders(4000, 11);
const nl = (v: number) => v.toFixed(2).replace(".", ",");
const lines = rows.map((row, i) => (i === 0 ? row.join(";") : [row[0], row[1], nameOf(String(row[2])), nl(10 * (row[3] as number)), nl(10 * (row[4] as number))].join(";")));
// Messy lines, as real exports have them.
lines.splice(1200, 0, "14-6-2023;F202399901;;125,00;80,00");
lines.splice(2500, 0, "31-02-2024;F202399902;Jansen Techniek BV;310,50;200,00");
writeFileSync("assets/orderregels-groothandel.csv", "\ufeff" + lines.join("\r\n") + "\r\n");
console.log(`assets/orderregels-groothandel.csv: ${lines.length - 1} lines, ${names.size} customers`);
