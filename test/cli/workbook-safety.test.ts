/**
 * The command line on the shapes real workbooks have (issue 14): Excel tables with a totals row,
 * merged cells where the results go, macro workbooks, text cells that look like numbers, encrypted
 * and old .xls files; and on the file system: atomic writes, the input never the output, other
 * people's files kept, the input's mode kept, I/O failures as one line.
 */
import { strict as assert } from "node:assert";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { loadExcelize } from "../../src/cli/xlsx.js";
import { readZip, writeZip } from "../../src/cli/zip.js";
import { resultHeaders } from "../../src/engine/index.js";
import { assertNoNaN } from "./scan.js";
import { scratchDir } from "../scratch.js";

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  assertNoNaN(stdout + stderr, args.join(" "));
  return { code, stdout, stderr };
}

const dir = scratchDir("segment-safety-");

/** A workbook made by excelize from rows; `patch` may change its parts. */
async function workbook(name: string, rows: (string | number)[][], setup?: (f: Awaited<ReturnType<typeof loadExcelize>> extends infer E ? (E extends { NewFile: () => infer F } ? F : never) : never) => void, patch?: (parts: Map<string, Buffer>) => Map<string, Buffer>): Promise<string> {
  const ex = await loadExcelize();
  const f = ex.NewFile();
  rows.forEach((r, i) => f.SetSheetRow("Sheet1", `A${i + 1}`, r));
  setup?.(f as never);
  let buf: Buffer = Buffer.from(f.WriteToBuffer().buffer as Uint8Array);
  if (patch) {
    const parts = new Map(readZip(buf));
    buf = writeZip(parts, patch(parts));
  }
  const file = join(dir, name);
  writeFileSync(file, buf);
  return file;
}

const CUSTOMERS: (string | number)[][] = [
  ["Klant", "Omzet", "Winst"],
  ["Jansen", 1200, 100],
  ["Bakker", 800, 90],
  ["De Vries", 500, -20],
  ["Smit", 300, 10],
];

