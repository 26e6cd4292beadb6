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

declare global {
  interface Window {
    installSyntheticFake: (n: number) => void;
  }
}

/** A customer table of `n` rows made in the page (200,000 rows would be slow to hand over from the test). */
window.installSyntheticFake = (n: number) => {
  const data: Value[][] = [["Klant", "Branche", "Omzet", "Brutomarge", "Groeipotentie", "Betaaltermijn"]];
  let s = 42;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const branches = ["Bouw", "Zorg", "Retail", "Horeca", "ICT"];
  for (let i = 1; i <= n; i++) data.push([`Klant ${i}`, branches[i % 5]!, Math.round(Math.exp(7 + 3 * r()) * 100) / 100, Math.round((r() * 0.6 - 0.1) * 1000) / 1000, 1 + Math.floor(r() * 5), 14 + Math.floor(r() * 76)]);
  window.installFakeExcel(data);
};
