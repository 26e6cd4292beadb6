/**
 * The task pane's settings editor, pure: settings → HTML form, form values → settings, and the live
 * preview of the tiers. No Office and no DOM here (the pane collects the form's values with
 * FormData), so all of it is tested in Node.
 *
 * Field names: `col.<role>` ("__auto", "__none" or a header), `w.<i>` and `d.<i>` (weight and
 * direction of criterion i), `pareto.a`/`pareto.b` (percent), `bcg.x`, `bcg.xMethod`, `bcg.xValue`,
 * `bcg.yMethod`, `bcg.yValue`, `tier.a`/`tier.b`/`tier.c` (score 0-100).
 *
 * @example
 * const html = renderSettingsForm(resolveSettings({}), ["Klant", "Omzet"], "nl");
 * formToSettings({ "w.0": "2", "d.0": "higher", ... }, resolveSettings({})).score.criteria[0].weight // 2
 */
import {
  detectColumns,
  isRole,
  LOWER_IS_BETTER,
  resolveSettings,
  ROLES,
  segment,
  type Cell,
  type CriterionSetting,
  type Language,
  type Role,
  type Settings,
  type ThresholdSetting,
} from "../engine/index.js";
import { escapeHtml } from "./render.js";

export const AUTO = "__auto";
export const NONE = "__none";

const ROLE_LABELS: Record<Language, Record<Role, string>> = {
  en: {
    customer: "Customer", id: "Customer number", revenue: "Revenue", profit: "Profit", margin: "Margin", growth: "Growth potential",
    paymentDays: "Payment days", innovation: "Innovation", network: "Network", strategicFit: "Strategic fit", culturalFit: "Cultural fit",
    segment: "Segment", orders: "Orders", costToServe: "Cost to serve", salesEffort: "Sales effort",
  },
  nl: {
    customer: "Klant", id: "Klantnummer", revenue: "Omzet", profit: "Winst", margin: "Marge", growth: "Groeipotentie",
    paymentDays: "Betaaltermijn", innovation: "Innovatie", network: "Netwerk", strategicFit: "Strategische fit", culturalFit: "Culturele fit",
    segment: "Segment (branche)", orders: "Aantal orders", costToServe: "Kosten om te bedienen", salesEffort: "Verkoopinspanning",
  },
};

const T = {
  en: {
    columns: "Columns", columnsHelp: "Which column holds what. Automatic uses the header names (English or Dutch).",
    auto: "Automatic", autoNone: "Automatic: not found", none: "Not used",
    weights: "Score weights", weightsHelp: "How much each criterion counts in the score (0 leaves it out).",
    higher: "Higher is better", lower: "Lower is better", noColumn: "no such column",
    cutoffs: "Cut-offs", paretoA: "A customers reach (% of revenue)", paretoB: "A and B reach (% of revenue)",
    tierA: "Tier A from score", tierB: "Tier B from score", tierC: "Tier C from score",
    bcg: "BCG matrix", x: "Profitability axis", margin: "Margin", profit: "Profit", xThreshold: "Profitability threshold", yThreshold: "Growth threshold",
    median: "Median", mean: "Mean", fixed: "Fixed value", value: "Value",
    reset: "Reset to defaults", preview: "Preview", previewOf: "of the first {n} of {total} customers", customers: "customers",
  },
  nl: {
    columns: "Kolommen", columnsHelp: "Welke kolom wat bevat. Automatisch kijkt naar de kopteksten (Nederlands of Engels).",
    auto: "Automatisch", autoNone: "Automatisch: niet gevonden", none: "Niet gebruiken",
    weights: "Weging van de score", weightsHelp: "Hoe zwaar elk criterium telt in de score (0 laat het weg).",
    higher: "Hoger is beter", lower: "Lager is beter", noColumn: "kolom ontbreekt",
    cutoffs: "Grenzen", paretoA: "A-klanten halen (% van de omzet)", paretoB: "A en B halen (% van de omzet)",
    tierA: "Klasse A vanaf score", tierB: "Klasse B vanaf score", tierC: "Klasse C vanaf score",
    bcg: "BCG-matrix", x: "As winstgevendheid", margin: "Marge", profit: "Winst", xThreshold: "Drempel winstgevendheid", yThreshold: "Drempel groei",
    median: "Mediaan", mean: "Gemiddelde", fixed: "Vaste waarde", value: "Waarde",
    reset: "Standaardinstellingen", preview: "Voorbeeld", previewOf: "van de eerste {n} van {total} klanten", customers: "klanten",
  },
};

