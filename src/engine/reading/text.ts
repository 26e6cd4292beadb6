/**
 * Every sentence the engine writes, in English and Dutch. Labels (quadrant names, actions) and
 * messages are looked up by key; `{name}` placeholders are filled from the parameters.
 *
 * @example
 * say("nl", "quadrant.star")                 // "Ster"
 * say("en", "blankCustomer")                  // "The customer name is blank; the row is left out."
 */
export type Language = "en" | "nl";

const EN = {
  "quadrant.star": "Star",
  "quadrant.cashCow": "Cash Cow",
  "quadrant.questionMark": "Question Mark",
  "quadrant.dog": "Dog",
  "action.star": "Cherish: give these customers your best people and attention; they earn well and grow.",
  "action.cashCow": "Keep: serve them well and efficiently; they finance your growth.",
  "action.questionMark": "Invest: find out what makes them profitable sooner; they can grow.",
  "action.dog": "Serve at lower cost, or part ways and spend the time on Question Marks.",
  "action.tierA": "Your best customers: most of your time and attention, a fixed contact, regular visits.",
  "action.tierB": "Grow them towards A: regular contact, look for more business with them.",
  "action.tierC": "Serve efficiently: by phone, mail or the web shop; visit when there is a reason.",
  "action.tierD": "Least effort: self-service, and check whether they are worth keeping (see the profit view).",
  blankCustomer: "The customer name is blank; the row is left out.",
  missingRevenue: "No revenue; the row is left out.",
  unreadableRevenue: "Revenue \"{value}\" is not a number; the row is left out.",
  errorRevenue: "Revenue shows the error {value}; the row is left out.",
  booleanRevenue: "Revenue is {value}, not a number; the row is left out.",
  duplicateCustomer: "\"{customer}\" also appears in row {other}; both rows are kept as separate customers.",
  nonPositiveRevenue: "Revenue is {value}: ranked last, with cumulative share 100%.",
  unreadableValue: "{column} \"{value}\" is not a number; {column} is left out for this customer.",
  errorValue: "{column} shows the error {value}; {column} is left out for this customer.",
  missingCriterion: "No {column}; the score uses the other criteria.",
  noScore: "No value for any score criterion; no score.",
  noProfitability: "No profitability value; no BCG quadrant.",
  noGrowth: "No growth value; no BCG quadrant.",
  "summary.pareto": "{customerShare} of your customers ({count} of {total}) bring {revenueShare} of your revenue.",
  "summary.paretoNone": "No customer has positive revenue, so there is no 80/20 split.",
  "summary.whale": "The top {customerShare} of customers ({count} of {total}) earn {profitShare} of total profit.",
  "summary.whalePlain": "Your {count} profitable customers earn {profitShare} of your profit; the {others} that lose money cost you {lossShare} ({amount}).",
  "summary.losers": "Losing money, largest loss first: {list}.",
  "summary.whaleFlat": "Total profit is zero or negative ({total}); the profit curve has no meaningful peak.",
  "summary.destroyers": "{count} customers lose money: together {amount} of profit.",
  "summary.destroyer": "1 customer loses money: {amount} of profit.",
  "summary.noDestroyers": "No customer loses money.",
  "warn.top1": "Your largest customer, {customer}, brings {share} of revenue: losing it would hurt.",
  "warn.top5": "Your five largest customers bring {share} of revenue.",
  "warn.top10": "Your ten largest customers bring {share} of revenue.",
  "warn.hhi": "Revenue is concentrated (Herfindahl-Hirschman index {hhi}).",
  "note.noGrowth": "No growth column, so no BCG quadrants.",
  "note.noProfit": "No profit or margin column, so no profit view and no margin.",
  "note.criterionMissing": "Score criteria left out, no such column in this table: {criterion}.",
  "note.marginPoints": "Column \"{column}\" holds margins in percentage points (e.g. 23 for 23%); read as percentages.",
  "note.marginAmounts": "Column \"{column}\" holds amounts, not percentages; read as profit.",
  "note.emptyRows": "{count} empty rows skipped.",
  "chart.paretoTitle": "Pareto: revenue by customer",
  "chart.bcgTitle": "BCG matrix",
  "chart.whaleTitle": "Profit whale curve",
  "chart.paretoEach": "One bar per customer, largest first; line: cumulative share of revenue (right axis); A customers together reach the A cut-off of {cutoff}.",
  "chart.paretoGrouped": "{customers} customers, largest first, in bars of {step} of the customers ({per} customers each); a bar shows their share of revenue. Line: cumulative share (right axis); A customers together reach the A cut-off of {cutoff}.",
  "chart.bcgEach": "One bubble per customer, size = revenue; the largest carry their name where it has room ({named} named). The axes cross at the thresholds, so each quarter is a quadrant.",
  "chart.bcgClipped": "Off the scale, drawn at the edge: {list}.",
  "chart.bcgGrouped": "The {named} largest customers one by one ({labelled} named where the name has room); the other {rest} grouped by position into {groups} bubbles (size = their revenue). The axes cross at the thresholds.",
  "chart.oneCustomer": "1 customer",
  "chart.customers": "{count} customers",
  "chart.whale": "Customers ranked by profit, most profitable first: the top {customerShare} earn {profitShare} of total profit.",
  "chart.cumulative": "Cumulative share",
  "chart.cutoff": "A cut-off",
  "chart.customerShare": "Share of customers",
  "chart.profitShare": "Cumulative share of profit",
  "chart.revenue": "Revenue",
  "chart.revenueShare": "Share of revenue",
  "chart.margin": "Margin",
  "chart.profit": "Profit",
  "chart.growth": "Growth",
  "chart.customer": "Customer",
  "chart.class": "Class",
  "chart.size": "Size (revenue)",
  "chart.count": "Customers",
};

