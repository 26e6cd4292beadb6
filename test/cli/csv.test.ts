import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { CsvError, CsvParser, detectDelimiter, MAX_FIELD, parseCsv, readCsvFile } from "../../src/cli/csv.js";
import { scratchDir } from "../scratch.js";

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

describe("cli/csv: read as a stream", () => {
  it("gives the same rows whatever the pieces the text arrives in (quotes, CR LF, BOM split anywhere)", () => {
    const cell = fc.stringMatching(/^[a-z"; ,\r\n0-9]{0,6}$/);
    const csv = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }).map((rows) => "\ufeff" + rows.map((r) => r.map((c) => (/[";\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(";")).join("\r\n"));
    fc.assert(
      fc.property(csv, fc.array(fc.nat(20), { maxLength: 10 }), (text, cuts) => {
        const whole = parseCsv(text, ";");
        const p = new CsvParser(";");
        let at = 0;
        for (const c of cuts) {
          p.push(text.slice(at, at + c));
          at += c;
        }
        p.push(text.slice(at));
        assert.deepEqual(p.end(), whole);
      }),
      { numRuns: 300 },
    );
  });

  it("reads a file in pieces, and stops on a field longer than a cell can hold, naming the line", () => {
    const dir = scratchDir("csv-stream-");
    const file = join(dir, "k.csv");
    writeFileSync(file, "\ufeffKlant;Omzet\r\n\"De \"\"Boer\"\"\";1.234,50\r\nJansen;7\r\n");
    assert.deepEqual(readCsvFile(file, 3), { rows: [["Klant", "Omzet"], ['De "Boer"', "1.234,50"], ["Jansen", "7"]], delimiter: ";", encoding: "utf-8" });
    writeFileSync(file, `Klant;Omzet\nJansen;${"9".repeat(MAX_FIELD + 1)}\n`);
    assert.throws(() => readCsvFile(file, 1000), (e: Error) => e instanceof CsvError && /Line 2, field 2: a field of more than 32,767 characters/.test(e.message));
    writeFileSync(file, Buffer.from([0x4b, 0x00, 0x01, 0x02]));
    assert.throws(() => readCsvFile(file), /not a text \(CSV\) file/);
  });
});
