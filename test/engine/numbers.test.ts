import { strict as assert } from "node:assert";
import { detectNotation, isExcelError, parseNumber } from "../../src/engine/reading/numbers.js";

const value = (v: unknown, notation?: "dot" | "comma" | "mixed") => {
  const p = parseNumber(v, notation);
  assert.ok(p.ok, `expected ${JSON.stringify(v)} to parse, got ${JSON.stringify(p)}`);
  return p.value;
};
const fails = (v: unknown, notation?: "dot" | "comma" | "mixed") => {
  const p = parseNumber(v, notation);
  assert.equal(p.ok, false, `expected ${JSON.stringify(v)} to be unreadable, got ${JSON.stringify(p)}`);
  return p.ok ? null : p.reason;
};

describe("engine/numbers parseNumber", () => {
  it("passes real numbers through", () => {
    assert.equal(value(1234.5), 1234.5);
    assert.equal(value(-3), -3);
    assert.equal(value(0), 0);
  });

  it("reads the notations people type", () => {
    assert.equal(value("1234.5"), 1234.5);
    assert.equal(value("1,234.50"), 1234.5);
    assert.equal(value("1.234,50"), 1234.5);
    assert.equal(value("€ 1.234"), 1234);
    assert.equal(value("€1.234,56"), 1234.56);
    assert.equal(value("12%"), 0.12);
    assert.equal(value("12,5%"), 0.125);
    assert.equal(value("(500)"), -500);
    assert.equal(value("(€ 1.500,00)"), -1500);
    assert.equal(value("-€ 250"), -250);
    assert.equal(value("€ -250"), -250);
    assert.equal(value("250-"), -250);
    assert.equal(value("  42  "), 42);
    assert.equal(value("1 234 567,89"), 1234567.89);
    assert.equal(value("1\u00a0234,5"), 1234.5);
    assert.equal(value("1'234.50"), 1234.5);
    assert.equal(value("EUR 2.500"), 2500);
    assert.equal(value("$1,000,000"), 1000000);
    assert.equal(value(",5"), 0.5);
    assert.equal(value("+7"), 7);
  });

  it("with both separators the last one is the decimal mark", () => {
    assert.equal(value("1.234.567,8"), 1234567.8);
    assert.equal(value("1,234,567.8"), 1234567.8);
  });

  it("a separator that repeats groups thousands", () => {
    assert.equal(value("1.234.567"), 1234567);
    assert.equal(value("1,234,567"), 1234567);
  });

  it("a lone separator not followed by exactly three digits is a decimal mark", () => {
    assert.equal(value("1234,5"), 1234.5);
    assert.equal(value("12.50"), 12.5);
    assert.equal(value("0,125"), 0.125); // a leading 0 cannot be a thousands group
    assert.equal(value("1234.567"), 1234.567); // more than three digits before it
  });

  it("an ambiguous value follows the column's notation", () => {
    assert.equal(value("1.234", "comma"), 1234);
    assert.equal(value("1,234", "comma"), 1.234);
    assert.equal(value("1.234", "dot"), 1.234);
    assert.equal(value("1,234", "dot"), 1234);
  });

  it("without a column notation a dot groups and a lone comma is decimal", () => {
    assert.equal(value("€ 2.500"), 2500);
    assert.equal(value("€ 2.500", "mixed"), 2500);
    assert.equal(value("1,234", "mixed"), 1.234);
  });

  it("never turns an unreadable cell into zero", () => {
    assert.equal(fails(""), "empty");
    assert.equal(fails("   "), "empty");
    assert.equal(fails(null), "empty");
    assert.equal(fails(undefined), "empty");
    assert.equal(fails(true), "boolean");
    assert.equal(fails("#N/A"), "error-value");
    assert.equal(fails("#DIV/0!"), "error-value");
    assert.equal(fails("n.v.t."), "not-a-number");
    assert.equal(fails("abc"), "not-a-number");
    assert.equal(fails("12abc"), "not-a-number");
    assert.equal(fails("1.2.3"), "not-a-number");
    assert.equal(fails("1,23,456"), "not-a-number");
    assert.equal(fails("1.234,5.6"), "not-a-number");
    assert.equal(fails("--5"), "not-a-number");
    assert.equal(fails("(-5)"), "not-a-number");
    assert.equal(fails(NaN), "not-a-number");
    assert.equal(fails(Infinity), "not-a-number");
  });

  it("recognises Excel's error values", () => {
    for (const e of ["#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#DIV/0!"]) assert.ok(isExcelError(e), e);
    assert.ok(!isExcelError("#1 customer"));
  });
});

describe("engine/numbers detectNotation", () => {
  it("finds Dutch notation", () => assert.equal(detectNotation(["1.234,50", "12,5", "1.234"]), "comma"));
  it("finds English notation", () => assert.equal(detectNotation(["1,234.50", "12.5", "1,234"]), "dot"));
  it("is mixed when both are seen", () => assert.equal(detectNotation(["1.234,50", "12.5"]), "mixed"));
  it("is mixed when neither is seen", () => assert.equal(detectNotation([1234, "1,234", "1.234", ""]), "mixed"));
  it("ignores real numbers", () => assert.equal(detectNotation([12.5, 1234.5, "12,5"]), "comma"));
});

describe("engine/numbers: the quick path for common shapes reads as the full path does", () => {
  it("parseNumber and notationOf agree with the full reading on random number-like text", async () => {
    const fc = (await import("fast-check")).default;
    const { parseNumber, parseNumberSlow, notationOf, notationOfSlow } = await import("../../src/engine/reading/numbers.js");
    const text = fc.stringMatching(/^-?[0-9]{0,17}([.,][0-9]{0,17})?$/);
    const noisy = fc.string({ unitBinary: fc.constantFrom(..."0123456789.,-+ %€'()".split("")) as never, maxLength: 12 } as never);
    fc.assert(
      fc.property(fc.oneof(text, noisy, fc.stringMatching(/^-?0?[0-9]{1,4}[.,][0-9]{2,4}$/)), fc.constantFrom("dot" as const, "comma" as const, "mixed" as const), (s: string, notation) => {
        assert.deepEqual(parseNumber(s, notation), parseNumberSlow(s, notation), JSON.stringify(s));
        assert.equal(notationOf(s), notationOfSlow(s), JSON.stringify(s));
      }),
      { numRuns: 20000 },
    );
  });
});
