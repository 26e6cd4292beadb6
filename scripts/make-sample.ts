/**
 * Writes assets/klanten-groothandel.csv: about 250 B2B customers of a Dutch wholesaler, with Dutch
 * headers and the notation Dutch Excel writes (semicolons, comma decimals), generated with a fixed
 * seed so the file is the same on every machine. It includes a few messy rows on purpose: numbers
 * typed as text with thousands dots, a blank name, a duplicate, a credit note, an #N/A.
 *
 * Run: npx tsx scripts/make-sample.ts
 */
import { writeFileSync } from "node:fs";

let seed = 20240611;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

const BRANCHES = [
  { name: "Bouw", margin: 0.18, growth: 3 },
  { name: "Installatietechniek", margin: 0.22, growth: 4 },
  { name: "Horeca", margin: 0.27, growth: 2 },
  { name: "Zorg", margin: 0.24, growth: 4 },
  { name: "Retail", margin: 0.15, growth: 2 },
  { name: "Industrie", margin: 0.2, growth: 3 },
  { name: "Agrarisch", margin: 0.17, growth: 2 },
  { name: "Overheid", margin: 0.12, growth: 1 },
];
const FIRST = ["Van Dijk", "Jansen", "De Vries", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits", "De Graaf", "Van der Meer", "Kok", "Jacobs", "Vermeulen", "Van den Berg", "Willems", "Claes", "Maes", "Wouters"];
const KIND = ["Bouwbedrijf", "Installaties", "Groothandel", "Techniek", "Zorggroep", "Horeca", "Metaal", "Agro", "Logistiek", "Interieur", "Elektro", "Service"];
const FORM = ["B.V.", "BV", "V.O.F.", "& Zn.", "NV", "Holding B.V.", ""];
const CITY = ["Utrecht", "Amersfoort", "Zwolle", "Eindhoven", "Breda", "Gent", "Antwerpen", "Arnhem", "Tilburg", "Leiden", "Hasselt", "Apeldoorn"];

const nl = (x: number, decimals: number) => {
  const [i, f] = Math.abs(x).toFixed(decimals).split(".");
  return (x < 0 ? "-" : "") + i!.replace(/\B(?=(\d{3})+(?!\d))/g, ".") + (f ? "," + f : "");
};

const header = ["Klant", "Plaats", "Branche", "Omzet", "Brutomarge", "Groeipotentie", "Betaaltermijn (dagen)", "Innovatie", "Netwerk", "Aantal orders", "Klant sinds"];
const rows: string[][] = [];
const used = new Set<string>();
for (let k = 0; rows.length < 250; k++) {
  const b = pick(BRANCHES);
  let name = `${pick(FIRST)} ${pick(KIND)} ${pick(FORM)}`.trim();
  if (used.has(name)) continue;
  used.add(name);
  // Revenue: a long tail (log-normal), as in most customer bases.
  const revenue = Math.round(Math.exp(10.3 + 1.25 * normal()) / 10) * 10;
  const size = Math.log10(revenue);
  // Large customers negotiate lower margins; small ones cost a lot to serve; some lose money.
  const margin = Math.max(-0.25, Math.min(0.48, b.margin + 0.09 * normal() - 0.03 * (size - 4.3) - (size < 4 ? 0.08 : 0)));
  const growth = Math.max(1, Math.min(5, Math.round(b.growth + normal())));
  const days = Math.max(7, Math.round(30 + 18 * normal() + (size - 4.3) * 6));
  const orders = Math.max(1, Math.round(revenue / (800 + 400 * rnd())));
  rows.push([
    name,
    pick(CITY),
    b.name,
    nl(revenue, 2),
    nl(margin * 100, 1) + "%",
    String(growth),
    String(days),
    String(1 + Math.floor(rnd() * 5)),
    String(1 + Math.floor(rnd() * 5)),
    String(orders),
    String(2026 - Math.floor(1 + rnd() * 25)),
  ]);
}
// Messy rows, as real exports have them.
rows[17]![3] = "€ " + rows[17]![3]!; // currency sign typed in
rows[42]![0] = ""; // a blank customer name
rows[88]![0] = rows[12]![0]!.toUpperCase(); // a duplicate in capitals
rows[120]![3] = "-1.250,00"; // a credit note
rows[120]![4] = "12,0%";
rows[150]![3] = "#N/A"; // a broken lookup
rows[201]![5] = ""; // growth not filled in
rows[230]![6] = "zie contract"; // text where a number belongs

const quote = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = [header, ...rows].map((r) => r.map(quote).join(";")).join("\r\n") + "\r\n";
writeFileSync(new URL("../assets/klanten-groothandel.csv", import.meta.url), "\ufeff" + csv, "utf8");
console.log(`wrote ${rows.length} customers to assets/klanten-groothandel.csv`);
