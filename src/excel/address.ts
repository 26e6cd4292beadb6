/**
 * Excel addresses as plain data, no Office needed: `Klanten!B3:F20` → sheet, first row, first column.
 *
 * @example
 * parseAddress("'Mijn klanten'!B3:F20") // { sheet: "Mijn klanten", row: 3, column: 1, lastRow: 20, lastColumn: 5 }
 */
export interface ParsedAddress {
  sheet: string | null;
  /** 1-based sheet row of the top-left cell. */
  row: number;
  /** 0-based column index of the top-left cell (A = 0). */
  column: number;
  lastRow: number;
  lastColumn: number;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function parseAddress(address: string): ParsedAddress {
  let sheet: string | null = null;
  let ref = address;
  const bang = address.lastIndexOf("!");
  if (bang >= 0) {
    sheet = address.slice(0, bang);
    if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    ref = address.slice(bang + 1);
  }
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref);
  if (!m) throw new Error(`Not a cell range address: ${address}`);
  const column = columnIndex(m[1]!);
  const row = Number(m[2]);
  return {
    sheet,
    row,
    column,
    lastRow: m[4] ? Number(m[4]) : row,
    lastColumn: m[3] ? columnIndex(m[3]) : column,
  };
}
