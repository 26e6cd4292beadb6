/**
 * The command line's workbooks: run the command, read the written .xlsx back (through excelize and
 * through its XML parts) and check the sheet, the columns, formats, colours and charts.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { parseCsv } from "../../src/cli/csv.js";
import { fixChartXml, labelChartXml, loadExcelize, readXlsx } from "../../src/cli/xlsx.js";
import { readZip } from "../../src/cli/zip.js";
import { columnLetter, detectNotation, parseNumber, report, resultCells, resultHeaders, segment, type Cell } from "../../src/engine/index.js";
import { Progress } from "../../src/cli/progress.js";
import { scratchDir } from "../scratch.js";

const SAMPLE = "assets/klanten-groothandel.csv";

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** The parts of a workbook by what they are: sheet XML by sheet name, chart XML in order. */
function parts(file: string) {
  const zip = readZip(readFileSync(file));
  const text = (name: string) => zip.get(name)!.toString("utf8");
  const workbook = text("xl/workbook.xml");
  const rels = text("xl/_rels/workbook.xml.rels");
  const sheets = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${m[2]}"`).exec(rels)![1]!;
    sheets.set(m[1]!.replace(/&amp;/g, "&"), text(`xl/${target.replace(/^\/?xl\//, "")}`));
  }
  const charts = [...zip.keys()].filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k)).sort().map(text);
  return { zip, sheets, charts, styles: text("xl/styles.xml") };
}

