/** Bundled into the e2e page: the strict fake workbook as window.Excel, with the test's sheet. */
import { EXCEL_ENUMS, FakeContext, FakeSheet, type Value } from "../excel/fake-excel.js";

declare global {
  interface Window {
    installFakeExcel: (data: Value[][]) => void;
    fakeSheet: FakeSheet;
    fakeContext: FakeContext;
  }
}

window.installFakeExcel = (data: Value[][]) => {
  const sheet = new FakeSheet("Klanten", data);
  const ctx = new FakeContext([sheet]);
  window.fakeSheet = sheet;
  window.fakeContext = ctx;
  (window as unknown as { Excel: unknown }).Excel = {
    run: async (f: (c: unknown) => Promise<unknown>) => f(ctx),
    ...EXCEL_ENUMS,
  };
};
