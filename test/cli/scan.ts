/**
 * No output of the command line may hold NaN or Infinity, or print "NaN%": every test of it scans
 * what it got (terminal text, written CSV and JSON, the XML of written workbooks) with these.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { readZip } from "../../src/cli/zip.js";

const BAD = /\bNaN\b|-?\bInfinity\b|NaN%/;

export function assertNoNaN(text: string, where: string): void {
  const m = BAD.exec(text);
  assert.ok(!m, `${where}: output holds "${m?.[0]}" near "${text.slice(Math.max(0, (m?.index ?? 0) - 60), (m?.index ?? 0) + 40)}"`);
}

/** A written file: CSV and JSON as text, a workbook part by part (cell values only). */
export function assertFileNoNaN(file: string): void {
  if (/\.xls[xm]$/i.test(file)) {
    for (const [name, data] of readZip(readFileSync(file))) {
      if (!name.endsWith(".xml")) continue;
      const xml = data.toString("utf8");
      for (const m of xml.matchAll(/<(?:\w+:)?(?:v|t)(?:\s[^>]*)?>([^<]*)</g)) assertNoNaN(m[1]!, `${file} ${name}`);
    }
  } else assertNoNaN(readFileSync(file, "utf8"), file);
}