describe("cli: workbooks (excelize-wasm)", function () {
  this.timeout(120_000);
  const dir = scratchDir("segment-xlsx-");
  before(async () => void (await loadExcelize()));

  it("turns the sample CSV into a workbook: the table as it was, the result columns, formats, colours and the Segmentation sheet", async () => {
    const out = join(dir, "sample.xlsx");
    const r = await run([SAMPLE, "--out", out, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const input = parseCsv(readFileSync(SAMPLE, "utf8"));
    const width = input[0]!.length;
    const back = await readXlsx(readFileSync(out), "klanten-groothandel");
    assert.deepEqual(back.sheets, ["klanten-groothandel", "Segmentation"]);
    // The input cells: text as it was typed, numbers as the numbers they were typed as (so SUM works),
    // read with their column's notation; what is no number stays text.
    const notations = Array.from({ length: width }, (_, j) => detectNotation(input.slice(1).map((row) => row[j])));
    let numbers = 0;
    for (let i = 0; i < input.length; i++) {
      for (let j = 0; j < width; j++) {
        const v = input[i]![j] ?? "";
        const w = back.table[i]![j] ?? "";
        if (typeof w === "number") {
          numbers++;
          const p = parseNumber(v, notations[j]!);
          assert.ok(p.ok && Math.abs(p.value - w) < 1e-9, `row ${i + 1}, column ${j + 1}: ${v} → ${w}`);
        } else assert.equal(String(w), v, `row ${i + 1}, column ${j + 1}`);
      }
    }
    assert.ok(numbers > 1900, `${numbers} cells are numbers`);
    assert.equal(back.table[1]![3], 16980, "Omzet 16.980,00 is the number 16980");
    // The result columns equal the engine's.
    const expected = segment(input, {}, { sheet: "klanten-groothandel.csv" });
    assert.deepEqual(back.table[0]!.slice(width), resultHeaders("en"));
    for (const i of [0, 1, 42, 120, 249]) {
      const cells = resultCells(expected, i).map((v) => (v === null ? "" : v));
      const got = back.table[i + 1]!.slice(width, width + cells.length);
      while (got.length < cells.length) got.push("");
      cells.forEach((v, k) => (typeof v === "number" ? assert.ok(Math.abs((got[k] as number) - v) < 1e-9, `row ${i} col ${k}`) : assert.equal(got[k], v, `row ${i} col ${k}`)));
    }
    const p = parts(out);
    const data = p.sheets.get("klanten-groothandel")!;
    // Percent formats and colour rules on the class, quadrant and tier columns.
    assert.match(p.styles, /formatCode="0\.0%"/);
    const col = (k: number) => String.fromCharCode(65 + width + k);
    for (const [k, labels] of [[3, ["A", "B", "C"]], [6, ["Star", "Cash Cow", "Question Mark", "Dog"]], [8, ["A", "B", "C", "D"]]] as const) {
      const cf = new RegExp(`<conditionalFormatting sqref="${col(k)}2:${col(k)}251">([\\s\\S]*?)</conditionalFormatting>`).exec(data);
      assert.ok(cf, `colours on column ${col(k)}`);
      for (const label of labels) assert.match(cf![1]!, new RegExp(`operator="equal"><formula>(&#34;|&quot;|")${label}(&#34;|&quot;|")</formula>`));
    }
    // The Segmentation sheet: the 80/20 sentence and three charts.
    const seg = await readXlsx(readFileSync(out), "Segmentation");
    assert.equal(seg.table[0]![0], "Customer segmentation");
    assert.ok(seg.table.some((row) => row[0] === expected.summary.pareto.sentence));
    assert.equal(p.charts.length, 4, "Pareto, BCG, whale curve and dependency");
  });

  it("writes native charts bound to the Segmentation sheet: Pareto combo on two axes, BCG bubbles crossing at the thresholds, whale curve", async () => {
    const out = join(dir, "charts.xlsx");
    assert.equal((await run([SAMPLE, "--out", out, "--quiet"])).code, 0);
    const input = parseCsv(readFileSync(SAMPLE, "utf8"));
    const rep = report(segment(input, {}, { sheet: "klanten-groothandel.csv" }));
    const { charts } = parts(out);
    const pareto = charts.find((c) => c.includes("<barChart>"))!;
    const bubble = charts.find((c) => c.includes("<bubbleChart>"))!;
    const whale = charts.find((c) => c.includes("<scatterChart>"))!;
    assert.ok(pareto && bubble && whale);
    // Pareto: stacked columns A/B/C, the cumulative share and the cut-off as lines on a secondary axis (right).
    assert.match(pareto, /<grouping val="stacked">/);
    assert.match(pareto, /<lineChart>[\s\S]*<\/lineChart>/);
    assert.match(pareto, /<axPos val="r">/);
    const spec = rep.charts[0]!;
    const abs = (a: { row: number; col: number; rows: number }) => `&#39;Segmentation&#39;!\\$${columnLetter(a.col)}\\$${a.row + 1}:\\$${columnLetter(a.col)}\\$${a.row + a.rows}`;
    assert.match(pareto, new RegExp(abs(spec.series[0]!.values)));
    assert.equal(spec.series[0]!.values.col, 8, "the data in the hidden columns from H");
    assert.equal(rep.data.pareto!.grouped, true, "248 customers: grouped per 10%");
    assert.equal(rep.data.pareto!.points.length, 10);
    assert.equal(spec.series.length, 5);
    // BCG: one bubble series per quadrant, x values as numbers, axes crossing at the thresholds.
    const b = rep.data.bcg!;
    assert.equal((bubble.match(/<ser>/g) ?? []).length, rep.charts[1]!.series.length);
    assert.ok(!/<xVal><strRef>/.test(bubble), "x values are numbers");
    assert.match(bubble, new RegExp(`<axPos val="b"></axPos>[\\s\\S]*?<crossesAt val="${b.yThreshold}"></crossesAt>`));
    assert.match(bubble, new RegExp(`<axPos val="l"></axPos>[\\s\\S]*?<crossesAt val="${b.xThreshold}"></crossesAt>`));
    // Series names come from cells of the sheet (the quadrant names).
    assert.match(bubble, new RegExp(`<tx><strRef><f>${abs(rep.charts[1]!.series[0]!.nameCell)}</f>`));
    // The largest customers carry their name; the quadrant names label the corners, outside the legend.
    const largest = b.bubbles.filter((x) => x.labelled).map((x) => x.label);
    assert.ok(largest.length >= 5 && largest.length <= 8, `${largest.length} names: those of the 8 largest that have room`);
    for (const name of largest) assert.ok(bubble.includes(`<a:t>${name.replace(/&/g, "&amp;")}</a:t>`), name);
    // Each name on one line, on the side the engine found room (no two names over each other).
    for (const x of b.bubbles.filter((y) => y.labelled)) {
      const esc = x.label.replace(/&/g, "&amp;").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      assert.match(bubble, new RegExp(`<a:bodyPr wrap="none"/>(?:(?!</dLbl>).)*?<a:t>${esc}</a:t>(?:(?!</dLbl>).)*?<dLblPos val="${x.labelAt}"/>`), x.label);
    }
    // Ticks at round values between bounds on those ticks (-30%, -20%, ... rather than -23%, -13%, ...).
    const bcgSpec = rep.charts[1]!.axes;
    for (const a of [bcgSpec.x, bcgSpec.y]) {
      assert.ok(a.major! > 0 && Math.abs(a.min! / a.major! - Math.round(a.min! / a.major!)) < 1e-9 && Math.abs(a.max! / a.major! - Math.round(a.max! / a.major!)) < 1e-9, JSON.stringify(a));
      assert.match(bubble, new RegExp(`<majorUnit val="${a.major}"`));
    }
    // Vertical axis titles turned in their text properties too (LibreOffice laid them flat).
    for (const chart of [bubble, whale]) assert.doesNotMatch(chart, /<title><tx><rich><a:bodyPr[^>]*rot="-5400000"[^>]*>(?:(?!<\/title>)[\s\S])*?<txPr><a:bodyPr[^>]*rot="0"/);
    for (const q of ["Star", "Cash Cow", "Question Mark", "Dog"]) assert.match(bubble, new RegExp(`<c:dLbl><c:idx val="\\d+"/><c:tx><c:rich>.*?<a:t>${q}</a:t>`.replace(/c:/g, "")));
    assert.match(bubble, new RegExp(`<legendEntry><idx val="${rep.charts[1]!.series.length - 1}"/><delete val="1"/></legendEntry>`));
    // Axes: margin in %, tick labels at the edges, bounds that keep an outlier from squashing the rest.
    assert.match(bubble, /<axPos val="b"><\/axPos>[\s\S]*?<numFmt formatCode="0%"/);
    assert.match(bubble, /<tickLblPos val="low">/);
    // Whale: a scatter line from (0, 0).
    assert.match(whale, new RegExp(`<xVal><numRef><f>${abs(rep.charts[2]!.series[0]!.x)}</f>`));
    // The dashboard's sheet: chart data hidden, printed landscape one page wide with breaks, charts exactly over their cells.
    const sheet = parts(out).sheets.get("Segmentation")!;
    assert.match(sheet, /<col [^>]*hidden="(true|1)"[^>]*max="78"[^>]*min="8"|<col [^>]*min="8"[^>]*hidden="(true|1)"/);
    assert.match(sheet, /<pageSetup[^>]*fitToHeight="0"[^>]*fitToWidth="1"[^>]*orientation="landscape"/);
    assert.match(sheet, /<rowBreaks [^>]*>(<brk [^>]*>(<\/brk>)?)+<\/rowBreaks>/);
  });

  it("keeps an input workbook as it was: other sheets, the cells, and adds the columns to the right of everything", async () => {
    const excelize = await loadExcelize();
    const f = excelize.NewFile();
    f.SetSheetName("Sheet1", "Notes");
    f.SetCellValue("Notes", "A1", "keep me");
    f.NewSheet("Klanten 2025");
    const rows: Cell[][] = [
      ["Klant", "Omzet", "Winst", "Groei"],
      ["Jansen BV", 120000, 26000, 4],
      ["=HYPERLINK(\"http://x\",\"y\")", 30000, 10500, 2],
      ["Bakker", 15000, -1800, 5],
    ];
    rows.forEach((r, i) => f.SetSheetRow("Klanten 2025", `B${3 + i}`, r as (string | number)[]));
    f.SetCellValue("Klanten 2025", "H2", "a remark to the right");
    f.SetActiveSheet(f.GetSheetIndex("Klanten 2025").index);
    const file = join(dir, "book.xlsx");
    writeFileSync(file, f.WriteToBuffer().buffer as Uint8Array);
    const before = await readXlsx(readFileSync(file), "Klanten 2025");

    const r = await run([file, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const out = join(dir, "book.segmented.xlsx");
    const back = await readXlsx(readFileSync(out), "Klanten 2025");
    assert.deepEqual(back.sheets, ["Notes", "Klanten 2025", "Segmentation"]);
    assert.equal((await readXlsx(readFileSync(out), "Notes")).table[0]![0], "keep me");
    assert.equal(back.headerRow, 3, "the remark above the table is not its header");
    // Everything that was there is still there, where it was.
    before.table.forEach((row, i) => row.forEach((v, j) => assert.equal(back.table[i]![j], v, `${i},${j}`)));
    const top = await readXlsx(readFileSync(out), "Klanten 2025", { revenue: "no such column" });
    assert.equal(top.headerRow, 2);
    assert.equal(top.table[0]![6], "a remark to the right", "the remark in H2 is untouched");
    // The columns start right of the table (B:E), in F.
    assert.equal(before.nextColumn, 5);
    assert.deepEqual(back.table[0]!.slice(4, 6), ["Rank", "Revenue share"]);
    // The formula-like customer name stays text: no formula in the sheet.
    const sheet = parts(out).sheets.get("Klanten 2025")!;
    assert.ok(!/<f>/.test(sheet), "no formulas written");
    assert.equal(back.table[2]![0], "=HYPERLINK(\"http://x\",\"y\")");
  });

  it("keeps every cell of the input sheet with its value and style (read back by excelize), its shared strings byte for byte, and adds the columns in order", async () => {
    const excelize = await loadExcelize();
    const f = excelize.NewFile();
    f.SetSheetName("Sheet1", "Klanten");
    const bold = f.NewStyle({ Font: { Bold: true }, Fill: { Type: "pattern", Pattern: 1, Color: ["#DDEEFF"] } }).style;
    const euro = f.NewStyle({ CustomNumFmt: "€ #,##0.00" }).style;
    f.SetSheetRow("Klanten", "A1", ["Klant", "Omzet", "Winst", "Groei", "Notitie"]);
    f.SetCellStyle("Klanten", "A1", "E1", bold);
    const names = ["Jansen BV", "Bakker & Zn", "De Vries", "Smit", "Mulder", "Visser"];
    names.forEach((name, i) => f.SetSheetRow("Klanten", `A${i + 2}`, [name, 10000 * (i + 1), 1000 * (5 - i), i - 2, i % 2 ? "bellen" : ""]));
    f.SetCellStyle("Klanten", "B2", "C7", euro);
    f.SetCellFormula("Klanten", "F2", "B2*2"); // a formula right of the table: its column is taken, the results go right of it
    f.SetCellStyle("Klanten", "H3", "H3", bold); // a style only, where a result cell goes: replaced
    f.SetCellStyle("Klanten", "T4", "T4", bold); // a style only, right of the results: kept in its place
    const file = join(dir, "styled.xlsx");
    writeFileSync(file, f.WriteToBuffer().buffer as Uint8Array);
    const r = await run([file, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const out = join(dir, "styled.segmented.xlsx");
    const a = excelize.OpenReader(readFileSync(file));
    const b = excelize.OpenReader(readFileSync(out));
    const style = (wb: typeof a, ref: string) => wb.GetStyle(wb.GetCellStyle("Klanten", ref).style).style as unknown as Record<string, unknown>;
    for (let row = 1; row <= 7; row++) {
      for (const col of ["A", "B", "C", "D", "E", "F"]) {
        const ref = `${col}${row}`;
        assert.equal(b.GetCellValue("Klanten", ref).value, a.GetCellValue("Klanten", ref).value, ref);
        assert.equal(b.GetCellFormula("Klanten", ref).formula, a.GetCellFormula("Klanten", ref).formula, ref);
        assert.deepEqual(style(b, ref), style(a, ref), `style of ${ref}`);
      }
    }
    assert.deepEqual(style(b, "T4"), style(a, "T4"), "the styled cell right of the results");
    assert.equal(b.GetCellFormula("Klanten", "F2").formula, "B2*2");
    // The results start in G (after the formula's column), in column order, with their formats.
    const rows = b.GetRows("Klanten").result;
    assert.deepEqual(rows[0]!.slice(6, 9), resultHeaders("en").slice(0, 3));
    const expected = segment([["Klant", "Omzet", "Winst", "Groei", "Notitie"], ...names.map((n, i) => [n, 10000 * (i + 1), 1000 * (5 - i), i - 2, i % 2 ? "bellen" : ""])], {}, { sheet: "Klanten" });
    names.forEach((_, i) => assert.equal(b.GetCellValue("Klanten", `M${i + 2}`).value, String(resultCells(expected, i)[6]), `quadrant of row ${i + 2}`));
    assert.equal(style(b, "H3").CustomNumFmt, "0.0%", "the replaced cell has the share's percent format");
    const zipIn = readZip(readFileSync(file));
    const zipOut = readZip(readFileSync(out));
    assert.ok(zipOut.get("xl/sharedStrings.xml")!.equals(zipIn.get("xl/sharedStrings.xml")!), "shared strings unchanged");
    const sheetXml = parts(out).sheets.get("Klanten")!;
    assert.match(sheetXml, /<dimension ref="A1:P7"/, "the used range: the original's (excelize wrote A1) and the results'");
    assert.match(sheetXml, /<c r="P4"[^>]*?(\/>|>[^/]*?<\/c>)<c r="T4" s="\d+"(\/>|><\/c>)<\/row>/, "T4 stays after the results");
  });

  it("reads the sheet named with --sheet, and says which sheets there are when it is not there", async () => {
    const file = join(dir, "book.xlsx");
    const r = await run([file, "--sheet", "klanten 2025", "--format", "json", "--out", "-"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).rows.length, 3);
    const missing = await run([file, "--sheet", "Omzet"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /book\.xlsx: there is no sheet "Omzet"; the sheets are "Notes", "Klanten 2025"/);
  });

  it("fails with a clear message for broken workbooks", async () => {
    const broken = join(dir, "broken.xlsx");
    writeFileSync(broken, "this is not a workbook");
    const a = await run([broken]);
    assert.equal(a.code, 1);
    assert.match(a.stderr, /broken\.xlsx: not a readable \.xlsx workbook/);
    const empty = join(dir, "empty.xlsx");
    writeFileSync(empty, "");
    assert.match((await run([empty])).stderr, /empty\.xlsx: the file is empty/);
    const excelize = await loadExcelize();
    const blank = excelize.NewFile();
    const blankFile = join(dir, "blank.xlsx");
    writeFileSync(blankFile, blank.WriteToBuffer().buffer as Uint8Array);
    assert.match((await run([blankFile])).stderr, /sheet "Sheet1" has no data/);
    const norev = excelize.NewFile();
    norev.SetSheetRow("Sheet1", "A1", ["Klant", "Plaats"]);
    norev.SetSheetRow("Sheet1", "A2", ["Jansen", "Utrecht"]);
    const norevFile = join(dir, "norev.xlsx");
    writeFileSync(norevFile, norev.WriteToBuffer().buffer as Uint8Array);
    const n = await run([norevFile]);
    assert.equal(n.code, 1);
    assert.match(n.stderr, /No revenue column on sheet "Sheet1"/);
    assert.match((await run([join(dir, "x.pdf")])).stderr, /can read \.xlsx, \.xlsm and \.csv files/);
    assert.match((await run([broken, "--format", "xlsx", "--out", "-"])).stderr, /--out - writes to standard output, which takes --format csv or json/);
  });

  it("sets where the bubble chart's axes cross, with or without the c: prefix", () => {
    const axes = (p: string) =>
      `<${p}valAx><${p}axPos val="b"/><${p}crosses val="autoZero"/></${p}valAx><${p}valAx><${p}axPos val="l"/><${p}crosses val="autoZero"/></${p}valAx><${p}xVal><${p}strRef><${p}f>S!$A$1:$A$3</${p}f></${p}strRef></${p}xVal>`;
    assert.equal(fixChartXml(axes("c:"), { x: 0.25, y: 3 }), `<c:valAx><c:axPos val="b"/><c:crossesAt val="3"></c:crossesAt></c:valAx><c:valAx><c:axPos val="l"/><c:crossesAt val="0.25"></c:crossesAt></c:valAx><c:xVal><c:numRef><c:f>S!$A$1:$A$3</c:f></c:numRef></c:xVal>`);
    assert.match(fixChartXml(axes(""), { x: 0.25, y: 3 }), /<valAx><axPos val="b"\/><crossesAt val="3"><\/crossesAt><\/valAx>/);
    assert.match(fixChartXml(axes("")), /<crosses val="autoZero"\/>/, "no crossing asked: unchanged");
    // The distance between ticks, after the crossing, where excelize left it out (and only there).
    const ticked = fixChartXml(axes("c:").replace('<c:crosses val="autoZero"/></c:valAx><c:xVal>', '<c:crosses val="autoZero"/><c:majorUnit val="2"/></c:valAx><c:xVal>'), { x: 0.25, y: 3 }, { x: 0.1, y: 1 });
    assert.match(ticked, /<c:axPos val="b"\/><c:crossesAt val="3"><\/c:crossesAt><c:majorUnit val="0.1"><\/c:majorUnit><\/c:valAx>/);
    assert.match(ticked, /<c:axPos val="l"\/><c:crossesAt val="0.25"><\/c:crossesAt><c:majorUnit val="2"\/><\/c:valAx>/, "a unit excelize wrote stays");
    const between = fixChartXml('<valAx><axPos val="l"/><crosses val="autoZero"/><crossBetween val="midCat"/></valAx>', undefined, { y: 5 });
    assert.equal(between, '<valAx><axPos val="l"/><crosses val="autoZero"/><crossBetween val="midCat"/><majorUnit val="5"></majorUnit></valAx>', "after crossBetween, as the schema orders them");
  });

  it("keeps axis texts readable in LibreOffice: vertical titles turned, every tenth bar's label on one line", () => {
    const title = (rot: string) => `<title><tx><rich><a:bodyPr rot="${rot}"></a:bodyPr><a:p><a:r><a:t>T</a:t></a:r></a:p></rich></tx><txPr><a:bodyPr anchorCtr="false" rot="0"></a:bodyPr><a:p></a:p></txPr></title>`;
    const chart = (p: string) => `<${p}catAx>${title("0")}<${p}txPr><a:bodyPr anchor="ctr" rot="0" wrap="square"></a:bodyPr></${p}txPr></${p}catAx><${p}valAx>${title("-5400000")}<${p}txPr><a:bodyPr rot="0"></a:bodyPr></${p}txPr></${p}valAx>`;
    for (const p of ["", "c:"]) {
      const plain = labelChartXml(chart(p), { series: [] });
      assert.match(plain, /rot="-5400000"><\/a:bodyPr><a:p><a:r><a:t>T<\/a:t><\/a:r><\/a:p><\/rich><\/tx><txPr><a:bodyPr anchorCtr="false" rot="-5400000" vert="horz">/, "the vertical title's text properties turned too");
      assert.equal((plain.match(/rot="-60000"/g) ?? []).length, 0, "labels shown at every bar: left as they are");
      const skip = labelChartXml(chart(p), { series: [], axes: { x: { title: "T", format: "General", labelEvery: 10 } } });
      assert.match(skip, new RegExp(`</title><${p}txPr><a:bodyPr anchor="ctr" rot="-60000" wrap="square">`), "the category labels turned by a degree (LibreOffice then keeps them on one line)");
      assert.equal((skip.match(/rot="-60000"/g) ?? []).length, 1, "only the category axis's labels");
      // A title's text properties that say their direction already keep it (one vert attribute).
      const withVert = labelChartXml(chart(p).replace(/(<txPr><a:bodyPr anchorCtr="false")( rot="0")/g, '$1 vert="vert"$2'), { series: [] });
      assert.doesNotMatch(withVert, /vert="[a-z]+"[^>]*vert="/, "no second vert attribute");
      assert.match(withVert, /<txPr><a:bodyPr anchorCtr="false" vert="vert" rot="-5400000">/);
    }
  });

  it("draws a progress bar on a terminal after a second, and clears it", () => {
    let clock = 0;
    let written = "";
    const tty = { isTTY: true, columns: 60, write: (s: string) => (written += s) };
    const p = new Progress(tty, () => clock);
    p.update(0.1, "reading");
    assert.equal(written, "", "nothing in the first second");
    clock = 1500;
    p.update(0.5, "writing");
    assert.match(written, /^\r\[#{12}\.{12}\]  50% writing\x1b\[K$/);
    p.done();
    assert.match(written, /\r\x1b\[K$/);
    let piped = "";
    const pipe = new Progress({ write: (s: string) => (piped += s) }, () => clock + 5000);
    pipe.update(0.5, "writing");
    assert.equal(piped, "", "no bar when standard error is not a terminal");
  });
});

describe("cli: an order list instead of a customer table", function () {
  this.timeout(120_000);
  const dir = scratchDir("segment-orders-");
  const csv = ["Factuurdatum;Factuurnummer;Klant;Bedrag;Kostprijs", "2024-01-10;F1;Jansen BV;1000;600", "2024-01-10;F1;Jansen BV;500;300", "15-3-2024;F2;Jansen BV;1.250,00;700", "2024-06-01;F3;Jansen BV;-250;-150", "2024-07-27;F4;De Vries;800;500", "2024-12-31;F5;De Vries;200;120", "2024-05-05;F6;;300;100"].join("\n");

  it("aggregates the lines to customers and segments those, saying what it did", async () => {
    const file = join(dir, "orders.csv");
    writeFileSync(file, csv);
    const r = await run([file, "--lang", "nl", "--format", "json", "--out", "-"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.rows.map((x: { customer: string; rank: number }) => [x.customer, x.rank]), [["Jansen BV", 1], ["De Vries", 2]]);
    assert.match(r.stderr, /^Orderlijst: 7 regels, 2 klanten \(omzet, winst, orders, eerste en laatste order per klant\)\.\nGebruikte kolommen: "Klant" → customer, "Factuurdatum" → date, "Bedrag" → amount, "Factuurnummer" → invoice, "Kostprijs" → cost \(orders geteld per factuur- of ordernummer\)\./);
    assert.match(r.stderr, /\n  ✗ rij 8: Geen klant; de regel telt niet mee\./);
    // RFM per customer (Jansen: last order 2024-06-01, De Vries: 2024-12-31, the list's last date); with two
    // customers the ranks 0 and 1 of 2 fall in the 1st and 3rd fifth.
    assert.match(r.stderr, /\nRFM: /);
    assert.deepEqual(doc.rows.map((x: { rfm: { r: number; segment: string } }) => x.rfm.r), [1, 3]);
    assert.ok(doc.rows.every((x: { pAlive: unknown }) => x.pAlive === null || typeof x.pAlive === "number"));
    assert.ok(doc.rows.every((x: object) => "modelClv" in x && "expectedPurchases" in x && "expectedSpend" in x));
    const ol = doc.summary.orderList;
    assert.deepEqual([ol.lines, ol.customers, ol.lastDate, ol.horizonMonths, ol.discount, ol.clvBasis], [7, 2, "2024-12-31", 12, 0.1, "profit"]);
    assert.deepEqual(ol.problems, [{ row: 8, text: "Geen klant; de regel telt niet mee." }]);
    assert.equal(ol.rfmSegments.reduce((t: number, g: { customers: number }) => t + g.customers, 0), 2);
    // Two customers are too few to fit the models: the summary says so.
    assert.ok(ol.bgnbd !== null || ol.notes.some((n: string) => n.startsWith("BG/NBD")));
  });

  it("in a workbook, writes the customers on a sheet of their own and keeps the order lines as they were", async () => {
    const excelize = await loadExcelize();
    const f = excelize.NewFile();
    f.SetSheetName("Sheet1", "Orders");
    csv.split("\n").forEach((line, i) => f.SetSheetRow("Orders", `A${i + 1}`, line.split(";").map((v) => (/^-?\d+$/.test(v) ? Number(v) : v))));
    const file = join(dir, "orders.xlsx");
    writeFileSync(file, f.WriteToBuffer().buffer as Uint8Array);
    const r = await run([file, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const out = readFileSync(join(dir, "orders.segmented.xlsx"));
    const orders = await readXlsx(out, "Orders");
    assert.deepEqual(orders.sheets, ["Orders", "Customers", "Segmentation"]);
    assert.equal(orders.table.length, 8, "the order lines, untouched");
    assert.equal(orders.table[0]!.length, 5, "no columns added to the order lines");
    const customers = await readXlsx(out, "Customers");
    assert.deepEqual(customers.table[0]!.slice(0, 18), ["Customer", "Revenue", "Profit", "Orders", "First order", "Last order", "Lifetime (days)", "Revenue per year", "R", "F", "M", "RFM cell", "RFM segment", "P(alive)", "Expected orders (12 months)", "Expected order value", "CLV 12 months (profit, discounted)", "Rank"]);
    assert.deepEqual(customers.table[1]!.slice(0, 4), ["Jansen BV", 2500, 1050, 2]);
    // R, F, M of Jansen BV: last order 2024-06-01 (De Vries ordered later), two orders like De Vries (a
    // tie shares the lower score), the larger revenue.
    assert.deepEqual(customers.table[1]!.slice(8, 11), [1, 1, 3]);
    const p = parts(join(dir, "orders.segmented.xlsx"));
    assert.match(p.sheets.get("Customers")!, /<c r="L2" s="\d+" t="(s|inlineStr)">/, "the RFM cell is text (113, not a number)");
  });
});

describe("cli: order-list charts on the Segmentation sheet", function () {
  this.timeout(180_000);
  it("adds the RFM heat map with a colour scale and the P(alive) chart (CDNOW lines as an order list)", async () => {
    const dir = scratchDir("segment-cdnow-");
    const lines = ["Date;Customer;Amount"];
    for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 5 && f[2]! <= "19970930") lines.push(`${f[2]};C${f[0]};${f[4]}`);
    }
    const file = join(dir, "cdnow.csv");
    writeFileSync(file, lines.join("\n"));
    const r = await run([file, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const p = parts(join(dir, "cdnow.segmented.xlsx"));
    const seg = p.sheets.get("Segmentation")!;
    assert.match(seg, /<cfRule type="colorScale"[^>]*><colorScale>/, "the heat map has a colour scale");
    const alive = p.charts.find((c) => c.includes("Chance still active"));
    assert.ok(alive, "the P(alive) chart");
    assert.match(alive!, /<scatterChart>/);
    // One-time buyers apart from repeat buyers: two series.
    assert.equal((alive!.match(/<ser>/g) ?? []).length, 2);
    const back = await readXlsx(readFileSync(join(dir, "cdnow.segmented.xlsx")), "Segmentation");
    const heat = back.table.findIndex((row) => row.includes("RFM: mean revenue by recency (R) and frequency (F) score"));
    assert.ok(heat >= 0);
    // What R5 and F1 mean, and what an empty cell says, right under the heat map.
    assert.ok(back.table.some((row) => String(row[0] ?? "").startsWith("R5 = bought most recently")));
  });
});

describe("cli: cells of the sheets the command line makes (issue 16, part)", () => {
  it("types a CSV column by its values: numbers in the format typed, ISO dates as dates, codes with a leading zero and names as text", async () => {
    const { typedCells } = await import("../../src/cli/xlsx.js");
    assert.deepEqual(typedCells(["Omzet", "16.980,00", "#N/A", "1.250"], 0), { values: ["Omzet", 16980, "#N/A", 1250], formats: [undefined, "#,##0.00", undefined, "#,##0"] });
    assert.deepEqual(typedCells(["Marge", "25,5%", "20%"], 0)!.values, ["Marge", 0.255, 0.2]);
    assert.equal(typedCells(["Code", "007", "012", "5"], 0), null, "a leading zero keeps a code text");
    assert.equal(typedCells(["Klant", "Jansen", "Bakker"], 0), null);
    assert.deepEqual(typedCells(["Datum", "2024-03-01"], 0), { values: ["Datum", 45352], formats: [undefined, "yyyy-mm-dd"] });
    assert.deepEqual(typedCells(["Titel", "Klant sinds", "2002", "2021"], 1), { values: ["Titel", "Klant sinds", 2002, 2021], formats: [undefined, undefined, "0", "0"] }, "title rows above the header stay");
    assert.deepEqual(typedCells(["Growth", 0.25, ""], 0, "growth"), { values: ["Growth", 0.25, ""], formats: [undefined, "0%", undefined] });
  });
});

describe("cli: a result workbook run again (issue 16)", function () {
  this.timeout(180_000);
  it("refreshes its own columns and Segmentation sheet in place: no second set, no Segmentation 2, no stale rows, its columns never read as data", async () => {
    const dir = scratchDir("segment-again-");
    const first = join(dir, "klanten.xlsx");
    assert.equal((await run([SAMPLE, "--out", first, "--quiet"])).code, 0);
    // The user deletes the last 20 customers in the result workbook and runs it again.
    const excelize = await loadExcelize();
    const f = excelize.OpenReader(readFileSync(first));
    const sheet = f.GetSheetList().list[0]!;
    const before = f.GetRows(sheet).result as string[][];
    for (let k = 0; k < 20; k++) f.RemoveRow(sheet, before.length - k);
    const edited = join(dir, "edited.xlsx");
    writeFileSync(edited, f.WriteToBuffer().buffer as Uint8Array);
    const second = join(dir, "again.xlsx");
    const r = await run([edited, "--out", second, "--format", "xlsx"]);
    assert.equal(r.code, 0, r.stderr);
    const p = parts(second);
    // One Segmentation sheet, one set of result columns where they were.
    assert.deepEqual([...p.sheets.keys()], [sheet, "Segmentation"]);
    const again = await readXlsx(readFileSync(second), sheet);
    const header = again.table[0]!.map(String);
    assert.equal(header.filter((h) => h === "Rank").length, 1);
    assert.equal(header.length, before[0]!.length, "as many columns as after the first run");
    // The results are those of the remaining customers alone, as a fresh run on them gives.
    const input = parseCsv(readFileSync(SAMPLE, "utf8").replace(/^\uFEFF/, ""), ";");
    const fresh = segment(input.slice(0, input.length - 20), {}, { sheet });
    const rankCol = header.indexOf("Rank");
    for (let i = 1; i < again.table.length; i++) assert.equal(again.table[i]![rankCol], resultCells(fresh, i - 1)[0] ?? "", `row ${i + 1}`);
    // The customers' summary does not profile the tool's own columns as the user's data.
    assert.doesNotMatch(r.stdout, /median (Rank|Score|Cumulative share)/);
    // No colour rule twice on the class column.
    const rules = p.sheets.get(sheet)!.match(/<conditionalFormatting /g) ?? [];
    assert.equal(rules.length, 3);
  });
});

describe("cli: a result workbook run again keeps a sheet of the user's called Segmentation", function () {
  this.timeout(120_000);
  it("replaces only the Segmentation sheet it made itself (named in a document property)", async () => {
    const dir = scratchDir("segment-own-sheet-");
    const excelize = await loadExcelize();
    const f = excelize.NewFile();
    f.SetSheetName("Sheet1", "Klanten");
    const rows: Cell[][] = [["Klant", "Omzet"], ...Array.from({ length: 12 }, (_, i) => [`Klant ${i + 1}`, 1000 * (i + 1)] as Cell[])];
    rows.forEach((r, i) => f.SetSheetRow("Klanten", `A${i + 1}`, r as (string | number)[]));
    f.NewSheet("Segmentation");
    f.SetCellValue("Segmentation", "A1", "my own notes");
    const input = join(dir, "book.xlsx");
    writeFileSync(input, f.WriteToBuffer().buffer as Uint8Array);
    const first = join(dir, "first.xlsx");
    assert.equal((await run([input, "--out", first, "--quiet"])).code, 0);
    const second = join(dir, "second.xlsx");
    assert.equal((await run([first, "--out", second, "--quiet"])).code, 0);
    const sheets = [...parts(second).sheets.keys()];
    assert.deepEqual(sheets, ["Klanten", "Segmentation", "Segmentation 2"]);
    const mine = await readXlsx(readFileSync(second), "Segmentation");
    assert.equal(mine.table[0]![0], "my own notes");
  });
});
