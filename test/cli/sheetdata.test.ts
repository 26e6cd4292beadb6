/**
 * Adding the result cells to an input sheet's XML without excelize: every original byte stays, the new
 * cells land in column order in the right rows, and what cannot be done safely stops with the cell or
 * the problem named.
 */
import { strict as assert } from "node:assert";
import { addCells, findSheetData, SheetXmlError, withCells, withoutCells, type StreamColumn } from "../../src/cli/sheetdata.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

function sheet(rows: string, prefix = ""): Buffer {
  const p = prefix ? `${prefix}:` : "";
  const ns = prefix ? `xmlns:${prefix}="${MAIN}"` : `xmlns="${MAIN}"`;
  return Buffer.from(`<?xml version="1.0"?><${p}worksheet ${ns} xmlns:x14ac="urn:x14ac"><${p}dimension ref="A1:C4"/><${p}sheetData>${rows}</${p}sheetData><${p}pageMargins left="0.7"/></${p}worksheet>`, "utf8");
}

/** Two result columns, D and E (3 and 4), header in row 1 (0) and three data rows. */
const COLUMNS: StreamColumn[] = [
  { col: 3, top: 0, values: ["Rank", 1, 2, 3], headStyle: 7, bodyStyle: 8 },
  { col: 4, top: 0, values: ["Class", "A", "B & C", null], headStyle: 7, bodyStyle: 9 },
];

function added(xml: Buffer, columns = COLUMNS, what = 'sheet "Klanten"'): string {
  return Buffer.concat(addCells(xml, findSheetData(xml, what), columns, what)).toString("utf8");
}

describe("cli: result cells added to a sheet's XML", () => {
  it("adds the cells at each row's end, adds missing rows in order, and keeps everything else byte for byte", () => {
    const xml = sheet(
      `<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>` +
        `<row r="2"><c r="A2" t="inlineStr"><is><t>Jansen &amp; Zn</t></is></c><c r="C2"><v>100</v></c></row>` +
        `<row r="3" spans="1:3"/>` +
        `<row r="6"><c r="A6"><v>9</v></c></row>`,
    );
    assert.equal(
      added(xml),
      `<row r="1" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" s="7" t="inlineStr"><is><t>Rank</t></is></c><c r="E1" s="7" t="inlineStr"><is><t>Class</t></is></c></row>` +
        `<row r="2"><c r="A2" t="inlineStr"><is><t>Jansen &amp; Zn</t></is></c><c r="C2"><v>100</v></c><c r="D2" s="8"><v>1</v></c><c r="E2" s="9" t="inlineStr"><is><t>A</t></is></c></row>` +
        `<row r="3"><c r="D3" s="8"><v>2</v></c><c r="E3" s="9" t="inlineStr"><is><t>B &amp; C</t></is></c></row>` +
        `<row r="4"><c r="D4" s="8"><v>3</v></c><c r="E4" s="9"/></row>` +
        `<row r="6"><c r="A6"><v>9</v></c></row>`,
    );
  });

  it("puts the cells before cells further right, replaces empty styled cells, and numbers rows and cells without references", () => {
    const xml = sheet(
      `<row><c r="A1"><v>1</v></c><c r="E1" s="3"/><c r="G1" s="3"><v>5</v></c></row>` +
        `<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c s="4"/><c s="4"></c><c><v>6</v></c></row>`,
    );
    assert.equal(
      added(xml, COLUMNS.map((c) => ({ ...c, values: c.values.slice(0, 2) }))),
      `<row><c r="A1"><v>1</v></c><c r="D1" s="7" t="inlineStr"><is><t>Rank</t></is></c><c r="E1" s="7" t="inlineStr"><is><t>Class</t></is></c><c r="G1" s="3"><v>5</v></c></row>` +
        `<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c r="D2" s="8"><v>1</v></c><c r="E2" s="9" t="inlineStr"><is><t>A</t></is></c><c r="F2"><v>6</v></c></row>`,
    );
  });

  it("writes the cells with the sheet's namespace prefix", () => {
    const xml = sheet(`<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row>`, "x");
    const one = COLUMNS.map((c) => ({ ...c, values: c.values.slice(0, 2) }));
    assert.equal(
      added(xml, one),
      `<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="D1" s="7" t="inlineStr"><x:is><x:t>Rank</x:t></x:is></x:c><x:c r="E1" s="7" t="inlineStr"><x:is><x:t>Class</x:t></x:is></x:c></x:row>` +
        `<x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c><x:c r="D2" s="8"><x:v>1</x:v></x:c><x:c r="E2" s="9" t="inlineStr"><x:is><x:t>A</x:t></x:is></x:c></x:row>`,
    );
  });

  it("fills an empty sheetData", () => {
    const xml = Buffer.from(`<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`);
    assert.equal(added(xml, [{ col: 0, top: 1, values: ["x"] }]), `<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>`);
  });

  it("stops, naming the cell, when a value or formula is where a result goes; and on rows out of order or comments", () => {
    const formula = sheet(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="E2"><f>A2*2</f><v></v></c></row>`);
    assert.throws(() => added(formula), (e: Error) => e instanceof SheetXmlError && /sheet "Klanten": cell E2 holds something where the result columns go/.test(e.message));
    const value = sheet(`<row r="1"><c r="A1"><v>1</v></c><c r="D1" t="s"><v>3</v></c></row>`);
    assert.throws(() => added(value), /cell D1 holds something/);
    assert.throws(() => added(sheet(`<row r="3"></row><row r="2"></row>`)), /lists its rows out of order \(row 2 after row 3\)/);
    assert.throws(() => findSheetData(sheet(`<!-- <row r="1"/> --><row r="1"/>`), 'sheet "K"'), /sheet "K" has an XML comment among its cells/);
  });

  it("puts the cells back into the library's copy of the sheet, with the used range and the namespaces the cells need", () => {
    const original = sheet(`<x:row r="1" x14ac:dyDescent="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>`, "x");
    const span = findSheetData(original, "s");
    const light = withoutCells(original, span).toString("utf8");
    assert.match(light, /<x:sheetData\/>/);
    assert.ok(!light.includes("<x:row"));
    // What the library wrote back: no prefix, its own root, a used range of its own.
    const frame = Buffer.from(`<worksheet xmlns="${MAIN}"><dimension ref="A1"></dimension><sheetData></sheetData><conditionalFormatting sqref="E2:E4"/></worksheet>`);
    const content = addCells(original, span, COLUMNS, "s");
    const out = withCells(frame, original, span, content, COLUMNS).toString("utf8");
    assert.equal(
      out,
      `<worksheet xmlns="${MAIN}"><dimension ref="A1:E4"></dimension><sheetData xmlns:x="${MAIN}" xmlns:x14ac="urn:x14ac">` +
        Buffer.concat(content).toString("utf8") +
        `</sheetData><conditionalFormatting sqref="E2:E4"/></worksheet>`,
    );
  });
});
