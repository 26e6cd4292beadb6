/**
 * The task pane's settings editor, pure: settings → HTML form, form values → settings, and the live
 * preview of the tiers. No Office and no DOM here (the pane collects the form's values with
 * FormData), so all of it is tested in Node.
 *
 * Field names: `col.<role>` ("__auto", "__none" or a header), `w.<i>` and `d.<i>` (weight and
 * direction of criterion i), `pareto.a`/`pareto.b` (percent), `bcg.x`, `bcg.xMethod`, `bcg.xValue`,
 * `bcg.yMethod`, `bcg.yValue`, `tier.a`/`tier.b`/`tier.c` (score 0-100), `ol.horizon` (months) and
 * `ol.rule.<k>.name|r0|r1|fm0|fm1` (the RFM rules in order; an empty name drops the row).
 *
 * @example
 * const html = renderSettingsForm(resolveSettings({}), ["Klant", "Omzet"], "nl");
 * formToSettings({ "w.0": "2", "d.0": "higher", ... }, resolveSettings({})).score.criteria[0].weight // 2
 */
import {
  detectColumns,
  formatPercent,
  isRole,
  LOWER_IS_BETTER,
  resolveSettings,
  ORDER_LIST_ROLES,
  ROLES,
  segment,
  type Cell,
  type CriterionSetting,
  type Language,
  type OrderListRole,
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
    retention: "Retention rate", lifetime: "Expected lifetime (years)",
  },
  nl: {
    customer: "Klant", id: "Klantnummer", revenue: "Omzet", profit: "Winst", margin: "Marge", growth: "Groeipotentie",
    paymentDays: "Betaaltermijn", innovation: "Innovatie", network: "Netwerk", strategicFit: "Strategische fit", culturalFit: "Culturele fit",
    segment: "Segment (branche)", orders: "Aantal orders", costToServe: "Kosten om te bedienen", salesEffort: "Verkoopinspanning",
    retention: "Klantbehoud (retentie)", lifetime: "Verwachte levensduur (jaren)",
  },
};

