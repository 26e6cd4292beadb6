/**
 * The command line's error messages in Dutch (--lang nl): every template of src/cli with a realistic
 * example and its exact translation, the parts it names kept as they are and no English left; messages
 * inside messages; unknown messages unchanged; user text with regular-expression characters and "$&"
 * intact; and the messages the code really makes today (options, file errors, CSV, ZIP, workbook
 * reading) all taken by a rule, so a changed English text shows up here.
 */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { DUTCH_RULES_COUNT, dutch, isTranslated } from "../../src/cli/messages-nl.js";
import { parseArgs, readSettings } from "../../src/cli/main.js";
import { checkTarget, ioError } from "../../src/cli/files.js";
import { parseCsv, readCsvFile } from "../../src/cli/csv.js";
import { openZip, ZIP_LIMITS } from "../../src/cli/zip.js";
import { openXlsx } from "../../src/cli/xlsxread.js";
import { zip } from "./hostile.js";
import { scratchDir } from "../scratch.js";

/** Words of the English templates that no Dutch translation may keep (outside the parts a message names). */
const ENGLISH =
  /\b(the|and|or|not|no|cannot|can|has|have|with|which|this|that|than|more|file|files|sheet|sheets|workbook|part|parts|package|cell|cells|row|rows|column|columns|damaged|missing|written|read|write|writes|must|got|see|error|unexpected|unknown|option|name|needs|folder|exists|empty|only|too|large|uses|holds|refers|line|lines|field|fields|table|disk|full|denied|permission|input|output|standard|quoted|never|closed|cut|off|limit|compressed|uncompressed|bomb|real|stay|under|directory|outside|encrypted|protected|password|save|run|again|nothing|move|unmerge|already|rename|own|position|expected|bad|takes|writer|stopped|data|found|order|list|used|valid|right|merged|program|tool|e\.g)\b/i;

interface Case {
  /** Where the template is made. */
  from: string;
  en: string;
  nl: string;
  /** What the message names, kept as it is (and not checked for English). */
  keep: string[];
}

/** Exactly the translation, the named parts kept, no English words left, and counted as translated. */
function expectDutch({ en, nl, keep }: Case): void {
  const out = dutch(en);
  assert.equal(out, nl);
  assert.notEqual(out, en);
  assert.ok(isTranslated(en), "isTranslated");
  let rest = out;
  for (const part of keep) {
    assert.ok(out.includes(part), `keeps ${JSON.stringify(part)}`);
    rest = rest.split(part).join(" ");
  }
  assert.doesNotMatch(rest, ENGLISH, `no English left in ${JSON.stringify(rest)}`);
}

const SHEET = "Klanten 2025";
const PART = "xl/worksheets/sheet2.xml";