export function roleLabel(role: Role, lang: Language): string {
  return ROLE_LABELS[lang][role];
}

/** The direction a criterion has: its own, else its role's default (payment days: lower is better). */
function lowerIsBetter(c: CriterionSetting): boolean {
  return c.lowerIsBetter ?? LOWER_IS_BETTER.has(c.criterion);
}

function criterionLabel(criterion: string, lang: Language): string {
  return isRole(criterion) ? roleLabel(criterion, lang) : criterion;
}

/** Round for display: 0.8 → "80". */
function pct(v: number): string {
  return String(Math.round(v * 1000) / 10);
}

function thresholdFields(axis: "x" | "y", t: ThresholdSetting, lang: Language, unit: string): string {
  const s = T[lang];
  const id = `bcg-${axis}`;
  const option = (v: string, label: string) => `<option value="${v}"${t.method === v ? " selected" : ""}>${label}</option>`;
  const value = t.method === "fixed" ? String(axis === "x" && unit === "%" ? Math.round(t.value * 10000) / 100 : t.value) : "";
  return `<div class="field"><label for="${id}-method">${axis === "x" ? s.xThreshold : s.yThreshold}</label>
<div class="inline"><select id="${id}-method" name="bcg.${axis}Method">${option("median", s.median)}${option("mean", s.mean)}${option("fixed", s.fixed)}</select>
<input id="${id}-value" name="bcg.${axis}Value" type="number" step="any" inputmode="decimal" aria-label="${s.value}${unit ? ` (${unit})` : ""}" value="${value}"${t.method === "fixed" ? "" : " disabled"} />${unit ? `<span class="unit">${unit}</span>` : ""}</div></div>`;
}

/**
 * The form for `settings`, for a table with these `headers`. Roles left to "Automatic" show what the
 * header names give; every criterion has a weight and a direction.
 */
