/**
 * Task pane: reads the customer table on the active sheet, runs the engine in-process and shows the
 * findings. Customer data never leaves the workbook: no network request is made.
 */
import type { Message } from "../engine/index.js";
import { lastRun } from "../commands/commands.js";
import { runErrorMessage, segmentActiveSheet } from "../excel/segment-sheet.js";
import { loadSettings, saveSettings } from "../excel/settings-store.js";
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
      const saved = await loadSettings(context);
      const settings = await saveSettings(context, { ...saved, language: language() });
      const progress = document.getElementById("progress") as HTMLProgressElement;
      progress.hidden = false;
      const run = await segmentActiveSheet(context, settings, { onProgress: (done) => (progress.value = done) });
      progress.hidden = true;
      const messages: Message[] = run.result.columns.messages.flat();
      out.innerHTML = `<p class="source">${escapeHtml(run.address)}</p>` + renderSummary(run.result.summary, messages);
    });
  } catch (e) {
    out.innerHTML = `<p class="error" role="alert">${escapeHtml(runErrorMessage(e))}</p>`;
  } finally {
    button.disabled = false;
    out.removeAttribute("aria-busy");
  }
}

/** A problem link selects the offending cell in the workbook. */
async function selectCell(sheet: string, cell: string): Promise<void> {
  await Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(cell).select();
    await context.sync();
  });
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
  document.getElementById("result")!.addEventListener("click", (e) => {
    const a = (e.target as HTMLElement).closest?.("a[data-cell]") as HTMLAnchorElement | null;
    if (!a) return;
    e.preventDefault();
    void selectCell(a.dataset.sheet!, a.dataset.cell!);
  });
  if (lastRun.when) {
    const p = document.createElement("p");
    p.className = lastRun.ok ? "headline" : "error";
    p.textContent = lastRun.message;
    document.getElementById("result")!.append(p);
  }
});
