/**
 * A corpus of hostile and broken inputs for the command line (issue 14), made on the fly (nothing big
 * is committed): zip bombs (by ratio, by size, lying about their size, whitespace inside sheetData),
 * truncated packages, wrong CRC-32s, entry names and relationship targets that leave the package,
 * XXE and billion-laughs payloads, deep nesting, character references outside Unicode, shared-string
 * indexes out of range, missing parts, encrypted and .xls files, CSVs with a 300 MB cell or a header
 * only, settings that are null, an array or start with a BOM, amounts that overflow, terminal escapes
 * and formula injection in names, and --out pointing at the input or a folder.
 *
 * `makeCorpus(dir)` writes the files and returns one case per input: the arguments, the exit code and
 * the message expected. test/cli/hostile.test.ts runs each in a process of its own and checks exit
 * code, message, time and peak memory; `npx tsx test/cli/hostile.ts <dir>` writes the corpus to look at.
 */
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { constants, crc32, deflateRawSync } from "node:zlib";

export interface HostileCase {
  name: string;
  args: string[];
  code: 0 | 1 | 2;
  /** What standard error (or, with code 0, standard output) must say. */
  message: RegExp;
  /** A file that must not exist afterwards (no output for a refused input). */
  noOutput?: string;
  /** Checks of a run that went through. */
  check?: { stdout?: RegExp; notStdout?: RegExp; file?: string; fileHas?: RegExp; fileLacks?: RegExp };
}

interface Part {
  name: string;
  /** Content, deflated when written. */
  data?: Buffer;
  /** Or the compressed bytes as they are, with the sizes and CRC the directory declares. */
  raw?: { compressed: Buffer; size: number; crc: number };
}

