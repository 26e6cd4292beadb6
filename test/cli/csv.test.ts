import { strict as assert } from "node:assert";
import { CsvError, detectDelimiter, parseCsv } from "../../src/cli/csv.js";

describe("cli/csv", () => {
  it("reads semicolon CSV as Dutch Excel writes it, with a BOM and CRLF", () => {
    assert.deepEqual(parseCsv('\ufeffKlant;Omzet\r\nJansen;"1.234,50"\r\n"De ""Beste"" BV";12\r\n'), [
      ["Klant", "Omzet"],
      ["Jansen", "1.234,50"],
      ['De "Beste" BV', "12"],
    ]);
  });

  it("reads comma CSV with quoted commas and newlines, without a final newline", () => {
    assert.deepEqual(parseCsv('Customer,Revenue\n"Smith, J.","1,234.50"\n"Two\nlines",5'), [
      ["Customer", "Revenue"],
      ["Smith, J.", "1,234.50"],
      ["Two\nlines", "5"],
    ]);
  });

  it("keeps empty cells and empty rows", () => {
    assert.deepEqual(parseCsv("a;b\n;\n\nx;\n"), [["a", "b"], ["", ""], [""], ["x", ""]]);
  });

  it("detects the delimiter from the header line", () => {
    assert.equal(detectDelimiter("Klant;Omzet;Marge\n"), ";");
    assert.equal(detectDelimiter("Customer,Revenue\n"), ",");
    assert.equal(detectDelimiter('"a;b",c,d\n'), ",");
    assert.equal(detectDelimiter("a\tb\tc\n"), "\t");
  });

  it("reports an unclosed quote with its line", () => {
    assert.throws(() => parseCsv('a;b\n"open;1\n2;3\n'), (e: unknown) => e instanceof CsvError && /line 2/.test((e as Error).message));
  });
});
