import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A new empty directory under the system's temporary folder for one test's files, removed when the
 * test process exits (pass or fail). Before, every `npm test` left its directories behind: two
 * production builds of 87 MB each among them, 9.5 GB after a few days' runs. Set
 * `KEEP_TEST_FILES=1` to keep them for a look after a failure.
 *
 * @example
 * const dir = scratchDir("segment-cli-"); // /tmp/segment-cli-Ab12Cd, gone after the run
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const made: string[] = [];

process.on("exit", () => {
  if (process.env.KEEP_TEST_FILES && process.env.KEEP_TEST_FILES !== "0") return;
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a directory still in use (a mount point a failed test left) stays; the rest go
    }
  }
});