const CASES: Case[] = [
  // main.ts: parseArgs (printed with the --help hint, see below)
  { from: "main: value", en: "--sheet needs a value", nl: "--sheet heeft een waarde nodig", keep: ["--sheet"] },
  { from: "main: format", en: "--format must be xlsx, csv or json; got pdf", nl: "--format moet xlsx, csv of json zijn; je gaf pdf", keep: ["--format", "pdf"] },
  { from: "main: map", en: '--map takes role=header, e.g. --map revenue="Omzet 2025"', nl: '--map verwacht rol=kolomnaam, bv. --map revenue="Omzet 2025"', keep: ['--map revenue="Omzet 2025"'] },
  { from: "main: lang", en: "--lang must be en or nl; got de", nl: "--lang moet en of nl zijn; je gaf de", keep: ["--lang"] },
  { from: "main: unknown option", en: "unknown option --output", nl: "onbekende optie --output", keep: ["--output"] },
  { from: "main: one file", en: "one input file only; got also omzet.csv", nl: "geef maar één invoerbestand op; je gaf ook omzet.csv", keep: ["omzet.csv"] },
  { from: "main: no file", en: "name the input file, e.g. customer-segment klanten.xlsx", nl: "geef het invoerbestand op, bv. customer-segment klanten.xlsx", keep: ["customer-segment klanten.xlsx"] },
  { from: "main: stdout xlsx", en: "--out - writes to standard output, which takes --format csv or json", nl: "--out - schrijft naar de standaarduitvoer, en daarbij hoort --format csv of json", keep: ["--out -", "--format"] },
  // main.ts: readSettings
  {
    from: "main: settings JSON",
    en: "weging.json: not a readable settings JSON file (Expected ',' or '}' after property value in JSON at position 27)",
    nl: "weging.json: geen leesbaar JSON-bestand met instellingen (',' of '}' verwacht na de waarde van een eigenschap op positie 27)",
    keep: ["weging.json"],
  },
  {
    from: "main: settings JSON (Node 22: line and column)",
    en: "weging.json: not a readable settings JSON file (Expected double-quoted property name in JSON at position 26 (line 3 column 5))",
    nl: "weging.json: geen leesbaar JSON-bestand met instellingen (een eigenschapsnaam tussen dubbele aanhalingstekens verwacht op positie 26 (regel 3, kolom 5))",
    keep: ["weging.json"],
  },
  {
    from: "main: settings JSON (after the end)",
    en: "weging.json: not a readable settings JSON file (Unexpected non-whitespace character after JSON at position 31)",
    nl: "weging.json: geen leesbaar JSON-bestand met instellingen (er staat nog iets na het einde van de JSON op positie 31)",
    keep: ["weging.json"],
  },
  {
    from: "main: settings JSON (end)",
    en: "weging.json: not a readable settings JSON file (Unexpected end of JSON input)",
    nl: "weging.json: geen leesbaar JSON-bestand met instellingen (de JSON houdt onverwacht op)",
    keep: ["weging.json"],
  },
  {
    from: "main: settings JSON (token)",
    en: `weging.json: not a readable settings JSON file (Unexpected token 'p', "pareto: 0.7" is not valid JSON)`,
    nl: `weging.json: geen leesbaar JSON-bestand met instellingen (onverwacht teken 'p', "pareto: 0.7" is geen geldige JSON)`,
    keep: ["weging.json", '"pareto: 0.7"'],
  },
  {
    from: "main: settings not an object",
    en: "weging.json: the settings must be one JSON object ({...}, as the task pane saves them); this file holds an array",
    nl: "weging.json: de instellingen moeten één JSON-object zijn ({...}, zoals het taakvenster ze bewaart); dit bestand bevat een lijst (array)",
    keep: ["weging.json"],
  },
  // main.ts: main
  {
    from: "main: .xls",
    en: "klanten.xls: an old Excel 97-2003 workbook (.xls) cannot be read; open it in Excel and save it as an Excel Workbook (.xlsx)",
    nl: "klanten.xls: een oude Excel 97-2003-werkmap (.xls) kan niet gelezen worden; open hem in Excel en sla hem op als Excel-werkmap (.xlsx)",
    keep: ["klanten.xls"],
  },
  {
    from: "main: extension",
    en: "klanten.ods: can read .xlsx, .xlsm and .csv files; save it as one of those from Excel",
    nl: "klanten.ods: alleen .xlsx-, .xlsm- en .csv-bestanden kunnen gelezen worden; sla het bestand vanuit Excel op als een van die soorten",
    keep: ["klanten.ods"],
  },
  {
    from: "main: macros",
    en: "--out klanten.segmented.xlsx: the input has macros (.xlsm) and the result keeps them, so its name must end in .xlsm",
    nl: "--out klanten.segmented.xlsx: de invoer heeft macro's (.xlsm) en het resultaat houdt ze, dus de naam moet op .xlsm eindigen",
    keep: ["--out klanten.segmented.xlsx"],
  },
  { from: "main: empty workbook", en: "klanten.xlsx: the file is empty", nl: "klanten.xlsx: het bestand is leeg", keep: ["klanten.xlsx"] },
  { from: "main: --sheet on CSV", en: "--sheet is for workbooks; klanten.csv is a CSV file", nl: "--sheet is alleen voor werkmappen; klanten.csv is een CSV-bestand", keep: ["--sheet", "klanten.csv"] },
  {
    from: "main: empty table",
    en: "klanten.csv: the file is empty: it needs a header row and at least one customer row",
    nl: "klanten.csv: het bestand is leeg: er is een kopregel en minstens één klantregel nodig",
    keep: ["klanten.csv"],
  },
  {
    from: "main: header only (workbook)",
    en: `klanten.xlsx, sheet "${SHEET}": no data: there is a header row (row 3) but no customer rows below it`,
    nl: `klanten.xlsx, blad "${SHEET}": geen gegevens: er is een kopregel (rij 3) maar er staan geen klantregels onder`,
    keep: ["klanten.xlsx", SHEET],
  },
  {
    from: "main: header only (CSV)",
    en: "klanten.csv: no data: there is a header row (row 1) but no customer rows below it",
    nl: "klanten.csv: geen gegevens: er is een kopregel (rij 1) maar er staan geen klantregels onder",
    keep: ["klanten.csv"],
  },
  {
    from: "main: order list unusable",
    en: 'orderregels.csv: an order list, but no line can be used (row 2: Bedrag "n.v.t." is geen getal; de regel telt niet mee.); nothing was written',
    nl: 'orderregels.csv: een orderlijst, maar geen enkele regel is bruikbaar (rij 2: Bedrag "n.v.t." is geen getal; de regel telt niet mee.); er is niets geschreven',
    keep: ["orderregels.csv", 'Bedrag "n.v.t." is geen getal; de regel telt niet mee.'],
  },
  {
    from: "main: order list unusable, no problem named",
    en: "orderregels.csv: an order list, but no line can be used; nothing was written",
    nl: "orderregels.csv: een orderlijst, maar geen enkele regel is bruikbaar; er is niets geschreven",
    keep: ["orderregels.csv"],
  },
  {
    from: "main: note Windows-1252",
    en: "klanten.csv is not valid UTF-8: read as Windows-1252, as older Excel writes it.",
    nl: "klanten.csv is geen geldige UTF-8: gelezen als Windows-1252, zoals oudere Excel-versies schrijven.",
    keep: ["klanten.csv"],
  },
  {
    from: "main: note UTF-16",
    en: "klanten.txt read as UTF-16LE (its byte-order mark says so).",
    nl: "klanten.txt gelezen als UTF-16LE (volgens de markering aan het begin van het bestand).",
    keep: ["klanten.txt"],
  },
  // files.ts: checkTarget
  {
    from: "files: out is input",
    en: "--out klanten.csv is the input file itself; the input is never overwritten. Name another file.",
    nl: "--out klanten.csv is het invoerbestand zelf; de invoer wordt nooit overschreven. Kies een ander bestand.",
    keep: ["--out klanten.csv"],
  },
  {
    from: "files: out is a folder",
    en: "--out rapporten is a folder; name a file in it, e.g. rapporten/klanten.segmented.xlsx",
    nl: "--out rapporten is een map; geef een bestand in die map op, bv. rapporten/klanten.segmented.xlsx",
    keep: ["--out rapporten", "rapporten/klanten.segmented.xlsx"],
  },
  { from: "files: not a regular file", en: "--out /dev/null is not a regular file; name a file.", nl: "--out /dev/null is geen gewoon bestand; geef een bestand op.", keep: ["--out /dev/null"] },
  {
    from: "files: no folder",
    en: "cannot write uit/klanten.segmented.xlsx: the folder /home/piet/uit does not exist",
    nl: "kan uit/klanten.segmented.xlsx niet schrijven: de map /home/piet/uit bestaat niet",
    keep: ["uit/klanten.segmented.xlsx", "/home/piet/uit"],
  },
  {
    from: "files: someone else's file",
    en: "klanten.segmented.xlsx exists and was not written by customer-segment; it is left as it is. Name another file with --out, or add --force to replace it.",
    nl: "klanten.segmented.xlsx bestaat al en is niet door customer-segment geschreven; het blijft zoals het is. Kies een ander bestand met --out, of voeg --force toe om het te vervangen.",
    keep: ["klanten.segmented.xlsx", "customer-segment", "--out", "--force"],
  },
  // files.ts: ioError, every reason and every kind of operation
  { from: "files: ENOENT", en: "cannot read klanten.csv: no such file or folder", nl: "kan klanten.csv niet lezen: het bestand of de map bestaat niet", keep: ["klanten.csv"] },
  { from: "files: ENOTDIR", en: "cannot read data/klanten.csv: a part of the path is not a folder", nl: "kan data/klanten.csv niet lezen: een deel van het pad is geen map", keep: ["data/klanten.csv"] },
  { from: "files: EISDIR", en: "cannot read klanten: is a folder, not a file", nl: "kan klanten niet lezen: is een map, geen bestand", keep: ["klanten"] },
  { from: "files: EACCES", en: "cannot write klanten.segmented.xlsx: permission denied", nl: "kan klanten.segmented.xlsx niet schrijven: geen toegang", keep: ["klanten.segmented.xlsx"] },
  { from: "files: EROFS", en: "cannot write /mnt/cd/klanten.json: the folder is on a read-only file system", nl: "kan /mnt/cd/klanten.json niet schrijven: de map staat op een alleen-lezen bestandssysteem", keep: ["/mnt/cd/klanten.json"] },
  { from: "files: ENOSPC", en: "cannot write klanten.segmented.xlsx: the disk is full", nl: "kan klanten.segmented.xlsx niet schrijven: de schijf is vol", keep: ["klanten.segmented.xlsx"] },
  { from: "files: EDQUOT", en: "cannot write klanten.segmented.csv: the disk quota is used up", nl: "kan klanten.segmented.csv niet schrijven: je schijfquotum is op", keep: ["klanten.segmented.csv"] },
  { from: "files: EFBIG", en: "cannot write klanten.segmented.csv: the file is too large for this file system", nl: "kan klanten.segmented.csv niet schrijven: het bestand is te groot voor dit bestandssysteem", keep: ["klanten.segmented.csv"] },
  { from: "files: EMFILE", en: "cannot read klanten.xlsx: too many files are open", nl: "kan klanten.xlsx niet lezen: er staan te veel bestanden open", keep: ["klanten.xlsx"] },
  { from: "files: ENAMETOOLONG", en: "cannot use klanten-met-een-heel-lange-naam.xlsx: the name is too long", nl: "kan klanten-met-een-heel-lange-naam.xlsx niet gebruiken: de naam is te lang", keep: ["klanten-met-een-heel-lange-naam.xlsx"] },
  { from: "files: EIO", en: "cannot read klanten.xlsx: an input/output error of the disk", nl: "kan klanten.xlsx niet lezen: een lees- of schrijffout van de schijf", keep: ["klanten.xlsx"] },
  { from: "files: EBUSY", en: "cannot write klanten.segmented.xlsx: the file is in use", nl: "kan klanten.segmented.xlsx niet schrijven: het bestand is in gebruik", keep: ["klanten.segmented.xlsx"] },
  { from: "files: EEXIST", en: "cannot write klanten.segmented.xlsx: exists already", nl: "kan klanten.segmented.xlsx niet schrijven: bestaat al", keep: ["klanten.segmented.xlsx"] },
  { from: "files: write to stdout", en: "cannot write to standard output: the disk is full", nl: "kan niet schrijven naar de standaarduitvoer: de schijf is vol", keep: [] },
  { from: "files: write to stderr", en: "cannot write to standard error: the file is in use", nl: "kan niet schrijven naar de standaardfoutuitvoer: het bestand is in gebruik", keep: [] },
  {
    from: "files: Node's reason with its code (known)",
    en: "cannot read klanten.csv: too many symbolic links encountered, open 'klanten.csv' (ELOOP)",
    nl: "kan klanten.csv niet lezen: te veel symbolische koppelingen na elkaar (ELOOP)",
    keep: ["klanten.csv", "(ELOOP)"],
  },
  {
    from: "files: file over 2 GiB",
    en: "cannot read klanten.xlsx: File size (3221225472) is greater than 2 GiB (ERR_FS_FILE_TOO_LARGE)",
    nl: "kan klanten.xlsx niet lezen: het bestand (3221225472 bytes) is groter dan 2 GiB, meer dan dit programma in één keer leest (ERR_FS_FILE_TOO_LARGE)",
    keep: ["klanten.xlsx", "3221225472", "(ERR_FS_FILE_TOO_LARGE)"],
  },
  {
    from: "files: Node's reason with its code (unknown: the reason stays)",
    en: "cannot read klanten.csv: host is down, read (EHOSTDOWN)",
    nl: "kan klanten.csv niet lezen: host is down, read (EHOSTDOWN)",
    keep: ["klanten.csv", "host is down, read (EHOSTDOWN)"],
  },
  { from: "files: a JavaScript error", en: "cannot read klanten.csv: Invalid string length", nl: "kan klanten.csv niet lezen: een tekst die te lang is voor het geheugen", keep: ["klanten.csv"] },
  // csv.ts
  {
    from: "csv: long field",
    en: "Line 7, field 4: a field of more than 32,767 characters, more than a spreadsheet cell holds; is this a CSV file of a customer table?",
    nl: "Regel 7, veld 4: een veld van meer dan 32.767 tekens, meer dan een cel in een spreadsheet kan bevatten; is dit wel een CSV-bestand met een klantentabel?",
    keep: [],
  },
  {
    from: "csv: many fields",
    en: "Line 2 has more than 16,384 fields, more columns than a spreadsheet has; is this a CSV file of a customer table?",
    nl: "Regel 2 heeft meer dan 16.384 velden, meer kolommen dan een spreadsheet heeft; is dit wel een CSV-bestand met een klantentabel?",
    keep: [],
  },
  {
    from: "csv: many lines",
    en: "The file has more than 10,000,000 lines; this tool reads at most that many (a spreadsheet holds 1,048,576 rows).",
    nl: "Het bestand heeft meer dan 10.000.000 regels; dit programma leest er hooguit zoveel (een spreadsheet heeft 1.048.576 rijen).",
    keep: [],
  },
  { from: "csv: open quote", en: "A quoted field that starts on line 12 is never closed.", nl: "Een veld tussen aanhalingstekens dat op regel 12 begint, wordt nergens afgesloten.", keep: [] },
  { from: "csv: NUL bytes", en: "not a text (CSV) file: it holds NUL bytes", nl: "geen tekstbestand (CSV): er staan NUL-bytes in", keep: [] },
  {
    from: "main: CSV problem behind the file name",
    en: "klanten.csv: A quoted field that starts on line 12 is never closed.",
    nl: "klanten.csv: Een veld tussen aanhalingstekens dat op regel 12 begint, wordt nergens afgesloten.",
    keep: ["klanten.csv"],
  },
  // xlsx.ts
  {
    from: "xlsx: writer stopped",
    en: `sheet "${SHEET}": the workbook writer stopped on this workbook (a part it needs may be missing or damaged)`,
    nl: `blad "${SHEET}": het schrijven van de werkmap liep hierop vast (misschien ontbreekt een onderdeel dat nodig is, of is het beschadigd)`,
    keep: [SHEET],
  },
  {
    from: "xlsx: writer stopped (a step)",
    en: "the workbook: the workbook writer stopped on this workbook (a part it needs may be missing or damaged)",
    nl: "de werkmap: het schrijven van de werkmap liep hierop vast (misschien ontbreekt een onderdeel dat nodig is, of is het beschadigd)",
    keep: [],
  },
  {
    from: "xlsx: excelize's own error (stays English)",
    en: "page layout: invalid page layout value",
    nl: "pagina-indeling: invalid page layout value",
    keep: ["invalid page layout value"],
  },
  { from: "xlsx: excelize's own error at a chart", en: "chart bcg: unsupported chart type", nl: "grafiek bcg: unsupported chart type", keep: ["bcg", "unsupported chart type"] },
  {
    from: "xlsx: no such sheet",
    en: `there is no sheet "Klanten 2024"; the sheets are "Toelichting", "${SHEET}"`,
    nl: `er is geen blad "Klanten 2024"; de bladen zijn "Toelichting", "${SHEET}"`,
    keep: ["Klanten 2024", `"Toelichting", "${SHEET}"`],
  },
  {
    from: "xlsx: no data",
    en: `sheet "${SHEET}" has no data: it needs a header row and at least one customer row`,
    nl: `blad "${SHEET}" heeft geen gegevens: er is een kopregel en minstens één klantregel nodig`,
    keep: [SHEET],
  },
  {
    from: "xlsx: cell right of the table",
    en: `cell H7 on sheet "${SHEET}" is right of table "tblKlanten" (B2:F250), where the result columns extend the table; move it, then run again. Nothing was written.`,
    nl: `cel H7 op blad "${SHEET}" staat rechts van tabel "tblKlanten" (B2:F250), waar de resultaatkolommen de tabel verlengen; verplaats de cel en probeer het opnieuw. Er is niets geschreven.`,
    keep: ["H7", SHEET, "tblKlanten", "B2:F250"],
  },
  {
    from: "xlsx: merged cells",
    en: `cell D7 on sheet "${SHEET}" is part of the merged cells D7:F7, where the result columns go; unmerge them (Home > Merge & Center) or move them, then run again. Nothing was written.`,
    nl: `cel D7 op blad "${SHEET}" hoort bij de samengevoegde cellen D7:F7, waar de resultaatkolommen komen; maak het samenvoegen ongedaan (Start > Samenvoegen en centreren) of verplaats de cellen, en probeer het opnieuw. Er is niets geschreven.`,
    keep: ["D7", SHEET, "D7:F7"],
  },
  {
    from: "xlsx: table column named like a result column",
    en: `table "tblKlanten" on sheet "${SHEET}" already has a column "Score", the name of a result column; table columns need names of their own, so rename it, then run again. Nothing was written.`,
    nl: `tabel "tblKlanten" op blad "${SHEET}" heeft al een kolom "Score", de naam van een resultaatkolom; elke tabelkolom heeft een eigen naam nodig, dus geef die kolom een andere naam en probeer het opnieuw. Er is niets geschreven.`,
    keep: ["tblKlanten", SHEET, '"Score"'],
  },
  // sheetdata.ts
  {
    from: "sheetdata: sheet of the written workbook (a bug: in the stack only)",
    en: 'sheet "Segmentatie" not found in the workbook written',
    nl: 'blad "Segmentatie" niet gevonden in de geschreven werkmap',
    keep: ["Segmentatie"],
  },
  { from: "sheetdata: no sheetData", en: `sheet "${SHEET}" has no cell data (<sheetData>)`, nl: `blad "${SHEET}" heeft geen celgegevens (<sheetData>)`, keep: [SHEET, "(<sheetData>)"] },
  { from: "sheetdata: no end of sheetData", en: `sheet "${SHEET}" is damaged (no </sheetData>)`, nl: `blad "${SHEET}" is beschadigd (geen </sheetData>)`, keep: [SHEET, "</sheetData>"] },
  {
    from: "sheetdata: XML comment",
    en: `sheet "${SHEET}" has an XML comment among its cells, which this program does not rewrite`,
    nl: `blad "${SHEET}" heeft een XML-commentaar tussen de cellen, en dat herschrijft dit programma niet`,
    keep: [SHEET],
  },
  {
    from: "sheetdata: CDATA",
    en: "the data sheet's copy has a CDATA section among its cells, which this program does not rewrite",
    nl: "de kopie van het gegevensblad heeft een CDATA-sectie tussen de cellen, en dat herschrijft dit programma niet",
    keep: [],
  },
  {
    from: "sheetdata: rows out of order",
    en: `sheet "${SHEET}" lists its rows out of order (row 5 after row 9)`,
    nl: `blad "${SHEET}" heeft de rijen niet op volgorde (rij 5 na rij 9)`,
    keep: [SHEET],
  },
  { from: "sheetdata: row without end", en: `sheet "${SHEET}" is damaged (row 14 has no end)`, nl: `blad "${SHEET}" is beschadigd (rij 14 heeft geen einde)`, keep: [SHEET] },
  {
    from: "sheetdata: cell in the way",
    en: `sheet "${SHEET}": cell D7 holds something where the result columns go`,
    nl: `blad "${SHEET}": cel D7 bevat iets op de plek waar de resultaatkolommen komen`,
    keep: [SHEET, "D7"],
  },
  {
    from: "sheetdata: cells already there",
    en: 'sheet "Segmentatie" already has cells in the workbook written; only a sheet without cells is filled',
    nl: 'blad "Segmentatie" heeft al cellen in de geschreven werkmap; alleen een blad zonder cellen wordt gevuld',
    keep: ["Segmentatie"],
  },
  // xlsxread.ts
  {
    from: "xlsxread: character reference",
    en: "xl/sharedStrings.xml is damaged: the character reference &#1114112; is outside Unicode",
    nl: "xl/sharedStrings.xml is beschadigd: de tekenverwijzing &#1114112; valt buiten Unicode",
    keep: ["xl/sharedStrings.xml", "&#1114112;"],
  },
  {
    from: "xlsxread: target outside",
    en: 'xl/_rels/workbook.xml.rels refers to "../../etc/passwd", outside the package; the file was not made by a spreadsheet program',
    nl: 'xl/_rels/workbook.xml.rels verwijst naar "../../etc/passwd", buiten het pakket; het bestand is niet door een spreadsheetprogramma gemaakt',
    keep: ["xl/_rels/workbook.xml.rels", "../../etc/passwd"],
  },
  { from: "xlsxread: no workbook.xml", en: "not an .xlsx workbook (it has no xl/workbook.xml)", nl: "geen .xlsx-werkmap (xl/workbook.xml ontbreekt)", keep: ["xl/workbook.xml"] },
  {
    from: "xlsxread: encrypted",
    en: "the workbook is protected with a password (encrypted), so it cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and run again.",
    nl: "de werkmap is beveiligd met een wachtwoord (versleuteld) en kan daarom niet gelezen worden. Open hem in Excel, haal het wachtwoord weg (Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord, maak het veld leeg), sla op en probeer het opnieuw.",
    keep: [],
  },
  {
    from: "xlsxread: .xls",
    en: "this is an old Excel 97-2003 workbook (.xls), which this tool does not read. Open it in Excel and save it as an Excel Workbook (.xlsx), then run again.",
    nl: "dit is een oude Excel 97-2003-werkmap (.xls), en die leest dit programma niet. Open hem in Excel, sla hem op als Excel-werkmap (.xlsx) en probeer het opnieuw.",
    keep: [],
  },
  {
    from: "xlsxread: not a ZIP (nested)",
    en: "not a readable .xlsx workbook: not a ZIP archive (no end of central directory)",
    nl: "geen leesbare .xlsx-werkmap: geen ZIP-archief (het einde van de centrale inhoudsopgave ontbreekt)",
    keep: [],
  },
  { from: "xlsxread: no worksheets", en: "the workbook has no worksheets", nl: "de werkmap heeft geen werkbladen", keep: [] },
  {
    from: "xlsxread: text part too large",
    en: "xl/_rels/workbook.xml.rels is 1,024 MB, where a spreadsheet program writes a few KB; it was not read",
    nl: "xl/_rels/workbook.xml.rels is 1.024 MB, terwijl een spreadsheetprogramma er maar een paar kB van maakt; het is niet gelezen",
    keep: ["xl/_rels/workbook.xml.rels"],
  },
  {
    from: "xlsxread: XML parser (its detail stays English)",
    en: `sheet "${SHEET}" is damaged (1:2048: unclosed tag: row)`,
    nl: `blad "${SHEET}" is beschadigd (1:2048: unclosed tag: row)`,
    keep: [SHEET, "1:2048: unclosed tag: row"],
  },
  {
    from: "xlsxread: blank space",
    en: "the shared strings is damaged: it holds more than half a MB of blank space in one run, which no spreadsheet program writes",
    nl: "het onderdeel met de gedeelde teksten is beschadigd: er staat meer dan een halve MB lege ruimte achter elkaar in, en dat schrijft geen enkel spreadsheetprogramma",
    keep: [],
  },
  {
    from: "xlsxread: text too long",
    en: `sheet "${SHEET}" is damaged: it holds a text too long to read (hundreds of MB in one value)`,
    nl: `blad "${SHEET}" is beschadigd: er staat een tekst in die te lang is om te lezen (honderden MB in één waarde)`,
    keep: [SHEET],
  },
  { from: "xlsxread: no such sheet", en: 'there is no sheet "Klanten 2024"', nl: 'er is geen blad "Klanten 2024"', keep: ["Klanten 2024"] },
  {
    from: "xlsxread: sheet part missing",
    en: `sheet "${SHEET}" is missing from the workbook (${PART})`,
    nl: `blad "${SHEET}" ontbreekt in de werkmap (${PART})`,
    keep: [SHEET, PART],
  },
  {
    from: "xlsxread: row number",
    en: `sheet "${SHEET}" (${PART}) is damaged: it has a row numbered 1048577, and a sheet has rows 1 to 1,048,576`,
    nl: `blad "${SHEET}" (${PART}) is beschadigd: er is een rij met nummer 1048577, en een blad heeft de rijen 1 tot en met 1.048.576`,
    keep: [SHEET, PART, "1048577"],
  },
  {
    from: "xlsxread: column beyond XFD",
    en: `sheet "${SHEET}" (${PART}) is damaged: it has a cell XFE7 beyond column XFD, the last a sheet has`,
    nl: `blad "${SHEET}" (${PART}) is beschadigd: er is een cel XFE7 voorbij kolom XFD, de laatste kolom die een blad heeft`,
    keep: [SHEET, PART, "XFE7"],
  },
  {
    from: "xlsxread: cell too long",
    en: `sheet "${SHEET}" (${PART}) is damaged: cell D7 holds more than 32,767 characters, more than a cell can`,
    nl: `blad "${SHEET}" (${PART}) is beschadigd: cel D7 bevat meer dan 32.767 tekens, meer dan een cel kan bevatten`,
    keep: [SHEET, PART, "D7"],
  },
  {
    from: "xlsxread: no shared strings",
    en: `sheet "${SHEET}" (${PART}) is damaged: cell D7 refers to a shared string, but the workbook has no shared strings part (xl/sharedStrings.xml)`,
    nl: `blad "${SHEET}" (${PART}) is beschadigd: cel D7 verwijst naar een gedeelde tekst, maar de werkmap heeft geen onderdeel met gedeelde teksten (xl/sharedStrings.xml)`,
    keep: [SHEET, PART, "D7", "xl/sharedStrings.xml"],
  },
  {
    from: "xlsxread: shared string out of range",
    en: `sheet "${SHEET}" (${PART}) is damaged: cell D7 refers to shared string 4711, and the shared strings part has 1,250`,
    nl: `blad "${SHEET}" (${PART}) is beschadigd: cel D7 verwijst naar gedeelde tekst 4711, en het onderdeel met gedeelde teksten heeft er maar 1.250`,
    keep: [SHEET, PART, "D7", "4711"],
  },
  {
    from: "xlsxread: table part missing",
    en: "xl/worksheets/_rels/sheet2.xml.rels refers to the table xl/tables/table1.xml, which is missing from the package",
    nl: "xl/worksheets/_rels/sheet2.xml.rels verwijst naar de tabel xl/tables/table1.xml, maar die ontbreekt in het pakket",
    keep: ["xl/worksheets/_rels/sheet2.xml.rels", "xl/tables/table1.xml"],
  },
  { from: "xlsxread: table ref", en: "xl/tables/table1.xml is damaged: the table has no valid ref", nl: "xl/tables/table1.xml is beschadigd: de tabel heeft geen geldig bereik (ref)", keep: ["xl/tables/table1.xml"] },
  { from: "xlsxread: merged cells too large", en: `${PART} is damaged: its merged cells take more than 32 MB`, nl: `${PART} is beschadigd: de samengevoegde cellen nemen meer dan 32 MB in`, keep: [PART] },
  // zip.ts
  {
    from: "zip: truncated",
    en: "the file is cut off (a truncated ZIP package: its directory at the end is missing)",
    nl: "het bestand is afgekapt (een onvolledig ZIP-pakket: de inhoudsopgave aan het eind ontbreekt)",
    keep: [],
  },
  { from: "zip: not a ZIP", en: "not a ZIP archive (no end of central directory)", nl: "geen ZIP-archief (het einde van de centrale inhoudsopgave ontbreekt)", keep: [] },
  { from: "zip: ZIP64", en: "the package uses ZIP64 (parts of 4 GB or more), which this tool does not read", nl: "het pakket gebruikt ZIP64 (onderdelen van 4 GB of meer), en dat leest dit programma niet", keep: [] },
  { from: "zip: too many parts", en: "the package has 12,000 parts; at most 10,000 are read", nl: "het pakket heeft 12.000 onderdelen; er worden er hooguit 10.000 gelezen", keep: [] },
  { from: "zip: directory outside", en: "the package is cut off or damaged (its directory lies outside the file)", nl: "het pakket is afgekapt of beschadigd (de inhoudsopgave ligt buiten het bestand)", keep: [] },
  { from: "zip: directory damaged", en: "the package's directory is damaged", nl: "de inhoudsopgave van het pakket is beschadigd", keep: [] },
  {
    from: "zip: name outside",
    en: 'the package has a part named "../../klanten.xlsx", which points outside it; the file was not made by a spreadsheet program',
    nl: 'het pakket heeft een onderdeel met de naam "../../klanten.xlsx", dat buiten het pakket wijst; het bestand is niet door een spreadsheetprogramma gemaakt',
    keep: ["../../klanten.xlsx"],
  },
  { from: "zip: two parts", en: `the package has two parts named "${PART}"`, nl: `het pakket heeft twee onderdelen met de naam "${PART}"`, keep: [PART] },
  { from: "zip: part ZIP64", en: `part ${PART} uses ZIP64 (4 GB or more), which this tool does not read`, nl: `onderdeel ${PART} gebruikt ZIP64 (4 GB of meer), en dat leest dit programma niet`, keep: [PART] },
  {
    from: "zip: local header",
    en: `part ${PART} is damaged or the file is cut off (its local header is missing)`,
    nl: `onderdeel ${PART} is beschadigd of het bestand is afgekapt (de lokale kop van het onderdeel ontbreekt)`,
    keep: [PART],
  },
  { from: "zip: part cut off", en: `part ${PART} is cut off: the file ends before its data does`, nl: `onderdeel ${PART} is afgekapt: het bestand houdt op voordat de gegevens ervan ophouden`, keep: [PART] },
  { from: "zip: part missing", en: "part xl/styles.xml is missing from the package", nl: "onderdeel xl/styles.xml ontbreekt in het pakket", keep: ["xl/styles.xml"] },
  { from: "zip: part encrypted", en: `part ${PART} is encrypted`, nl: `onderdeel ${PART} is versleuteld`, keep: [PART] },
  {
    from: "zip: part too large",
    en: `part ${PART} would be 2,048 MB uncompressed; the limit is 512 MB`,
    nl: `onderdeel ${PART} zou uitgepakt 2.048 MB zijn; de grens is 512 MB`,
    keep: [PART],
  },
  {
    from: "zip: ratio",
    en: `part ${PART} is compressed 1,032:1 (129 MB from 128,000 bytes); real workbooks stay under 100:1, so it was not read (a "zip bomb"?)`,
    nl: `onderdeel ${PART} is 1.032:1 ingepakt (129 MB uit 128.000 bytes); echte werkmappen blijven onder 100:1, dus het is niet gelezen (een "zipbom"?)`,
    keep: [PART],
  },
  {
    from: "zip: total",
    en: "the package's parts come to more than 1,024 MB uncompressed; the limit is 1,024 MB",
    nl: "de onderdelen van het pakket zijn uitgepakt samen meer dan 1.024 MB; de grens is 1.024 MB",
    keep: [],
  },
  {
    from: "zip: ratio together",
    en: `the package's parts are compressed 250:1 together (at ${PART}); real workbooks stay under 100:1, so it was not read (a "zip bomb"?)`,
    nl: `de onderdelen van het pakket zijn samen 250:1 ingepakt (bij ${PART}); echte werkmappen blijven onder 100:1, dus het is niet gelezen (een "zipbom"?)`,
    keep: [PART],
  },
  {
    from: "zip: inflates past its size",
    en: `part ${PART} inflates to more than the 4,096 bytes its directory entry declares (a damaged or crafted file)`,
    nl: `onderdeel ${PART} pakt uit tot meer dan de 4.096 bytes die de inhoudsopgave opgeeft (een beschadigd of gemanipuleerd bestand)`,
    keep: [PART],
  },
  {
    from: "zip: zlib's detail (stays English)",
    en: `part ${PART} is damaged (invalid stored block lengths)`,
    nl: `onderdeel ${PART} is beschadigd (invalid stored block lengths)`,
    keep: [PART, "invalid stored block lengths"],
  },
  { from: "zip: zlib's end of file", en: `part ${PART} is damaged (unexpected end of file)`, nl: `onderdeel ${PART} is beschadigd (onverwacht einde van het bestand)`, keep: [PART] },
  {
    from: "zip: compression method",
    en: `part ${PART} uses compression method 14, which this tool does not read`,
    nl: `onderdeel ${PART} gebruikt compressiemethode 14, en die leest dit programma niet`,
    keep: [PART],
  },
  {
    from: "zip: size differs",
    en: `part ${PART} is damaged: it holds 1,200 bytes where its directory entry says 4,096`,
    nl: `onderdeel ${PART} is beschadigd: het bevat 1.200 bytes, terwijl de inhoudsopgave 4.096 zegt`,
    keep: [PART],
  },
  {
    from: "zip: CRC",
    en: `part ${PART} is damaged: its CRC-32 checksum does not match (the file was changed or cut)`,
    nl: `onderdeel ${PART} is beschadigd: de CRC-32-controlesom klopt niet (het bestand is veranderd of afgekapt)`,
    keep: [PART],
  },
  // main.ts: a workbook's or a ZIP problem behind the file name, nested
  {
    from: "main: workbook problem behind the file name",
    en: `klanten.xlsx: there is no sheet "Klanten 2024"; the sheets are "${SHEET}"`,
    nl: `klanten.xlsx: er is geen blad "Klanten 2024"; de bladen zijn "${SHEET}"`,
    keep: ["klanten.xlsx", "Klanten 2024", SHEET],
  },
  {
    from: "main: ZIP problem inside a workbook problem behind the file name",
    en: `klanten.xlsx: not a readable .xlsx workbook: part ${PART} is damaged: its CRC-32 checksum does not match (the file was changed or cut)`,
    nl: `klanten.xlsx: geen leesbare .xlsx-werkmap: onderdeel ${PART} is beschadigd: de CRC-32-controlesom klopt niet (het bestand is veranderd of afgekapt)`,
    keep: ["klanten.xlsx", PART],
  },
  // main.ts: around a message
  {
    from: "main: the --help hint",
    en: "--lang must be en or nl; got fr (see customer-segment --help)",
    nl: "--lang moet en of nl zijn; je gaf fr (zie customer-segment --help)",
    keep: ["--lang", "customer-segment --help"],
  },
  {
    from: "main: an unexpected error, its stack as it is",
    en: 'unexpected error: Error: sheet "Segmentatie" not found in the workbook written\n    at sheetPart (src/cli/sheetdata.ts:76:21)',
    nl: 'onverwachte fout: Error: sheet "Segmentatie" not found in the workbook written\n    at sheetPart (src/cli/sheetdata.ts:76:21)',
    keep: ['Error: sheet "Segmentatie" not found in the workbook written\n    at sheetPart (src/cli/sheetdata.ts:76:21)'],
  },
];