describe("cli: workbooks as real files have them (issue 14)", () => {
  it("reads an Excel table without its totals row and extends the table by the result columns", async () => {
    const file = await workbook("table.xlsx", [...CUSTOMERS, ["Totaal", 2800, 180], [], ["Notitie: prijzen excl. btw"]], (f) => {
      (f as unknown as { AddTable: (s: string, o: object) => { error: string | null } }).AddTable("Sheet1", { Range: "A1:C6", Name: "Klanten", StyleName: "TableStyleMedium2" });
    }, (parts) => {
      const name = [...parts.keys()].find((k) => /^xl\/tables\/table\d+\.xml$/.test(k))!;
      const xml = parts.get(name)!.toString("utf8").replace(/<table /, '<table totalsRowCount="1" ').replace(/<autoFilter ref="A1:C6"/, '<autoFilter ref="A1:C5"');
      return new Map([[name, Buffer.from(xml)]]);
    });
    const out = join(dir, "table.segmented.xlsx");
    const r = await run([file, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(3 of 4\)|of 4\)/, "four customers: not the totals row, not the note");
    const zip = readZip(readFileSync(out));
    const tablePart = [...zip.keys()].find((k) => /^xl\/tables\/table\d+\.xml$/.test(k))!;
    const xml = zip.get(tablePart)!.toString("utf8");
    assert.match(xml, /ref="A1:M6"/, "the table now reaches column M, totals row included");
    assert.match(xml, /<autoFilter ref="A1:M5"/);
    assert.match(xml, /tableColumns count="13"/);
    assert.match(xml, /<tableColumn id="4" name="Rank"\/>/, "new columns get ids after the highest");
    for (const h of resultHeaders("en")) assert.ok(xml.includes(`name="${h}"`), h);
    const sheet = zip.get("xl/worksheets/sheet1.xml")!.toString("utf8");
    assert.match(sheet, /<c r="D1"[^>]*t="inlineStr"><is><t>Rank<\/t>/);
    assert.doesNotMatch(sheet, /r="D6"/, "nothing on the totals row");
  });

  it("refuses results over merged cells and cells right of an Excel table, naming the cell, and writes nothing", async () => {
    const merged = await workbook("merged.xlsx", CUSTOMERS, (f) => (f as unknown as { MergeCell: (s: string, a: string, b: string) => void }).MergeCell("Sheet1", "E3", "F4"));
    const out = join(dir, "merged.segmented.xlsx");
    const r = await run([merged, "--out", out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cell E3 on sheet "Sheet1" is part of the merged cells E3:F4, where the result columns go.*Nothing was written/);
    assert.ok(!existsSync(out));
    const beside = await workbook("beside.xlsx", [...CUSTOMERS.slice(0, 2), [...CUSTOMERS[2]!, "", "notitie"], ...CUSTOMERS.slice(3)], (f) => {
      (f as unknown as { AddTable: (s: string, o: object) => unknown }).AddTable("Sheet1", { Range: "A1:C5", Name: "Klanten" });
    });
    const r2 = await run([beside, "--out", join(dir, "beside.out.xlsx")]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /cell E3 on sheet "Sheet1" is right of table "Klanten"/);
  });

  it("keeps a macro workbook a macro workbook: .xlsm, its content type and the VBA part byte for byte", async () => {
    const vba = Buffer.from("VBA project \x00\x01\x02\xff", "latin1");
    const file = await workbook("macros.xlsm", CUSTOMERS, undefined, (parts) => {
      parts.set("xl/vbaProject.bin", vba);
      const ct = parts.get("[Content_Types].xml")!.toString().replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>');
      const rels = parts.get("xl/_rels/workbook.xml.rels")!.toString().replace("</Relationships>", '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>');
      return new Map([["[Content_Types].xml", Buffer.from(ct)], ["xl/_rels/workbook.xml.rels", Buffer.from(rels)]]);
    });
    const r = await run([file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /macros\.segmented\.xlsm/);
    assert.match(r.stdout, /macros were kept/);
    const zip = readZip(readFileSync(join(dir, "macros.segmented.xlsm")));
    assert.ok(zip.get("xl/vbaProject.bin")!.equals(vba));
    assert.match(zip.get("[Content_Types].xml")!.toString(), /macroEnabled\.main\+xml/);
    const wrong = await run([file, "--out", join(dir, "macros.xlsx")]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /must end in \.xlsm/);
  });

  it("keeps text cells that look like numbers as text (007, 1e3) in the JSON", async () => {
    const file = await workbook("text.xlsx", [["Klant", "Omzet"], ["007", 100], ["1e3", 50], ["Jansen", 20]]);
    const r = await run([file, "--format", "json", "--out", "-", "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.rows.map((x: { customer: unknown }) => x.customer), ["007", "1e3", "Jansen"]);
  });

  it("says what to do with an encrypted workbook and an old .xls file", async () => {
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500)]);
    const enc = join(dir, "secret.xlsx");
    writeFileSync(enc, Buffer.concat([cfb, Buffer.from("EncryptedPackage", "utf16le"), Buffer.alloc(100)]));
    const a = await run([enc]);
    assert.equal(a.code, 1);
    assert.match(a.stderr, /protected with a password \(encrypted\).*remove the password/);
    const xls = join(dir, "oud.xlsx");
    writeFileSync(xls, cfb);
    assert.match((await run([xls])).stderr, /old Excel 97-2003 workbook \(\.xls\).*save it as an Excel Workbook \(\.xlsx\)/);
    writeFileSync(join(dir, "oud.xls"), cfb);
    assert.match((await run([join(dir, "oud.xls")])).stderr, /\.xls\) cannot be read; open it in Excel and save it as an Excel Workbook/);
  });
});

