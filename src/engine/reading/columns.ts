/**
 * Finding the columns: which header holds the customer, the revenue, the margin, ...
 *
 * Headers are matched in English and Dutch. Case, spaces, accents, punctuation and units in brackets
 * do not matter (`Omzet (€)`, `OMZET`, ` omzet ` all mean revenue). Dutch compounds are understood by
 * their last part (`jaaromzet` is revenue, `klantnaam` is a customer name).
 *
 * @example
 * detectColumns(["Klant", "Omzet (€)", "Brutomarge %", "Groeipotentie"])
 * // [{ role: "customer", index: 0, ... }, { role: "revenue", index: 1, ... }, ...]
 */

export const ROLES = [
  "customer", "id", "revenue", "profit", "margin", "growth", "paymentDays", "innovation", "network",
  "strategicFit", "culturalFit", "segment", "orders", "costToServe", "salesEffort", "retention", "lifetime",
] as const;

export type Role = (typeof ROLES)[number];

/** Roles whose values are numbers. */
export const NUMERIC_ROLES: ReadonlySet<Role> = new Set<Role>([
  "revenue", "profit", "margin", "growth", "paymentDays", "innovation", "network", "strategicFit", "culturalFit",
  "orders", "costToServe", "salesEffort", "retention", "lifetime",
]);

export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/**
 * Roles of an order list's columns, mappable in the settings (`--map date=Factuurdatum`) beside the
 * customer table's roles: the date, the line amount, or quantity and unit price (amount = quantity ×
 * unit price), the invoice or order number (orders are counted by it), the cost. `customerId` is
 * another name for the role `id`.
 */
export const ORDER_LIST_ROLES = ["date", "amount", "quantity", "unitPrice", "invoice", "cost"] as const;
export type OrderListRole = (typeof ORDER_LIST_ROLES)[number];
export type MappableRole = Role | OrderListRole | "customerId";

export function isMappableRole(name: string): name is MappableRole {
  return isRole(name) || (ORDER_LIST_ROLES as readonly string[]).includes(name) || name === "customerId";
}

