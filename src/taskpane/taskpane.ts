/**
 * Task pane: shows which table a run will read and the role of each column, the settings editor
 * with a live preview of the tiers, runs the segmentation and shows the findings. Settings are
 * saved in the workbook as they change, so the ribbon's Segment button uses them too.
 * Customer data never leaves the workbook: no network request is made.
 */
import { defaultSettings, resolveSettings, type Cell, type Language, type Message, type Settings } from "../engine/index.js";
import { lastRun, ribbonListeners } from "../commands/commands.js";
import { readPreview, runErrorMessage, segmentActiveSheet, type Source } from "../excel/segment-sheet.js";
import { loadSettings, saveSettings } from "../excel/settings-store.js";
import { escapeHtml, renderInsights, renderOrderList, renderSummary } from "./render.js";
import { formToSettings, renderPreview, renderSettingsForm, segmentValues } from "./settings-form.js";
import { applyTheme, paneTheme } from "./theme.js";
import { workerEngine, workerOrderList } from "./engine-client.js";

/** Light or dark as Office is (read again on every refresh and run: the user may switch meanwhile). */
function followTheme(): void {
  const theme = typeof Office !== "undefined" ? (Office.context as { officeTheme?: { bodyBackgroundColor?: string } } | undefined)?.officeTheme : undefined;
  applyTheme(document, paneTheme(theme));
}

function language(): Language {
  const lang = (typeof Office !== "undefined" && Office.context?.displayLanguage) || navigator.language || "en";
  return lang.toLowerCase().startsWith("nl") ? "nl" : "en";
}

const TEXT = {
  en: {
    title: "Customer Segmentation",
    intro: "Reads the customer table on the active sheet (a header row with customer and revenue) and shows who your best customers are.",
    run: "Segment",
    refresh: "Read the table again",
    saved: "Settings saved in this workbook.",
    table: (what: string, address: string, n: number) => `Reads ${what} (${address}): ${n} rows.`,
    orders: (address: string, lines: number, customers: number) => `Reads the order list ${address}: ${lines} lines, ${customers} customers. Segment writes the customers on a sheet of their own; the order lines stay as they are.`,
    noTable: "Select a cell in your customer table, then click “Read the table again”.",
    charts: "Charts and summary on sheet",
    settings: "Settings",
    cancel: "Cancel",
    stages: { read: "Reading the table…", segment: "Computing…", write: "Writing the results…", charts: "Making the charts…", done: "Done", aggregate: "Reading the order lines…", models: "Fitting the models…" } as Record<string, string>,
  },
  nl: {
    title: "Klantsegmentatie",
    intro: "Leest de klantentabel op het actieve blad (kopregel met klant en omzet) en toont wie je beste klanten zijn.",
    run: "Segmenteren",
    refresh: "Tabel opnieuw lezen",
    saved: "Instellingen opgeslagen in deze werkmap.",
    table: (what: string, address: string, n: number) => `Leest ${what} (${address}): ${n} rijen.`,
    orders: (address: string, lines: number, customers: number) => `Leest de orderlijst ${address}: ${lines} regels, ${customers} klanten. Segmenteren zet de klanten op een eigen blad; de orderregels blijven zoals ze zijn.`,
    noTable: "Selecteer een cel in je klantentabel en klik op “Tabel opnieuw lezen”.",
    charts: "Grafieken en samenvatting op blad",
    settings: "Instellingen",
    cancel: "Annuleren",
    stages: { read: "Tabel lezen…", segment: "Rekenen…", write: "Resultaten schrijven…", charts: "Grafieken maken…", done: "Klaar", aggregate: "Orderregels lezen…", models: "Modellen schatten…" } as Record<string, string>,
  },
};

