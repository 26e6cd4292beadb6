/**
 * The command line as a package (issue 17): `npm pack` makes a tarball with only what runs (the
 * compiled code, bin, README, licence, changelog and the samples), and that tarball installed in an
 * empty folder runs on a sample with no development dependency.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scratchDir } from "./scratch.js";

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 240_000, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });

describe("the command line as an npm package", function () {
  this.timeout(300_000);
  let tarball = "";

  before(() => {
    const out = scratchDir("segment-pack-");
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", out], process.cwd())) as { filename: string; files: { path: string }[] }[];
    tarball = join(out, packed[0]!.filename);
    const files = packed[0]!.files.map((f) => f.path);
    // Only what runs: no sources, tests, docs, benchmarks or build tools.
    for (const f of files) assert.match(f, /^(build\/.+\.js|bin\/customer-segment\.js|assets\/(klanten-groothandel|orderregels-groothandel)\.csv|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/, `does not belong in the package: ${f}`);
    for (const needed of ["bin/customer-segment.js", "build/cli/main.js", "LICENSE", "README.md", "CHANGELOG.md", "assets/klanten-groothandel.csv"]) assert.ok(files.includes(needed), `missing: ${needed}`);
  });

  it("installs in an empty folder and segments the bundled sample to JSON, with no development dependency", () => {
    const dir = scratchDir("segment-install-");
    npm(["install", "--prefer-offline", "--no-save", "--omit=dev", tarball], dir);
    const sample = join(dir, "node_modules", "customer-segmentation-excel", "assets", "klanten-groothandel.csv");
    const json = execFileSync("npx", ["--no-install", "customer-segment", sample, "--format", "json", "--out", "-", "--quiet"], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26, timeout: 120_000 });
    const doc = JSON.parse(json) as { generator: string; summary: { counts: { included: number } }; rows: unknown[] };
    assert.equal(doc.generator, "customer-segment");
    assert.equal(doc.rows.length, 250);
    assert.equal(doc.summary.counts.included, 248);
    // Only the two runtime dependencies (and theirs) were installed: no TypeScript, webpack or mocha.
    const installed = JSON.parse(execFileSync("npm", ["ls", "--all", "--json"], { cwd: dir, encoding: "utf8" })) as { dependencies: Record<string, { dependencies?: Record<string, unknown> }> };
    const deps = Object.keys(installed.dependencies["customer-segmentation-excel"]!.dependencies ?? {}).sort();
    assert.deepEqual(deps, ["excelize-wasm", "saxes"]);
    // The version the changelog names is the one it prints.
    const version = execFileSync("npx", ["--no-install", "customer-segment", "--version"], { cwd: dir, encoding: "utf8" }).trim();
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    assert.equal(version, `customer-segment ${pkg.version}`);
    assert.match(readFileSync("CHANGELOG.md", "utf8"), new RegExp(`^## ${pkg.version.replace(/\./g, "\\.")} `, "m"));
  });
});