/** Synonyms per role, already normalised (lower case, no accents, single spaces). */
const SYNONYMS: Record<Role, string[]> = {
  customer: [
    "customer", "customer name", "client", "client name", "klant", "klantnaam", "klant naam", "relatie",
    "relatienaam", "naam", "name", "company", "company name", "bedrijf", "bedrijfsnaam", "account", "account name",
    "debiteur", "debiteurnaam", "organisatie", "organisation", "organization", "afnemer", "billing name",
    "ordered by", "ordered by description", "besteld door", "factuuradres naam",
  ],
  id: [
    "customer id", "customer number", "customer no", "customer nr", "client id", "klantnummer", "klantnr",
    "klant nr", "klant id", "klantcode", "debiteurnummer", "debiteurnr", "relatienummer", "relatienr", "id",
    "account number", "account id", "nr", "nummer", "code",
  ],
  revenue: [
    "revenue", "revenues", "sales", "turnover", "omzet", "netto omzet", "jaaromzet", "totale omzet",
    "annual revenue", "total revenue", "net sales", "total sales", "verkoop", "verkopen", "omzet eur",
    "sales volume", "invoiced", "gefactureerd", "net revenue", "total spent", "total spend", "amount spent",
    "totaal besteed", "lifetime value spent",
  ],
  profit: [
    "profit", "gross profit", "net profit", "winst", "brutowinst", "bruto winst", "nettowinst", "netto winst",
    "contribution", "contribution margin", "dekkingsbijdrage", "marge bedrag", "margebedrag", "margin amount",
    "profit contribution", "winstbijdrage", "resultaat",
  ],
  margin: [
    "margin", "margin pct", "margin percent", "margin percentage", "gross margin", "profit margin", "marge",
    "brutomarge", "bruto marge", "winstmarge", "margepercentage", "marge percentage", "marge pct",
    "winstpercentage", "gross margin pct", "brutomarge pct", "nettomarge",
  ],
  growth: [
    "growth", "growth potential", "growth rate", "groei", "groeipotentie", "groeipotentieel", "groei potentie",
    "potential", "potentieel", "potentie", "groeiverwachting", "expected growth", "growth score", "groeikans",
  ],
  paymentDays: [
    "payment days", "payment term", "payment terms", "days to pay", "betaaltermijn", "betalingstermijn",
    "betaaldagen", "dso", "days sales outstanding", "betaalgedrag", "dagen tot betaling", "average days to pay",
    "debiteurendagen", "betaalduur",
  ],
  innovation: ["innovation", "innovatie", "innovativeness", "innovatief", "innovation score", "innovatiescore"],
  network: ["network", "netwerk", "network value", "netwerkwaarde", "netwerk score", "network score", "referrals"],
  strategicFit: ["strategic fit", "strategische fit", "strategic", "strategisch", "strategie fit", "strategy fit"],
  culturalFit: ["cultural fit", "culturele fit", "culture fit", "cultuur fit", "cultureel", "cultuurfit"],
  segment: [
    "segment", "branche", "sector", "industry", "industrie", "market", "markt", "doelgroep", "bedrijfstak",
    "category", "categorie", "vertical", "klantgroep", "customer group", "klantsegment", "customer segment",
  ],
  orders: [
    "orders", "number of orders", "order count", "aantal orders", "bestellingen", "aantal bestellingen",
    "orderaantal", "transactions", "aantal transacties", "purchases", "aankopen", "bestelmomenten",
    "aantal bestelmomenten",
  ],
  costToServe: [
    "cost to serve", "costs to serve", "kosten", "service cost", "service costs", "servicekosten",
    "cost", "costs", "verkoopkosten", "sales cost", "sales costs", "bedieningskosten", "serving cost",
    "kosten om te bedienen", "handling cost",
  ],
  retention: [
    "retention", "retention rate", "retentie", "retentiegraad", "klantbehoud", "behoudkans", "kans op behoud",
    "loyalty rate", "renewal rate", "verlengingskans",
  ],
  lifetime: [
    "lifetime", "expected lifetime", "customer lifetime", "levensduur", "verwachte levensduur", "klantlevensduur",
    "verwachte looptijd", "lifetime years", "levensduur jaren",
  ],
  salesEffort: [
    "sales effort", "verkoopinspanning", "verkoopuren", "sales hours", "uren", "hours", "bezoeken", "visits",
    "aantal bezoeken", "number of visits", "klantbezoeken", "customer visits", "account hours", "inspanning", "effort",
  ],
};

/** Header words that rule a role out ("Klant sinds" is a date, not a customer). */
const EXCLUDE: Partial<Record<Role, string[]>> = {
  customer: ["sinds", "since", "nummer", "nr", "number", "no", "id", "code", "datum", "date", "type", "groep", "group", "segment", "country", "land", "city", "plaats", "stock", "product", "artikel", "item", "lineitem", "shipping", "first", "last", "firstname", "lastname", "voornaam", "achternaam", "tussenvoegsel", "preposition", "user", "username"],
  revenue: ["groei", "growth", "aandeel", "share", "rank", "cumulatief", "cumulative", "potentieel", "potential", "kosten", "cost", "date", "datum", "price", "prijs", "quantity", "aantal", "qty"],
  margin: ["bedrag", "amount"],
  growth: ["omzet", "revenue", "sales"],
  segment: ["omzet", "revenue"],
  costToServe: ["omzet", "revenue"],
};

/** Words split at camelCase and PascalCase, lower case, accents removed, bracketed units and `%`/`€` dropped, punctuation to single spaces. */
export function normalizeHeader(header: unknown): string {
  if (header === null || header === undefined) return "";
  // Words run together the way programs name fields are split first: InvoiceDate → invoice date,
  // CustomerID → customer id, unit_price / unit-price → unit price (the punctuation below).
  let s = String(header).replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
  s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  s = s.replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, " ");
  s = s.replace(/%/g, " pct ").replace(/[€$£]/g, " ");
  s = s.replace(/[^a-z0-9]+/g, " ").trim();
  // "pct" at the very start or alone stays; a trailing "in eur" or "eur" unit is dropped.
  s = s.replace(/\b(in )?(eur|euro|euros|usd|dollar|k)$/, "").trim();
  return s;
}

