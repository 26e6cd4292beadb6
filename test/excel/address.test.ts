import { strict as assert } from "node:assert";
import { columnIndex, parseAddress } from "../../src/excel/address.js";

describe("excel/address", () => {
  it("parses sheet, first row and column", () => {
    assert.deepEqual(parseAddress("Klanten!B3:F20"), { sheet: "Klanten", row: 3, column: 1, lastRow: 20, lastColumn: 5 });
    assert.deepEqual(parseAddress("'Mijn ''beste'' klanten'!$A$1:$XFD$1048576"), { sheet: "Mijn 'beste' klanten", row: 1, column: 0, lastRow: 1048576, lastColumn: 16383 });
    assert.deepEqual(parseAddress("C7"), { sheet: null, row: 7, column: 2, lastRow: 7, lastColumn: 2 });
  });
  it("rejects what is not a range", () => assert.throws(() => parseAddress("Blad1!#REF!"), /Not a cell range/));
  it("reads column letters", () => {
    assert.equal(columnIndex("A"), 0);
    assert.equal(columnIndex("AA"), 26);
    assert.equal(columnIndex("xfd"), 16383);
  });
});
