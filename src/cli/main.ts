#!/usr/bin/env node
/**
 * customer-segment: the segmentation engine on a file, without Excel.
 *
 *   customer-segment customers.csv                     summary on the terminal, result next to the input
 *   customer-segment customers.csv --format json --out -
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { segment, SettingsError, TableError, type SettingsInput } from "../engine/index.js";
import { CsvError, detectDelimiter, parseCsv } from "./csv.js";
import { summaryText, toCsv, toJson } from "./output.js";

const HELP = `Usage: customer-segment <file.csv> [options]

Segments the customer table in a CSV file (comma or semicolon separated, as Excel writes it):
80/20 Pareto classes, profit curve, BCG quadrants, weighted score and A-D tier.

Options:
  --out <path>        where to write the result; "-" for standard output
                      (default: <file>.segmented.csv, or .json with --format json)
  --format csv|json   output format (default: csv)
  --settings <file>   settings JSON (the object the task pane saves), e.g. {"pareto":{"aCutoff":0.7}}
  --map role=header   use this column for a role, e.g. --map revenue="Omzet 2025" (repeatable)
  --lang en|nl        language of messages and labels (default: from the settings, else en)
  --quiet             no summary on the terminal
  -h, --help          this text

Examples:
  customer-segment assets/klanten-groothandel.csv
  customer-segment klanten.csv --lang nl --map revenue="Omzet 2025"
  customer-segment klanten.csv --format json --out - > result.json
`;

export class UsageError extends Error {}

interface Options {
  file: string;
  out: string | null;
  format: "csv" | "json";
  settings: string | null;
  map: Record<string, string>;
  lang: "en" | "nl" | null;
  quiet: boolean;
}

export function parseArgs(argv: string[]): Options | "help" {
  const o: Options = { file: "", out: null, format: "csv", settings: null, map: {}, lang: null, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--out") o.out = value();
    else if (a === "--format") {
      const f = value();
      if (f !== "csv" && f !== "json") throw new UsageError(`--format must be csv or json (xlsx output comes with the workbook writer); got ${f}`);
      o.format = f;
    } else if (a === "--settings") o.settings = value();
    else if (a === "--map") {
      const m = /^([A-Za-z]+)=(.*)$/.exec(value());
      if (!m) throw new UsageError(`--map takes role=header, e.g. --map revenue="Omzet 2025"`);
      o.map[m[1]!] = m[2]!;
    } else if (a === "--lang") {
      const l = value();
      if (l !== "en" && l !== "nl") throw new UsageError(`--lang must be en or nl; got ${l}`);
      o.lang = l;
    } else if (a === "--quiet") o.quiet = true;
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else if (!o.file) o.file = a;
    else throw new UsageError(`one input file only; got also ${a}`);
  }
  if (!o.file) throw new UsageError("name the input file, e.g. customer-segment klanten.csv");
  return o;
}

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): number {
  let opts: Options | "help";
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.stderr.write(`customer-segment: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (opts === "help") {
    io.stdout.write(HELP);
    return 0;
  }
  try {
    const ext = extname(opts.file).toLowerCase();
    if (ext !== ".csv" && ext !== ".txt") throw new UsageError(`${opts.file}: only .csv files can be read so far`);
    let text: string;
    try {
      text = readFileSync(opts.file, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(code === "ENOENT" ? `${opts.file}: no such file` : `${opts.file}: cannot be read (${code ?? (e as Error).message})`);
    }
    const delimiter = detectDelimiter(text.replace(/^\ufeff/, ""));
    const table = parseCsv(text, delimiter);
    let settings: SettingsInput = {};
    if (opts.settings) {
      try {
        settings = JSON.parse(readFileSync(opts.settings, "utf8")) as SettingsInput;
      } catch (e) {
        throw new UsageError(`${opts.settings}: not a readable settings JSON file (${(e as Error).message})`);
      }
    }
    if (opts.lang) settings = { ...settings, language: opts.lang };
    if (Object.keys(opts.map).length) settings = { ...settings, columns: { ...(settings.columns ?? {}), ...opts.map } };
    const sheet = basename(opts.file);
    const result = segment(table, settings, { sheet });
    const body = opts.format === "json" ? JSON.stringify(toJson(result), null, 2) + "\n" : toCsv(table, result, delimiter);
    const out = opts.out ?? join(dirname(opts.file), `${basename(opts.file, extname(opts.file))}.segmented.${opts.format}`);
    if (out === "-") io.stdout.write(body);
    else writeFileSync(out, (opts.format === "csv" ? "\ufeff" : "") + body);
    if (!opts.quiet) {
      const stream = out === "-" ? io.stderr : io.stdout;
      stream.write(summaryText(result) + "\n");
      if (out !== "-") stream.write(`\n${result.settings.language === "nl" ? "Resultaat geschreven naar" : "Result written to"} ${out}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof TableError || e instanceof SettingsError || e instanceof CsvError) {
      io.stderr.write(`customer-segment: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] && /main\.(ts|js)$|customer-segment$/.test(process.argv[1]);
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
