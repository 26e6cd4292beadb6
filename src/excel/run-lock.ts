/**
 * One Segment run at a time. The ribbon button and the task pane live in one shared runtime (the
 * manifest's SharedRuntime), so a run started from one while the other's run is still reading or
 * writing would interleave their requests on the same cells. The lock sits on the runtime's global
 * object, so bundles that each carry a copy of this module still share it.
 */
import { SheetError } from "./blocks.js";

const KEY = Symbol.for("customer-segmentation.run-in-progress");
type Holder = { [KEY]?: boolean };

/** Whether a run is in progress in this runtime. */
export function runInProgress(): boolean {
  return (globalThis as Holder)[KEY] === true;
}

function dutch(): boolean {
  const lang = typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
  return typeof lang === "string" && lang.toLowerCase().startsWith("nl");
}

/**
 * Run `f` unless another run is in progress; then refuse at once with a message (nothing is read or
 * written), so the user can try again when the first run has finished.
 */
export async function oneRunAtATime<T>(f: () => Promise<T>): Promise<T> {
  const g = globalThis as Holder;
  if (g[KEY]) {
    throw new SheetError(
      dutch()
        ? "Er loopt al een segmentatie (via het lint of het taakvenster). Wacht tot die klaar is en probeer het dan opnieuw; er is niets geschreven."
        : "A segmentation run is already in progress (from the ribbon or the task pane). Wait for it to finish, then try again; nothing was written.",
    );
  }
  g[KEY] = true;
  try {
    return await f();
  } finally {
    g[KEY] = false;
  }
}
