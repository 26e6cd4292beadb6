/**
 * The task pane's findings as HTML, from the engine's summary and messages. Pure: no Office, no DOM,
 * so it is tested in Node. Every value from the workbook is escaped.
 */
import { formatAmount, formatDecimal, formatPercent, modelFigures, modelLabel, NOTABLE, type Insights, type Language, type Message, type OrderListModels, type Summary } from "../engine/index.js";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const T = {
  en: { quadrant: "Quadrant", tier: "Tier", customers: "Customers", revenue: "Revenue", share: "Share", problems: "Rows to check", none: "No problems found.", more: "more" },
  nl: { quadrant: "Kwadrant", tier: "Scoreklasse", customers: "Klanten", revenue: "Omzet", share: "Aandeel", problems: "Rijen om na te kijken", none: "Geen problemen gevonden.", more: "meer" },
};

function table(lang: Language, head: string, rows: { label: string; count: number; revenue: number; revenueShare: number }[]): string {
  const t = T[lang];
  const body = rows
    .map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${r.count}</td><td>${formatAmount(r.revenue, lang)}</td><td>${formatPercent(r.revenueShare, lang)}</td></tr>`)
    .join("");
  return `<table class="figures"><thead><tr><th scope="col">${head}</th><th scope="col">${t.customers}</th><th scope="col">${t.revenue}</th><th scope="col">${t.share}</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The summary as HTML; `messages` are the rows' problems and warnings, listed up to `limit`. */
export function renderSummary(summary: Summary, messages: Message[], limit = 50): string {
  const lang = summary.language;
  const t = T[lang];
  const parts: string[] = [];
  parts.push(`<p class="headline">${escapeHtml(summary.pareto.sentence)}</p>`);
  if (summary.profit) parts.push(...summary.profit.sentences.map((s) => `<p>${escapeHtml(s)}</p>`));
  for (const w of summary.concentration.warnings) parts.push(`<p class="warning" role="note">${escapeHtml(w)}</p>`);
  if (summary.bcg) parts.push(table(lang, t.quadrant, summary.bcg.quadrants));
  parts.push(table(lang, t.tier, summary.score.tiers));
  // What next: one line per quadrant and tier that has customers.
  const next = [...(summary.bcg?.quadrants ?? []), ...summary.score.tiers.map((x) => ({ ...x, label: `${t.tier} ${x.label}` }))].filter((x) => x.count > 0 && x.action);
  if (next.length) parts.push(`<details class="next"><summary>${lang === "nl" ? "Wat nu" : "What next"}</summary><ul>${next.map((x) => `<li><b>${escapeHtml(x.label)}</b>: ${escapeHtml(x.action)}</li>`).join("")}</ul></details>`);
  for (const n of summary.notes) parts.push(`<p class="note">${escapeHtml(n)}</p>`);
  parts.push(`<h2>${t.problems}</h2>`);
  if (messages.length === 0) parts.push(`<p>${t.none}</p>`);
  else {
    const items = messages
      .slice(0, limit)
      .map((m) => {
        const cell = `${m.columnLetter ?? "A"}${m.row}`;
        const target = m.sheet ? ` data-sheet="${escapeHtml(m.sheet)}" data-cell="${cell}"` : "";
        return `<li class="${m.severity}"><a href="#"${target}>${escapeHtml(m.location)}</a>: ${escapeHtml(m.text)}</li>`;
      })
      .join("");
    const rest = messages.length > limit ? `<p>+ ${messages.length - limit} ${t.more}</p>` : "";
    parts.push(`<ul class="messages">${items}</ul>${rest}`);
  }
  return parts.join("\n");
}

const IT = {
  en: {
    title: "Insights",
    top: (n: number) => `Your top ${n} against the rest`,
    segments: (c: string) => `Segment ranking (${c})`,
    segHead: ["Segment", "Customers", "Revenue", "Margin", "Index"],
    indexNote: "Index 100 = the average segment; margin, sales cost, sales effort and penetration against the average, weighted as in the settings.",
    dependency: "Dependency",
    funnel: "Sales funnel",
    steps: ["Orders", "Quotes", "Appointments", "Calls", "Prospect addresses"],
    from: "from",
    short: "not available in the segments",
  },
  nl: {
    title: "Inzichten",
    top: (n: number) => `Je top ${n} tegen de rest`,
    segments: (c: string) => `Ranking van segmenten (${c})`,
    segHead: ["Segment", "Klanten", "Omzet", "Marge", "Index"],
    indexNote: "Index 100 = het gemiddelde segment; marge, verkoopkosten, verkoopinspanning en penetratie tegen het gemiddelde, gewogen zoals in de instellingen.",
    dependency: "Afhankelijkheid",
    funnel: "Verkooptrechter",
    steps: ["Orders", "Offertes", "Afspraken", "Telefoontjes", "Prospectadressen"],
    from: "uit",
    short: "niet beschikbaar in de segmenten",
  },
};

/** The Insights view: top-N profile, segment ranking, dependency and the sales funnel, as HTML. */
export function renderInsights(ins: Insights, lang: Language): string {
  const t = IT[lang];
  const parts: string[] = [`<h2>${t.title}</h2>`];
  const notable = ins.profile.findings.filter((f) => f.difference >= NOTABLE);
  if (notable.length) {
    parts.push(`<h3>${t.top(ins.profile.top.length)}</h3><ul class="insights">${notable.slice(0, 6).map((f) => `<li>${escapeHtml(f.sentence)}</li>`).join("")}</ul>`);
  }
  if (ins.segments) {
    const rows = ins.segments.segments
      .slice(0, 15)
      .map(
        (x) =>
          `<tr><th scope="row">${x.rank}. ${escapeHtml(x.segment)}</th><td>${x.customers}</td><td>${formatPercent(x.revenueShare, lang)}</td><td>${x.margin === null ? "–" : formatPercent(x.margin, lang)}</td><td>${x.index === null ? "–" : Math.round(x.index)}</td></tr>`,
      )
      .join("");
    parts.push(
      `<h3>${escapeHtml(t.segments(ins.segments.column))}</h3><table class="figures segments"><thead><tr>${t.segHead.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table><p class="note">${t.indexNote}</p>`,
    );
  }
  parts.push(`<h3>${t.dependency}</h3>${ins.dependency.sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join("")}`);
  // (The sentences name every critical customer, largest share first: no second list.)
  if (ins.funnel) {
    const f = ins.funnel;
    const steps = [f.orders, f.quotes, f.appointments, f.calls, f.addresses].map((v, k) => `<tr><th scope="row">${t.steps[k]}</th><td>${formatAmount(v, lang)}</td></tr>`).join("");
    const fill = f.allocation.filter((a) => a.addresses > 0).map((a) => `<li>${formatAmount(a.addresses, lang)} ${t.from} ${escapeHtml(a.segment)}</li>`);
    if (f.shortfall > 0 && !f.unallocated) fill.push(`<li>${formatAmount(f.shortfall, lang)} ${t.short}</li>`);
    parts.push(`<h3>${t.funnel}</h3><table class="figures"><tbody>${steps}</tbody></table>${fill.length ? `<ul class="insights">${fill.join("")}</ul>` : ""}`);
  }
  for (const n of ins.notes) parts.push(`<p class="note">${escapeHtml(n)}</p>`);
  return parts.join("\n");
}

const OT = {
  en: {
    made: (lines: number, customers: number, from: string) => `Order list on sheet “${from}”: ${lines} lines, ${customers} customers.`,
    written: "Customers, RFM and lifetime value on sheet",
    left: "Lines left out",
    segHead: ["RFM segment", "Customers", "Revenue", "P(alive)", "CLV"],
    expected: (h: number, orders: string) => `Expected in the next ${h} months: ${orders} orders.`,
    clv: (h: number, v: string, basis: string, pct: string) => `Lifetime value over ${h} months: ${v} together (${basis}, discounted ${pct} a year).`,
    profit: "profit", revenue: "revenue",
    fit: "Model fit (time in weeks)",
    row: "row",
    check: (weeks: number, after: string) => `Check on the last ${weeks} weeks (after ${after})`,
    checkHead: ["Model", "Mean error", "Predicted", "Actual"],
    chosen: "forecasts",
    checkHelp: "Each model was fitted on the part before the date and predicted every customer's repeat purchases after it; mean error: per customer, on average. The one with the smallest makes the forecasts, unless the settings fix a model. The tracking chart on the Segmentation sheet shows it week by week.",
  },
  nl: {
    made: (lines: number, customers: number, from: string) => `Orderlijst op blad “${from}”: ${lines} regels, ${customers} klanten.`,
    written: "Klanten, RFM en klantwaarde op blad",
    left: "Regels die niet meetellen",
    segHead: ["RFM-segment", "Klanten", "Omzet", "P(actief)", "CLV"],
    expected: (h: number, orders: string) => `Verwacht in de komende ${h} maanden: ${orders} orders.`,
    clv: (h: number, v: string, basis: string, pct: string) => `Klantwaarde over ${h} maanden: samen ${v} (${basis}, ${pct} per jaar verdisconteerd).`,
    profit: "winst", revenue: "omzet",
    fit: "Modelschatting (tijd in weken)",
    row: "rij",
    check: (weeks: number, after: string) => `Toets op de laatste ${weeks} weken (na ${after})`,
    checkHead: ["Model", "Gem. afwijking", "Voorspeld", "Werkelijk"],
    chosen: "voorspelt",
    checkHelp: "Elk model is geschat op het deel vóór de datum en voorspelde de herhaalaankopen van elke klant erna; gemiddelde afwijking: per klant. Het model met de kleinste maakt de voorspellingen, tenzij de instellingen een model vastleggen. De volggrafiek op het blad Segmentatie toont het week na week.",
  },
};

/** What a run made of an order list: lines and customers, lines left out, RFM segments, the models. */
export function renderOrderList(
  o: { sourceSheet: string; lines: number; customers: number; problems: { row: number; text: string; cell?: string }[]; models: OrderListModels; columnsUsed?: { role: string; header: string }[]; notes?: string[] },
  customersSheet: string,
  lang: Language,
  limit = 20,
): string {
  const t = OT[lang];
  const m = o.models;
  const parts = [
    `<p class="headline">${escapeHtml(t.made(o.lines, o.customers, o.sourceSheet))}</p>`,
    `<p class="source">${t.written} <a href="#" data-sheet="${escapeHtml(customersSheet)}" data-cell="A1">${escapeHtml(customersSheet)}</a></p>`,
  ];
  // Which column became which role, and what the reading assumed (date order, credit notes, growth).
  if (o.columnsUsed?.length) parts.push(`<p class="help">${lang === "nl" ? "Gebruikte kolommen" : "Columns used"}: ${o.columnsUsed.map((c) => `${escapeHtml(c.header)} → ${escapeHtml(c.role)}`).join(", ")}</p>`);
  for (const note of o.notes ?? []) parts.push(`<p class="help">${escapeHtml(note)}</p>`);
  if (o.problems.length) {
    const items = o.problems
      .slice(0, limit)
      .map((p) => `<li class="problem"><a href="#" data-sheet="${escapeHtml(o.sourceSheet)}" data-cell="${escapeHtml(p.cell ?? `A${p.row}`)}">${t.row} ${p.row}</a>: ${escapeHtml(p.text)}</li>`)
      .join("");
    parts.push(`<h3>${t.left}</h3><ul class="messages">${items}</ul>${o.problems.length > limit ? `<p>+ ${o.problems.length - limit}</p>` : ""}`);
  }
  const rows = m.segments
    .map((g) => `<tr><th scope="row">${escapeHtml(g.segment)}</th><td>${g.customers}</td><td>${formatAmount(g.revenue, lang)}</td><td>${g.pAlive === null ? "–" : formatPercent(g.pAlive, lang)}</td><td>${g.clv === null ? "–" : formatAmount(g.clv, lang)}</td></tr>`)
    .join("");
  parts.push(`<table class="figures rfm"><thead><tr>${t.segHead.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`);
  // The holdout check: each model's error on the part after the split, the chosen one marked.
  const v = m.validation;
  const checked = v?.models.filter((x) => x.holdout) ?? [];
  if (v && checked.length) {
    const body = checked
      .map((x) => `<tr${x.model === v.chosen ? ' class="chosen"' : ""}><th scope="row">${modelLabel(x.model)}${x.model === v.chosen ? ` <small>(${t.chosen})</small>` : ""}</th><td>${formatDecimal(x.holdout!.mae, 2, lang)}</td><td>${formatAmount(x.holdout!.predicted, lang)}</td><td>${formatAmount(x.holdout!.actual, lang)}</td></tr>`)
      .join("");
    parts.push(`<h3>${escapeHtml(t.check(Math.round(v.holdoutWeeks), v.calibrationEnd))}</h3><table class="figures holdout"><thead><tr>${t.checkHead.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table><p class="help">${t.checkHelp}</p>`);
  }
  const f = modelFigures(m);
  if (f.params) {
    parts.push(`<p>${escapeHtml(t.expected(m.horizonMonths, formatAmount(f.orders, lang)))}</p>`);
    if (f.clv !== null) parts.push(`<p>${escapeHtml(t.clv(m.horizonMonths, formatAmount(f.clv, lang), m.clvBasis === "profit" ? t.profit : t.revenue, f.discount))}</p>`);
    parts.push(`<p class="note">${t.fit}: ${f.model} ${f.params ?? ""}${f.gammaGamma ? `; Gamma-Gamma ${f.gammaGamma}` : ""}.</p>`);
  }
  for (const n of m.notes) parts.push(`<p class="note">${escapeHtml(n)}</p>`);
  return parts.join("\n");
}
