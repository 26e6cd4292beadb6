import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { parseCsv } from "../../src/cli/csv.js";
import { safeText } from "../../src/cli/output.js";
import { scratchDir } from "../scratch.js";

const SAMPLE = "assets/klanten-groothandel.csv";

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe("cli: customer-segment", () => {
  const dir = scratchDir("segment-cli-");

  it("segments the sample and prints the summary first", async () => {
    const out = join(dir, "sample.csv");
    const r = await run([SAMPLE, "--out", out]); // .csv: the extension sets the format
    assert.equal(r.code, 0, r.stderr);
    const first = r.stdout.split("\n")[0]!;
    assert.match(first, /^\d+% of your customers \(\d+ of 248\) bring 80% of your revenue\.$/);
    assert.match(r.stdout, /BCG quadrant/);
    assert.match(r.stdout, /Rows to check/);
    assert.match(r.stdout, /row 44, column A \(Klant\): The customer name is blank/);
    // the written file: input columns unchanged, result columns added, one line per input row
    const input = parseCsv(readFileSync(SAMPLE, "utf8"));
    const written = parseCsv(readFileSync(out, "utf8"));
    assert.equal(written.length, input.length);
    for (let i = 0; i < input.length; i++) assert.deepEqual(written[i]!.slice(0, input[0]!.length), input[i]);
    assert.deepEqual(written[0]!.slice(input[0]!.length), ["Rank", "Revenue share", "Cumulative share", "Pareto class", "Profit rank", "Cumulative profit share", "BCG quadrant", "Score", "Tier", "Problems"]);
    assert.ok(written.slice(1).every((row) => ["A", "B", "C", ""].includes(row[input[0]!.length + 3]!)));
    // semicolon file → decimal commas in the output
    assert.match(written[1]![input[0]!.length + 1]!, /^0,\d+$/);
  });

  it("prints one JSON document with summary and rows", async () => {
    const r = await run([SAMPLE, "--format", "json", "--out", "-"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.rows.length, 250);
    assert.equal(doc.rows[0].row, 2);
    for (const k of ["row", "customer", "rank", "revenueShare", "cumulativeShare", "paretoClass", "profitRank", "cumulativeProfitShare", "quadrant", "score", "tier", "problems"]) {
      assert.ok(k in doc.rows[0], `rows lack ${k}`);
    }
    assert.ok(doc.summary.pareto.sentence);
    assert.match(r.stderr, /of your customers/); // the summary goes to stderr when stdout carries the data
  });

  it("writes Dutch with --lang nl and honours --map and --settings", async () => {
    const settings = join(dir, "s.json");
    writeFileSync(settings, JSON.stringify({ pareto: { aCutoff: 0.5 } }));
    const r = await run([SAMPLE, "--lang", "nl", "--settings", settings, "--out", join(dir, "nl.csv")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /van je klanten .* brengt 5\d% van je omzet/);
  });

  it("keeps a formula-like customer name as text in CSV", async () => {
    const file = join(dir, "evil.csv");
    writeFileSync(file, 'Customer,Revenue\n"=HYPERLINK(""http://x"",""y"")",100\n+cmd,50\n');
    const out = join(dir, "evil.out.csv");
    assert.equal((await run([file, "--out", out, "--quiet"])).code, 0);
    const rows = parseCsv(readFileSync(out, "utf8"));
    assert.equal(rows[1]![0], `'=HYPERLINK("http://x","y")`);
    assert.equal(rows[2]![0], "'+cmd");
    assert.equal(safeText("-5 days"), "'-5 days");
    assert.equal(safeText("Jansen"), "Jansen");
    assert.equal(safeText("-9,5%"), "-9,5%");
    assert.equal(safeText("+1.250,00"), "+1.250,00");
    for (const hostile of ["-fl1", "+fl1", "-€5", "+A1", "@SUM(A1)", "\t=1", "\r=1", "=1+1"]) assert.equal(safeText(hostile), `'${hostile}`, hostile);
    assert.equal(safeText("@SUM(A1)"), "'@SUM(A1)");
  });

  it("fails with a clear message and a non-zero code", async () => {
    const missing = await run([join(dir, "nope.csv")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.csv: no such file/);
    const noRevenue = join(dir, "norev.csv");
    writeFileSync(noRevenue, "Klant;Plaats\nJansen;Utrecht\n");
    const r = await run([noRevenue]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No revenue column on sheet "norev\.csv".*"Klant", "Plaats"/);
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "");
    assert.match((await run([empty])).stderr, /empty\.csv: the file is empty: it needs a header row and at least one customer row/);
    assert.equal((await run([])).code, 2);
    assert.match((await run(["--format", "pdf", SAMPLE])).stderr, /--format must be xlsx, csv or json/);
    const badSettings = join(dir, "bad.json");
    writeFileSync(badSettings, JSON.stringify({ pareto: { aCutoff: 0.99, bCutoff: 0.5 } }));
    assert.match((await run([SAMPLE, "--settings", badSettings])).stderr, /cut-offs out of order/);
  });

  it("documents every option in --help", async () => {
    const r = await run(["--help"]);
    assert.equal(r.code, 0);
    for (const opt of ["--out", "--format", "--sheet", "--settings", "--map", "--lang", "--quiet"]) assert.match(r.stdout, new RegExp(opt));
    assert.match(r.stdout, /Examples:/);
  });
});

describe("cli: the installed command", () => {
  it("runs as `customer-segment` from bin/ (built by npm ci through prepare)", () => {
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    const out = execFileSync(process.execPath, ["bin/customer-segment.js", SAMPLE, "--format", "json", "--out", "-", "--quiet"], { encoding: "utf8" });
    assert.equal(JSON.parse(out).rows.length, 250);
    const help = execFileSync(process.execPath, ["bin/customer-segment.js", "--help"], { encoding: "utf8" });
    assert.match(help, /^Usage: customer-segment <file\.xlsx\|file\.csv>/);
  });

  it("reads a CSV with a title line above the header and keeps the line", async () => {
    const dir = scratchDir("segment-title-");
    const file = join(dir, "titled.csv");
    writeFileSync(file, "Klantenoverzicht 2025;;\nKlant;Omzet;Winst\nJansen;100;10\nBakker;50;-5\n");
    const r = await run([file, "--out", join(dir, "t.csv"), "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const rows = parseCsv(readFileSync(join(dir, "t.csv"), "utf8"));
    assert.deepEqual(rows[0]!.slice(0, 3), ["Klantenoverzicht 2025", "", ""]);
    assert.deepEqual(rows[1]!.slice(0, 4), ["Klant", "Omzet", "Winst", "Rank"]);
    assert.deepEqual(rows[2]!.slice(0, 4), ["Jansen", "100", "10", "1"]);
  });
});

describe("cli: the bundled order list (npm run demo:orders)", function () {
  this.timeout(120_000);
  it("aggregates assets/orderregels-groothandel.csv, names its two messy lines and fits the models", async () => {
    const { main } = await import("../../src/cli/main.js");
    let stdout = "";
    let stderr = "";
    const code = await main(["assets/orderregels-groothandel.csv", "--format", "json", "--out", "-"], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
    assert.equal(code, 0, stderr);
    const doc = JSON.parse(stdout);
    const ol = doc.summary.orderList;
    assert.equal(ol.lines, 4002);
    const messy = ol.problems.filter((p: { text: string }) => !/only credit notes/.test(p.text));
    assert.deepEqual(messy.map((p: { row: number }) => p.row), [1201, 2501]);
    assert.ok(ol.problems.length - messy.length <= 3, "a few customers with credit notes only are named, not counted");
    assert.ok(ol.bgnbd && !ol.bgnbd.atLimit, "BG/NBD fits");
    assert.ok(ol.gammaGamma && ol.gammaGamma.q > 1, "Gamma-Gamma fits with a finite expected spend");
    assert.ok(doc.summary.bcg.quadrants.every((q: { count: number }) => q.count > 0), "growth over two years gives all four quadrants");
    const valued = doc.rows.filter((r: { modelClv: number | null }) => typeof r.modelClv === "number").length;
    assert.ok(valued >= doc.rows.length - 5, `a lifetime value for all but the customers without positive revenue (${valued} of ${doc.rows.length})`);
    assert.match(stderr, /^Order list: 4002 lines, \d+ customers/);
  });
});

describe("cli/output: JSON written in pieces", () => {
  it("is the same document as toJson, valid JSON, whatever the number of rows", async () => {
    const { segment } = await import("../../src/engine/index.js");
    const { jsonChunks, toJson } = await import("../../src/cli/output.js");
    for (const n of [0, 1, 999, 1000, 2501]) {
      const table = [["Klant", "Omzet", "Winst"], ...Array.from({ length: n }, (_, i) => [`K${i}`, (i * 37) % 1000, i % 7 ? 10 : ""])];
      const r = segment(table, {});
      // Each piece is read before the next is asked for (bytes are views of one reused buffer).
      let text = "";
      for (const piece of jsonChunks(r)) text += typeof piece === "string" ? piece : Buffer.from(piece).toString("utf8");
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(toJson(r))), `${n} rows`);
      assert.match(text, /^\{\n  "generator": "customer-segment",/);
    }
  });
});

describe("cli: command-line manners (issue 16, first part)", () => {
  it("prints its version, takes --option=value, answers a wrong option in one line that points to --help", async () => {
    const v = await run(["--version"]);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^customer-segment \d+\.\d+\.\d+\n$/);
    const j = await run([SAMPLE, "--format=json", "--out=-", "--quiet"]);
    assert.equal(j.code, 0, j.stderr);
    assert.equal(JSON.parse(j.stdout).rows.length, 250);
    const bad = await run(["--format=pdf", SAMPLE]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, "customer-segment: --format must be xlsx, csv or json; got pdf (see customer-segment --help)\n");
    assert.match((await run(["--help"])).stdout, /Order lists: a file with a date, a customer and an amount/);
  });
});

describe("cli: segmenting its own CSV result again (issue 16, part)", () => {
  it("refreshes its own result columns instead of adding a second set, and does not read them as data", async () => {
    const dir = scratchDir("segment-again-");
    const first = join(dir, "first.csv");
    assert.equal((await run([SAMPLE, "--out", first, "--quiet"])).code, 0);
    const second = join(dir, "second.csv");
    const r = await run([first, "--out", second, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const a = parseCsv(readFileSync(first, "utf8"));
    const b = parseCsv(readFileSync(second, "utf8"));
    assert.deepEqual(b[0], a[0], "the same header: one set of result columns");
    assert.deepEqual(b, a, "the same results");
    // Also in place, on its own output: a CSV result is replaced by the refreshed one.
    assert.equal((await run([second, "--out", second, "--force", "--quiet"])).code, 2, "never onto its input");
  });
});

describe("cli: --lang nl also translates the errors (issue 16)", () => {
  it("says a wrong option, a missing file and a file it cannot read in Dutch, and stays English without it", async () => {
    const say = async (args: string[]) => {
      let err = "";
      const code = await main(args, { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) } });
      return { code, err };
    };
    assert.deepEqual(await say(["--lang", "nl", "--bogus"]), { code: 2, err: "customer-segment: onbekende optie --bogus (zie customer-segment --help)\n" });
    assert.match((await say(["--lang=nl", "nope.csv"])).err, /^customer-segment: kan nope\.csv niet lezen: het bestand of de map bestaat niet\n$/);
    assert.match((await say(["--lang", "nl", "package.json"])).err, /alleen \.xlsx-, \.xlsm- en \.csv-bestanden/);
    assert.match((await say(["nope.csv"])).err, /^customer-segment: cannot read nope\.csv: no such file or folder\n$/);
  });
});
