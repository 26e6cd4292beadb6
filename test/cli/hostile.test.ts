/**
 * Every case of the hostile-input corpus (hostile.ts) run as the command, in a process of its own:
 * the exit code and message it must give, no stack trace, under 10 seconds and under 1 GiB of peak
 * memory (max RSS, reported by the process itself), no output file where the input was refused, and
 * no NaN or Infinity in anything it printed or wrote.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { makeCorpus, type HostileCase } from "./hostile.js";
import { assertFileNoNaN, assertNoNaN } from "./scan.js";

const MAX_SECONDS = 10;
const MAX_RSS_KIB = 1024 * 1024;

describe("cli: hostile and broken inputs (issue 14)", function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), "segment-hostile-"));
  let cases: HostileCase[] = [];
  before(() => (cases = makeCorpus(dir)));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("answers every case with its exit code and a clear message, in seconds and under 1 GiB, never a stack trace", () => {
    const report: string[] = [];
    for (const c of cases) {
      const rssFile = join(dir, `${c.name}.rss`);
      const started = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ["--import", "tsx", "--import", resolve("test/cli/rss-preload.mjs"), "src/cli/main.ts", ...c.args], { encoding: "utf8", env: { ...process.env, SEGMENT_RSS_FILE: rssFile, CI: "" }, maxBuffer: 64 * 2 ** 20 });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = Number(readFileSync(rssFile, "utf8"));
      report.push(`${c.name}: exit ${r.status}, ${seconds.toFixed(1)} s, ${Math.round(rss / 1024)} MiB`);
      const said = c.code === 0 ? r.stdout + r.stderr : r.stderr;
      assert.equal(r.status, c.code, `${c.name}: exit ${r.status}, expected ${c.code}\n${r.stderr}`);
      assert.match(said, c.message, `${c.name}: ${said.slice(0, 600)}`);
      assert.doesNotMatch(r.stderr, /\n\s+at .*\(|unexpected error/, `${c.name}: a stack trace`);
      assert.ok(seconds < MAX_SECONDS, `${c.name}: ${seconds.toFixed(1)} s`);
      assert.ok(rss < MAX_RSS_KIB, `${c.name}: ${Math.round(rss / 1024)} MiB`);
      if (c.code !== 0) assert.equal(r.stderr.trim().split("\n").length, 1, `${c.name}: one line (${r.stderr})`);
      if (c.noOutput) assert.ok(!existsSync(c.noOutput), `${c.name}: left an output file`);
      assertNoNaN(r.stdout + r.stderr, c.name);
      if (c.check?.notStdout) assert.doesNotMatch(r.stdout, c.check.notStdout, `${c.name}: raw control characters on the terminal`);
      if (c.check?.file) {
        const text = readFileSync(c.check.file, "utf8");
        if (c.check.fileHas) assert.match(text, c.check.fileHas, c.name);
        if (c.check.fileLacks) assert.doesNotMatch(text, c.check.fileLacks, c.name);
        assertFileNoNaN(c.check.file);
      }
      for (const a of c.args) if (/\.out\.(json|csv|xlsx)$/.test(a) && existsSync(a)) assertFileNoNaN(a);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file left behind");
    if (process.env.HOSTILE_REPORT) console.log(report.map((l) => `      ${l}`).join("\n"));
  });
});