export function renderSettingsForm(settings: Settings, headers: readonly Cell[], lang: Language): string {
  const s = T[lang];
  const names = headers.map((h) => String(h ?? "").trim()).filter((h) => h !== "");
  const auto = new Map(detectColumns(headers).map((m) => [m.role, m.header]));
  let found = new Map<string, string>();
  try {
    found = new Map(detectColumns(headers, settings.columns).map((m) => [m.role, m.header]));
  } catch {
    // a mapping to a column that is gone: shown as chosen, reported by the preview
  }
  const parts: string[] = [];

  const columnRows = ROLES.map((role) => {
    const chosen = settings.columns[role];
    const value = chosen === undefined ? AUTO : chosen === null ? NONE : chosen;
    const autoLabel = auto.has(role) ? `${s.auto}: ${auto.get(role)}` : s.autoNone;
    const options = [
      `<option value="${AUTO}"${value === AUTO ? " selected" : ""}>${escapeHtml(autoLabel)}</option>`,
      `<option value="${NONE}"${value === NONE ? " selected" : ""}>${s.none}</option>`,
      ...names.map((h) => `<option value="${escapeHtml(h)}"${value === h ? " selected" : ""}>${escapeHtml(h)}</option>`),
    ];
    if (value !== AUTO && value !== NONE && !names.includes(value)) options.push(`<option value="${escapeHtml(value)}" selected>${escapeHtml(value)} (${s.noColumn})</option>`);
    return `<div class="field"><label for="col-${role}">${roleLabel(role, lang)}</label><select id="col-${role}" name="col.${role}">${options.join("")}</select></div>`;
  });
  parts.push(`<details class="group"><summary>${s.columns}</summary><p class="help">${s.columnsHelp}</p>${columnRows.join("")}</details>`);

  const weightRows = settings.score.criteria.map((c, i) => {
    const lower = lowerIsBetter(c);
    // Margin and profit are derived from each other (margin = profit / revenue), as the engine does.
    const has = (role: string) => found.has(role) || ((role === "margin" || role === "profit") && (found.has("margin") || found.has("profit")));
    const present = isRole(c.criterion) ? has(c.criterion) : names.includes(c.criterion);
    const label = criterionLabel(c.criterion, lang);
    return `<div class="criterion${present ? "" : " absent"}">
<label for="w-${i}">${escapeHtml(label)}${present ? "" : ` <span class="muted">(${s.noColumn})</span>`}</label>
<div class="inline"><input id="w-${i}" name="w.${i}" type="range" min="0" max="5" step="0.5" value="${c.weight}" aria-valuetext="${c.weight}" /><output for="w-${i}" id="w-${i}-out">${c.weight}</output>
<select name="d.${i}" aria-label="${escapeHtml(label)}: ${s.higher} / ${s.lower}"><option value="higher"${lower ? "" : " selected"}>${s.higher}</option><option value="lower"${lower ? " selected" : ""}>${s.lower}</option></select></div></div>`;
  });
  parts.push(`<details class="group" open><summary>${s.weights}</summary><p class="help">${s.weightsHelp}</p>${weightRows.join("")}<div id="preview" class="preview" aria-live="polite"></div></details>`);

  const num = (id: string, name: string, label: string, value: string, min: number, max: number, step: string) =>
    `<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${name}" type="number" min="${min}" max="${max}" step="${step}" value="${value}" /></div>`;
  const t = settings.score.tierCutoffs;
  parts.push(
    `<details class="group"><summary>${s.cutoffs}</summary>` +
      num("pareto-a", "pareto.a", s.paretoA, pct(settings.pareto.aCutoff), 1, 100, "any") +
      num("pareto-b", "pareto.b", s.paretoB, pct(settings.pareto.bCutoff), 1, 100, "any") +
      num("tier-a", "tier.a", s.tierA, String(t.a), 0, 100, "any") +
      num("tier-b", "tier.b", s.tierB, String(t.b), 0, 100, "any") +
      num("tier-c", "tier.c", s.tierC, String(t.c), 0, 100, "any") +
      `</details>`,
  );

  const b = settings.bcg;
  parts.push(
    `<details class="group"><summary>${s.bcg}</summary>` +
      `<div class="field"><label for="bcg-x">${s.x}</label><select id="bcg-x" name="bcg.x"><option value="margin"${b.x === "margin" ? " selected" : ""}>${s.margin}</option><option value="profit"${b.x === "profit" ? " selected" : ""}>${s.profit}</option></select></div>` +
      thresholdFields("x", b.xThreshold, lang, b.x === "margin" ? "%" : "") +
      thresholdFields("y", b.yThreshold, lang, "") +
      `</details>`,
  );
  parts.push(`<button id="reset" type="button" class="secondary">${s.reset}</button>`);
  return parts.join("\n");
}

function number(v: string | undefined): number {
  if (v === undefined || v.trim() === "") return NaN;
  return Number(v.trim().replace(",", "."));
}

function threshold(method: string | undefined, value: string | undefined, scale: number, previous: ThresholdSetting): ThresholdSetting {
  if (method === "median" || method === "mean") return { method };
  if (method === "fixed") {
    const v = number(value);
    // Switching to "fixed" before typing a value keeps the last fixed value, or starts at 0.
    if (Number.isNaN(v)) return { method: "fixed", value: previous.method === "fixed" ? previous.value : 0 };
    return { method: "fixed", value: v / scale };
  }
  return previous;
}