const T = {
  en: {
    columns: "Columns", columnsHelp: "Which column holds what. Automatic uses the header names (English or Dutch).",
    auto: "Automatic", autoNone: "Automatic: not found", none: "Not used",
    weights: "Score weights", weightsHelp: "How much each criterion counts in the score (0 leaves it out).",
    higher: "Higher is better", lower: "Lower is better", noColumn: "no such column",
    cutoffs: "Cut-offs", paretoA: "A customers reach (% of revenue)", paretoB: "A and B reach (% of revenue)",
    tierA: "Tier A from score (fixed)", tierB: "Tier B from score (fixed)", tierC: "Tier C from score (fixed)",
    tierMethod: "Tiers", tierPyramid: "Pyramid: A 10%, B 20%, C 30%, D 40%", tierFixed: "Fixed score cut-offs",
    bcg: "BCG matrix", x: "Profitability axis", margin: "Margin", profit: "Profit", xThreshold: "Profitability threshold", yThreshold: "Growth threshold",
    median: "Median", mean: "Mean", fixed: "Fixed value", value: "Value",
    reset: "Reset to defaults", preview: "Preview", previewOf: "of the first {n} of {total} customers", customers: "customers",
    insights: "Insights", topN: "Profile of the best customers: how many", topBy: "Best by", byRevenue: "Revenue", byScore: "Score",
    dep: "Depending on a customer from (% of profit)", segCol: "Segment column", segAuto: "Automatic", wMargin: "Weight: margin",
    wCost: "Weight: sales cost", wEffort: "Weight: sales effort", wPen: "Weight: market penetration",
    potentials: "Potential companies per segment (for market penetration and the funnel)",
    funnel: "Sales funnel", target: "Revenue target", orderValue: "Average order value", c2a: "Calls to appointments (%)",
    a2q: "Appointments to quotes (%)", q2o: "Quotes to orders (%)", a2c: "Addresses reached by a call (%)",
    funnelHelp: "Fill in the target and the order value to plan the funnel; the addresses are filled from the best segments.",
    clv: "Lifetime value (CLV = margin × retention / (1 + discount − retention))", clvRet: "Retention rate (%), when the table has no retention column",
    clvDisc: "Discount rate (%)", clvYears: "Or: expected lifetime (years)",
    orders: "Order lists: RFM and lifetime value",
    ordersHelp: "Used when the sheet is an order list (date, customer, amount per line). The expected orders and the CLV look this many months ahead; the CLV is discounted at the discount rate above.",
    model: "Model for the forecasts", modelAuto: "Automatic: best on the last third", calEnd: "Holdout check from (date; empty: the last third)", aliveAt: "P(alive) on a future date (empty: none)", monthly: "Lifetime value month by month, a column per month", no: "No", yes: "Yes",
    horizon: "Horizon (months)", olGrowth: "BCG growth threshold for order lists (% growth over the last 12 months)",
    rules: "RFM segments: the first rule that holds names the customer (R = recency score, FM = mean of the frequency and monetary scores, 1–5); no match is “Other”. Clear a name to remove its rule; fill in the last row to add one.",
    ruleName: "Segment", rFrom: "R from", rTo: "R to", fmFrom: "FM from", fmTo: "FM to", newRule: "new rule",
  },
  nl: {
    columns: "Kolommen", columnsHelp: "Welke kolom wat bevat. Automatisch kijkt naar de kopteksten (Nederlands of Engels).",
    auto: "Automatisch", autoNone: "Automatisch: niet gevonden", none: "Niet gebruiken",
    weights: "Weging van de score", weightsHelp: "Hoe zwaar elk criterium telt in de score (0 laat het weg).",
    higher: "Hoger is beter", lower: "Lager is beter", noColumn: "kolom ontbreekt",
    cutoffs: "Grenzen", paretoA: "A-klanten halen (% van de omzet)", paretoB: "A en B halen (% van de omzet)",
    tierA: "Klasse A vanaf score (vast)", tierB: "Klasse B vanaf score (vast)", tierC: "Klasse C vanaf score (vast)",
    tierMethod: "Scoreklassen", tierPyramid: "Piramide: A 10%, B 20%, C 30%, D 40%", tierFixed: "Vaste scoregrenzen",
    bcg: "BCG-matrix", x: "As winstgevendheid", margin: "Marge", profit: "Winst", xThreshold: "Drempel winstgevendheid", yThreshold: "Drempel groei",
    median: "Mediaan", mean: "Gemiddelde", fixed: "Vaste waarde", value: "Waarde",
    reset: "Standaardinstellingen", preview: "Voorbeeld", previewOf: "van de eerste {n} van {total} klanten", customers: "klanten",
    insights: "Inzichten", topN: "Profiel van de beste klanten: hoeveel", topBy: "Beste op", byRevenue: "Omzet", byScore: "Score",
    dep: "Afhankelijk van een klant vanaf (% van de winst)", segCol: "Segmentkolom", segAuto: "Automatisch", wMargin: "Gewicht: marge",
    wCost: "Gewicht: verkoopkosten", wEffort: "Gewicht: verkoopinspanning", wPen: "Gewicht: marktpenetratie",
    potentials: "Potentiële bedrijven per segment (voor marktpenetratie en de trechter)",
    funnel: "Verkooptrechter", target: "Omzetdoel", orderValue: "Gemiddelde orderwaarde", c2a: "Telefoontjes naar afspraken (%)",
    a2q: "Afspraken naar offertes (%)", q2o: "Offertes naar orders (%)", a2c: "Adressen bereikt met een telefoontje (%)",
    funnelHelp: "Vul het doel en de orderwaarde in om de trechter te plannen; de adressen komen uit de beste segmenten.",
    clv: "Klantwaarde (CLV = marge × retentie / (1 + disconto − retentie))", clvRet: "Retentie (%), als de tabel geen retentiekolom heeft",
    clvDisc: "Disconteringsvoet (%)", clvYears: "Of: verwachte levensduur (jaren)",
    orders: "Orderlijsten: RFM en klantwaarde",
    ordersHelp: "Gebruikt als het blad een orderlijst is (datum, klant, bedrag per regel). De verwachte orders en de CLV kijken zoveel maanden vooruit; de CLV wordt verdisconteerd met de disconteringsvoet hierboven.",
    model: "Model voor de voorspellingen", modelAuto: "Automatisch: best op het laatste derde", calEnd: "Toets op de periode vanaf (datum; leeg: het laatste derde)", aliveAt: "P(actief) op een latere datum (leeg: geen)", monthly: "Klantwaarde per maand, een kolom per maand", no: "Nee", yes: "Ja",
    horizon: "Horizon (maanden)", olGrowth: "BCG-groeidrempel voor orderlijsten (% groei over de laatste 12 maanden)",
    rules: "RFM-segmenten: de eerste regel die klopt geeft de naam (R = recentheidsscore, FM = gemiddelde van frequentie- en bedragscore, 1–5); geen regel is „Other”. Maak een naam leeg om de regel te schrappen; vul de laatste rij in om er een toe te voegen.",
    ruleName: "Segment", rFrom: "R van", rTo: "R tot en met", fmFrom: "FM van", fmTo: "FM tot en met", newRule: "nieuwe regel",
  },
};

