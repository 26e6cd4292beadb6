/**
 * The command line's error messages in Dutch, for --lang nl. The command line builds its messages in
 * English where they happen (files, CSV, the ZIP package, the workbook's XML, the options); this turns
 * one whole message, as printed after "customer-segment: ", into Dutch by an ordered list of rules, one
 * regular expression per message template. What a message names (files, sheets, cells, parts, options,
 * the user's own text) is kept as it is; numbers the tool grouped in English ("1,048,576") get Dutch
 * grouping ("1.048.576"); a message inside a message ("klanten.xlsx: " before a workbook's problem, the
 * reason of a failed file operation, JSON's own complaint) is translated too. What comes from elsewhere
 * and has no rule (a parser's, zlib's or excelize's own English detail, a stack trace) stays as it is,
 * and so does every message without a rule, such as the engine's, which speaks Dutch already.
 * Pure string code: no Node modules.
 *
 * @example
 * dutch("cannot write klanten.segmented.xlsx: the disk is full")  // "kan klanten.segmented.xlsx niet schrijven: de schijf is vol"
 * dutch('klanten.xlsx: there is no sheet "Klanten 2024"; the sheets are "Klanten 2025"')
 * // 'klanten.xlsx: er is geen blad "Klanten 2024"; de bladen zijn "Klanten 2025"'
 * dutch("Geen kopregel gevonden.")                                 // unchanged
 */

/** One message template: the whole message matched (`^...$`, `s`: also across lines), its parts passed to `to`. */
interface Rule {
  re: RegExp;
  /** The Dutch message from the captured parts ("" for a group that took no part); null: no match after all. */
  to: (...parts: string[]) => string | null;
}

/** A number the tool wrote with English grouping ("32,767") with Dutch grouping ("32.767"); anything else as it is. */
function num(n: string): string {
  return /^\d{1,3}(?:,\d{3})+$/.test(n) ? n.replace(/,/g, ".") : n;
}

/** A size as zip.ts writes it ("512 MB", "1,024 bytes"), in Dutch. */
function size(s: string): string {
  const m = /^([\d,]+) (MB|bytes)$/.exec(s);
  return m ? `${num(m[1] ?? "")} ${m[2]}` : s;
}

/** What a message is about when it is not a file or part name: the `what` of sheetdata.ts, xlsxread.ts and xlsx.ts's writer steps. */
const SUBJECTS: Record<string, string> = {
  "the workbook": "de werkmap",
  "new workbook": "nieuwe werkmap",
  style: "celstijl",
  "freeze panes": "titels blokkeren",
  filter: "filter",
  "column width": "kolombreedte",
  colour: "kleur",
  colours: "kleuren",
  "heat map": "heatmap",
  "merged text": "samengevoegde tekst",
  "hidden chart data": "verborgen grafiekgegevens",
  "page layout": "pagina-indeling",
  "fit to page": "passend maken op de pagina",
  "page margins": "paginamarges",
  "page break": "pagina-einde",
  "print area": "afdrukbereik",
  "document properties": "documenteigenschappen",
  "writing the workbook": "de werkmap schrijven",
  "the shared strings": "het onderdeel met de gedeelde teksten",
  "the data sheet's copy": "de kopie van het gegevensblad",
};

