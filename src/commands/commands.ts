/**
 * The ribbon's Segment button: runs the segmentation on the active sheet with the workbook's saved
 * settings, without opening the task pane. An ExecuteFunction action: event.completed() is always
 * called, also on error (Excel otherwise shows the button as busy). What the run did, or why it
 * stopped, is kept in `lastRun` and handed to the task pane (the same runtime) when it listens; when
 * the run stopped, the pane is opened so the user sees why.
 */
import { runErrorMessage, segmentActiveSheet } from "../excel/segment-sheet.js";
import { loadSettings } from "../excel/settings-store.js";
import { workerEngine, workerOrderList } from "../taskpane/engine-client.js";

/** What the last ribbon run did, for the task pane (shared runtime: same JavaScript globals). */
export const lastRun: { when: Date | null; message: string; ok: boolean } = { when: null, message: "", ok: true };

/** Called after every ribbon run (the task pane shows the outcome when it is open). */
export const ribbonListeners: ((run: typeof lastRun) => void)[] = [];

export async function segmentFromRibbon(event: { completed: () => void }): Promise<void> {
  try {
    await Excel.run(async (context) => {
      const settings = await loadSettings(context);
      // The engine in a Web Worker, so Excel stays responsive during a large run.
      const out = await segmentActiveSheet(context, settings, { engine: workerEngine(), orderListEngine: workerOrderList() });
      const o = out.orderList;
      const nl = out.result.settings.language === "nl";
      const made = o ? (nl ? `Orderlijst: ${o.lines} regels, ${o.customers} klanten op blad "${out.sheet}". ` : `Order list: ${o.lines} lines, ${o.customers} customers on sheet "${out.sheet}". `) : "";
      lastRun.message = made + out.result.summary.pareto.sentence;
      lastRun.ok = true;
    });
  } catch (e) {
    lastRun.message = runErrorMessage(e);
    lastRun.ok = false;
  } finally {
    lastRun.when = new Date();
    for (const listener of ribbonListeners) {
      try {
        listener(lastRun);
      } catch {
        // the pane's display must never keep the button busy
      }
    }
    if (!lastRun.ok) {
      // Show why it stopped (SharedRuntime 1.1); not fatal when the host cannot.
      await Promise.resolve(Office.addin?.showAsTaskpane?.()).catch(() => undefined);
    }
    event.completed();
  }
}

Office.onReady(() => {
  Office.actions.associate("segment", segmentFromRibbon);
});