/** What may follow a synonym inside one word without changing what the word means. */
const NEUTRAL_REST = /^(\d{2,4}|totaal|bedrag|cijfer|waarde|excl|incl|eur|euro)$/;

/** How well a normalised header matches one synonym: 0 (no match) to 100 (exact). */
function matchScore(header: string, synonym: string): number {
  if (header === synonym) return 100;
  const h = header.split(" ");
  const s = synonym.split(" ");
  // synonym as leading words: "omzet 2024", "margin pct"
  if (s.length <= h.length && s.every((w, i) => h[i] === w)) return 90 - (h.length - s.length);
  // synonym as words anywhere: "totale netto omzet"
  for (let start = 1; start + s.length <= h.length; start++) {
    if (s.every((w, i) => h[start + i] === w)) return 70 - (h.length - s.length);
  }
  // Dutch compounds: the last word ends with a one-word synonym ("jaaromzet", "klantnaam": Dutch puts
  // the head of a compound last). A word that only starts with a synonym counts when the rest is a
  // year or a word that adds nothing ("omzet2024", "omzetbedrag"), never otherwise ("invoicedate" is
  // not "invoiced").
  if (s.length === 1 && s[0]!.length >= 4) {
    const last = h[h.length - 1]!;
    if (last.length > s[0]!.length && last.endsWith(s[0]!)) return 50 - (h.length - 1);
    const first = h[0]!;
    if (first.length > s[0]!.length && first.startsWith(s[0]!) && NEUTRAL_REST.test(first.slice(s[0]!.length))) return 35 - (h.length - 1);
  }
  return 0;
}

/** E-mail columns identify a customer where no name or company column does (web shop exports). */
const EMAIL_HEADERS = ["email", "e mail", "billing email", "customer email", "emailadres", "e mailadres"];

/** The best score of a header for a role (0 when the role does not fit). */
export function roleScore(normalizedHeader: string, role: Role): number {
  if (!normalizedHeader) return 0;
  if (role === "customer" && EMAIL_HEADERS.includes(normalizedHeader)) return 60;
  const words = normalizedHeader.split(" ");
  const excluded = EXCLUDE[role];
  if (excluded && words.some((w) => excluded.includes(w))) {
    // Excluded words only rule out partial matches; an exact synonym still counts.
    return SYNONYMS[role].includes(normalizedHeader) ? 100 : 0;
  }
  let best = 0;
  for (const syn of SYNONYMS[role]) {
    const sc = matchScore(normalizedHeader, syn);
    if (sc > best) best = sc;
  }
  return best;
}

export interface ColumnMatch {
  role: Role;
  index: number;
  header: string;
  /** How the column was found: by matching its header, or named in the settings. */
  source: "detected" | "settings";
  /** Other columns whose headers would also fit the role (best first), not chosen: the user may pick one instead. */
  alternatives?: string[];
}

/**
 * Assign at most one column to each role and at most one role to each column, best matches first.
 * `overrides` maps a role to a header text (matched after normalisation) or to `null` to leave the role out.
 * Throws a plain-language error when an override names a header that is not there.
 */