type Key = keyof typeof EN;

const NL: Record<Key, string> = {
  "quadrant.star": "Ster",
  "quadrant.cashCow": "Melkkoe",
  "quadrant.questionMark": "Vraagteken",
  "quadrant.dog": "Hond",
  "action.star": "Koesteren: geef deze klanten je beste mensen en aandacht; ze zijn winstgevend en groeien.",
  "action.cashCow": "Behouden: bedien ze goed en efficiënt; zij financieren je groei.",
  "action.questionMark": "Investeren: zoek uit wat ze sneller winstgevend maakt; ze kunnen groeien.",
  "action.dog": "Goedkoper bedienen, of afscheid nemen en de tijd aan Vraagtekens besteden.",
  "action.tierA": "Je beste klanten: de meeste tijd en aandacht, een vast aanspreekpunt, geregeld bezoek.",
  "action.tierB": "Laat ze groeien naar A: geregeld contact, zoek naar meer zaken met ze.",
  "action.tierC": "Efficiënt bedienen: telefoon, mail of webshop; bezoek alleen met een reden.",
  "action.tierD": "Minste moeite: selfservice, en kijk of ze het houden waard zijn (zie de winstcurve).",
  blankCustomer: "De klantnaam is leeg; de rij telt niet mee.",
  missingRevenue: "Geen omzet; de rij telt niet mee.",
  unreadableRevenue: "Omzet \"{value}\" is geen getal; de rij telt niet mee.",
  errorRevenue: "Omzet toont de fout {value}; de rij telt niet mee.",
  booleanRevenue: "Omzet is {value}, geen getal; de rij telt niet mee.",
  duplicateCustomer: "\"{customer}\" staat ook in rij {other}; beide rijen tellen als aparte klanten.",
  nonPositiveRevenue: "Omzet is {value}: als laatste gerangschikt, met cumulatief aandeel 100%.",
  unreadableValue: "{column} \"{value}\" is geen getal; {column} telt voor deze klant niet mee.",
  errorValue: "{column} toont de fout {value}; {column} telt voor deze klant niet mee.",
  missingCriterion: "Geen {column}; de score gebruikt de andere criteria.",
  noScore: "Geen waarde voor enig scorecriterium; geen score.",
  noProfitability: "Geen winstgevendheid; geen BCG-kwadrant.",
  noGrowth: "Geen groeiwaarde; geen BCG-kwadrant.",
  "summary.pareto": "{customerShare} van je klanten ({count} van {total}) brengt {revenueShare} van je omzet.",
  "summary.paretoNone": "Geen klant heeft positieve omzet, dus er is geen 80/20-verdeling.",
  "summary.whale": "De beste {customerShare} van de klanten ({count} van {total}) verdient {profitShare} van de totale winst.",
  "summary.whalePlain": "Je {count} winstgevende klanten verdienen {profitShare} van je winst; de {others} die geld kosten, kosten je {lossShare} ({amount}).",
  "summary.losers": "Kosten geld, grootste verlies eerst: {list}.",
  "summary.whaleFlat": "De totale winst is nul of negatief ({total}); de winstcurve heeft geen zinvolle top.",
  "summary.destroyers": "{count} klanten kosten geld: samen {amount} winst.",
  "summary.destroyer": "1 klant kost geld: {amount} winst.",
  "summary.noDestroyers": "Geen enkele klant kost geld.",
  "warn.top1": "Je grootste klant, {customer}, brengt {share} van de omzet: die kwijtraken doet pijn.",
  "warn.top5": "Je vijf grootste klanten brengen {share} van de omzet.",
  "warn.top10": "Je tien grootste klanten brengen {share} van de omzet.",
  "warn.hhi": "De omzet is geconcentreerd (Herfindahl-Hirschman-index {hhi}).",
  "note.noGrowth": "Geen groeikolom, dus geen BCG-kwadranten.",
  "note.noProfit": "Geen winst- of margekolom, dus geen winstbeeld en geen marge.",
  "note.criterionMissing": "Scorecriteria die niet meetellen, deze tabel heeft die kolom niet: {criterion}.",
  "note.marginPoints": "Kolom \"{column}\" bevat marges in procentpunten (bv. 23 voor 23%); gelezen als percentages.",
  "note.marginAmounts": "Kolom \"{column}\" bevat bedragen, geen percentages; gelezen als winst.",
  "note.emptyRows": "{count} lege rijen overgeslagen.",
  "chart.paretoTitle": "Pareto: omzet per klant",
  "chart.bcgTitle": "BCG-matrix",
  "chart.whaleTitle": "Winstcurve",
  "chart.paretoEach": "Eén staaf per klant, grootste eerst; lijn: cumulatief omzetaandeel (rechteras); de A-klanten samen halen de A-grens van {cutoff}.",
  "chart.paretoGrouped": "{customers} klanten, grootste eerst, in staven van {step} van de klanten ({per} klanten per staaf); een staaf toont hun omzetaandeel. Lijn: cumulatief aandeel (rechteras); de A-klanten samen halen de A-grens van {cutoff}.",
  "chart.bcgEach": "Eén bel per klant, grootte = omzet; de grootste dragen hun naam waar die past ({named} met naam). De assen kruisen op de drempels, zodat elk kwart een kwadrant is.",
  "chart.bcgClipped": "Buiten de schaal, op de rand getekend: {list}.",
  "chart.bcgGrouped": "De {named} grootste klanten elk apart ({labelled} met naam waar die past); de andere {rest} naar positie gegroepeerd in {groups} bellen (grootte = hun omzet). De assen kruisen op de drempels.",
  "chart.oneCustomer": "1 klant",
  "chart.customers": "{count} klanten",
  "chart.whale": "Klanten gerangschikt naar winst, meest winstgevend eerst: de beste {customerShare} verdient {profitShare} van de totale winst.",
  "chart.cumulative": "Cumulatief aandeel",
  "chart.cutoff": "A-grens",
  "chart.customerShare": "Aandeel klanten",
  "chart.profitShare": "Cumulatief winstaandeel",
  "chart.revenue": "Omzet",
  "chart.revenueShare": "Omzetaandeel",
  "chart.margin": "Marge",
  "chart.profit": "Winst",
  "chart.growth": "Groei",
  "chart.customer": "Klant",
  "chart.class": "Klasse",
  "chart.size": "Grootte (omzet)",
  "chart.count": "Klanten",
};