/**
 * The settings the form's values describe, on top of `base` (language, concentration thresholds
 * and anything the form does not show are kept). Not validated: pass the result to resolveSettings.
 */
export function formToSettings(values: Record<string, string>, base: Settings): Settings {
  const columns: Settings["columns"] = {};
  for (const role of ROLES) {
    const v = values[`col.${role}`];
    if (v === undefined) {
      if (base.columns[role] !== undefined) columns[role] = base.columns[role];
    } else if (v === NONE) columns[role] = null;
    else if (v !== AUTO) columns[role] = v;
  }
  const x = values["bcg.x"] === "profit" ? "profit" : values["bcg.x"] === "margin" ? "margin" : base.bcg.x;
  const xScale = x === "margin" ? 100 : 1;
  return {
    ...base,
    columns,
    pareto: {
      aCutoff: values["pareto.a"] !== undefined ? number(values["pareto.a"]) / 100 : base.pareto.aCutoff,
      bCutoff: values["pareto.b"] !== undefined ? number(values["pareto.b"]) / 100 : base.pareto.bCutoff,
    },
    bcg: {
      x,
      xThreshold: threshold(values["bcg.xMethod"], values["bcg.xValue"], xScale, base.bcg.xThreshold),
      yThreshold: threshold(values["bcg.yMethod"], values["bcg.yValue"], 1, base.bcg.yThreshold),
    },
    score: {
      criteria: base.score.criteria.map((c, i) => {
        const weight = values[`w.${i}`] !== undefined ? number(values[`w.${i}`]) : c.weight;
        const lower = values[`d.${i}`] !== undefined ? values[`d.${i}`] === "lower" : lowerIsBetter(c);
        // The direction is written only when it differs from what the criterion has now (or its role's default).
        return lower === lowerIsBetter(c) ? { ...c, weight } : { criterion: c.criterion, weight, lowerIsBetter: lower };
      }),
      tierCutoffs: {
        a: values["tier.a"] !== undefined ? number(values["tier.a"]) : base.score.tierCutoffs.a,
        b: values["tier.b"] !== undefined ? number(values["tier.b"]) : base.score.tierCutoffs.b,
        c: values["tier.c"] !== undefined ? number(values["tier.c"]) : base.score.tierCutoffs.c,
      },
    },
  };
}

/**
 * The live preview: how many customers land in each tier (and Pareto class) with these settings,
 * on the rows the pane read. Problems with the settings come back as one message, not an exception.
 * The bar's segments carry their count in data-count (the pane sizes them; the CSP allows no inline styles).
 */
export function renderPreview(rows: readonly (readonly Cell[])[], totalRows: number, settings: Settings): { html: string; ok: boolean } {
  const lang = settings.language;
  const s = T[lang];
  try {
    const r = segment(rows, resolveSettings(settings));
    const tiers = r.summary.score.tiers;
    const n = tiers.reduce((t, x) => t + x.count, 0);
    const bar = tiers
      .map((x) => `<span class="tier tier-${x.key}" data-count="${x.count}" title="${x.key}: ${x.count}"></span>`)
      .join("");
    const counts = tiers.map((x) => `<li><b>${x.key}</b> ${x.count}</li>`).join("");
    const sample = rows.length - 1 < totalRows ? ` <span class="muted">(${s.previewOf.replace("{n}", String(rows.length - 1)).replace("{total}", String(totalRows))})</span>` : "";
    const classes = r.summary.pareto.classes.map((x) => `${x.key} ${x.count}`).join(" · ");
    return {
      ok: true,
      html: `<p class="preview-title">${s.preview}: ${n} ${s.customers}${sample}</p><div class="tierbar" aria-hidden="true">${bar}</div><ul class="tiers">${counts}</ul><p class="muted">Pareto: ${classes}</p>`,
    };
  } catch (e) {
    return { ok: false, html: `<p class="error" role="alert">${escapeHtml((e as Error).message)}</p>` };
  }
}