const state: { settings: Settings; rows: Cell[][]; totalRows: number; source: Source | null; orderList: { lines: number; customers: number } | null } = {
  settings: defaultSettings(),
  rows: [],
  totalRows: 0,
  source: null,
  orderList: null,
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function describe(source: Source, lang: Language): string {
  const what = source.kind === "table" ? source.what.replace(/ on sheet .*/, "") : source.kind === "region" ? (lang === "nl" ? "de gegevens rond de selectie" : "the data around the selection") : lang === "nl" ? "het gebruikte bereik" : "the used range";
  const address = source.address.replace(/^[^!]*!/, `${source.sheet.name}!`);
  if (state.orderList) return TEXT[lang].orders(address, state.orderList.lines, state.orderList.customers);
  return TEXT[lang].table(what, address, source.rowCount - 1);
}

/** Show the form for the current settings; the focused control keeps the focus. */
function renderForm(): void {
  const form = $<HTMLFormElement>("settings");
  const focused = document.activeElement?.id;
  // Groups the user opened stay open (and closed ones closed) when the form is shown anew.
  const open = Array.from(form.querySelectorAll("details.group"), (d) => (d as HTMLDetailsElement).open);
  form.innerHTML = renderSettingsForm(state.settings, state.rows[0] ?? [], state.settings.language, segmentValues(state.rows, state.settings));
  if (open.length) form.querySelectorAll("details.group").forEach((d, k) => ((d as HTMLDetailsElement).open = open[k] ?? (d as HTMLDetailsElement).open));
  $("reset").addEventListener("click", () => void reset());
  if (focused) document.getElementById(focused)?.focus();
  updatePreview();
}

/** The live tier preview; false when the settings are not valid (the message is shown instead). */
function updatePreview(): boolean {
  const box = document.getElementById("preview");
  let out: { html: string; ok: boolean };
  if (state.rows.length > 1) out = renderPreview(state.rows, state.totalRows, state.settings);
  else {
    try {
      resolveSettings(state.settings);
      out = { html: "", ok: true };
    } catch (e) {
      out = { html: `<p class="error" id="settings-error" role="alert">${escapeHtml((e as Error).message)}</p>`, ok: false };
    }
  }
  if (box) {
    box.innerHTML = out.html;
    box.querySelectorAll<HTMLElement>(".tier[data-count]").forEach((el) => (el.style.flexGrow = el.dataset.count ?? "0"));
  }
  return out.ok;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void save(), 300);
}

async function save(): Promise<void> {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  try {
    await Excel.run(async (context) => {
      state.settings = await saveSettings(context, state.settings);
    });
    $("saved").textContent = TEXT[state.settings.language].saved;
  } catch (e) {
    $("saved").textContent = runErrorMessage(e);
  }
}

/** A change in the form: read it, show the preview, save when the settings are valid. */
function onInput(e: Event): void {
  const form = $<HTMLFormElement>("settings");
  const target = e.target as HTMLInputElement | HTMLSelectElement;
  if (target.type === "range") {
    const out = document.getElementById(`${target.id}-out`);
    if (out) out.textContent = target.value;
    target.setAttribute("aria-valuetext", target.value);
  }
  if (target.name === "bcg.xMethod" || target.name === "bcg.yMethod") {
    const value = document.getElementById(target.id.replace(/-method$/, "-value")) as HTMLInputElement | null;
    if (value) value.disabled = target.value !== "fixed";
  }
  const values = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
  state.settings = formToSettings(values, state.settings);
  // Saved only when valid; an invalid value shows its message in the preview until it is fixed, and
  // the field changed last is marked invalid where it is (aria-invalid, described by the message).
  const ok = updatePreview() && (!("checkValidity" in target) || target.checkValidity());
  form.querySelectorAll("[aria-invalid]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
  });
  if (!ok) {
    target.setAttribute("aria-invalid", "true");
    if (document.getElementById("settings-error")) target.setAttribute("aria-describedby", "settings-error");
  }
  if (ok) {
    scheduleSave();
    // The threshold's unit follows the axis, and which criteria have a column follows the mapping.
    if (target.name === "bcg.x" || target.name.startsWith("col.") || target.name === "ins.segCol") renderForm();
  }
}

async function reset(): Promise<void> {
  state.settings = { ...defaultSettings(), language: language() };
  renderForm();
  await save();
}

