/**
 * The task pane's findings as HTML, from the engine's summary and messages. Pure: no Office, no DOM,
 * so it is tested in Node. Every value from the workbook is escaped.
 */
import { formatAmount, formatPercent, type Language, type Message, type Summary } from "../engine/index.js";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const T = {
  en: { quadrant: "Quadrant", tier: "Tier", customers: "Customers", revenue: "Revenue", share: "Share", problems: "Rows to check", none: "No problems found.", more: "more" },
  nl: { quadrant: "Kwadrant", tier: "Klasse", customers: "Klanten", revenue: "Omzet", share: "Aandeel", problems: "Rijen om na te kijken", none: "Geen problemen gevonden.", more: "meer" },
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
