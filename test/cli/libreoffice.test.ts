/**
 * A real spreadsheet application opens the written workbook: LibreOffice Calc converts it headless to
 * PDF (each sheet on one page), poppler's pdftoppm renders the Segmentation sheet, and the picture
 * must show the charts in their colours. Without LibreOffice the test is skipped with a message,
 * except under CI=true, where it fails (.ci/run installs libreoffice-calc and poppler-utils).
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { QUADRANT_COLOURS, resultCells, resultHeaders, segment, type Cell } from "../../src/engine/index.js";
import { parseCsv } from "../../src/cli/csv.js";
import { loadExcelize } from "../../src/cli/xlsx.js";
import { scratchDir } from "../scratch.js";

function which(cmd: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** A binary PPM (P6) as width, height and RGB bytes. */
function readPpm(buf: Buffer): { width: number; height: number; rgb: Buffer } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error("not a binary PPM");
  return { width: Number(header[1]), height: Number(header[2]), rgb: buf.subarray(header[0].length) };
}

describe("cli: the written workbook in LibreOffice Calc", function () {
  this.timeout(300_000);
  const soffice = which("soffice");
  const pdftoppm = which("pdftoppm");

  before(function () {
    if (soffice && pdftoppm) return;
    const missing = [soffice ? null : "soffice (libreoffice-calc)", pdftoppm ? null : "pdftoppm (poppler-utils)"].filter(Boolean).join(" and ");
    if (process.env.CI === "true") throw new Error(`${missing} not found: .ci/run installs them; the LibreOffice check must run in CI.`);
    console.log(`      (skipped: ${missing} not found; apt-get install -y libreoffice-calc poppler-utils to run it)`);
    this.skip();
  });

  it("opens the sample's workbook and renders the Segmentation sheet with its charts", async () => {
    const dir = scratchDir("segment-lo-");
    const xlsx = join(dir, "klanten.xlsx");
    const code = await main(["assets/klanten-groothandel.csv", "--out", xlsx, "--quiet"], { stdout: { write: () => true }, stderr: { write: () => true } });
    assert.equal(code, 0);
    // One page per sheet, so page 2 is the Segmentation sheet.
    const filter = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}';
    execFileSync(soffice!, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", filter, "--outdir", dir, xlsx], { stdio: "pipe", timeout: 240_000 });
    const pdf = join(dir, "klanten.pdf");
    assert.ok(existsSync(pdf), "LibreOffice converted the workbook");
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    assert.match(info, /Pages:\s+2\b/, "one page per sheet: the customers and the Segmentation sheet");
    execFileSync(pdftoppm!, ["-f", "2", "-l", "2", "-scale-to", "1600", pdf, join(dir, "page")]);
    const ppmFile = readdirSync(dir).find((f) => f.startsWith("page") && f.endsWith(".ppm"))!;
    const { width, height, rgb } = readPpm(readFileSync(join(dir, ppmFile)));
    assert.ok(width > 800 && height > 400, `${width}×${height}`);
    // The charts are drawn: pixels in each quadrant's bubble colour (and the Pareto columns' green).
    const near = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      let count = 0;
      for (let i = 0; i + 2 < rgb.length; i += 3) if (Math.abs(rgb[i]! - r) < 24 && Math.abs(rgb[i + 1]! - g) < 24 && Math.abs(rgb[i + 2]! - b) < 24) count++;
      return count;
    };
    for (const [quadrant, colour] of Object.entries(QUADRANT_COLOURS)) assert.ok(near(colour) > 150, `${quadrant} (${colour}) is drawn: ${near(colour)} pixels`);
    // Printed as the user would (File > Print): the dashboard is the last sheet; its pages are those
    // from the one with its title on. Landscape, one page wide, 4 pages or fewer for the sample.
    const printDir = join(dir, "print");
    mkdirSync(printDir);
    execFileSync(soffice!, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", printDir, xlsx], { stdio: "pipe", timeout: 240_000 });
    const printed = join(printDir, "klanten.pdf");
    const total = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [printed], { encoding: "utf8" }))![1]);
    let first = total;
    while (first > 1 && !execFileSync("pdftotext", ["-f", String(first), "-l", String(first), printed, "-"], { encoding: "utf8" }).includes("Customer segmentation")) first--;
    const pages = total - first + 1;
    assert.ok(pages <= 4, `the Segmentation sheet prints on ${pages} pages`);
    const size = /Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync("pdfinfo", ["-f", String(first), "-l", String(first), printed], { encoding: "utf8" }))!;
    assert.ok(Number(size[1]) > Number(size[2]), `landscape: ${size[1]} × ${size[2]}`);
    // Every page of the dashboard has something on it, and its text is not cut at the page's right edge.
    for (let k = first; k <= total; k++) assert.ok(execFileSync("pdftotext", ["-f", String(k), "-l", String(k), printed, "-"], { encoding: "utf8" }).trim().length > 20, `page ${k - first + 1} is not empty`);
    // The pictures for the README: the printed pages of the dashboard.
    mkdirSync("test-results", { recursive: true });
    execFileSync(pdftoppm!, ["-f", String(first), "-l", String(total), "-png", "-r", "70", printed, join(dir, "shot")]);
    readdirSync(dir).filter((f) => f.startsWith("shot") && f.endsWith(".png")).sort().forEach((f, k) => copyFileSync(join(dir, f), `test-results/segmentation-page-${k + 1}.png`));
  });

  it("opens a workbook the command line added columns to (cells put into the input sheet's XML) with every value where it belongs", async () => {
    const dir = scratchDir("segment-lo-");
    const excelize = await loadExcelize();
    const f = excelize.NewFile();
    f.SetSheetName("Sheet1", "Klanten");
    const table: Cell[][] = [["Klant", "Omzet", "Winst", "Groei"]];
    for (let i = 1; i <= 40; i++) table.push([`Klant ${i}`, 1000 * ((i * 37) % 41), 100 * ((i * 13) % 17) - 300, ((i * 7) % 11) - 5]);
    table.forEach((row, i) => f.SetSheetRow("Klanten", `A${i + 1}`, row as (string | number)[]));
    f.SetCellStyle("Klanten", "A1", "D1", f.NewStyle({ Font: { Bold: true } }).style);
    const input = join(dir, "klanten.xlsx");
    writeFileSync(input, f.WriteToBuffer().buffer as Uint8Array);
    const xlsx = join(dir, "uit.xlsx");
    assert.equal(await main([input, "--out", xlsx, "--quiet"], { stdout: { write: () => true }, stderr: { write: () => true } }), 0);
    // The first sheet as CSV, values as shown (percent formats and all).
    execFileSync(soffice!, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, xlsx], { stdio: "pipe", timeout: 240_000 });
    const rows = parseCsv(readFileSync(join(dir, "uit.csv"), "utf8"));
    const expected = segment(table, {}, { sheet: "Klanten" });
    assert.deepEqual(rows[0], [...(table[0] as string[]), ...resultHeaders("en")]);
    for (let i = 1; i < table.length; i++) {
      assert.deepEqual(rows[i]!.slice(0, 4), table[i]!.map(String), `row ${i + 1}: the input as it was`);
      const cells = resultCells(expected, i - 1);
      assert.equal(rows[i]![4], String(cells[0]), `row ${i + 1}: rank`);
      assert.equal(rows[i]![10], cells[6], `row ${i + 1}: quadrant`);
      assert.equal(rows[i]![12], cells[8] ?? "", `row ${i + 1}: tier`);
    }
  });
});
