/**
 * The pane follows Office's theme (`Office.context.officeTheme`), not the operating system's: light or
 * dark by the brightness of Office's body background, and that background itself where every colour
 * of the pane's palette keeps WCAG AA contrast (4.5:1) on it. Outside Office (no theme): light.
 *
 * @example
 * paneTheme({ bodyBackgroundColor: "#262626", bodyForegroundColor: "#FFFFFF" }) // { name: "dark", background: "#262626" }
 * paneTheme(undefined)                                                         // { name: "light" }
 */

/** The pane's text colours per theme (taskpane.css), which must stay readable on the background. */
const PALETTE = {
  light: { background: "#ffffff", text: ["#242424", "#616161", "#c50f1f", "#0f6cbd"] },
  dark: { background: "#292929", text: ["#ffffff", "#adadad", "#f1707b", "#479ef5"] },
} as const;

function rgb(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Relative luminance (WCAG 2.x). */
export function luminance(hex: string): number {
  const c = rgb(hex);
  if (!c) return NaN;
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

export interface PaneTheme {
  name: "light" | "dark";
  /** Office's body background, when the palette stays readable on it. */
  background?: string;
}

export function paneTheme(theme: { bodyBackgroundColor?: string } | null | undefined): PaneTheme {
  const bg = theme?.bodyBackgroundColor;
  if (!bg || !rgb(bg)) return { name: "light" };
  const name = luminance(bg) < 0.2 ? "dark" : "light";
  const hex = `#${rgb(bg)!.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
  const readable = PALETTE[name].text.every((t) => contrast(t, hex) >= 4.5);
  return readable ? { name, background: hex } : { name };
}

/** Set the theme on the page: `data-theme` on the root element, and the background. */
export function applyTheme(doc: Document, theme: PaneTheme): void {
  const root = doc.documentElement as HTMLElement | undefined;
  if (!root?.dataset || !root.style) return; // hosts without a styled document (and the manifest test's sandbox)
  root.dataset.theme = theme.name;
  if (theme.background) root.style.setProperty("--bg", theme.background);
  else root.style.removeProperty("--bg");
}
