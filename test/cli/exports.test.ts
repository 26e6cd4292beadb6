/**
 * Real exports (issue 15): the header rows of the exports Dutch and Flemish firms and web shops have,
 * as their public documentation or real sample files show them (sources in the README), each
 * recognised as a customer table or an order list with every role on the right column; a generated
 * line-level export in the shape of the public Online Retail data set, checked against a hand
 * computation; encodings and amounts as people's files have them.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { readCsvFile } from "../../src/cli/csv.js";
import { detectColumns, detectTransactions, segment, type Cell } from "../../src/engine/index.js";
import { columnNotation } from "../../src/engine/reading/numbers.js";
import { columnFits } from "../../src/engine/reading/table.js";
import { parseNumber } from "../../src/engine/index.js";
import { scratchDir } from "../scratch.js";

const dir = scratchDir("segment-exports-");

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** A header row and a few lines of plausible values, enough for the content checks and the repeats. */
function table(header: string[], make: (i: number) => Record<string, Cell>, rows = 12): Cell[][] {
  return [header, ...Array.from({ length: rows }, (_, i) => header.map((h) => make(i)[h] ?? ""))];
}

/** The column a customer table's run gives a role: by header, among columns whose values fit it. */
const roleOf = (t: Cell[][], role: string) => {
  const m = detectColumns(t[0]!, {}, (i, r) => columnFits(t, i, r)).find((x) => x.role === role);
  return m ? String(t[0]![m.index]) : null;
};
const orderRoles = (t: Cell[][]) => {
  const c = detectTransactions(t)!;
  assert.ok(c, "recognised as an order list");
  const h = (i: number | null | undefined) => (i === null || i === undefined || i < 0 ? null : String(t[0]![i]));
  return { customer: h(c.customer), date: h(c.date), amount: h(c.amount), quantity: h(c.quantity), unitPrice: h(c.unitPrice), invoice: h(c.order), cost: h(c.cost) };
};

