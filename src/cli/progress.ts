/**
 * A progress bar on standard error, for runs that take more than a second: drawn only on a terminal,
 * redrawn in place, cleared at the end so the summary starts on a clean line.
 *
 * @example
 * const p = new Progress(process.stderr);
 * p.update(0.4, "reading");  // after a second: "[########............]  40% reading"
 * p.done();
 */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class Progress {
  private readonly started: number;
  private shown = false;
  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
    private readonly delayMs = 1000,
  ) {
    this.started = now();
  }

  /** The bar for `fraction` (0..1) done, with what is happening now. */
  static bar(fraction: number, label: string, width = 24): string {
    const f = Math.max(0, Math.min(1, fraction));
    const filled = Math.round(f * width);
    return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${label}`;
  }

  update(fraction: number, label: string): void {
    if (!this.stream.isTTY || this.now() - this.started < this.delayMs) return;
    const line = Progress.bar(fraction, label).slice(0, Math.max(20, (this.stream.columns ?? 80) - 1));
    this.stream.write(`\r${line}\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
