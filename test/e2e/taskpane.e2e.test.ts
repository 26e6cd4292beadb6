/**
 * End to end in headless Chromium (Debian's chromium, driven by playwright-core): the built task pane
 * with office.js served locally, against a fake workbook in the page. Without a browser the test is
 * skipped with a message, but under CI=true it fails.
 */
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { buildSync } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { buildOnce } from "../build-helper.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".json": "application/json", ".xml": "text/xml" };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe("e2e: the task pane in headless Chromium", function () {
  this.timeout(180_000);
  let browser: Browser | null = null;
  let server: Server | null = null;
  let base = "";

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === "true") throw new Error(`No browser at ${CHROMIUM}: .ci/run installs Debian's chromium; the end-to-end test must run in CI.`);
      console.log(`      (skipped: no browser at ${CHROMIUM}; apt-get install -y chromium to run it)`);
      this.skip();
    }
    const { dir } = await buildOnce(true);
    ({ server, url: base } = await serve(dir));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it("segments the sheet: writes the result columns and shows the summary", async () => {
    const page = await browser!.newPage({ bypassCSP: true, viewport: { width: 360, height: 760 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${base}/taskpane.html`);
    await page.waitForFunction(() => document.getElementById("run")?.textContent === "Segment");
    const fake = buildSync({ entryPoints: ["test/e2e/page-fake.ts"], bundle: true, format: "iife", write: false, platform: "browser" }).outputFiles[0]!.text;
    await page.addScriptTag({ content: fake });
    await page.evaluate(() =>
      window.installFakeExcel([
        ["Klant", "Omzet", "Winst", "Groeipotentie"],
        ["Jansen BV", "€ 120.000", 26000, 4],
        ["De Vries", 30000, 10500, 2],
        ["Bakker", 15000, -1800, 5],
        ["", 500, 50, 1],
        ["Smit", "1.234,50", 300, 3],
      ]),
    );
    await page.click("#run");
    await page.waitForSelector("#result .headline");
    const headline = await page.textContent("#result .headline");
    assert.match(headline ?? "", /of your customers \(\d of 4\) bring \d+% of your revenue/);
    const html = await page.innerHTML("#result");
    assert.match(html, /Star|Cash Cow/);
    assert.match(html, /row 5, column A \(Klant\)<\/a>: The customer name is blank/);
    // the columns written into the fake workbook
    const header = await page.evaluate(() => Array.from({ length: 10 }, (_, j) => window.fakeSheet.get(0, 4 + j)));
    assert.deepEqual(header, ["Rank", "Revenue share", "Cumulative share", "Pareto class", "Profit rank", "Cumulative profit share", "BCG quadrant", "Score", "Tier", "Problems"]);
    const ranks = await page.evaluate(() => [1, 2, 3, 4, 5].map((r) => window.fakeSheet.get(r, 4)));
    assert.deepEqual(ranks, [1, 2, 3, "", 4]);
    // a problem link selects the offending cell
    await page.click("#result a[data-cell]");
    await page.waitForFunction(() => window.fakeContext.workbook.selection.row === 4);
    assert.deepEqual(await page.evaluate(() => window.fakeContext.workbook.selection), { row: 4, col: 0 });
    // no request beyond the page's own origin
    assert.deepEqual(requests.filter((u) => !u.startsWith(base)), []);
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/taskpane.png", fullPage: true });
    await page.close();
  });
});