/** Read which table a run will use and its first rows (for the lists and the preview). */
async function readTable(): Promise<void> {
  const lang = state.settings.language;
  followTheme();
  try {
    await Excel.run(async (context) => {
      const saved = await loadSettings(context);
      state.settings = resolveSettings({ ...saved, language: lang });
      const p = await readPreview(context);
      state.rows = p.rows;
      state.totalRows = p.totalRows;
      state.source = p.source;
      state.orderList = p.orderList;
    });
    $("source").textContent = describe(state.source!, lang);
    $("source").classList.remove("error");
  } catch (e) {
    state.rows = [];
    state.source = null;
    state.orderList = null;
    const known = typeof Excel !== "undefined" && typeof Excel.run === "function";
    $("source").textContent = known ? runErrorMessage(e) : TEXT[lang].noTable;
    $("source").classList.toggle("error", known);
  }
  renderForm();
}

async function run(): Promise<void> {
  const out = $("result");
  const button = $<HTMLButtonElement>("run");
  const lang = state.settings.language;
  button.disabled = true;
  followTheme();
  out.setAttribute("aria-busy", "true");
  try {
    if (saveTimer !== undefined) await save();
    await Excel.run(async (context) => {
      const settings = await saveSettings(context, state.settings);
      const progress = $<HTMLProgressElement>("progress");
      const label = $("progress-label");
      const cancel = $<HTMLButtonElement>("cancel");
      const stop = new AbortController();
      cancel.disabled = false;
      cancel.onclick = () => {
        stop.abort();
        cancel.disabled = true;
      };
      $("running").hidden = false;
      // The engine runs in a Web Worker: the pane and Excel stay usable, and the run can be cancelled
      // until it starts writing (then it finishes, so nothing is left half written).
      const r = await segmentActiveSheet(context, settings, {
        engine: workerEngine(),
        orderListEngine: workerOrderList(),
        signal: stop.signal,
        onProgress: (done, what) => {
          progress.value = done;
          label.textContent = TEXT[lang].stages[what] ?? "";
          if (what === "write" || what === "charts") cancel.disabled = true;
        },
      });
      $("running").hidden = true;
      const messages: Message[] = r.result.columns.messages.flat();
      out.innerHTML =
        (r.orderList ? renderOrderList(r.orderList, r.sheet, lang) : "") +
        `<p class="source">${escapeHtml(r.address)} · ${TEXT[lang].charts} <a href="#" data-sheet="${escapeHtml(r.reportSheet)}" data-cell="A1">${escapeHtml(r.reportSheet)}</a></p>` +
        renderSummary(r.result.summary, messages) +
        renderInsights(r.insights, lang);
    });
  } catch (e) {
    $("running").hidden = true;
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
  const lang = language();
  state.settings = { ...state.settings, language: lang };
  document.documentElement.lang = lang;
  const t = TEXT[lang];
  $("run").textContent = t.run;
  $("refresh").textContent = t.refresh;
  $("intro").textContent = t.intro;
  $("settings-title").textContent = t.settings;
  $("cancel").textContent = t.cancel;
  followTheme();
  // The title in the user's language, on the page and in the window.
  document.title = t.title;
  $("title").textContent = t.title;
  $("run").addEventListener("click", () => void run());
  $("refresh").addEventListener("click", () => void readTable());
  $("settings").addEventListener("input", onInput);
  $("settings").addEventListener("submit", (e) => e.preventDefault());
  // A rule added or removed (its name filled in or cleared) shows the rules anew, with an empty row to add the next.
  $("settings").addEventListener("change", (e) => {
    if (/^ol\.rule\.\d+\.name$/.test((e.target as HTMLInputElement).name) && updatePreview()) renderForm();
  });
  $("result").addEventListener("click", (e) => {
    const a = (e.target as HTMLElement).closest?.("a[data-cell]") as HTMLAnchorElement | null;
    if (!a) return;
    e.preventDefault();
    void selectCell(a.dataset.sheet!, a.dataset.cell!);
  });
  // What the ribbon's Segment button did (now or before the pane was opened).
  const showRibbonRun = (r: typeof lastRun) => {
    const p = document.createElement("p");
    p.className = r.ok ? "headline" : "error";
    if (!r.ok) p.setAttribute("role", "alert");
    p.textContent = r.message;
    $("result").replaceChildren(p);
  };
  if (lastRun.when) showRibbonRun(lastRun);
  ribbonListeners.push(showRibbonRun);
  void readTable();
});