/** The order list's roles in the pane's column lists (the same roles as --map takes). */
const ORDER_ROLE_LABELS: Record<Language, Record<OrderListRole, string>> = {
  en: { date: "Order list: date", amount: "Order list: amount", quantity: "Order list: quantity", unitPrice: "Order list: unit price", invoice: "Order list: invoice or order number", cost: "Order list: cost" },
  nl: { date: "Orderlijst: datum", amount: "Orderlijst: bedrag", quantity: "Orderlijst: aantal", unitPrice: "Orderlijst: stukprijs", invoice: "Orderlijst: factuur- of ordernummer", cost: "Orderlijst: kostprijs" },
};

export function roleLabel(role: Role | OrderListRole, lang: Language): string {
  return (ORDER_LIST_ROLES as readonly string[]).includes(role) ? ORDER_ROLE_LABELS[lang][role as OrderListRole] : ROLE_LABELS[lang][role as Role];
}

/** The direction a criterion has: its own, else its role's default (payment days: lower is better). */
function lowerIsBetter(c: CriterionSetting): boolean {
  return c.lowerIsBetter ?? LOWER_IS_BETTER.has(c.criterion);
}

function criterionLabel(criterion: string, lang: Language): string {
  if (criterion === "clv") return lang === "nl" ? "Klantwaarde (CLV)" : "Lifetime value (CLV)";
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
export function renderSettingsForm(settings: Settings, headers: readonly Cell[], lang: Language, segments: readonly string[] = []): string {
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

  const columnRows = [...ROLES, ...ORDER_LIST_ROLES].map((role) => {
    const chosen = settings.columns[role];
    const value = chosen === undefined ? AUTO : chosen === null ? NONE : chosen;
    const autoLabel = auto.has(role as Role) ? `${s.auto}: ${auto.get(role as Role)}` : (ORDER_LIST_ROLES as readonly string[]).includes(role) ? s.auto : s.autoNone;
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
    const present = c.criterion === "clv" ? has("profit") : isRole(c.criterion) ? has(c.criterion) : names.includes(c.criterion);
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
      `<div class="field"><label for="tier-method">${s.tierMethod}</label><select id="tier-method" name="tier.method"><option value="pyramid"${settings.score.tiers === "pyramid" ? " selected" : ""}>${s.tierPyramid}</option><option value="fixed"${settings.score.tiers === "fixed" ? " selected" : ""}>${s.tierFixed}</option></select></div>` +
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
  const ins = settings.insights;
  const opt = (v: string, label: string, selected: boolean) => `<option value="${escapeHtml(v)}"${selected ? " selected" : ""}>${escapeHtml(label)}</option>`;
  const f = ins.funnel;
  const pctOf = (v: number | undefined) => (v === undefined ? "" : pct(v));
  parts.push(
    `<details class="group"><summary>${s.insights}</summary>` +
      num("ins-topn", "ins.topN", s.topN, String(ins.topN), 1, 1000, "1") +
      `<div class="field"><label for="ins-topby">${s.topBy}</label><select id="ins-topby" name="ins.topBy">${opt("revenue", s.byRevenue, ins.topBy === "revenue")}${opt("score", s.byScore, ins.topBy === "score")}</select></div>` +
      num("ins-dep", "ins.dep", s.dep, pct(ins.dependencyShare), 0.1, 100, "any") +
      `<div class="field"><label for="ins-segcol">${s.segCol}</label><select id="ins-segcol" name="ins.segCol">${opt(AUTO, `${s.segAuto}${auto.has("segment") ? `: ${auto.get("segment")}` : ""}`, ins.segmentColumn === null)}${names.map((h) => opt(h, h, ins.segmentColumn === h)).join("")}</select></div>` +
      num("ins-wm", "ins.w.margin", s.wMargin, String(ins.segmentWeights.margin), 0, 5, "any") +
      num("ins-wc", "ins.w.cost", s.wCost, String(ins.segmentWeights.cost), 0, 5, "any") +
      num("ins-we", "ins.w.effort", s.wEffort, String(ins.segmentWeights.effort), 0, 5, "any") +
      num("ins-wp", "ins.w.penetration", s.wPen, String(ins.segmentWeights.penetration), 0, 5, "any") +
      (segments.length
        ? `<fieldset class="potentials"><legend>${s.potentials}</legend>${segments
            .map((name, k) => {
              const v = ins.potentials[name] ?? Object.entries(ins.potentials).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
              return `<div class="field"><label for="ins-pot-${k}">${escapeHtml(name)}</label><input type="hidden" name="ins.potName.${k}" value="${escapeHtml(name)}" /><input id="ins-pot-${k}" name="ins.pot.${k}" type="number" min="1" step="1" value="${v ?? ""}" /></div>`;
            })
            .join("")}</fieldset>`
        : "") +
      `<fieldset class="funnel"><legend>${s.funnel}</legend><p class="help">${s.funnelHelp}</p>` +
      num("ins-target", "ins.f.target", s.target, f ? String(f.target) : "", 0, 1e12, "any") +
      num("ins-ov", "ins.f.orderValue", s.orderValue, f ? String(f.orderValue) : "", 0, 1e12, "any") +
      num("ins-c2a", "ins.f.c2a", s.c2a, pctOf(f?.callToAppointment) || "20", 0.1, 100, "any") +
      num("ins-a2q", "ins.f.a2q", s.a2q, pctOf(f?.appointmentToQuote) || "50", 0.1, 100, "any") +
      num("ins-q2o", "ins.f.q2o", s.q2o, pctOf(f?.quoteToOrder) || "40", 0.1, 100, "any") +
      num("ins-a2c", "ins.f.a2c", s.a2c, pctOf(f?.addressToCall) || "100", 0.1, 100, "any") +
      `</fieldset>` +
      `<fieldset class="clv"><legend>${s.clv}</legend>` +
      num("clv-ret", "clv.retention", s.clvRet, settings.clv.retention === null ? "" : pct(settings.clv.retention), 0, 99.9, "any") +
      num("clv-disc", "clv.discount", s.clvDisc, pct(settings.clv.discount), 0, 99.9, "any") +
      num("clv-years", "clv.years", s.clvYears, settings.clv.years === null ? "" : String(settings.clv.years), 0, 100, "any") +
      `</fieldset></details>`,
  );
  // Order lists: the horizon and the RFM rules, one row per rule plus an empty one to add a rule.
  const rules = [...settings.orderList.rfmRules, { segment: "", r: [1, 5], fm: [1, 5] }];
  const score = (id: string, name: string, label: string, v: number) => `<input id="${id}" name="${name}" type="number" min="1" max="5" step="1" value="${v}" aria-label="${label}" />`;
  const ruleRows = rules
    .map((r, k) => {
      const label = r.segment ? escapeHtml(r.segment) : s.newRule;
      return (
        `<tr><td><input id="ol-rule-${k}-name" name="ol.rule.${k}.name" type="text" value="${escapeHtml(r.segment)}" aria-label="${s.ruleName} ${k + 1}"${r.segment ? "" : ` placeholder="${s.newRule}"`} /></td>` +
        `<td>${score(`ol-rule-${k}-r0`, `ol.rule.${k}.r0`, `${label}: ${s.rFrom}`, r.r[0]!)}</td><td>${score(`ol-rule-${k}-r1`, `ol.rule.${k}.r1`, `${label}: ${s.rTo}`, r.r[1]!)}</td>` +
        `<td>${score(`ol-rule-${k}-fm0`, `ol.rule.${k}.fm0`, `${label}: ${s.fmFrom}`, r.fm[0]!)}</td><td>${score(`ol-rule-${k}-fm1`, `ol.rule.${k}.fm1`, `${label}: ${s.fmTo}`, r.fm[1]!)}</td></tr>`
      );
    })
    .join("");
  parts.push(
    `<details class="group"><summary>${s.orders}</summary><p class="help">${s.ordersHelp}</p>` +
      num("ol-horizon", "ol.horizon", s.horizon, String(settings.orderList.horizonMonths), 1, 120, "1") +
      `<div class="field"><label for="ol-model">${s.model}</label><select id="ol-model" name="ol.model">${(["auto", "bgnbd", "mbgnbd", "paretonbd"] as const).map((m) => `<option value="${m}"${settings.orderList.model === m ? " selected" : ""}>${m === "auto" ? s.modelAuto : m === "bgnbd" ? "BG/NBD" : m === "mbgnbd" ? "MBG/NBD" : "Pareto/NBD"}</option>`).join("")}</select></div>` +
      `<div class="field"><label for="ol-cal">${s.calEnd}</label><input id="ol-cal" name="ol.cal" type="date" value="${settings.orderList.calibrationEnd ?? ""}" /></div>` +
      `<div class="field"><label for="ol-alive">${s.aliveAt}</label><input id="ol-alive" name="ol.alive" type="date" value="${settings.orderList.aliveAt ?? ""}" /></div>` +
      `<div class="field"><label for="ol-monthly">${s.monthly}</label><select id="ol-monthly" name="ol.monthly"><option value="no"${settings.orderList.monthlyClv ? "" : " selected"}>${s.no}</option><option value="yes"${settings.orderList.monthlyClv ? " selected" : ""}>${s.yes}</option></select></div>` +
      num("ol-growth", "ol.growth", s.olGrowth, pct(settings.orderList.growthThreshold), -100, 10000, "any") +
      `<p class="help" id="ol-rules-help">${s.rules}</p>` +
      `<table class="rules" aria-describedby="ol-rules-help"><thead><tr><th scope="col">${s.ruleName}</th><th scope="col">R ≥</th><th scope="col">R ≤</th><th scope="col">FM ≥</th><th scope="col">FM ≤</th></tr></thead><tbody>${ruleRows}</tbody></table>` +
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
  for (const role of [...ROLES, ...ORDER_LIST_ROLES]) {
    const v = values[`col.${role}`];
    if (v === undefined) {
      if (base.columns[role] !== undefined) columns[role] = base.columns[role];
    } else if (v === NONE) columns[role] = null;
    else if (v !== AUTO) columns[role] = v;
  }
  const x = values["bcg.x"] === "profit" ? "profit" : values["bcg.x"] === "margin" ? "margin" : base.bcg.x;
  const insightsOf = (): Settings["insights"] => {
    const b = base.insights;
    const has = (k: string) => values[k] !== undefined;
    const potentials: Record<string, number> = { ...b.potentials };
    for (const [k, name] of Object.entries(values)) {
      const m = /^ins\.potName\.(\d+)$/.exec(k);
      if (!m) continue;
      const v = number(values[`ins.pot.${m[1]}`]);
      for (const key of Object.keys(potentials)) if (key.toLowerCase() === name.toLowerCase()) delete potentials[key];
      if (!Number.isNaN(v)) potentials[name] = v;
    }
    const target = number(values["ins.f.target"]);
    const orderValue = number(values["ins.f.orderValue"]);
    const funnel = !has("ins.f.target")
      ? b.funnel
      : Number.isNaN(target) && Number.isNaN(orderValue)
        ? null
        : {
            target,
            orderValue,
            callToAppointment: number(values["ins.f.c2a"]) / 100,
            appointmentToQuote: number(values["ins.f.a2q"]) / 100,
            quoteToOrder: number(values["ins.f.q2o"]) / 100,
            addressToCall: number(values["ins.f.a2c"]) / 100,
          };
    return {
      topN: has("ins.topN") ? number(values["ins.topN"]) : b.topN,
      topBy: values["ins.topBy"] === "score" ? "score" : values["ins.topBy"] === "revenue" ? "revenue" : b.topBy,
      dependencyShare: has("ins.dep") ? number(values["ins.dep"]) / 100 : b.dependencyShare,
      segmentColumn: !has("ins.segCol") ? b.segmentColumn : values["ins.segCol"] === AUTO ? null : values["ins.segCol"]!,
      potentials,
      segmentWeights: {
        margin: has("ins.w.margin") ? number(values["ins.w.margin"]) : b.segmentWeights.margin,
        cost: has("ins.w.cost") ? number(values["ins.w.cost"]) : b.segmentWeights.cost,
        effort: has("ins.w.effort") ? number(values["ins.w.effort"]) : b.segmentWeights.effort,
        penetration: has("ins.w.penetration") ? number(values["ins.w.penetration"]) : b.segmentWeights.penetration,
      },
      funnel,
    };
  };
  const xScale = x === "margin" ? 100 : 1;
  const optional = (k: string, scale: number, fallback: number | null): number | null => {
    if (values[k] === undefined) return fallback;
    const v = number(values[k]);
    return Number.isNaN(v) ? null : v / scale;
  };
  // RFM rules: the rows in their order; a row without a name is no rule (the last, empty one adds one).
  const ruleKeys = Object.keys(values)
    .map((k) => /^ol\.rule\.(\d+)\.name$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const rfmRules = ruleKeys.length
    ? ruleKeys
        .filter((k) => values[`ol.rule.${k}.name`]!.trim() !== "")
        .map((k) => ({
          segment: values[`ol.rule.${k}.name`]!.trim(),
          r: [number(values[`ol.rule.${k}.r0`]), number(values[`ol.rule.${k}.r1`])] as [number, number],
          fm: [number(values[`ol.rule.${k}.fm0`]), number(values[`ol.rule.${k}.fm1`])] as [number, number],
        }))
    : base.orderList.rfmRules;
  return {
    ...base,
    columns,
    insights: insightsOf(),
    orderList: {
      horizonMonths: values["ol.horizon"] !== undefined ? number(values["ol.horizon"]) : base.orderList.horizonMonths,
      rfmRules,
      growthThreshold: values["ol.growth"] !== undefined ? number(values["ol.growth"]) / 100 : base.orderList.growthThreshold,
      calibrationEnd: values["ol.cal"] !== undefined ? values["ol.cal"] || null : base.orderList.calibrationEnd,
      aliveAt: values["ol.alive"] !== undefined ? values["ol.alive"] || null : base.orderList.aliveAt,
      monthlyClv: values["ol.monthly"] !== undefined ? values["ol.monthly"] === "yes" : base.orderList.monthlyClv,
      model: values["ol.model"] === "bgnbd" || values["ol.model"] === "mbgnbd" || values["ol.model"] === "paretonbd" || values["ol.model"] === "auto" ? values["ol.model"] : base.orderList.model,
    },
    clv: {
      retention: optional("clv.retention", 100, base.clv.retention),
      discount: optional("clv.discount", 100, base.clv.discount) ?? 0,
      years: optional("clv.years", 1, base.clv.years),
    },
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
      tiers: values["tier.method"] === "fixed" ? "fixed" : values["tier.method"] === "pyramid" ? "pyramid" : base.score.tiers,
      pyramid: { ...base.score.pyramid },
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
    // Counts and the share of revenue per tier: under the customer pyramid the counts stay, what moves
    // with the weights is who is in which tier, so the revenue each tier holds.
    const counts = tiers.map((x) => `<li><b>${x.key}</b> ${x.count} · ${formatPercent(x.revenueShare, lang)}</li>`).join("");
    const sample = rows.length - 1 < totalRows ? ` <span class="muted">(${s.previewOf.replace("{n}", String(rows.length - 1)).replace("{total}", String(totalRows))})</span>` : "";
    const classes = r.summary.pareto.classes.map((x) => `${x.key} ${x.count}`).join(" · ");
    return {
      ok: true,
      html: `<p class="preview-title">${s.preview}: ${n} ${s.customers}${sample}</p><div class="tierbar" aria-hidden="true">${bar}</div><ul class="tiers">${counts}</ul><p class="muted">Pareto: ${classes}</p>`,
    };
  } catch (e) {
    return { ok: false, html: `<p class="error" id="settings-error" role="alert">${escapeHtml((e as Error).message)}</p>` };
  }
}

/** The values of the segment column in the rows read (header first), for the potentials inputs; at most `max`. */
export function segmentValues(rows: readonly (readonly Cell[])[], settings: Settings, max = 30): string[] {
  const header = rows[0] ?? [];
  let index = -1;
  if (settings.insights.segmentColumn !== null) index = header.findIndex((h) => String(h ?? "").trim().toLowerCase() === settings.insights.segmentColumn!.trim().toLowerCase());
  else {
    try {
      index = detectColumns(header, settings.columns).find((m) => m.role === "segment")?.index ?? -1;
    } catch {
      index = -1;
    }
  }
  if (index < 0) return [];
  const seen = new Map<string, string>();
  for (let i = 1; i < rows.length && seen.size < max; i++) {
    const v = String(rows[i]?.[index] ?? "").trim();
    if (v && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}