describe("cli/messages-nl: the command line's messages in Dutch", () => {
  for (const c of CASES) {
    it(`${c.from}: ${c.en.slice(0, 70)}`, () => expectDutch(c));
  }

  it("has a rule for each template, and counts them", () => {
    assert.ok(Number.isInteger(DUTCH_RULES_COUNT) && DUTCH_RULES_COUNT >= 90, String(DUTCH_RULES_COUNT));
  });

  it("returns a message without a rule unchanged: the engine's, in English or Dutch, and others", () => {
    for (const message of [
      'No revenue column (header row 1): name one "Revenue", "Sales", "Turnover" or "Omzet", or choose it in the settings. Headers found: "Klant", "Plaats".',
      "Geen omzetkolom (kopregel 1): noem er een \"Omzet\" of kies hem in de instellingen.",
      "Invalid settings:\n- pareto.aCutoff must be between 0 and 1\n- score.tierCutoffs.a must be a number",
      "klanten.xlsx: something nobody wrote a rule for",
      "something went wrong",
      "",
    ]) {
      assert.equal(dutch(message), message);
      assert.equal(isTranslated(message), false, message);
    }
  });

  it("keeps regular-expression characters and \"$&\" in what a message names", () => {
    const file = "klanten $& $1 $$ (2025) [v1.2]*?+^|{3}\\.csv";
    const sheet = 'Q1 $& $` $\' "x" (a|b)';
    assert.equal(dutch(`${file}: the file is empty`), `${file}: het bestand is leeg`);
    assert.equal(dutch(`cannot read ${file}: no such file or folder`), `kan ${file} niet lezen: het bestand of de map bestaat niet`);
    assert.equal(dutch(`there is no sheet "${sheet}"; the sheets are "${sheet}!"`), `er is geen blad "${sheet}"; de bladen zijn "${sheet}!"`);
    assert.equal(dutch(`klanten.xlsx, sheet "${sheet}": no data: there is a header row (row 2) but no customer rows below it`), `klanten.xlsx, blad "${sheet}": geen gegevens: er is een kopregel (rij 2) maar er staan geen klantregels onder`);
    assert.equal(dutch(`unknown option --x=$&$1 (see customer-segment --help)`), `onbekende optie --x=$&$1 (zie customer-segment --help)`);
    assert.equal(dutch(`${file}: not a readable settings JSON file (Unexpected token '$', "$&" is not valid JSON)`), `${file}: geen leesbaar JSON-bestand met instellingen (onverwacht teken '$', "$&" is geen geldige JSON)`);
  });

  it("takes a file name with \": \" in it, and an unknown message with the --help hint", () => {
    assert.equal(dutch("rapport: klanten.xlsx: the file is empty"), "rapport: klanten.xlsx: het bestand is leeg");
    assert.equal(dutch("Q1: klanten.csv: not a text (CSV) file: it holds NUL bytes"), "Q1: klanten.csv: geen tekstbestand (CSV): er staan NUL-bytes in");
    assert.equal(dutch("something new (see customer-segment --help)"), "something new (zie customer-segment --help)");
  });

  it("stays quick on long and repetitive messages", () => {
    const start = Date.now();
    for (const c of CASES) dutch(c.en.repeat(200));
    for (const message of ["a: ".repeat(100_000), `cannot read ${": ".repeat(50_000)}`, `sheet "${'"'.repeat(100_000)}": x`, "x".repeat(1_000_000)]) dutch(message);
    assert.ok(Date.now() - start < 10_000, `${Date.now() - start} ms`);
  });
});

