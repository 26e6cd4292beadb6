/**
 * Reading the customer table of the active sheet. The only module (with its siblings in src/excel)
 * that touches `Excel.*`.
 *
 * For now it reads the used range of the active sheet in one request, after checking its size
 * (Excel returns no values above 5 million cells in one read).
 */
import type { Cell } from "../engine/index.js";
import { parseAddress } from "./address.js";

export const MAX_CELLS_PER_READ = 5_000_000;

export interface SheetTable {
  sheet: string;
  address: string;
  /** 1-based sheet row of the header row. */
  headerRow: number;
  /** 0-based sheet column of the table's first column. */
  firstColumn: number;
  values: Cell[][];
}

export class SheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SheetError";
  }
}

export async function readActiveSheetTable(context: Excel.RequestContext): Promise<SheetTable> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load("name");
  const used = sheet.getUsedRange();
  used.load(["address", "rowCount", "columnCount"]);
  await context.sync();
  const cells = used.rowCount * used.columnCount;
  if (used.rowCount < 2) {
    throw new SheetError(`Sheet "${sheet.name}" has no data: it needs a header row and at least one customer row.`);
  }
  if (cells > MAX_CELLS_PER_READ) {
    throw new SheetError(`Sheet "${sheet.name}" uses ${cells.toLocaleString("en-US")} cells (${used.address}); the add-in reads at most ${MAX_CELLS_PER_READ.toLocaleString("en-US")} at once. Put the customer table on a sheet of its own.`);
  }
  used.load("values");
  await context.sync();
  const a = parseAddress(used.address);
  return { sheet: sheet.name, address: used.address, headerRow: a.row, firstColumn: a.column, values: used.values as Cell[][] };
}