export type TextKey = Key;

export function say(lang: Language, key: Key, params: Record<string, string | number> = {}): string {
  const template = (lang === "nl" ? NL : EN)[key];
  // Each template cut once into its texts and parameter names (a million rows' messages made one
  // regular-expression replace each).
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{(\w+)\}/)));
  if (parts.length === 1) return parts[0]!;
  // Joined, not added up: one flat text, where `+` leaves a chain of pieces that costs more memory
  // and is copied again when the text is written or sent to another thread.
  const out = parts.slice();
  for (let k = 1; k < out.length; k += 2) {
    const name = out[k]!;
    out[k] = name in params ? String(params[name]) : `{${name}}`;
  }
  return out.join("");
}

/** Templates cut into [text, name, text, name, ..., text]. */
const compiled = new Map<string, string[]>();

/** A share as a percentage for sentences: 0.8312 → "83%", 0.0042 → "0.4%" (Dutch: "0,4%"). */
export function formatPercent(share: number, lang: Language = "en"): string {
  const pct = share * 100;
  const abs = Math.abs(pct);
  const digits = abs !== 0 && abs < 1 ? 1 : 0;
  let s = pct.toFixed(digits);
  if (s === "-0") s = "0";
  if (lang === "nl") s = s.replace(".", ",");
  return `${s}%`;
}

/** An amount for sentences: 1234567.8 → "1,234,568" (Dutch: "1.234.568"). */
/** A decimal number with `digits` decimals, with a decimal comma in Dutch: formatDecimal(0.0123, 3, "nl") → "0,012". */
export function formatDecimal(value: number, digits: number, lang: Language = "en"): string {
  const s = value.toFixed(digits);
  return lang === "nl" ? s.replace(".", ",") : s;
}

const CRITERION_NAMES: Record<Language, Record<string, string>> = {
  en: { customer: "customer", segment: "segment", id: "customer number", revenue: "revenue", margin: "margin", profit: "profit", paymentDays: "payment days", innovation: "innovation", network: "network", growth: "growth", strategicFit: "strategic fit", culturalFit: "cultural fit", clv: "lifetime value", orders: "orders", costToServe: "cost to serve", salesEffort: "sales effort", retention: "retention", lifetime: "lifetime" },
  nl: { customer: "klant", segment: "segment", id: "klantnummer", revenue: "omzet", margin: "marge", profit: "winst", paymentDays: "betaaltermijn", innovation: "innovatie", network: "netwerk", growth: "groei", strategicFit: "strategische fit", culturalFit: "culturele fit", clv: "klantwaarde (CLV)", orders: "orders", costToServe: "kosten om te bedienen", salesEffort: "verkoopinspanning", retention: "retentie", lifetime: "levensduur" },
};

/** A score criterion's name as people say it: "strategicFit" → "strategic fit" / "strategische fit" (a column name stays as it is). */
export function criterionName(key: string, lang: Language = "en"): string {
  return CRITERION_NAMES[lang][key] ?? key;
}

export function formatAmount(value: number, lang: Language = "en"): string {
  const rounded = Math.round(value);
  const sign = rounded < 0 ? "-" : "";
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === "nl" ? "." : ",");
  return sign + digits;
}