/** A ZIP archive of parts, with whatever sizes, CRCs and names the case wants. */
export function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const packed = p.raw ? p.raw.compressed : deflateRawSync(p.data!);
    const size = p.raw ? p.raw.size : p.data!.length;
    const crc = p.raw ? p.raw.crc : crc32(p.data!);
    const name = Buffer.from(p.name, "utf8");
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc >>> 0, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(size >>> 0, 22);
    head.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, name, packed);
    central.push(dir, name);
    offset += 30 + name.length + packed.length;
  }
  const size = central.reduce((t, b) => t + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

/**
 * A deflate stream of `prefix`, `unit` repeated `times` times and `suffix`, made without compressing
 * all of it: each piece is compressed on its own and ends on a full flush, so the pieces chain.
 * 1 MiB of spaces compresses to about a kilobyte, so 1.5 GB costs 1.5 MB.
 */
export function repeated(prefix: string, unit: Buffer, times: number, suffix: string): Buffer {
  const flush = (b: Buffer) => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
  const u = flush(unit);
  const pieces = [flush(Buffer.from(prefix)), ...Array.from({ length: times }, () => u), deflateRawSync(Buffer.from(suffix))];
  return Buffer.concat(pieces);
}

const x = (s: string) => Buffer.from(s, "utf8");
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A small valid workbook's parts, its sheet XML given (inline strings, so no shared strings part). */
export function workbookParts(sheetXml: Buffer | null, opts: { sheetTarget?: string; sheetName?: string; extra?: Part[]; sharedStrings?: string } = {}): Part[] {
  const parts: Part[] = [
    { name: "[Content_Types].xml", data: x('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>') },
    { name: "_rels/.rels", data: x('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    { name: "xl/workbook.xml", data: x(`<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="${opts.sheetName ?? "Klanten"}" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: "xl/_rels/workbook.xml.rels", data: x(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${opts.sheetTarget ?? "worksheets/sheet1.xml"}"/>${opts.sharedStrings !== undefined ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : ""}</Relationships>`) },
  ];
  if (sheetXml) parts.push({ name: "xl/worksheets/sheet1.xml", data: sheetXml });
  if (opts.sharedStrings !== undefined) parts.push({ name: "xl/sharedStrings.xml", data: x(`<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>${opts.sharedStrings}</sst>`) });
  return [...parts, ...(opts.extra ?? [])];
}

const cellText = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
const cellNum = (ref: string, v: number) => `<c r="${ref}"><v>${v}</v></c>`;

/** Sheet XML with a header and three customers; `inside` goes into the first customer's name, `after` after sheetData. */
export function sheet(opts: { name?: string; before?: string; after?: string } = {}): string {
  const rows = [
    `<row r="1">${cellText("A1", "Klant")}${cellText("B1", "Omzet")}</row>`,
    `<row r="2">${cellText("A2", opts.name ?? "Jansen")}${cellNum("B2", 1200)}</row>`,
    `<row r="3">${cellText("A3", "Bakker")}${cellNum("B3", 800)}</row>`,
    `<row r="4">${cellText("A4", "Smit")}${cellNum("B4", 300)}</row>`,
  ];
  return `${opts.before ?? '<?xml version="1.0" encoding="UTF-8"?>'}<worksheet ${NS}><sheetData>${rows.join("")}</sheetData>${opts.after ?? ""}</worksheet>`;
}

const MB = 2 ** 20;

/** Write the corpus into `dir`; one case per file (and a few per option). */
export function makeCorpus(dir: string): HostileCase[] {
  mkdirSync(dir, { recursive: true });
  const cases: HostileCase[] = [];
  const file = (name: string, data: Buffer | string) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const add = (name: string, data: Buffer | string, code: HostileCase["code"], message: RegExp, extraArgs: string[] = []) => {
    const p = file(name, data);
    const out = join(dir, `${name}.out.json`);
    cases.push({ name, args: [p, "--format", "json", "--out", out, ...extraArgs], code, message, ...(code !== 0 ? { noOutput: out } : {}) });
  };
  const spaces = Buffer.alloc(MB, 0x20);

  // Zip bombs.
  const bomb = repeated("", spaces, 1500, "");
  add("bomb-1.5gb.xlsx", zip([...workbookParts(null), { name: "xl/worksheets/sheet1.xml", raw: { compressed: bomb, size: 1500 * MB, crc: 0 } }]), 1, /xl\/worksheets\/sheet1\.xml would be 1,500 MB uncompressed; the limit is 512 MB/);
  const bomb500 = repeated("", spaces, 500, "");
  add("bomb-ratio.xlsx", zip([...workbookParts(null), { name: "xl/worksheets/sheet1.xml", raw: { compressed: bomb500, size: 500 * MB, crc: 0 } }]), 1, /xl\/worksheets\/sheet1\.xml is compressed [\d,]+:1 .*zip bomb/);
  const five = repeated("", spaces, 5000, "");
  add("sheet-5gb.xlsx", zip([...workbookParts(null), { name: "xl/worksheets/sheet1.xml", raw: { compressed: five, size: 0xfffffffe, crc: 0 } }]), 1, /xl\/worksheets\/sheet1\.xml would be [\d,]+ MB uncompressed; the limit is 512 MB/);
  // A bomb padded to pass the ratio limit (inflation ignores bytes after the stream), with a true CRC-32.
  const pad = (stream: Buffer, size: number) => Buffer.concat([stream, Buffer.alloc(Math.ceil(size / 50) - stream.length)]);
  const head300 = `<?xml version="1.0"?><worksheet ${NS}><sheetData>`;
  let crc300 = crc32(Buffer.from(head300));
  for (let i = 0; i < 300; i++) crc300 = crc32(spaces, crc300);
  crc300 = crc32(Buffer.from("</sheetData></worksheet>"), crc300);
  const size300 = 300 * MB + head300.length + "</sheetData></worksheet>".length;
  add("padded-whitespace.xlsx", zip([...workbookParts(null), { name: "xl/worksheets/sheet1.xml", raw: { compressed: pad(repeated(head300, spaces, 300, "</sheetData></worksheet>"), size300), size: size300, crc: crc300 } }]), 1, /sheet "Klanten" is damaged: it holds more than half a MB of blank space in one run/);
  add("row-1e9.xlsx", zip(workbookParts(x(sheet().replace('<row r="4">', '<row r="1000000000">').replace(/"([AB])4"/g, '"$11000000000"')))), 1, /has a row numbered 1000000000, and a sheet has rows 1 to 1,048,576/);
  add("column-zzzzzzzz.xlsx", zip(workbookParts(x(sheet().replace('<c r="B4">', '<c r="ZZZZZZZZ4">')))), 1, /has a cell ZZZZZZZZ4 beyond column XFD/);
  add("no-shared-strings.xlsx", zip(workbookParts(x(sheet().replace(`<c r="A3" t="inlineStr"><is><t>Bakker</t></is></c>`, `<c r="A3" t="s"><v>0</v></c>`)))), 1, /cell A3 refers to a shared string, but the workbook has no shared strings part/);
  const noStyles = join(dir, "no-styles.xlsx");
  writeFileSync(noStyles, zip(workbookParts(x(sheet()))));
  cases.push({ name: "no-styles.xlsx (workbook out)", args: [noStyles, "--out", join(dir, "no-styles.out.xlsx")], code: 0, message: /of your customers/ });
  add("lying-size.xlsx", zip([...workbookParts(null), { name: "xl/worksheets/sheet1.xml", raw: { compressed: bomb, size: 2 * MB, crc: 0 } }]), 1, /inflates to more than the 2 MB its directory entry declares/);
  const ws = repeated(`<?xml version="1.0"?><worksheet ${NS}><sheetData>`, spaces, 1500, "</sheetData></worksheet>");
  add("whitespace-sheetdata.xlsx", zip([...workbookParts(null), { name: "xl/worksheets/sheet1.xml", raw: { compressed: ws, size: 1500 * MB + 200, crc: 0 } }]), 1, /sheet1\.xml (is compressed [\d,]+:1|would be 1,500 MB uncompressed)/);
  const ws500 = repeated(`<?xml version="1.0"?><worksheet ${NS}><sheetData>`, spaces, 500, "</sheetData></worksheet>");
  add("whitespace-sheetdata-500mb.xlsx", zip([...workbookParts(null), { name: "xl/worksheets/sheet1.xml", raw: { compressed: ws500, size: 500 * MB + 200, crc: 0 } }]), 1, /sheet1\.xml is compressed [\d,]+:1/);
  // Damaged packages.
  const good = zip(workbookParts(x(sheet())));
  add("truncated.xlsx", good.subarray(0, Math.floor(good.length * 0.6)), 1, /cut off|truncated/);
  const badCrc = workbookParts(x(sheet()));
  const sheetPart = badCrc.find((p) => p.name === "xl/worksheets/sheet1.xml")!;
  sheetPart.raw = { compressed: deflateRawSync(sheetPart.data!), size: sheetPart.data!.length, crc: (crc32(sheetPart.data!) ^ 1) >>> 0 };
  add("bad-crc.xlsx", zip(badCrc), 1, /xl\/worksheets\/sheet1\.xml is damaged: its CRC-32 checksum does not match/);
  add("entry-name-dotdot.xlsx", zip([...workbookParts(x(sheet())), { name: "../../evil.sh", data: x("rm -rf /") }]), 1, /a part named "\.\.\/\.\.\/evil\.sh", which points outside it/);
  add("rels-target-dotdot.xlsx", zip(workbookParts(x(sheet()), { sheetTarget: "../../../etc/passwd" })), 1, /xl\/_rels\/workbook\.xml\.rels refers to "\.\.\/\.\.\/\.\.\/etc\/passwd", outside the package/);
  add("missing-part.xlsx", zip(workbookParts(null, { sheetTarget: "worksheets/sheet9.xml" })), 1, /sheet "Klanten" is missing from the workbook \(xl\/worksheets\/sheet9\.xml\)|xl\/worksheets\/sheet9\.xml is missing/);
  // XML attacks and damage.
  add("xxe.xlsx", zip(workbookParts(x(sheet({ before: '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', name: "&xxe;" })))), 1, /sheet "Klanten" is damaged \(.*undefined entity/);
  const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("") + "]>";
  add("billion-laughs.xlsx", zip(workbookParts(x(sheet({ before: laughs, name: "&lol9;" })))), 1, /sheet "Klanten" is damaged \(.*undefined entity/);
  // 200,000 levels deep, with names that do not compress like a bomb (the ratio limit would stop it first).
  const names = Array.from({ length: 200_000 }, (_, i) => `n${((i * 2654435761) >>> 0).toString(36)}`);
  const deep = zip(workbookParts(x(sheet({ after: `<extLst>${names.map((n) => `<${n}>`).join("")}${names.reverse().map((n) => `</${n}>`).join("")}</extLst>` }))));
  add("deep-nesting.xlsx", deep, 0, /of your customers/);
  const deepFile = join(dir, "deep-nesting-out.xlsx");
  writeFileSync(deepFile, deep);
  cases.push({ name: "deep-nesting.xlsx (workbook out)", args: [deepFile, "--out", join(dir, "deep.out.xlsx")], code: 0, message: /of your customers/ });
  add("charref-text.xlsx", zip(workbookParts(x(sheet({ name: "Jansen &#99999999;" })))), 1, /sheet "Klanten" is damaged \(.*malformed character entity/);
  add("charref-sheetname.xlsx", zip(workbookParts(x(sheet()), { sheetName: "Klanten &#99999999;" })), 1, /xl\/workbook\.xml is damaged: the character reference &#99999999; is outside Unicode/);
  add("sst-index.xlsx", zip(workbookParts(x(sheet({ name: "x" }).replace(`<c r="A3" t="inlineStr"><is><t>Bakker</t></is></c>`, `<c r="A3" t="s"><v>99</v></c>`)), { sharedStrings: "<si><t>Jansen</t></si>" })), 1, /cell A3 refers to shared string 99, and the shared strings part has 1/);
  // Files that are not workbooks.
  const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1000)]);
  add("encrypted.xlsx", Buffer.concat([cfb, Buffer.from("EncryptedPackage", "utf16le")]), 1, /protected with a password \(encrypted\)/);
  add("old.xlsx", cfb, 1, /old Excel 97-2003 workbook \(\.xls\)/);
  // CSV.
  const big = join(dir, "cell-300mb.csv");
  const fd = openSync(big, "w");
  writeSync(fd, "Klant;Omzet\nJansen;");
  const block = Buffer.alloc(MB, 0x39);
  for (let i = 0; i < 300; i++) writeSync(fd, block);
  writeSync(fd, "\n");
  closeSync(fd);
  cases.push({ name: "cell-300mb.csv", args: [big, "--format", "json", "--out", join(dir, "cell.out.json")], code: 1, message: /Line 2, field 2: a field of more than 32,767 characters/, noOutput: join(dir, "cell.out.json") });
  add("header-only.csv", "Klant;Omzet\n", 1, /no data|no customer rows|needs a header row and at least one/i);
  add("blank-lines.csv", "Klant;Omzet\nJansen;1\n" + "\n".repeat(10_000_001), 1, /more than 10,000,000 lines/);
  add("wide-line.csv", "Klant," + ",".repeat(100_000) + "\n", 1, /Line 1 has more than 16,384 fields/);
  add("overflow-orders.csv", `Datum;Klant;Bedrag\n${Array.from({ length: 6 }, (_, i) => `2024-0${1 + i}-10;Klant ${i % 2};${"15" + "0".repeat(307)}`).join("\n")}\n`, 1, /The amounts in column Bedrag are too large to add up/);
  add("empty.csv", "", 1, /no data|empty|no header/i);
  const huge = "15" + "0".repeat(307); // 1.5 × 10^308, written out as an export would
  add("overflow.csv", `Klant;Omzet\nA;${huge}\nB;${huge}\n`, 1, /column B \(Omzet\).*too large to add up/);
  add("overflow-profit.csv", `Klant,Omzet,Winst\nA,10,${huge}\nB,20,${huge}\n`, 1, /column C \(Winst\).*too large to add up/);
  // Settings.
  const customers = file("customers.csv", "Klant;Omzet\nJansen;100\nBakker;50\n");
  const settingsCase = (name: string, content: string | Buffer, code: HostileCase["code"], message: RegExp) => {
    const s = file(name, content);
    const out = join(dir, `${name}.out.json`);
    cases.push({ name, args: [customers, "--settings", s, "--format", "json", "--out", out], code, message, ...(code !== 0 ? { noOutput: out } : {}) });
  };
  settingsCase("settings-null.json", "null", 1, /the settings must be one JSON object .* this file holds null/);
  settingsCase("settings-array.json", "[1, 2]", 1, /this file holds an array/);
  settingsCase("settings-bom.json", "\ufeff" + JSON.stringify({ pareto: { aCutoff: 0.6 } }), 0, /of your customers/);
  settingsCase("settings-weights.json", JSON.stringify({ score: { criteria: [{ criterion: "revenue", weight: 1e300 }] } }), 1, /weight 1e\+300 is above 1,000,000/);
  // Names that attack the terminal or a spreadsheet.
  const escapes = file("escapes.csv", "Klant;Omzet\n\"Jansen\x1b[2J\x07\";100\n\"Bakker\u202e\";1000\n");
  cases.push({ name: "terminal-escapes.csv", args: [escapes, "--format", "json", "--out", join(dir, "escapes.out.json")], code: 0, message: /of your customers/, check: { notStdout: /\x1b|\x07|\u202e/ } });
  const formulas = file("formulas.csv", "Klant;Omzet\n-fl1;100\n+fl1;200\n@SUM(A1);300\n=HYPERLINK(\"http://x\");400\n\"\t=1\";500\n-9,5%;600\n");
  const formulasOut = join(dir, "formulas.out.csv");
  cases.push({ name: "formula-injection.csv", args: [formulas, "--out", formulasOut], code: 0, message: /of your customers/, check: { file: formulasOut, fileHas: /\n'-fl1;[^\n]*\n'\+fl1;[^\n]*\n'@SUM\(A1\);[^\n]*\n"?'=HYPERLINK/, fileLacks: /\n-fl1;|\n\+fl1;|\n@SUM|\n=HYPERLINK/ } });
  // Where the result goes.
  cases.push({ name: "out-is-input", args: [customers, "--out", customers, "--format", "csv"], code: 2, message: /is the input file itself/ });
  cases.push({ name: "out-is-folder", args: [customers, "--out", dir], code: 2, message: /is a folder; name a file in it/ });
  return cases;
}

// `npx tsx test/cli/hostile.ts <dir>`: write the corpus to look at.
if (process.argv[1] && /hostile\.ts$/.test(process.argv[1]) && process.argv[2]) {
  for (const c of makeCorpus(process.argv[2])) process.stdout.write(`${c.name}: exit ${c.code}, ${c.message}\n`);
}