export function detectColumns(
  headers: readonly unknown[],
  overrides: Partial<Record<MappableRole, string | null>> = {},
  /** Whether a column's values fit a role (a column of dates or text is never revenue); settings are not checked. */
  fits: (index: number, role: Role) => boolean = () => true,
): ColumnMatch[] {
  const normalized = headers.map(normalizeHeader);
  const taken = new Set<number>();
  const assigned = new Map<Role, ColumnMatch>();
  const skip = new Set<Role>();
  for (const [given, header] of Object.entries(overrides) as [string, string | null | undefined][]) {
    if (header === undefined) continue;
    // Order-list roles are the order list's business (transactions.ts); customerId is the id role.
    if ((ORDER_LIST_ROLES as readonly string[]).includes(given)) continue;
    const role = (given === "customerId" ? "id" : given) as Role;
    if (!isRole(role)) throw new Error(`Unknown column role "${given}" in the settings. Known roles: ${[...ROLES, ...ORDER_LIST_ROLES, "customerId"].join(", ")}.`);
    if (header === null || header === "") {
      skip.add(role);
      continue;
    }
    const want = normalizeHeader(header);
    let index = headers.findIndex((h) => String(h ?? "").trim() === header.trim());
    if (index < 0) index = normalized.findIndex((h) => h === want && h !== "");
    if (index < 0) {
      const list = headers.map((h) => `"${String(h ?? "")}"`).join(", ");
      throw new Error(`The settings map ${role} to the column "${header}", but the header row has no such column. Headers: ${list}.`);
    }
    if (taken.has(index)) {
      const other = [...assigned.values()].find((m) => m.index === index)!;
      throw new Error(`The settings map both ${other.role} and ${role} to the column "${header}".`);
    }
    taken.add(index);
    assigned.set(role, { role, index, header: String(headers[index] ?? ""), source: "settings" });
  }
  const candidates: { role: Role; index: number; score: number }[] = [];
  for (let index = 0; index < headers.length; index++) {
    if (taken.has(index)) continue;
    for (const role of ROLES) {
      if (assigned.has(role) || skip.has(role)) continue;
      const score = roleScore(normalized[index]!, role);
      if (score <= 0) continue;
      // Values that do not fit rule a column out of a numeric role (dates are never revenue); for
      // the others they only make it the last choice (a mostly empty company column, when a name
      // or e-mail column is there too).
      if (fits(index, role)) candidates.push({ role, index, score });
      else if (!NUMERIC_ROLES.has(role)) candidates.push({ role, index, score: score / 10 });
    }
  }
  // Highest score first; on equal scores the leftmost column and the role listed first win.
  candidates.sort((a, b) => b.score - a.score || a.index - b.index || ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
  for (const c of candidates) {
    if (taken.has(c.index) || assigned.has(c.role)) continue;
    taken.add(c.index);
    const others = candidates.filter((o) => o.role === c.role && o.index !== c.index).map((o) => String(headers[o.index] ?? ""));
    assigned.set(c.role, { role: c.role, index: c.index, header: String(headers[c.index] ?? ""), source: "detected", ...(others.length ? { alternatives: others } : {}) });
  }
  // Without a name column, a customer number identifies the customer.
  if (!assigned.has("customer") && !skip.has("customer") && assigned.has("id")) {
    const id = assigned.get("id")!;
    assigned.delete("id");
    assigned.set("customer", { ...id, role: "customer" });
  }
  return ROLES.filter((r) => assigned.has(r)).map((r) => assigned.get(r)!);
}

/** Column letters as Excel shows them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Which row is the header, for a sheet with title lines or notes above its table: the first of the
 * first `scan` rows in which the column names give a revenue column (with the settings' mapping);
 * otherwise the first non-empty row. -1 for a sheet without data.
 *
 * @example
 * findHeaderRow([["Klantenoverzicht 2025"], [], ["Klant", "Omzet"], ["Jansen", 100]]) // 2
 */
export function findHeaderRow(rows: readonly (readonly unknown[])[], overrides: Partial<Record<Role, string | null>> = {}, scan = 50): number {
  const first = rows.findIndex((r) => r.some((v) => v !== "" && v !== null && v !== undefined));
  if (first < 0) return -1;
  for (let i = first; i < Math.min(rows.length, first + scan); i++) {
    try {
      if (detectColumns(rows[i]!, overrides).some((m) => m.role === "revenue")) return i;
    } catch {
      // the mapping names a column this row does not have: not the header
    }
  }
  return first;
}