describe("cli/engine: the exports people have (issue 15)", () => {
  it("Online Retail (UCI) invoice lines: quantity × unit price, invoice numbers, the customer id", () => {
    const h = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];
    const t = table(h, (i) => ({ InvoiceNo: String(536365 + i), StockCode: "85123A", Description: "WHITE HANGING HEART", Quantity: 6, InvoiceDate: `12/${1 + i}/2010 8:26`, UnitPrice: "2.55", CustomerID: String(17850 + (i % 3)), Country: "United Kingdom" }));
    assert.deepEqual(orderRoles(t), { customer: "CustomerID", date: "InvoiceDate", amount: null, quantity: "Quantity", unitPrice: "UnitPrice", invoice: "InvoiceNo", cost: null });
    assert.equal(roleOf(t, "revenue"), null, "InvoiceDate is no revenue");
    const t2 = table(["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"], (i) => ({ Invoice: String(489434 + i), Quantity: 12, InvoiceDate: "2009-12-01 07:45:00", Price: "6.95", "Customer ID": String(13085 + (i % 3)) }));
    assert.deepEqual(orderRoles(t2), { customer: "Customer ID", date: "InvoiceDate", amount: null, quantity: "Quantity", unitPrice: "Price", invoice: "Invoice", cost: null });
  });

  it("Shopify orders (line items) and customers", () => {
    const orders = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street", "Notes", "Cancelled at", "Payment Method", "Refunded Amount", "Vendor", "Id", "Tags", "Source"];
    const t = table(orders, (i) => ({ Name: `#${1001 + i}`, Email: `klant${i % 4}@example.nl`, "Paid at": "2024-01-15 10:00:00 +0100", "Created at": `2024-01-${10 + i} 10:00:00 +0100`, Total: "59.90", Subtotal: "49.90", "Lineitem quantity": 2, "Lineitem price": "24.95", "Billing Name": `Klant ${i % 4}`, "Shipping Name": `Klant ${i % 4}` }));
    const r = orderRoles(t);
    assert.equal(r.customer, "Billing Name");
    assert.equal(r.date, "Created at");
    assert.equal(r.invoice, "Name", "the order number is Shopify's Name (#1001)");
    assert.equal(r.amount, "Total");
    // Orders of several line items: the order's fields on its first line only, "Name" repeating per order.
    const multi: Cell[][] = [orders];
    for (let o = 0; o < 6; o++) {
      for (let l = 0; l < 3; l++) {
        const first = l === 0;
        multi.push(orders.map((h) => ({ Name: `#${1001 + o}`, Email: first ? `k${o % 2}@example.nl` : "", "Created at": first ? `2024-01-${10 + o} 10:00:00 +0100` : "", Total: first ? "74.85" : "", "Lineitem quantity": 1, "Lineitem price": "24.95", "Billing Name": first ? `Klant ${o % 2}` : "" } as Record<string, Cell>)[h] ?? ""));
      }
    }
    const m = orderRoles(multi);
    assert.equal(m.customer, "Billing Name", "never the order number, though it repeats per order");
    assert.equal(m.invoice, "Name");
    const customers = ["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company", "Default Address Address1", "Default Address City", "Default Address Country Code", "Default Address Zip", "Phone", "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags"];
    const c = table(customers, (i) => ({ "Customer ID": String(7001 + i), "First Name": "Anna", "Last Name": `Jansen ${i}`, Email: `anna${i}@example.nl`, "Total Spent": `${100 + i}.50`, "Total Orders": 1 + (i % 3) }));
    assert.equal(detectTransactions(c), null, "a customer list");
    assert.equal(roleOf(c, "revenue"), "Total Spent");
    assert.equal(roleOf(c, "orders"), "Total Orders");
    assert.equal(roleOf(c, "customer"), "Email");
  });

  it("WooCommerce: Analytics orders and customers, and the Customer/Order Export plugin's orders", () => {
    const orders = table(["Date", "Order #", "Status", "Customer", "Customer type", "Product(s)", "Items sold", "Coupon(s)", "Net sales", "Origin"], (i) => ({ Date: `2024-02-${10 + i}`, "Order #": String(2001 + i), Status: "Completed", Customer: `Klant ${i % 4}`, "Items sold": 2, "Net sales": "45.00" }));
    assert.deepEqual(orderRoles(orders), { customer: "Customer", date: "Date", amount: "Net sales", quantity: null, unitPrice: null, invoice: "Order #", cost: null });
    const customers = table(["Name", "Username", "Last active", "Date registered", "Email", "Orders", "Total spend", "AOV", "Country / Region", "City", "Region", "Postal code"], (i) => ({ Name: `Klant ${i}`, Username: `k${i}`, "Last active": "2024-03-01", Orders: 1 + i, "Total spend": `${50 * (i + 1)}.00`, AOV: "50.00" }));
    assert.equal(detectTransactions(customers), null);
    assert.deepEqual([roleOf(customers, "customer"), roleOf(customers, "revenue"), roleOf(customers, "orders")], ["Name", "Total spend", "Orders"]);
    const sky = table(["order_id", "order_number", "order_number_formatted", "date", "status", "shipping_total", "tax_total", "discount_total", "order_total", "refunded_total", "order_currency", "payment_method", "customer_id", "billing_first_name", "billing_last_name", "billing_company", "billing_email", "billing_phone", "billing_city", "billing_country", "line_items"], (i) => ({ order_id: String(9000 + i), order_number: String(9000 + i), date: `2024-04-${10 + i} 12:00:00`, order_total: "30.00", customer_id: String(100 + (i % 3)), billing_email: `k${i % 3}@example.be` }));
    const s = orderRoles(sky);
    assert.deepEqual([s.date, s.amount, s.invoice], ["date", "order_total", "order_id"]);
    assert.ok(s.customer === "customer_id" || s.customer === "billing_email", `customer from ${s.customer}`);
  });

  it("Exact Online sales orders (UTF-16, tab separated) and a Dutch bookkeeping export", () => {
    const exact = table(["Header", "Order number", "Ordered byCode", "Ordered byDescription", "Order date", "Order status", "Item", "Item descriptionDescription", "Quantity", "Unit price", "Discount", "Net price", "CostPriceFC", "Reference"], (i) => ({ "Order number": String(100 + i), "Ordered byCode": String(20 + (i % 3)), "Ordered byDescription": `Klant ${i % 3} BV`, "Order date": `${1 + i}-03-2024`, Quantity: 2, "Unit price": "119,95", "Net price": "119,95", CostPriceFC: "60,00" }));
    const r = orderRoles(exact);
    assert.deepEqual([r.customer, r.date, r.quantity, r.unitPrice, r.invoice], ["Ordered byDescription", "Order date", "Quantity", "Unit price", "Order number"]);
    const dutch = table(["Factuurdatum", "Factuurnummer", "Relatiecode", "Relatie", "Omschrijving", "Aantal", "Stukprijs", "Bedrag excl. btw", "Btw", "Kostprijs"], (i) => ({ Factuurdatum: `${1 + i}-2-2024`, Factuurnummer: `F${i}`, Relatiecode: String(1 + (i % 3)), Relatie: `Klant ${i % 3}`, Aantal: 3, Stukprijs: "10,00", "Bedrag excl. btw": "30,00", Kostprijs: "18,00" }));
    assert.deepEqual(orderRoles(dutch), { customer: "Relatie", date: "Factuurdatum", amount: "Bedrag excl. btw", quantity: null, unitPrice: null, invoice: "Factuurnummer", cost: "Kostprijs" });
  });

  it("keeps a customer table a customer table when another column repeats (house numbers, account owners, parent companies)", () => {
    const houses = table(["Klant", "Straat", "Huisnummer", "Postcode", "Plaats", "Datum laatste order", "Omzet"], (i) => ({ Klant: `Klant ${i}`, Straat: "Dorpsstraat", Huisnummer: String(1 + (i % 3)), Postcode: "1234AB", Plaats: "Utrecht", "Datum laatste order": `2024-03-${10 + i}`, Omzet: 100 * (i + 1) }));
    assert.equal(detectTransactions(houses), null);
    const owners = table(["Account Name", "Account Owner", "Created Date", "Annual Revenue"], (i) => ({ "Account Name": `Firma ${i}`, "Account Owner": `Rep ${i % 2}`, "Created Date": `2024-02-${10 + i}`, "Annual Revenue": 1000 * (i + 1) }));
    assert.equal(detectTransactions(owners), null);
    const parents = table(["Klant", "Moederbedrijf", "Datum laatste order", "Omzet"], (i) => ({ Klant: `Klant ${i}`, Moederbedrijf: `Holding ${i % 2}`, "Datum laatste order": `2024-02-${10 + i}`, Omzet: 50 * (i + 1) }));
    assert.equal(detectTransactions(parents), null);
  });

  it("an invoice series starting with C is no credit, a status column is no invoice number, and an order list without usable lines stops", async () => {
    const series = table(["Factuurdatum", "Factuurnummer", "Klant", "Bedrag"], (i) => ({ Factuurdatum: `2024-01-${10 + i}`, Factuurnummer: `C${1001 + i}`, Klant: `Klant ${i % 3}`, Bedrag: 100 }));
    const { aggregateTransactions } = await import("../../src/engine/index.js");
    const a = aggregateTransactions(series);
    assert.equal(a.customers.length, 3);
    assert.equal(a.customers.reduce((t, c) => t + c.orders, 0), 12);
    const status = table(["Date", "Customer", "Invoice status", "Amount"], (i) => ({ Date: `2024-01-${10 + i}`, Customer: `C${i % 2}`, "Invoice status": i % 2 ? "paid" : "open", Amount: 10 }));
    assert.equal(detectTransactions(status)!.order, null, "a handful of distinct values is no invoice number");
    const file = join(dir, "all-credits.csv");
    writeFileSync(file, "Datum;Klant;Bedrag\n" + Array.from({ length: 6 }, (_, i) => `2024-01-1${i};Klant ${i % 2};-10`).join("\n") + "\n");
    const r = await run([file, "--format", "json", "--out", "-"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /an order list, but no line can be used .*only credit notes/);
  });

  it("a revenue column of accounting zeros and placeholders stays the revenue column; --map works on an order list", async () => {
    const zeros = table(["Klant", "Omzet 2024"], (i) => ({ Klant: `Klant ${i}`, "Omzet 2024": i < 3 ? `€ ${100 * (i + 1)}` : i % 2 ? "€ -" : "n.v.t." }));
    assert.equal(roleOf(zeros, "revenue"), "Omzet 2024");
    const file = join(dir, "mapped-orders.csv");
    writeFileSync(file, "Datum;Relatie;Omschrijving;Bedrag\n" + Array.from({ length: 8 }, (_, i) => `2024-01-1${i};Klant ${i % 3};lamp;${10 + i}`).join("\n") + "\n");
    const r = await run([file, "--map", "customer=Relatie", "--map", "amount=Bedrag", "--map", "date=Datum", "--format", "json", "--out", "-", "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).rows.length, 3);
  });

  it("reads two-digit years as Excel does, times with seconds, and says when a date column contradicts itself", async () => {
    const { parseDate, formatDate, dateOrderOf } = await import("../../src/engine/orders/transactions.js");
    assert.equal(formatDate(parseDate("1/3/98")), "1998-03-01");
    assert.equal(formatDate(parseDate("1/3/24")), "2024-03-01");
    assert.equal(formatDate(parseDate("1-3-2024 10:15:30.123")), "2024-03-01");
    assert.equal(formatDate(parseDate("2024.03.01")), "2024-03-01");
    assert.deepEqual(dateOrderOf(["13/1/2010", "1/13/2010"]), { order: "dmy", settled: false, contradictory: true });
  });

  it("a file that looks like an order list but has no amount stops with a message, never a customer table of a wrong column", async () => {
    const file = join(dir, "no-amount.csv");
    writeFileSync(file, "InvoiceNo,InvoiceDate,CustomerID,Description\n" + Array.from({ length: 8 }, (_, i) => `${100 + i},12/${1 + i}/2010 8:26,${1 + (i % 2)},Lamp`).join("\n") + "\n");
    const r = await run([file, "--format", "json", "--out", "-"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /looks like an order list .* but no amount can be formed/);
  });

  it("a generated Online Retail export goes through untouched and gives what a hand computation gives", async () => {
    const lines = [
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
      "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom", // 15.30
      "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom", // 20.34
      "536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom", // 11.10
      "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom", // 54.08
      "536368,22960,JAM MAKING SET WITH JARS,6,12/13/2010 8:34,4.25,13047,United Kingdom", // 25.50 (13: month first)
      "C536379,D,Discount,-1,12/14/2010 9:41,27.50,13047,United Kingdom", // credit note −27.50
      "536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/1/2010 8:45,3.75,,France", // no customer
      "536371,22086,PAPER CHAIN KIT 50'S CHRISTMAS,80,1/5/2011 9:00,2.55,17850,United Kingdom", // 204.00
      "536372,22632,HAND WARMER RED POLKA DOT,12,1/5/2011 9:01,1.85,12583,France", // 22.20
      "536373,21731,RED TOADSTOOL LED NIGHT LIGHT,24,1/6/2011 10:00,1.65,12583,France", // 39.60
      "C536374,21731,RED TOADSTOOL LED NIGHT LIGHT,-4,1/7/2011 11:00,1.65,12583,France", // credit −6.60
    ];
    const file = join(dir, "online-retail.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    const before = createHash("sha256").update(readFileSync(file)).digest("hex");
    const r = await run([file, "--format", "json", "--out", "-"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(createHash("sha256").update(readFileSync(file)).digest("hex"), before, "the input is untouched");
    const doc = JSON.parse(r.stdout);
    const ol = doc.summary.orderList;
    assert.deepEqual(ol.columns, [{ role: "customer", header: "CustomerID" }, { role: "date", header: "InvoiceDate" }, { role: "amount", header: "Quantity × UnitPrice" }, { role: "invoice", header: "InvoiceNo" }]);
    assert.equal(ol.ordersCountedBy, "invoice");
    assert.equal(ol.dateOrder, "mdy");
    assert.deepEqual(ol.problems.map((p: { row: number }) => p.row), [8]);
    const by = new Map(doc.rows.map((x: { customer: string }) => [x.customer, x]));
    const row = (c: string) => by.get(c) as { revenue: number; orders: number; firstPurchase: string; lastPurchase: string; x: number; tx: number; T: number };
    // 17850: 15.30 + 20.34 + 11.10 + 204.00; invoices 536365, 536366, 536371; purchase days Dec 1 and Jan 5.
    assert.deepEqual([row("17850").revenue, row("17850").orders, row("17850").firstPurchase, row("17850").lastPurchase, row("17850").x], [250.74, 3, "2010-12-01", "2011-01-05", 1]);
    // 13047: 54.08 + 25.50 − 27.50; two invoices; the credit note of Dec 14 is no purchase.
    assert.deepEqual([row("13047").revenue, row("13047").orders, row("13047").firstPurchase, row("13047").lastPurchase, row("13047").x], [52.08, 2, "2010-12-01", "2010-12-13", 1]);
    // 12583: 22.20 + 39.60 − 6.60; purchases Jan 5 and Jan 6; the list ends Jan 6 (the last purchase).
    assert.deepEqual([row("12583").revenue, row("12583").orders, row("12583").firstPurchase, row("12583").lastPurchase], [55.2, 2, "2011-01-05", "2011-01-06"]);
    assert.equal(row("12583").T, Math.round((1 / 7) * 10_000) / 10_000, "T in weeks from the first purchase to the list's last purchase day");
    assert.match(r.stderr, /2 credit notes or cancellations reduce revenue but do not count as purchases/);
    assert.match(r.stderr, /Columns used: "CustomerID" → customer, "InvoiceDate" → date, "Quantity × UnitPrice" → amount, "InvoiceNo" → invoice \(orders counted by invoice or order number\)/);
    assert.match(r.stderr, /No growth column, so no BCG quadrants: the list covers 1\.2 months; growth needs two years/);
  });
});

describe("cli: encodings and amounts as files have them (issue 15)", () => {
  it("reads UTF-16 with a byte-order mark (Excel's Unicode text, tab separated) and Windows-1252, names intact", () => {
    const text = "Klant\tOmzet\r\nCafé Zoë\t1.250,-\r\nÆbelø € BV\t€ 99\r\n";
    const le = join(dir, "unicode.txt");
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const a = readCsvFile(le);
    assert.deepEqual([a.encoding, a.delimiter, a.rows[1]![0], a.rows[2]![0]], ["utf-16le", "\t", "Café Zoë", "Æbelø € BV"]);
    const be = join(dir, "unicode-be.txt");
    const beBytes = Buffer.from(text, "utf16le").swap16();
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), beBytes]));
    assert.equal(readCsvFile(be).rows[1]![0], "Café Zoë");
    const cp = join(dir, "ansi.csv");
    // Windows-1252: é = E9, ë = EB, € = 80.
    writeFileSync(cp, Buffer.from([...Buffer.from("Klant;Omzet\r\nCaf"), 0xe9, 0x20, 0x5a, 0x6f, 0xeb, ...Buffer.from(";"), 0x80, ...Buffer.from(" 5\r\n")]));
    const c = readCsvFile(cp);
    assert.deepEqual([c.encoding, c.rows[1]], ["windows-1252", ["Café Zoë", "€ 5"]]);
  });

  it("says which encoding it assumed, and names survive exactly in every output", async () => {
    const cp = join(dir, "klanten-ansi.csv");
    writeFileSync(cp, Buffer.concat([Buffer.from("Klant;Omzet\r\n"), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x5a, 0x6f, 0xeb]), Buffer.from(";1.250,-\r\nBakker;500\r\n")]));
    const out = join(dir, "ansi.out.csv");
    const r = await run([cp, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /is not valid UTF-8: read as Windows-1252/);
    assert.match(readFileSync(out, "utf8"), /Café Zoë;1\.250,-;1;/);
    const j = await run([cp, "--format", "json", "--out", "-", "--quiet"]);
    assert.equal(JSON.parse(j.stdout).rows[0].customer, "Café Zoë");
  });

  it("reads amounts as Dutch people write them, and decides a column's notation from all its values", () => {
    for (const [text, value] of [["€ 1.250,-", 1250], ["1.250,--", 1250], ["EUR 1.250", 1250], ["1.250 EUR", 1250], ["€ 2.500", 2500], ["(500)", -500]] as const) assert.equal((parseNumber(text) as { value: number }).value, value, text);
    const dollars = ["$1,500", "$12,000", "$950"];
    const n = columnNotation(dollars);
    assert.deepEqual(n, { notation: "dot", settled: true, ambiguous: 2 });
    assert.deepEqual(dollars.map((v) => (parseNumber(v, n.notation) as { value: number }).value), [1500, 12000, 950]);
    assert.equal(columnNotation(["1,500", "950"]).settled, false, "truly ambiguous: said, not hidden");
    const r = segment([["Klant", "Omzet"], ["A", "1,500"], ["B", "950"], ["C", "2,250"]]);
    assert.ok(r.summary.notes.some((note) => /Column B \(Omzet\): values such as 1,500 could be 1\.5 or 1500; read with a decimal comma/.test(note)));
  });

  it("the task pane says which columns an order list used and what its reading assumed", async () => {
    const { renderOrderList } = await import("../../src/taskpane/render.js");
    const models = { customers: [], segments: [], bgnbd: null, gammaGamma: null, horizonMonths: 12, discount: 0.1, clvBasis: "revenue" as const, notes: [], validation: null, spendCorrelation: null, uncertainty: null, clvInterval: null, cashFlow: [], aliveAt: null, monthlyClv: false };
    const html = renderOrderList({ sourceSheet: "Orders", lines: 10, customers: 3, problems: [], models, columnsUsed: [{ role: "amount", header: "Quantity × UnitPrice" }], notes: ["2 credit notes or cancellations reduce revenue but do not count as purchases."] }, "Customers", "en");
    assert.match(html, /Columns used: Quantity × UnitPrice → amount/);
    assert.match(html, /2 credit notes or cancellations/);
  });
});