/** `sheet "Klanten"` → `blad "Klanten"`, `sheet "Klanten" (xl/worksheets/sheet1.xml)` likewise, `chart bcg` → `grafiek bcg`; a part name as it is. */
function subject(s: string): string {
  const sheet = /^sheet "(.*)"( \([^()]*\))?$/s.exec(s);
  if (sheet) return `blad "${sheet[1]}"${sheet[2] ?? ""}`;
  const chart = /^chart (\S+)$/.exec(s);
  if (chart) return `grafiek ${chart[1]}`;
  return SUBJECTS[s] ?? s;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The subjects of xlsx.ts's writer steps, as a regular expression. */
const WRITER_STEP = `(?:${Object.keys(SUBJECTS).map(escape).join("|")}|sheet ".*"|chart \\S+)`;

/** files.ts's REASONS, in Dutch. */
const REASONS: Record<string, string> = {
  "no such file or folder": "het bestand of de map bestaat niet",
  "a part of the path is not a folder": "een deel van het pad is geen map",
  "is a folder, not a file": "is een map, geen bestand",
  "permission denied": "geen toegang",
  "the folder is on a read-only file system": "de map staat op een alleen-lezen bestandssysteem",
  "the disk is full": "de schijf is vol",
  "the disk quota is used up": "je schijfquotum is op",
  "the file is too large for this file system": "het bestand is te groot voor dit bestandssysteem",
  "too many files are open": "er staan te veel bestanden open",
  "the name is too long": "de naam is te lang",
  "an input/output error of the disk": "een lees- of schrijffout van de schijf",
  "the file is in use": "het bestand is in gebruik",
  "exists already": "bestaat al",
};

/** Node's own reason for a failed file operation that files.ts has no words for, by its code (the code stays). */
const CODES: Record<string, (reason: string) => string> = {
  ELOOP: () => "te veel symbolische koppelingen na elkaar",
  EPIPE: () => "de ontvanger is gesloten",
  EAGAIN: () => "tijdelijk niet beschikbaar",
  ENXIO: () => "het apparaat of adres bestaat niet",
  ERR_FS_FILE_TOO_LARGE: (reason) => {
    const m = /^File size \((\d+)\) is greater than 2 GiB$/.exec(reason);
    return m ? `het bestand (${m[1]} bytes) is groter dan 2 GiB, meer dan dit programma in één keer leest` : reason;
  },
};

/**
 * A failed file operation's reason that is not one of REASONS: Node's message with its code after it
 * ("... (ELOOP)"), or a JavaScript error's message; the known ones in Dutch, others as they are.
 */
function otherReason(reason: string): string {
  const coded = / \(([A-Z][A-Z0-9_]*)\)$/.exec(reason);
  if (coded) {
    const code = coded[1] ?? "";
    const text = reason.slice(0, coded.index);
    return `${CODES[code]?.(text) ?? text} (${code})`;
  }
  if (reason === "Invalid string length") return "een tekst die te lang is voor het geheugen";
  if (reason === "Array buffer allocation failed") return "te weinig geheugen";
  const m = /^Cannot create a string longer than (0x[0-9a-f]+) characters$/i.exec(reason);
  return m ? `kan geen tekst van meer dan ${m[1]} tekens maken` : reason;
}

/** How ioError's `doing` reads in Dutch, around the path. */
function cannot(doing: string, path: string, reason: string): string {
  if (doing === "write to") {
    const stream = path === "standard output" ? "de standaarduitvoer" : path === "standard error" ? "de standaardfoutuitvoer" : path;
    return `kan niet schrijven naar ${stream}: ${reason}`;
  }
  const verb = doing === "read" ? "lezen" : doing === "write" ? "schrijven" : "gebruiken";
  return `kan ${path} niet ${verb}: ${reason}`;
}
const DOING = "(write to|write|read|use)";

/** JSON.parse's complaint (V8, Node 20 and later), in Dutch where known. */
const JSON_PROBLEMS: Record<string, string> = {
  "Expected property name or '}' in JSON": "een eigenschapsnaam of '}' verwacht",
  "Expected double-quoted property name in JSON": "een eigenschapsnaam tussen dubbele aanhalingstekens verwacht",
  "Expected ',' or ']' after array element in JSON": "',' of ']' verwacht na een element van een lijst",
  "Expected ',' or '}' after property value in JSON": "',' of '}' verwacht na de waarde van een eigenschap",
  "Expected ':' after property name in JSON": "':' verwacht na de eigenschapsnaam",
  "Unexpected non-whitespace character after JSON": "er staat nog iets na het einde van de JSON",
  "Unterminated string in JSON": "een tekst zonder afsluitend aanhalingsteken",
  "Bad control character in string literal in JSON": "een ongeldig stuurteken in een tekst",
  "Bad escaped character in JSON": "een ongeldige escape (\\) in een tekst",
  "No number after minus sign in JSON": "geen getal na het minteken",
  "Exponent part is missing a number in JSON": "een exponent zonder getal",
  "Unterminated fractional number in JSON": "een getal zonder cijfers na de punt",
};

function jsonProblem(message: string): string {
  if (message === "Unexpected end of JSON input") return "de JSON houdt onverwacht op";
  const at = /^(.+) at position (\d+)(?: \(line (\d+) column (\d+)\))?$/s.exec(message);
  const what = at ? JSON_PROBLEMS[at[1] ?? ""] : undefined;
  if (at && what) return `${what} op positie ${at[2]}${at[3] ? ` (regel ${at[3]}, kolom ${at[4]})` : ""}`;
  const token = /^Unexpected token '(.*?)', (.*) is not valid JSON$/s.exec(message);
  if (token) return `onverwacht teken '${token[1]}', ${token[2]} is geen geldige JSON`;
  return message;
}

/** What a settings file holds instead of an object (main.ts's readSettings). */
const HOLDS: Record<string, string> = { null: "null", "an array": "een lijst (array)", "a number": "een getal", "a string": "een tekst", "a boolean": "een ja/nee-waarde (true of false)" };

const AGAIN = "en probeer het opnieuw";
const NOTHING = "Er is niets geschreven.";

/** The templates, most specific first where two could match the same message. */
const TEMPLATES: readonly Rule[] = [
  // main.ts: parseArgs
  { re: /^(.+) needs a value$/s, to: (option) => `${option} heeft een waarde nodig` },
  { re: /^--format must be xlsx, csv or json; got (.*)$/s, to: (got) => `--format moet xlsx, csv of json zijn; je gaf ${got}` },
  { re: /^--map takes role=header, e\.g\. (.*)$/s, to: (example) => `--map verwacht rol=kolomnaam, bv. ${example}` },
  { re: /^--lang must be en or nl; got (.*)$/s, to: (got) => `--lang moet en of nl zijn; je gaf ${got}` },
  { re: /^unknown option (.+)$/s, to: (option) => `onbekende optie ${option}` },
  { re: /^one input file only; got also (.+)$/s, to: (file) => `geef maar één invoerbestand op; je gaf ook ${file}` },
  { re: /^name the input file, e\.g\. (.+)$/s, to: (example) => `geef het invoerbestand op, bv. ${example}` },
  { re: /^--out - writes to standard output, which takes --format csv or json$/, to: () => "--out - schrijft naar de standaarduitvoer, en daarbij hoort --format csv of json" },
  // main.ts: readSettings
  { re: /^(.+): not a readable settings JSON file \((.*)\)$/s, to: (file, why) => `${file}: geen leesbaar JSON-bestand met instellingen (${jsonProblem(why)})` },
  {
    re: /^(.+): the settings must be one JSON object \(\{\.\.\.\}, as the task pane saves them\); this file holds (.+)$/s,
    to: (file, what) => `${file}: de instellingen moeten één JSON-object zijn ({...}, zoals het taakvenster ze bewaart); dit bestand bevat ${HOLDS[what] ?? what}`,
  },
  // main.ts: main
  {
    re: /^(.+): an old Excel 97-2003 workbook \(\.xls\) cannot be read; open it in Excel and save it as an Excel Workbook \(\.xlsx\)$/s,
    to: (file) => `${file}: een oude Excel 97-2003-werkmap (.xls) kan niet gelezen worden; open hem in Excel en sla hem op als Excel-werkmap (.xlsx)`,
  },
  {
    re: /^(.+): can read \.xlsx, \.xlsm and \.csv files; save it as one of those from Excel$/s,
    to: (file) => `${file}: alleen .xlsx-, .xlsm- en .csv-bestanden kunnen gelezen worden; sla het bestand vanuit Excel op als een van die soorten`,
  },
  {
    re: /^--out (.+): the input has macros \(\.xlsm\) and the result keeps them, so its name must end in \.xlsm$/s,
    to: (out) => `--out ${out}: de invoer heeft macro's (.xlsm) en het resultaat houdt ze, dus de naam moet op .xlsm eindigen`,
  },
  { re: /^(.+): the file is empty$/s, to: (file) => `${file}: het bestand is leeg` },
  { re: /^--sheet is for workbooks; (.+) is a CSV file$/s, to: (file) => `--sheet is alleen voor werkmappen; ${file} is een CSV-bestand` },
  {
    re: /^(.+): the file is empty: it needs a header row and at least one customer row$/s,
    to: (file) => `${file}: het bestand is leeg: er is een kopregel en minstens één klantregel nodig`,
  },
  {
    re: /^(.+?)(?:, sheet "(.*)")?: no data: there is a header row \(row (\d+)\) but no customer rows below it$/s,
    to: (file, sheet, row) => `${file}${sheet ? `, blad "${sheet}"` : ""}: geen gegevens: er is een kopregel (rij ${row}) maar er staan geen klantregels onder`,
  },
  {
    re: /^(.+): an order list, but no line can be used(?: \(row (\d+): (.*)\))?; nothing was written$/s,
    to: (file, row, text) => `${file}: een orderlijst, maar geen enkele regel is bruikbaar${row ? ` (rij ${row}: ${text})` : ""}; er is niets geschreven`,
  },
  // main.ts: notes on how a CSV file was read (not errors, printed on success)
  { re: /^(.+) is not valid UTF-8: read as Windows-1252, as older Excel writes it\.$/s, to: (file) => `${file} is geen geldige UTF-8: gelezen als Windows-1252, zoals oudere Excel-versies schrijven.` },
  { re: /^(.+) read as (UTF-16LE|UTF-16BE) \(its byte-order mark says so\)\.$/s, to: (file, encoding) => `${file} gelezen als ${encoding} (volgens de markering aan het begin van het bestand).` },
  // files.ts: checkTarget
  { re: /^--out (.+) is the input file itself; the input is never overwritten\. Name another file\.$/s, to: (out) => `--out ${out} is het invoerbestand zelf; de invoer wordt nooit overschreven. Kies een ander bestand.` },
  { re: /^--out (.+) is a folder; name a file in it, e\.g\. (.+)$/s, to: (out, example) => `--out ${out} is een map; geef een bestand in die map op, bv. ${example}` },
  { re: /^--out (.+) is not a regular file; name a file\.$/s, to: (out) => `--out ${out} is geen gewoon bestand; geef een bestand op.` },
  { re: /^cannot write (.+): the folder (.+) does not exist$/s, to: (out, folder) => `kan ${out} niet schrijven: de map ${folder} bestaat niet` },
  {
    re: /^(.+) exists and was not written by customer-segment; it is left as it is\. Name another file with --out, or add --force to replace it\.$/s,
    to: (out) => `${out} bestaat al en is niet door customer-segment geschreven; het blijft zoals het is. Kies een ander bestand met --out, of voeg --force toe om het te vervangen.`,
  },
  // files.ts: ioError, with one of REASONS, with Node's reason and its code, with a JavaScript error's message
  { re: new RegExp(`^cannot ${DOING} (.+): (${Object.keys(REASONS).map(escape).join("|")})$`, "s"), to: (doing, path, reason) => cannot(doing, path, REASONS[reason] ?? reason) },
  { re: new RegExp(`^cannot ${DOING} (.+?): (.*)$`, "s"), to: (doing, path, reason) => cannot(doing, path, otherReason(reason)) },
  // csv.ts
  {
    re: /^Line (\d+), field (\d+): a field of more than ([\d,]+) characters, more than a spreadsheet cell holds; is this a CSV file of a customer table\?$/,
    to: (line, field, max) => `Regel ${line}, veld ${field}: een veld van meer dan ${num(max)} tekens, meer dan een cel in een spreadsheet kan bevatten; is dit wel een CSV-bestand met een klantentabel?`,
  },
  {
    re: /^Line (\d+) has more than ([\d,]+) fields, more columns than a spreadsheet has; is this a CSV file of a customer table\?$/,
    to: (line, max) => `Regel ${line} heeft meer dan ${num(max)} velden, meer kolommen dan een spreadsheet heeft; is dit wel een CSV-bestand met een klantentabel?`,
  },
  {
    re: /^The file has more than ([\d,]+) lines; this tool reads at most that many \(a spreadsheet holds ([\d,]+) rows\)\.$/,
    to: (max, rows) => `Het bestand heeft meer dan ${num(max)} regels; dit programma leest er hooguit zoveel (een spreadsheet heeft ${num(rows)} rijen).`,
  },
  { re: /^A quoted field that starts on line (\d+) is never closed\.$/, to: (line) => `Een veld tussen aanhalingstekens dat op regel ${line} begint, wordt nergens afgesloten.` },
  { re: /^not a text \(CSV\) file: it holds NUL bytes$/, to: () => "geen tekstbestand (CSV): er staan NUL-bytes in" },
  // xlsx.ts
  {
    re: /^(.+): the workbook writer stopped on this workbook \(a part it needs may be missing or damaged\)$/s,
    to: (what) => `${subject(what)}: het schrijven van de werkmap liep hierop vast (misschien ontbreekt een onderdeel dat nodig is, of is het beschadigd)`,
  },
  { re: /^there is no sheet "(.*)"; the sheets are (.*)$/s, to: (sheet, sheets) => `er is geen blad "${sheet}"; de bladen zijn ${sheets}` },
  { re: /^sheet "(.*)" has no data: it needs a header row and at least one customer row$/s, to: (sheet) => `blad "${sheet}" heeft geen gegevens: er is een kopregel en minstens één klantregel nodig` },
  {
    re: /^cell ([A-Z]+\d+) on sheet "(.*)" is right of table "(.*)" \(([A-Z]+\d+:[A-Z]+\d+)\), where the result columns extend the table; move it, then run again\. Nothing was written\.$/s,
    to: (cell, sheet, table, area) => `cel ${cell} op blad "${sheet}" staat rechts van tabel "${table}" (${area}), waar de resultaatkolommen de tabel verlengen; verplaats de cel ${AGAIN}. ${NOTHING}`,
  },
  {
    re: /^cell ([A-Z]+\d+) on sheet "(.*)" is part of the merged cells ([A-Z]+\d+:[A-Z]+\d+), where the result columns go; unmerge them \(Home > Merge & Center\) or move them, then run again\. Nothing was written\.$/s,
    to: (cell, sheet, area) => `cel ${cell} op blad "${sheet}" hoort bij de samengevoegde cellen ${area}, waar de resultaatkolommen komen; maak het samenvoegen ongedaan (Start > Samenvoegen en centreren) of verplaats de cellen, ${AGAIN}. ${NOTHING}`,
  },
  {
    re: /^table "(.*)" on sheet "(.*)" already has a column "(.*)", the name of a result column; table columns need names of their own, so rename it, then run again\. Nothing was written\.$/s,
    to: (table, sheet, column) => `tabel "${table}" op blad "${sheet}" heeft al een kolom "${column}", de naam van een resultaatkolom; elke tabelkolom heeft een eigen naam nodig, dus geef die kolom een andere naam ${AGAIN}. ${NOTHING}`,
  },
  // sheetdata.ts
  { re: /^sheet "(.*)" not found in the workbook written$/s, to: (sheet) => `blad "${sheet}" niet gevonden in de geschreven werkmap` },
  { re: /^(.+) has no cell data \(<sheetData>\)$/s, to: (what) => `${subject(what)} heeft geen celgegevens (<sheetData>)` },
  { re: /^(.+) is damaged \(no <\/sheetData>\)$/s, to: (what) => `${subject(what)} is beschadigd (geen </sheetData>)` },
  {
    re: /^(.+) has (an XML comment|a CDATA section) among its cells, which this program does not rewrite$/s,
    to: (what, odd) => `${subject(what)} heeft ${odd === "an XML comment" ? "een XML-commentaar" : "een CDATA-sectie"} tussen de cellen, en dat herschrijft dit programma niet`,
  },
  { re: /^(.+) lists its rows out of order \(row (\d+) after row (\d+)\)$/s, to: (what, row, after) => `${subject(what)} heeft de rijen niet op volgorde (rij ${row} na rij ${after})` },
  { re: /^(.+) is damaged \(row (\d+) has no end\)$/s, to: (what, row) => `${subject(what)} is beschadigd (rij ${row} heeft geen einde)` },
  { re: /^(.+): cell ([A-Z]+\d+) holds something where the result columns go$/s, to: (what, cell) => `${subject(what)}: cel ${cell} bevat iets op de plek waar de resultaatkolommen komen` },
  { re: /^(.+) already has cells in the workbook written; only a sheet without cells is filled$/s, to: (what) => `${subject(what)} heeft al cellen in de geschreven werkmap; alleen een blad zonder cellen wordt gevuld` },
  // xlsxread.ts
  { re: /^(.+) is damaged: the character reference (.+) is outside Unicode$/s, to: (part, ref) => `${subject(part)} is beschadigd: de tekenverwijzing ${ref} valt buiten Unicode` },
  {
    re: /^(.+) refers to "(.*)", outside the package; the file was not made by a spreadsheet program$/s,
    to: (from, target) => `${from} verwijst naar "${target}", buiten het pakket; het bestand is niet door een spreadsheetprogramma gemaakt`,
  },
  { re: /^not an \.xlsx workbook \(it has no xl\/workbook\.xml\)$/, to: () => "geen .xlsx-werkmap (xl/workbook.xml ontbreekt)" },
  {
    re: /^the workbook is protected with a password \(encrypted\), so it cannot be read\. Open it in Excel, remove the password \(File > Info > Protect Workbook > Encrypt with Password, clear it\), save, and run again\.$/,
    to: () => `de werkmap is beveiligd met een wachtwoord (versleuteld) en kan daarom niet gelezen worden. Open hem in Excel, haal het wachtwoord weg (Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord, maak het veld leeg), sla op ${AGAIN}.`,
  },
  {
    re: /^this is an old Excel 97-2003 workbook \(\.xls\), which this tool does not read\. Open it in Excel and save it as an Excel Workbook \(\.xlsx\), then run again\.$/,
    to: () => `dit is een oude Excel 97-2003-werkmap (.xls), en die leest dit programma niet. Open hem in Excel, sla hem op als Excel-werkmap (.xlsx) ${AGAIN}.`,
  },
  { re: /^not a readable \.xlsx workbook: (.*)$/s, to: (why) => `geen leesbare .xlsx-werkmap: ${known(why, TEMPLATES) ?? why}` },
  { re: /^the workbook has no worksheets$/, to: () => "de werkmap heeft geen werkbladen" },
  {
    re: /^(.+) is ([\d,]+) MB, where a spreadsheet program writes a few KB; it was not read$/s,
    to: (part, mb) => `${part} is ${num(mb)} MB, terwijl een spreadsheetprogramma er maar een paar kB van maakt; het is niet gelezen`,
  },
  {
    re: /^(.+) is damaged: it holds more than half a MB of blank space in one run, which no spreadsheet program writes$/s,
    to: (what) => `${subject(what)} is beschadigd: er staat meer dan een halve MB lege ruimte achter elkaar in, en dat schrijft geen enkel spreadsheetprogramma`,
  },
  {
    re: /^(.+) is damaged: it holds a text too long to read \(hundreds of MB in one value\)$/s,
    to: (what) => `${subject(what)} is beschadigd: er staat een tekst in die te lang is om te lezen (honderden MB in één waarde)`,
  },
  { re: /^there is no sheet "(.*)"$/s, to: (sheet) => `er is geen blad "${sheet}"` },
  { re: /^sheet "(.*)" is missing from the workbook \((.*)\)$/s, to: (sheet, part) => `blad "${sheet}" ontbreekt in de werkmap (${part})` },
  {
    re: /^(.+) is damaged: it has a row numbered (.*), and a sheet has rows 1 to ([\d,]+)$/s,
    to: (what, row, max) => `${subject(what)} is beschadigd: er is een rij met nummer ${row}, en een blad heeft de rijen 1 tot en met ${num(max)}`,
  },
  { re: /^(.+) is damaged: it has a cell (.*) beyond column XFD, the last a sheet has$/s, to: (what, cell) => `${subject(what)} is beschadigd: er is een cel ${cell} voorbij kolom XFD, de laatste kolom die een blad heeft` },
  {
    re: /^(.+) is damaged: cell ([A-Z]+\d+) holds more than 32,767 characters, more than a cell can$/s,
    to: (what, cell) => `${subject(what)} is beschadigd: cel ${cell} bevat meer dan 32.767 tekens, meer dan een cel kan bevatten`,
  },
  {
    re: /^(.+) is damaged: cell ([A-Z]+\d+) refers to a shared string, but the workbook has no shared strings part \(xl\/sharedStrings\.xml\)$/s,
    to: (what, cell) => `${subject(what)} is beschadigd: cel ${cell} verwijst naar een gedeelde tekst, maar de werkmap heeft geen onderdeel met gedeelde teksten (xl/sharedStrings.xml)`,
  },
  {
    re: /^(.+) is damaged: cell ([A-Z]+\d+) refers to shared string (.*), and the shared strings part has ([\d,]+)$/s,
    to: (what, cell, k, count) => `${subject(what)} is beschadigd: cel ${cell} verwijst naar gedeelde tekst ${k}, en het onderdeel met gedeelde teksten heeft er maar ${num(count)}`,
  },
  { re: /^(.+) refers to the table (.+), which is missing from the package$/s, to: (rels, part) => `${rels} verwijst naar de tabel ${part}, maar die ontbreekt in het pakket` },
  { re: /^(.+) is damaged: the table has no valid ref$/s, to: (part) => `${subject(part)} is beschadigd: de tabel heeft geen geldig bereik (ref)` },
  { re: /^(.+) is damaged: its merged cells take more than 32 MB$/s, to: (part) => `${subject(part)} is beschadigd: de samengevoegde cellen nemen meer dan 32 MB in` },
  // zip.ts
  {
    re: /^the file is cut off \(a truncated ZIP package: its directory at the end is missing\)$/,
    to: () => "het bestand is afgekapt (een onvolledig ZIP-pakket: de inhoudsopgave aan het eind ontbreekt)",
  },
  { re: /^not a ZIP archive \(no end of central directory\)$/, to: () => "geen ZIP-archief (het einde van de centrale inhoudsopgave ontbreekt)" },
  { re: /^the package uses ZIP64 \(parts of 4 GB or more\), which this tool does not read$/, to: () => "het pakket gebruikt ZIP64 (onderdelen van 4 GB of meer), en dat leest dit programma niet" },
  { re: /^the package has ([\d,]+) parts; at most ([\d,]+) are read$/, to: (count, max) => `het pakket heeft ${num(count)} onderdelen; er worden er hooguit ${num(max)} gelezen` },
  { re: /^the package is cut off or damaged \(its directory lies outside the file\)$/, to: () => "het pakket is afgekapt of beschadigd (de inhoudsopgave ligt buiten het bestand)" },
  { re: /^the package's directory is damaged$/, to: () => "de inhoudsopgave van het pakket is beschadigd" },
  {
    re: /^the package has a part named "(.*)", which points outside it; the file was not made by a spreadsheet program$/s,
    to: (name) => `het pakket heeft een onderdeel met de naam "${name}", dat buiten het pakket wijst; het bestand is niet door een spreadsheetprogramma gemaakt`,
  },
  { re: /^the package has two parts named "(.*)"$/s, to: (name) => `het pakket heeft twee onderdelen met de naam "${name}"` },
  { re: /^part (.+) uses ZIP64 \(4 GB or more\), which this tool does not read$/s, to: (name) => `onderdeel ${name} gebruikt ZIP64 (4 GB of meer), en dat leest dit programma niet` },
  {
    re: /^part (.+) is damaged or the file is cut off \(its local header is missing\)$/s,
    to: (name) => `onderdeel ${name} is beschadigd of het bestand is afgekapt (de lokale kop van het onderdeel ontbreekt)`,
  },
  { re: /^part (.+) is cut off: the file ends before its data does$/s, to: (name) => `onderdeel ${name} is afgekapt: het bestand houdt op voordat de gegevens ervan ophouden` },
  { re: /^part (.+) is missing from the package$/s, to: (name) => `onderdeel ${name} ontbreekt in het pakket` },
  { re: /^part (.+) is encrypted$/s, to: (name) => `onderdeel ${name} is versleuteld` },
  {
    re: /^part (.+) would be ([\d,]+ (?:MB|bytes)) uncompressed; the limit is ([\d,]+ (?:MB|bytes))$/s,
    to: (name, bytes, limit) => `onderdeel ${name} zou uitgepakt ${size(bytes)} zijn; de grens is ${size(limit)}`,
  },
  {
    re: /^part (.+) is compressed ([\d,]+):1 \(([\d,]+ (?:MB|bytes)) from ([\d,]+ (?:MB|bytes))\); real workbooks stay under ([\d,]+):1, so it was not read \(a "zip bomb"\?\)$/s,
    to: (name, ratio, bytes, from, max) => `onderdeel ${name} is ${num(ratio)}:1 ingepakt (${size(bytes)} uit ${size(from)}); echte werkmappen blijven onder ${num(max)}:1, dus het is niet gelezen (een "zipbom"?)`,
  },
  {
    re: /^the package's parts come to more than ([\d,]+ (?:MB|bytes)) uncompressed; the limit is ([\d,]+ (?:MB|bytes))$/,
    to: (bytes, limit) => `de onderdelen van het pakket zijn uitgepakt samen meer dan ${size(bytes)}; de grens is ${size(limit)}`,
  },
  {
    re: /^the package's parts are compressed ([\d,]+):1 together \(at (.+)\); real workbooks stay under ([\d,]+):1, so it was not read \(a "zip bomb"\?\)$/s,
    to: (ratio, name, max) => `de onderdelen van het pakket zijn samen ${num(ratio)}:1 ingepakt (bij ${name}); echte werkmappen blijven onder ${num(max)}:1, dus het is niet gelezen (een "zipbom"?)`,
  },
  {
    re: /^part (.+) inflates to more than the ([\d,]+ (?:MB|bytes)) its directory entry declares \(a damaged or crafted file\)$/s,
    to: (name, bytes) => `onderdeel ${name} pakt uit tot meer dan de ${size(bytes)} die de inhoudsopgave opgeeft (een beschadigd of gemanipuleerd bestand)`,
  },
  { re: /^part (.+) uses compression method (\d+), which this tool does not read$/s, to: (name, method) => `onderdeel ${name} gebruikt compressiemethode ${method}, en die leest dit programma niet` },
  {
    re: /^part (.+) is damaged: it holds ([\d,]+) bytes where its directory entry says ([\d,]+)$/s,
    to: (name, got, said) => `onderdeel ${name} is beschadigd: het bevat ${num(got)} bytes, terwijl de inhoudsopgave ${num(said)} zegt`,
  },
  {
    re: /^part (.+) is damaged: its CRC-32 checksum does not match \(the file was changed or cut\)$/s,
    to: (name) => `onderdeel ${name} is beschadigd: de CRC-32-controlesom klopt niet (het bestand is veranderd of afgekapt)`,
  },
  { re: /^part (.+) is damaged \((.*)\)$/s, to: (name, zlib) => `onderdeel ${name} is beschadigd (${zlib === "unexpected end of file" ? "onverwacht einde van het bestand" : zlib})` },
  // xlsxread.ts: the XML parser's complaint (saxes, in English), after the more specific "is damaged (...)" above
  { re: /^(.+) is damaged \((.*)\)$/s, to: (what, why) => `${subject(what)} is beschadigd (${why})` },
  // xlsx.ts: excelize's own error (in English) at a step of writing; after every rule above
  { re: new RegExp(`^(${WRITER_STEP}): (.+)$`, "s"), to: (what, error) => `${subject(what)}: ${error}` },
];

/** How many `${file}: ` splits are tried before a message counts as unknown (file names rarely hold ": "). */
const MAX_SPLITS = 8;

/** The rules in order: what main.ts puts around a message, the templates, and a file name before a template. */
const RULES: readonly Rule[] = [
  // main.ts: a wrong option, with where to look (the message before it is translated on its own)
  { re: /^(.*) \(see customer-segment --help\)$/s, to: (message) => `${known(message, RULES) ?? message} (zie customer-segment --help)` },
  // main.ts: a bug; the stack stays as it is, for the report
  { re: /^unexpected error: (.*)$/s, to: (stack) => `onverwachte fout: ${stack}` },
  ...TEMPLATES,
  // main.ts: `${file}: ${message}` around a CSV, ZIP or workbook problem (the first split whose rest is a template)
  {
    re: /^(.+?): (.+)$/s,
    to: (head, tail) => {
      const message = `${head}: ${tail}`;
      for (let at = head.length, k = 0; at >= 0 && k < MAX_SPLITS; at = message.indexOf(": ", at + 1), k++) {
        const inner = known(message.slice(at + 2), TEMPLATES);
        if (inner !== null) return `${message.slice(0, at)}: ${inner}`;
      }
      return null;
    },
  },
];

/** The message by the first of `rules` that takes it, or null. */
function known(message: string, rules: readonly Rule[]): string | null {
  for (const rule of rules) {
    const m = rule.re.exec(message);
    if (!m) continue;
    const out = rule.to(...m.slice(1).map((part) => part ?? ""));
    if (out !== null) return out;
  }
  return null;
}

/** How many rules there are: one per message template, and three for what is put around a message. */
export const DUTCH_RULES_COUNT: number = RULES.length;

/** One whole command-line error message (as printed after "customer-segment: ") in Dutch; a message without a rule as it is. */
export function dutch(message: string): string {
  return known(message, RULES) ?? message;
}

/** Whether a rule took the message (the whole of it, or what follows a file name and ": "). */
export function isTranslated(message: string): boolean {
  return known(message, RULES) !== null;
}
