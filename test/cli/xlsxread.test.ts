/**
 * The .xlsx reader (saxes over the package's XML) against excelize-wasm's GetRows(RawCellValue), which
 * the command line used before: the same rows of text for workbooks excelize writes and for packages
 * written by hand the way other programs write them (namespace prefixes, rows and cells without
 * references, rich text with phonetic runs, inline strings, errors, entities).
 */
import { strict as assert } from "node:assert";
import { columnOf, openXlsx, sheetRows, XlsxReadError } from "../../src/cli/xlsxread.js";
import { loadExcelize } from "../../src/cli/xlsx.js";
import { writeZip } from "../../src/cli/zip.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A package of these sheets (name → worksheet XML) and shared strings, as another program might write it. */
function pack(sheets: [string, string][], sst: string | null, activeTab = 0): Buffer {
  const entries = new Map<string, Buffer>();
  const b = (s: string) => Buffer.from(s, "utf8");
  entries.set(
    "[Content_Types].xml",
    b(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
        (sst ? `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` : "") +
        `</Types>`,
    ),
  );
  entries.set("_rels/.rels", b(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`));
  entries.set(
    "xl/workbook.xml",
    b(`<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="${MAIN}" xmlns:r="${REL}"><x:bookViews><x:workbookView activeTab="${activeTab}"/></x:bookViews><x:sheets>${sheets.map(([name], i) => `<x:sheet name="${name.replace(/&/g, "&amp;")}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</x:sheets></x:workbook>`),
  );
  entries.set(
    "xl/_rels/workbook.xml.rels",
    b(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
        (sst ? `<Relationship Id="rId99" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : "") +
        `</Relationships>`,
    ),
  );
  sheets.forEach(([, xml], i) => entries.set(`xl/worksheets/sheet${i + 1}.xml`, b(xml)));
  if (sst) entries.set("xl/sharedStrings.xml", b(sst));
  return writeZip(entries);
}

async function excelizeRows(buf: Uint8Array, sheet: string): Promise<string[][]> {
  const f = (await loadExcelize()).OpenReader(buf);
  assert.equal(f.error ?? null, null);
  const r = f.GetRows(sheet, { RawCellValue: true });
  assert.equal(r.error ?? null, null);
  return r.result;
}

describe("cli: reading .xlsx (saxes)", function () {
  this.timeout(60_000);

  it("reads what excelize writes exactly as excelize's GetRows did", async () => {
    const f = (await loadExcelize()).NewFile();
    f.SetCellValue("Sheet1", "A1", "Klant");
    f.SetCellValue("Sheet1", "B1", true);
    f.SetCellValue("Sheet1", "C1", false);
    f.SetCellValue("Sheet1", "D3", 1.5);
    f.SetCellFormula("Sheet1", "E3", "D3*2");
    f.SetCellValue("Sheet1", "F3", "a & <b> \"c\"");
    f.SetCellRichText("Sheet1", "A5", [{ Text: "rich " }, { Text: "text", Font: { Bold: true } }]);
    f.SetCellStyle("Sheet1", "H5", "H5", f.NewStyle({ Font: { Bold: true } }).style); // a style, no value
    f.SetCellStyle("Sheet1", "A9", "A9", f.NewStyle({ Font: { Bold: true } }).style);
    f.SetCellValue("Sheet1", "C6", 1e-7);
    f.SetCellValue("Sheet1", "D6", 123456789012);
    f.SetCellValue("Sheet1", "E6", "  spaced  ");
    f.NewSheet("Tweede");
    f.SetCellValue("Tweede", "B2", "x");
    const buf = f.WriteToBuffer().buffer as Uint8Array;
    const book = openXlsx(buf);
    assert.deepEqual(book.sheets.map((s) => s.name), ["Sheet1", "Tweede"]);
    for (const name of ["Sheet1", "Tweede"]) assert.deepEqual(sheetRows(book, name), await excelizeRows(buf, name), name);
    assert.deepEqual(sheetRows(book, "Sheet1")[2], ["", "", "", "1.5", "", 'a & <b> "c"']);
  });

  it("reads packages written the way other programs write them, like excelize did", async () => {
    const sst =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${MAIN}" count="4" uniqueCount="4">` +
      `<si><t>Klant</t></si><si><t>Omzet</t></si>` +
      `<si><r><rPr><b/></rPr><t>Bakker </t></r><r><t xml:space="preserve">&amp; Zn</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>` +
      `<si><t>caf&#233; &lt;&gt;</t></si></sst>`;
    // Prefixed elements, a row and cells without references, inline strings, an error, a boolean, a formula's cached text.
    const sheet =
      `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${MAIN}"><x:dimension ref="A1:E5"/><x:sheetData>` +
      `<x:row r="1" spans="1:2"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>` +
      `<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c><x:v>12.5</x:v></x:c></x:row>` +
      `<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>Inline</x:t></x:is></x:c><x:c r="B4" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="C4" t="b"><x:v>1</x:v></x:c><x:c r="E4" t="str"><x:f>A4&amp;"!"</x:f><x:v>Inline!</x:v></x:c></x:row>` +
      `<x:row r="5"><x:c r="A5" t="s"><x:v>3</x:v></x:c><x:c r="B5" s="2"/></x:row>` +
      `<x:row r="7"><x:c r="C7" s="1"/></x:row>` +
      `</x:sheetData></x:worksheet>`;
    const other = `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData/></worksheet>`;
    const buf = pack([["Leeg", other], ["Klanten & co", sheet]], sst, 1);
    const book = openXlsx(buf);
    assert.equal(book.sheets[book.active]!.name, "Klanten & co", "the workbook opens on its second sheet");
    const rows = sheetRows(book, "Klanten & co");
    assert.deepEqual(rows, [["Klant", "Omzet"], ["Bakker & Zn", "12.5"], [], ["Inline", "#DIV/0!", "1", "", "Inline!"], ["café <>"]]);
    assert.deepEqual(rows, await excelizeRows(buf, "Klanten & co"));
    assert.deepEqual(sheetRows(book, "Leeg"), []);
  });

  it("says what is wrong with a file that is not a readable workbook", () => {
    assert.throws(() => openXlsx(Buffer.from("this is not a workbook")), (e: Error) => e instanceof XlsxReadError && /not a readable \.xlsx workbook/.test(e.message));
    assert.throws(() => openXlsx(writeZip(new Map([["a.txt", Buffer.from("x")]]))), /not an \.xlsx workbook \(it has no xl\/workbook\.xml\)/);
    const broken = openXlsx(pack([["Blad1", `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>`]], null));
    assert.throws(() => sheetRows(broken, "Blad1"), /sheet "Blad1" is damaged/);
    assert.throws(() => sheetRows(broken, "Blad2"), /there is no sheet "Blad2"/);
  });

  it("turns cell references into columns", () => {
    assert.deepEqual(["A1", "Z9", "AA10", "az3", "XFD1048576", "12"].map(columnOf), [0, 25, 26, 51, 16383, -1]);
  });
});