/** The message a function throws. */
function thrown(job: () => unknown): string {
  try {
    job();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("nothing was thrown");
}

/** Taken by a rule, changed, and no English left outside `keep`. */
function expectRule(message: string, keep: string[] = []): void {
  assert.ok(isTranslated(message), `no rule for ${JSON.stringify(message)}`);
  const out = dutch(message);
  assert.notEqual(out, message);
  let rest = out;
  for (const part of keep) rest = rest.split(part).join(" ");
  assert.doesNotMatch(rest, ENGLISH, `English left in ${JSON.stringify(out)}`);
}

describe("cli/messages-nl: the messages the code makes today all have a rule", () => {
  const dir = scratchDir("segment-nl-");

  it("parseArgs", () => {
    const cases: [string[], string[]][] = [
      [["klanten.csv", "--out"], ["--out"]],
      [["klanten.csv", "--format", "pdf"], ["--format", "pdf"]],
      [["klanten.csv", "--map", "omzet"], ['--map revenue="Omzet 2025"']],
      [["klanten.csv", "--lang", "de"], ["--lang"]],
      [["klanten.csv", "--verbose"], ["--verbose"]],
      [["klanten.csv", "omzet.csv"], ["omzet.csv"]],
      [[], ["customer-segment klanten.xlsx"]],
      [["klanten.csv", "--out", "-", "--format", "xlsx"], ["--out -", "--format"]],
    ];
    for (const [args, keep] of cases) {
      const message = thrown(() => parseArgs(args));
      expectRule(message, keep);
      expectRule(`${message} (see customer-segment --help)`, [...keep, "customer-segment --help"]);
    }
  });

  it("ioError, for every reason files.ts knows and for one it does not", () => {
    const codes = ["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "EFBIG", "EMFILE", "ENAMETOOLONG", "EIO", "EBUSY", "ETXTBSY", "EEXIST"];
    for (const code of codes) {
      for (const doing of ["read", "write", "use"]) expectRule(ioError(Object.assign(new Error(`${code}: x`), { code }), doing, "klanten.xlsx").message, ["klanten.xlsx"]);
      expectRule(ioError(Object.assign(new Error(`${code}: x`), { code }), "write to", "standard output").message);
    }
    const loop = ioError(Object.assign(new Error("ELOOP: too many symbolic links encountered, open 'klanten.csv'"), { code: "ELOOP" }), "read", "klanten.csv").message;
    assert.equal(dutch(loop), "kan klanten.csv niet lezen: te veel symbolische koppelingen na elkaar (ELOOP)");
  });

  it("checkTarget and readSettings", () => {
    const input = join(dir, "klanten.csv");
    writeFileSync(input, "Klant;Omzet\nJansen;10\n");
    expectRule(thrown(() => checkTarget(input, input, "csv", false)), [`--out ${input}`]);
    expectRule(thrown(() => checkTarget(input, dir, "xlsx", false)), [`--out ${dir}`, join(dir, "klanten.segmented.xlsx")]);
    const other = join(dir, "iets.csv");
    writeFileSync(other, "niet van ons\n");
    expectRule(thrown(() => checkTarget(input, other, "csv", false)), [other, "customer-segment", "--out", "--force"]);
    const missing = join(dir, "weg", "uit.csv");
    expectRule(thrown(() => checkTarget(input, missing, "csv", false)), [missing, join(dir, "weg")]);
    const settings = join(dir, "weging.json");
    for (const text of ['{"pareto": {"aCutoff": 0.7},}', "[1, 2]", "null", "42", '"tekst"', "true", "", "{\"a\": 1} x"]) {
      writeFileSync(settings, text);
      expectRule(thrown(() => readSettings(settings)), [settings]);
    }
    expectRule(thrown(() => readSettings(join(dir, "geen.json"))), [join(dir, "geen.json")]);
  });

  it("CSV", () => {
    expectRule(thrown(() => parseCsv(`Klant;Omzet\nJansen;"${"x".repeat(32_768)}"\n`)));
    expectRule(thrown(() => parseCsv(`${";".repeat(16_384)}\n`)));
    expectRule(thrown(() => parseCsv('Klant;Omzet\n"Jansen;10\n')));
    const nul = join(dir, "nul.csv");
    writeFileSync(nul, Buffer.from("Klant;Omzet\0\n"));
    expectRule(thrown(() => readCsvFile(nul)));
  });

  it("ZIP packages and workbooks", () => {
    const part = (name: string, text: string) => ({ name, data: Buffer.from(text) });
    const whole = zip([part("a.xml", "hello")]);
    expectRule(thrown(() => openZip(whole.subarray(0, whole.length - 30))));
    expectRule(thrown(() => openZip(Buffer.from("Klant;Omzet\nJansen;10\nPietersen;20\nde Vries;30\n"))));
    expectRule(thrown(() => openZip(zip([part("../x.xml", "x")]))), ["../x.xml"]);
    expectRule(thrown(() => openZip(zip([part("a.xml", "1"), part("a.xml", "2")]))), ["a.xml"]);
    expectRule(thrown(() => openZip(zip([part("a", "1"), part("b", "2"), part("c", "3")]), { ...ZIP_LIMITS, maxEntries: 2 })));
    const crc = openZip(zip([{ name: "xl/workbook.xml", raw: { compressed: deflateRawSync(Buffer.from("<w/>")), size: 4, crc: 12345 } }]));
    expectRule(thrown(() => crc.read("xl/workbook.xml")), ["xl/workbook.xml"]);
    expectRule(thrown(() => crc.read("xl/styles.xml")), ["xl/styles.xml"]);
    const sized = openZip(zip([part("big.xml", "x".repeat(5000))]), { ...ZIP_LIMITS, maxPart: 4000 });
    expectRule(thrown(() => sized.read("big.xml")), ["big.xml"]);
    // Workbooks: not a ZIP, no workbook.xml, an old .xls, an encrypted one
    expectRule(thrown(() => openXlsx(Buffer.from("Klant;Omzet\nJansen;10\nPietersen;20\nde Vries;30\n"))));
    expectRule(thrown(() => openXlsx(zip([part("docProps/app.xml", "<Properties/>")]))), ["xl/workbook.xml"]);
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expectRule(thrown(() => openXlsx(cfb)));
    expectRule(thrown(() => openXlsx(Buffer.concat([cfb, Buffer.from("EncryptedPackage", "utf16le")]))));
    const empty = zip([part("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')]);
    expectRule(thrown(() => openXlsx(empty)));
  });
});
