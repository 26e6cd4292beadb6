/**
 * A CSV customer table read into columns (src/cli/csvtable.ts) must be the table read as rows: every
 * cell the same (text as written, "" and undefined where the rows have them), and segment() and
 * insights() giving the same results and messages, on the shapes real files have: Dutch amounts with
 * thousands dots, credit notes, title and totals rows, customer numbers with leading zeros, errors,
 * percentages, ragged rows, quoted line breaks, Windows-1252, this tool's own columns of an earlier run.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCsvFile } from "../../src/cli/csv.js";
import { ColumnTableBuilder, readCsvTable } from "../../src/cli/csvtable.js";
import { columnsDecision, main, withoutOwnColumns } from "../../src/cli/main.js";
import { aggregateTransactions, detectTransactions, insights, resultHeaders, segment, type Cell } from "../../src/engine/index.js";
import { seededUniform } from "../../src/engine/analysis/stats.js";
import { tableBounds } from "../../src/cli/xlsx.js";
import { jsonChunks } from "../../src/cli/output.js";
import { cellAt, type ColumnTable } from "../../src/engine/reading/table.js";
import { scratchDir } from "../scratch.js";

const dir = scratchDir("segment-csvtable-");

/** The file read both ways: the rows path exactly as the command line takes it, and the columns. */
function bothWays(name: string, content: string | Buffer, settings: { columns?: Record<string, string> } = {}) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const { rows } = readCsvFile(path);
  const top = Math.max(0, tableBounds(rows, settings.columns ?? {})?.top ?? 0);
  const table = withoutOwnColumns(rows.slice(top));
  const read = readCsvTable(path, columnsDecision(settings));
  return { rows: table, above: rows.slice(0, top), read };
}

function sameCells(rows: Cell[][], columns: ColumnTable): void {
  assert.equal(columns.length, rows.length);
  const width = Math.max(...rows.map((r) => r.length));
  assert.equal(columns.width, width);
  for (let r = 0; r < rows.length; r++) {
    assert.deepEqual(columns.row(r), rows[r], `row ${r}`);
    for (let j = 0; j <= width; j++) assert.equal(cellAt(columns, r, j), rows[r]![j], `row ${r}, column ${j}`);
  }
}

/** segment() and insights() on both, compared as JSON (NaN and typed arrays included). */
function sameResults(rows: Cell[][], columns: ColumnTable): void {
  const opts = { sheet: "klanten.csv", headerRow: 1 };
  const a = segment(rows, {}, opts);
  const b = segment(columns, {}, opts);
  const text = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : ArrayBuffer.isView(x) ? Array.from(x as Float64Array, (y) => (Number.isFinite(y) ? y : String(y))) : x));
  assert.equal(text(b.columns), text(a.columns));
  assert.equal(text(b.summary), text(a.summary));
  assert.equal(text(insights(columns, b)), text(insights(rows, a)));
}

const REAL = [
  "Overzicht debiteuren 2025;;;;;;",
  "Geëxporteerd op 3-12-2025;;;;;;",
  "",
  "Klantnr;Klant;Branche;Omzet;Brutomarge;Betaaltermijn (dagen);Groei",
  '010023;"Bakker, Bouw & Zn.";Bouw;16.980,00;25,5%;35;0,05',
  "010024;De Vries BV;Horeca;12010;20,7%;42;-0,5",
  '010025;"Jansen ""de Smid"" V.O.F.";Zorg;-1.250,50;-9,5%;;0,125',
  "10026;Bos Service;Zorg;#N/A;12%;60;1,5",
  "10027;Visser & Co;;0;0,0%;30",
  "10028;Smit Metaal;Bouw;€ 4.500;18%;n.v.t.;0,0000001",
  '10029;"Meulen\nLogistiek";Transport;1234,5;22%;45;2',
  "10030;Mulder;Bouw;950;15%;30;-0",
  ";;;;;;",
  "10031;De Graaf;Retail;1,5;30%;28;0,10;extra",
  "10032;Peters;Retail;123456789012,25;5%;90;3",
  "Totaal;;;1.000.000,00;;;",
].join("\r\n");

