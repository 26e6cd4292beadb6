import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { parseCsv } from "../../src/cli/csv.js";
import { jsonRowText, toJson } from "../../src/cli/output.js";
import { segment } from "../../src/engine/index.js";

describe("cli/output: the JSON rows written straight from the columns", () => {
  it("are exactly what JSON.stringify gives for the row objects: problems, blanks, ties, Dutch", () => {
    const sample = parseCsv(readFileSync("assets/klanten-groothandel.csv", "utf8").replace(/^\uFEFF/, ""), ";");
    const odd = [["Klant", "Omzet", "Marge", "Groei"], ["A \"quoted\" \\ name\u2028", "1.000", "0,2", "3"], ["", "500", "", ""], ["C", "#N/A", "0,1", "2"], ["D", "-0", "0", "1"], ["E", "1e400", "x", "y"]];
    for (const [table, settings] of [[sample, {}], [sample, { language: "nl" as const }], [odd, {}]] as const) {
      const r = segment(table as string[][], settings);
      const rows = (toJson(r) as { rows: unknown[] }).rows;
      rows.forEach((row, i) => assert.equal(jsonRowText(r, i), JSON.stringify(row), `row ${i + 2}`));
    }
  });
});
