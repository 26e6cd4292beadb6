import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

describe("test scratch directories", () => {
  const child = (env: Record<string, string> = {}) =>
    execFileSync(process.execPath, ["--import", "tsx", "-e", 'import("./test/scratch.ts").then((m) => { const d = (m.scratchDir ?? m.default.scratchDir)("segment-scratch-"); require("node:fs").writeFileSync(d + "/a.csv", "x"); console.log(d); })'], { encoding: "utf8", env: { ...process.env, ...env } }).trim();

  it("are gone when the test process exits, unless KEEP_TEST_FILES is set", () => {
    const gone = child();
    assert.match(gone, /segment-scratch-/);
    assert.equal(existsSync(gone), false);
    const kept = child({ KEEP_TEST_FILES: "1" });
    assert.equal(existsSync(kept), true);
    execFileSync("rm", ["-r", kept]);
  });
});
