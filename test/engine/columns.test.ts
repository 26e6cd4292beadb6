import { strict as assert } from "node:assert";
import { columnLetter, detectColumns, normalizeHeader, type Role } from "../../src/engine/reading/columns.js";

const roles = (headers: string[], overrides = {}) =>
  Object.fromEntries(detectColumns(headers, overrides).map((m) => [m.role, headers[m.index]])) as Partial<Record<Role, string>>;

describe("engine/columns", () => {
  it("normalises case, spaces, accents and units in brackets", () => {
    assert.equal(normalizeHeader("  Omzet (€) "), "omzet");
    assert.equal(normalizeHeader("CULTURELE  FIT"), "culturele fit");
    assert.equal(normalizeHeader("Innovatié [1-5]"), "innovatie");
    assert.equal(normalizeHeader("Margin %"), "margin pct");
    assert.equal(normalizeHeader("Revenue in EUR"), "revenue");
  });

  it("detects Dutch headers", () => {
    const r = roles(["Klant", "Branche", "Omzet", "Brutomarge", "Groeipotentie", "Betaaltermijn", "Innovatie", "Netwerk", "Aantal orders", "Klant sinds"]);
    assert.deepEqual(r, {
      customer: "Klant",
      segment: "Branche",
      revenue: "Omzet",
      margin: "Brutomarge",
      growth: "Groeipotentie",
      paymentDays: "Betaaltermijn",
      innovation: "Innovatie",
      network: "Netwerk",
      orders: "Aantal orders",
    });
  });

  it("detects English headers with units and odd case", () => {
    const r = roles(["Customer Name", "Sales (EUR)", "Gross Profit", "Margin %", "Growth Potential", "DSO", "Strategic Fit", "Cultural fit", "Industry", "Cost to serve"]);
    assert.equal(r.customer, "Customer Name");
    assert.equal(r.revenue, "Sales (EUR)");
    assert.equal(r.profit, "Gross Profit");
    assert.equal(r.margin, "Margin %");
    assert.equal(r.growth, "Growth Potential");
    assert.equal(r.paymentDays, "DSO");
    assert.equal(r.strategicFit, "Strategic Fit");
    assert.equal(r.culturalFit, "Cultural fit");
    assert.equal(r.segment, "Industry");
    assert.equal(r.costToServe, "Cost to serve");
  });

  it("understands Dutch compounds and other synonyms", () => {
    const r = roles(["Relatienaam", "Jaaromzet 2025", "Winst", "Strategische fit", "Culturele fit", "Bestellingen", "Sector"]);
    assert.equal(r.customer, "Relatienaam");
    assert.equal(r.revenue, "Jaaromzet 2025");
    assert.equal(r.profit, "Winst");
    assert.equal(r.strategicFit, "Strategische fit");
    assert.equal(r.culturalFit, "Culturele fit");
    assert.equal(r.orders, "Bestellingen");
    assert.equal(r.segment, "Sector");
  });

  it("does not take a customer number or 'klant sinds' for the name", () => {
    const r = roles(["Klantnummer", "Klant sinds", "Naam", "Omzet"]);
    assert.equal(r.customer, "Naam");
    assert.equal(r.id, "Klantnummer");
  });

  it("uses the customer number when there is no name column", () => {
    const r = roles(["Klantnummer", "Omzet"]);
    assert.equal(r.customer, "Klantnummer");
  });

  it("gives each column one role and each role one column", () => {
    const matches = detectColumns(["Omzet", "Omzet 2024", "Klant"]);
    assert.equal(matches.filter((m) => m.role === "revenue").length, 1);
    assert.equal(matches.find((m) => m.role === "revenue")!.index, 0);
    assert.equal(new Set(matches.map((m) => m.index)).size, matches.length);
  });

  it("lets the settings override every mapping", () => {
    const r = roles(["Klant", "Omzet", "Bedrag 2025", "Groei"], { revenue: "Bedrag 2025", growth: null });
    assert.equal(r.revenue, "Bedrag 2025");
    assert.equal(r.growth, undefined);
    const m = detectColumns(["Klant", "Omzet"], { revenue: "omzet" });
    assert.equal(m.find((x) => x.role === "revenue")!.source, "settings");
  });

  it("says which headers exist when an override names a missing column", () => {
    assert.throws(() => detectColumns(["Klant", "Omzet"], { revenue: "Sales" }), /no such column.*"Klant", "Omzet"/);
    assert.throws(() => detectColumns(["Klant", "Omzet"], { revenue: "Omzet", profit: "Omzet" }), /both revenue and profit/);
  });

  it("names columns like Excel", () => {
    assert.equal(columnLetter(0), "A");
    assert.equal(columnLetter(25), "Z");
    assert.equal(columnLetter(26), "AA");
    assert.equal(columnLetter(701), "ZZ");
    assert.equal(columnLetter(702), "AAA");
    assert.equal(columnLetter(16383), "XFD");
  });
});
