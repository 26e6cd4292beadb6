/**
 * Task pane: reads the customer table on the active sheet, runs the engine in-process and shows the
 * findings. Customer data never leaves the workbook: no network request is made.
 */
import { segment, SettingsError, TableError, type Message } from "../engine/index.js";
import { readActiveSheetTable, SheetError } from "../excel/read.js";
import { escapeHtml, renderSummary } from "./render.js";

function language(): "en" | "nl" {
  const lang = (typeof Office !== "undefined" && Office.context?.displayLanguage) || navigator.language || "en";
  return lang.toLowerCase().startsWith("nl") ? "nl" : "en";
}

async function run(): Promise<void> {
  const out = document.getElementById("result")!;
  const button = document.getElementById("run") as HTMLButtonElement;
  button.disabled = true;
  out.setAttribute("aria-busy", "true");
  try {
    await Excel.run(async (context) => {
      const t = await readActiveSheetTable(context);
      const result = segment(t.values, { language: language() }, { sheet: t.sheet, headerRow: t.headerRow, firstColumn: t.firstColumn });
      const messages: Message[] = result.columns.messages.flat();
      out.innerHTML = `<p class="source">${escapeHtml(t.address)}</p>` + renderSummary(result.summary, messages);
    });
  } catch (e) {
    const known = e instanceof TableError || e instanceof SettingsError || e instanceof SheetError;
    out.innerHTML = `<p class="error" role="alert">${escapeHtml(known ? (e as Error).message : `Unexpected error: ${(e as Error).message ?? e}`)}</p>`;
  } finally {
    button.disabled = false;
    out.removeAttribute("aria-busy");
  }
}

Office.onReady(() => {
  const nl = language() === "nl";
  document.documentElement.lang = nl ? "nl" : "en";
  const button = document.getElementById("run") as HTMLButtonElement;
  button.textContent = nl ? "Segmenteren" : "Segment";
  document.getElementById("intro")!.textContent = nl
    ? "Leest de klantentabel op het actieve blad (kopregel met klant en omzet) en toont wie je beste klanten zijn."
    : "Reads the customer table on the active sheet (a header row with customer and revenue) and shows who your best customers are.";
  button.addEventListener("click", () => void run());
});
