/**
 * The add-in's settings, saved in the workbook (`context.workbook.settings`), so they travel with the
 * file and the ribbon button uses what the task pane set. Stored as the engine's plain JSON object.
 */
import { resolveSettings, type Settings, type SettingsInput } from "../engine/index.js";

export const SETTINGS_KEY = "customerSegmentation.settings";

/** The saved settings, or {} when none are saved yet (the engine then uses its defaults). */
export async function loadSettings(context: Excel.RequestContext): Promise<SettingsInput> {
  const item = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
  item.load("value");
  await context.sync();
  if (item.isNullObject) return {};
  const v = item.value as unknown;
  try {
    return (typeof v === "string" ? JSON.parse(v) : v) as SettingsInput;
  } catch {
    return {};
  }
}

/** Validate (throws SettingsError with every problem) and save. */
export async function saveSettings(context: Excel.RequestContext, settings: SettingsInput): Promise<Settings> {
  const resolved = resolveSettings(settings);
  context.workbook.settings.add(SETTINGS_KEY, JSON.stringify(resolved));
  await context.sync();
  return resolved;
}