describe("cli: never lose a file (issue 14)", () => {
  const csv = join(dir, "klanten.csv");
  before(() => writeFileSync(csv, "Klant;Omzet\nJansen;100\nBakker;50\n"));
  const leftovers = (folder: string) => readdirSync(folder).filter((f) => f.endsWith(".tmp"));

  it("refuses --out naming the input (also through a link) or a folder", async () => {
    const a = await run([csv, "--out", csv, "--format", "csv"]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /is the input file itself/);
    assert.equal(readFileSync(csv, "utf8"), "Klant;Omzet\nJansen;100\nBakker;50\n");
    const { symlinkSync } = await import("node:fs");
    const link = join(dir, "link.csv");
    symlinkSync(csv, link);
    assert.equal((await run([csv, "--out", link, "--format", "csv"])).code, 2);
    const b = await run([csv, "--out", dir]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /is a folder; name a file in it/);
  });

  it("keeps a file it did not write unless --force, and replaces its own result", async () => {
    const out = join(dir, "rapport.csv");
    writeFileSync(out, "my own notes\n");
    const a = await run([csv, "--out", out]);
    assert.equal(a.code, 1);
    assert.match(a.stderr, /rapport\.csv exists and was not written by customer-segment.*--force/);
    assert.equal(readFileSync(out, "utf8"), "my own notes\n");
    assert.equal((await run([csv, "--out", out, "--force", "--quiet"])).code, 0);
    assert.match(readFileSync(out, "utf8"), /Rank/);
    assert.equal((await run([csv, "--out", out, "--quiet"])).code, 0, "its own result is replaced without --force");
    for (const fmt of ["json", "xlsx"]) {
      const own = join(dir, `own.${fmt}`);
      assert.equal((await run([csv, "--out", own, "--quiet"])).code, 0);
      assert.equal((await run([csv, "--out", own, "--quiet"])).code, 0, `a second run replaces its own ${fmt}`);
    }
  });

  it("gives the result the input's file mode, and leaves no temporary file behind", async () => {
    chmodSync(csv, 0o640);
    const out = join(dir, "mode.json");
    assert.equal((await run([csv, "--out", out, "--quiet"])).code, 0);
    assert.equal(statSync(out).mode & 0o777, 0o640);
    assert.deepEqual(leftovers(dir), []);
    chmodSync(csv, 0o644);
  });

  it("says in one line what went wrong with a missing or read-only folder, exit 1, and leaves nothing behind", async function () {
    const missing = await run([csv, "--out", join(dir, "nope", "x.csv")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^customer-segment: cannot write .*nope\/x\.csv: the folder .* does not exist\n$/);
    const absent = await run([join(dir, "absent.csv")]);
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /^customer-segment: cannot read .*absent\.csv: no such file or folder\n$/);
    if (process.getuid?.() === 0) return; // root writes into read-only folders
    const ro = join(dir, "ro");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = await run([csv, "--out", join(ro, "x.csv")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot write .*x\.csv: permission denied/);
  });

  it("keeps the old result intact when writing the new one fails part way (file size limit; a full disk where it can mount one)", async function () {
    this.timeout(60_000);
    const { spawnSync, execFileSync } = await import("node:child_process");
    // An input whose result is far larger than the limits below.
    const big = join(dir, "big.csv");
    writeFileSync(big, "Klant;Omzet\n" + Array.from({ length: 20_000 }, (_, i) => `Klant ${i};${(i * 7919) % 10_000}`).join("\n") + "\n");
    const attempt = (out: string, shell: string) => {
      const old = '{"generator": "customer-segment", "old": true}';
      writeFileSync(out, old);
      const r = spawnSync("bash", ["-c", `${shell}; exec "${process.execPath}" --import tsx src/cli/main.ts "${big}" --out "${out}" --quiet`], { encoding: "utf8" });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.equal(readFileSync(out, "utf8"), old, "the old result is untouched");
      assert.deepEqual(leftovers(join(out, "..")), [], "no temporary file left");
      return r.stderr;
    };
    // The file size limit (ulimit -f): every write past 200 KB fails with EFBIG.
    assert.match(attempt(join(dir, "limited.json"), "ulimit -f 200"), /^customer-segment: cannot write .*limited\.json: the file is too large for this file system\n$/);
    // A real full disk: a 128 KB tmpfs, where this user may mount one (root).
    const mnt = scratchDir("segment-full-");
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=128k", "tmpfs", mnt], { stdio: "ignore" });
    } catch {
      return; // not root: the size limit above stands for it
    }
    try {
      assert.match(attempt(join(mnt, "full.json"), "true"), /^customer-segment: cannot write .*full\.json: the disk is full\n$/);
    } finally {
      execFileSync("umount", [mnt]);
    }
  });
});