describe("CSV read into columns (command line, JSON output)", () => {
  it("holds every cell of a real-shaped export exactly as the rows do, and segments it the same", () => {
    const { rows, above, read } = bothWays("real.csv", "\ufeff" + REAL);
    assert.ok(read.columns, "a customer table is read into columns");
    assert.equal(read.top, 3);
    assert.deepEqual(read.rows, above);
    sameCells(rows, read.columns!);
    sameResults(rows, read.columns!);
  });

  it("reads Windows-1252 and this tool's own columns of an earlier run the same way", () => {
    const latin = Buffer.from("Klant;Omzet;Marge\r\nCafé Zoë;1.234,50;0,2\r\nÉlan;€ 99,95;0,1\r\nBakker;500;0,3\r\n", "latin1");
    const a = bothWays("latin.csv", latin);
    sameCells(a.rows, a.read.columns!);
    sameResults(a.rows, a.read.columns!);
    assert.equal(a.read.encoding, "windows-1252");
    // The marks of the numbers read at once decide the others: with dots for decimals, "1,234" is 1234.
    const us = bothWays("us.csv", 'Customer,Revenue\nA,12.5\nB,"1,234"\nC,7.25\n');
    sameResults(us.rows, us.read.columns!);
    assert.equal(segment(us.read.columns!).columns.revenue[1], 1234);
    const again = `Klant,Omzet,${resultHeaders("en").join(",")}\nA,100,1,0.5,0.5,A,,,,,,\nB,100,2,0.5,1,A,,,,,,\n`;
    const b = bothWays("again.csv", again);
    assert.equal(b.read.columns!.width, 2);
    sameCells(b.rows, b.read.columns!);
  });

  it("reads a customer summary and a date mapped to no column as rows; a customer table into columns only for JSON, an order list always", () => {
    const orders = "Factuurdatum;Klant;Bedrag\n1-1-2025;A;10\n2-1-2025;A;20\n3-1-2025;B;5\n";
    assert.ok(bothWays("orders.csv", orders).read.columns);
    assert.ok(readCsvTable(join(dir, "orders.csv"), columnsDecision({}, false)).columns, "an order list also for CSV and workbook output");
    assert.equal(readCsvTable(join(dir, "real.csv"), columnsDecision({}, false)).columns, null, "a customer table is written back from rows");
    const summary = "customer,revenue,x,t_x,T\nA,100,2,10,20\nB,50,0,0,15\n";
    assert.equal(bothWays("summary.csv", summary).read.columns, null);
    const mapped = bothWays("mapped.csv", "Klant;Omzet;Wanneer\nA;1;x\n", { columns: { date: "Besteldatum" } });
    assert.equal(mapped.read.columns, null);
  });

  it("gives back every number's text as written (random amounts, both decimal marks, any size)", () => {
    const rand = seededUniform(7);
    const texts: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const digits = Math.floor(rand() * 17);
      const int = Math.floor(rand() * 10 ** Math.min(digits, 15));
      const decimals = Math.floor(rand() * 8);
      const frac = decimals ? Math.floor(rand() * 10 ** decimals).toString().padStart(decimals, "0") : "";
      const sign = rand() < 0.2 ? "-" : "";
      const lead = rand() < 0.05 ? "0" : "";
      const mark = rand() < 0.5 ? "," : ".";
      texts.push(`${sign}${lead}${int}${frac ? mark + frac : ""}`);
    }
    const b = new ColumnTableBuilder(["Omzet", "Tekst"], Infinity);
    for (const t of texts) b.add([t, t + " x"], 2);
    const table = b.table();
    let numbersOnly = 0;
    texts.forEach((t, i) => {
      assert.equal(table.cell(i + 1, 0), t);
      if (!Number.isNaN(table.quick(0)!.values[i]!)) numbersOnly++;
    });
    assert.ok(numbersOnly > 10_000, `most are read as numbers (${numbersOnly})`);
  });

  it("re-reads a file as Windows-1252 when a byte far down is not UTF-8, with nothing left of the first reading", () => {
    const lines = ["Klant;Branche;Omzet;Marge"];
    for (let i = 0; i < 300; i++) lines.push(`Klant ${i};${i % 3 ? "Bouw" : "Zorg"};${(i * 37.5).toFixed(2).replace(".", ",")};0,${(i % 9) + 1}`);
    lines.push("Café Zoë;Horeca;1.234,50;0,2");
    const path = join(dir, "late-latin.csv");
    writeFileSync(path, Buffer.from(lines.join("\r\n") + "\r\n", "latin1"));
    const read = readCsvTable(path, columnsDecision({}), undefined, 1024);
    assert.equal(read.encoding, "windows-1252");
    const { rows } = readCsvFile(path, 1024);
    sameCells(rows, read.columns!);
    assert.equal(read.columns!.cell(301, 0), "Café Zoë");
  });

  it("says a file of only this tool's own columns is empty, as the rows' reading does", async () => {
    const path = join(dir, "own-only.csv");
    writeFileSync(path, `${resultHeaders("en").join(",")}\n1,0.5,0.5,A,,,,,,\n`);
    let stderr = "";
    const code = await main([path, "--format", "json", "--out", join(dir, "own-only.json")], { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } });
    assert.equal(code, 1);
    assert.match(stderr, /the file is empty/);
  });

  it("writes the same JSON bytes as segmenting the rows, on 3,000 real-shaped rows (messages included)", async () => {
    const rand = seededUniform(11);
    const lines = ["Debiteurenlijst;;;;;", "", "Klantnr;Klant;Branche;Omzet;Brutomarge;Groei"];
    for (let i = 0; i < 3000; i++) {
      const amount = rand() < 0.02 ? "#N/A" : rand() < 0.03 ? "-" + (rand() * 500).toFixed(2).replace(".", ",") : rand() < 0.2 ? (rand() * 90000 + 1000).toFixed(2).replace(".", ",").replace(/(\d)(\d{3}),/, "$1.$2,") : (rand() * 5000).toFixed(2).replace(".", ",");
      const name = i % 500 === 7 ? "" : `${["Bakker", "De Vries", "Jansen", "Visser"][i % 4]} ${rand() < 0.5 ? "Bouwbedrijf & Zonen B.V." : "BV"} ${i % 1400}`;
      lines.push(`${String(10000 + i).padStart(6, "0")};"${name}";${["Bouw", "Zorg", "Retail", ""][i % 4]};${amount};${(rand() * 40 - 5).toFixed(1).replace(".", ",")}%;${rand() < 0.1 ? "n.v.t." : (rand() - 0.3).toFixed(3).replace(".", ",")}`);
    }
    lines.push("Totaal;;;1.234.567,00;;");
    const path = join(dir, "debiteuren.csv");
    writeFileSync(path, lines.join("\r\n"));
    assert.ok(readCsvTable(path, columnsDecision({})).columns, "read into columns");
    const out = join(dir, "debiteuren.json");
    let stderr = "";
    const code = await main([path, "--format", "json", "--out", out, "--quiet"], { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } });
    assert.equal(code, 0, stderr);
    const { rows } = readCsvFile(path);
    const r = segment(rows.slice(2), {}, { sheet: "debiteuren.csv", headerRow: 3, firstColumn: 0 });
    assert.ok(r.columns.messages.some((m) => m.length > 0), "the rows have messages");
    const expected = Buffer.concat([...jsonChunks(r)].map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
    assert.ok(readFileSync(out).equals(expected), "the same bytes");
  });

  it("aggregates an order list read into columns exactly as its rows (the bundled list and a hostile one)", () => {
    const sameAggregation = (name: string, content: string | Buffer, settings: { columns?: Record<string, string> } = {}) => {
      const { rows, read } = bothWays(name, content, settings);
      assert.ok(read.columns, `${name}: read into columns`);
      sameCells(rows, read.columns!);
      const cols = detectTransactions(rows, settings.columns ?? {});
      assert.ok(cols, `${name}: an order list`);
      assert.deepEqual(detectTransactions(read.columns!, settings.columns ?? {}), cols);
      const a = aggregateTransactions(rows, { columns: cols!, headerRow: 1 });
      const b = aggregateTransactions(read.columns!, { columns: cols!, headerRow: 1 });
      assert.deepEqual(b, a);
      return a;
    };
    sameAggregation("orderregels.csv", readFileSync(join(__dirname, "../../assets/orderregels-groothandel.csv")));
    // Credit notes (negative, "Creditnota" in a text column, a zero on a C-invoice), a web shop's later
    // lines without customer and date, amounts with thousands dots and trailing zeros, unreadable
    // amounts, blank lines, quantity x price.
    const rand = seededUniform(5);
    const lines = ["Datum;Ordernummer;Klant;Omschrijving;Aantal;Stukprijs;Kostprijs"];
    for (let i = 0; i < 1500; i++) {
      const day = `${(i % 28) + 1}-${(Math.floor(i / 28) % 12) + 1}-${2023 + Math.floor(i / 336)}`;
      const order = `#${1000 + Math.floor(i / 3)}`;
      const first = i % 3 === 0;
      const customer = `Klant ${Math.floor(rand() * 120)}${rand() < 0.3 ? " Bouwbedrijf & Zonen" : ""}`;
      const what = rand() < 0.03 ? "Creditnota retour" : ["Schroeven", "Verf", "Hout"][i % 3];
      const qty = rand() < 0.02 ? "twee" : String(Math.floor(rand() * 5) + 1);
      const price = rand() < 0.1 ? "1.234,50" : rand() < 0.3 ? `${Math.floor(rand() * 90)},${rand() < 0.5 ? "30" : "25"}` : rand() < 0.05 ? "-12,5" : `${Math.floor(rand() * 300)}`;
      lines.push(`${first ? day : ""};${order};${first ? customer : ""};${what};${qty};${price};${rand() < 0.1 ? "" : (rand() * 50).toFixed(2).replace(".", ",")}`);
      if (i % 400 === 0) lines.push(";;;;;;");
    }
    const hostile = sameAggregation("webshop.csv", lines.join("\n"), { columns: { invoice: "Ordernummer", quantity: "Aantal", unitPrice: "Stukprijs" } });
    assert.ok(hostile.problems.length > 0 && hostile.notes.some((n) => /credit/i.test(n)), "problems and credit notes are there to compare");
  });

  it("aggregates by hand-computed figures both ways: names differing in case, a web shop's carried lines, credit notes", () => {
    const csv = [
      "Datum;Ordernummer;Klant;Bedrag",
      "1-3-2025;A1;Jansen;10,00",
      "1-3-2025;A1;JANSEN;5,5",
      "2-3-2025;B7; jansen ;7",
      "3-3-2025;C9;Jansen;-3",
      "2-3-2025;D4;Bakker;4",
      ";D4;;6",
      "5-3-2025;E2;Bakker;creditnota",
      "5-3-2025;E3;Bakker;2;Creditnota 17",
    ].join("\n");
    const { rows, read } = bothWays("hand.csv", csv);
    for (const table of [rows, read.columns!]) {
      const cols = detectTransactions(table)!;
      const a = aggregateTransactions(table, { columns: cols, headerRow: 1 });
      const by = (name: string) => a.customers.find((c) => c.customer === name)!;
      assert.deepEqual(a.customers.map((c) => c.customer), ["Jansen", "Bakker"]);
      assert.equal(by("Jansen").revenue, 19.5); // 10 + 5.5 + 7 − 3: the credit nets out
      assert.equal(by("Jansen").orders, 2); // A1 and B7; the credit C9 is no order
      assert.deepEqual(by("Jansen").dayRevenue, [15.5, 7]);
      assert.equal(by("Bakker").revenue, 12); // 4 + 6 (the line that takes D4's customer and date) + 2 (a credit line)
      assert.equal(by("Bakker").orders, 1);
      assert.deepEqual(by("Bakker").dayRevenue, [10]);
      assert.ok(a.problems.some((p) => p.row === 8 && /creditnota/.test(p.text)), "an amount that is a word is a problem");
    }
  });

  it("writes a customer table with a date column back to CSV cell for cell (read into columns as a possible order list)", async () => {
    const lines = ["Klant;Omzet;Datum laatste order;Marge"];
    for (let i = 0; i < 200; i++) lines.push(`Klant ${i};${(i * 13.5).toFixed(2).replace(".", ",")};${(i % 28) + 1}-3-2025;0,${(i % 9) + 1}0`);
    const path = join(dir, "dated.csv");
    writeFileSync(path, lines.join("\r\n") + "\r\n");
    assert.ok(readCsvTable(path, columnsDecision({}, false)).columns, "read into columns first");
    const out = join(dir, "dated.segmented.csv");
    let stderr = "";
    const code = await main([path, "--format", "csv", "--out", out, "--quiet"], { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } });
    assert.equal(code, 0, stderr);
    const written = readCsvFile(out).rows;
    const { rows } = readCsvFile(path);
    assert.equal(written.length, rows.length);
    rows.forEach((row, r) => assert.deepEqual(written[r]!.slice(0, row.length), row, `row ${r + 1}`));
    assert.equal(written[0]![4], "Rank");
  });

  it("the command line's JSON of a customer CSV is what segmenting its rows gives", async () => {
    const path = join(dir, "klanten.csv");
    writeFileSync(path, readFileSync(join(__dirname, "../../assets/klanten-groothandel.csv")));
    const out = join(dir, "klanten.json");
    let stderr = "";
    const code = await main([path, "--format", "json", "--out", out, "--quiet"], { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } });
    assert.equal(code, 0, stderr);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    const { rows } = readCsvFile(path);
    const r = segment(rows, {}, { sheet: "klanten.csv", headerRow: 1 });
    assert.equal(doc.rows.length, rows.length - 1);
    doc.rows.forEach((row: { customer: string; revenueShare: number | null; tier: string | null; problems: unknown[] }, i: number) => {
      assert.equal(row.customer, r.columns.customer[i]);
      assert.equal(row.revenueShare, Number.isFinite(r.columns.revenueShare[i]!) ? r.columns.revenueShare[i] : null);
      assert.equal(row.tier, r.columns.tier[i]);
      assert.equal(row.problems.length, r.columns.messages[i]!.length);
    });
  });
});
