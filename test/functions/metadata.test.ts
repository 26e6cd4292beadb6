/** The functions.json the build generates from the JSDoc, its Dutch twin, and a build that must fail. */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildOnce } from "../build-helper.js";
import { scratchDir } from "../scratch.js";

interface Param { name: string; type?: string; dimensionality?: string; optional?: boolean; description?: string }
interface Fn { id: string; name: string; description: string; parameters: Param[]; result: { type?: string; dimensionality?: string }; options?: Record<string, boolean> }

describe("functions.json (generated at build time)", function () {
  this.timeout(180_000);
  let fns: Map<string, Fn>;
  let nl: Map<string, Fn>;
  before(async () => {
    const { dir } = await buildOnce();
    fns = new Map((JSON.parse(readFileSync(join(dir, "functions.json"), "utf8")).functions as Fn[]).map((f) => [f.id, f]));
    nl = new Map((JSON.parse(readFileSync(join(dir, "functions.nl.json"), "utf8")).functions as Fn[]).map((f) => [f.id, f]));
  });

  const shape = (id: string) => fns.get(id)!.parameters.map((p) => `${p.name}${p.optional ? "?" : ""}:${p.dimensionality ?? "scalar"}`);

  it("has every function with its parameters, optional flags and result dimensionality", () => {
    assert.deepEqual([...fns.keys()].sort(), ["ADDRESSESNEEDED", "BCGQUADRANT", "CLV", "CUMSHARE", "EXPECTEDPURCHASES", "PALIVE", "PARETO", "PARETOCLASS", "SCORE", "SEGMENT", "TIER"]);
    assert.deepEqual(shape("PALIVE"), ["x:scalar", "tx:scalar", "T:scalar", "params:matrix", "model?:scalar"]);
    assert.deepEqual(shape("EXPECTEDPURCHASES"), ["t:scalar", "x:scalar", "tx:scalar", "T:scalar", "params:matrix", "model?:scalar"]);
    assert.deepEqual([fns.get("PARETOCLASS")!.options, fns.get("CUMSHARE")!.options], [{ requiresParameterAddresses: true }, { requiresParameterAddresses: true }]);
    assert.deepEqual(shape("ADDRESSESNEEDED"), ["target:scalar", "orderValue:scalar", "hitRates:matrix"]);
    assert.deepEqual(shape("CLV"), ["margin:scalar", "retention?:scalar", "discount?:scalar", "years?:scalar"]);
    assert.deepEqual(shape("BCGQUADRANT"), ["profitability:matrix", "growth:matrix", "profitThreshold?:matrix", "growthThreshold?:matrix"]);
    assert.deepEqual(shape("PARETOCLASS"), ["revenue:scalar", "allRevenues:matrix", "aCutoff?:scalar", "bCutoff?:scalar"]);
    assert.deepEqual(shape("CUMSHARE"), ["revenue:scalar", "allRevenues:matrix"]);
    assert.deepEqual(shape("PARETO"), ["allRevenues:matrix", "aCutoff?:scalar", "bCutoff?:scalar"]);
    assert.deepEqual(shape("SCORE"), ["values:matrix", "weights:matrix", "lowerIsBetter?:matrix"]);
    assert.deepEqual(shape("TIER"), ["score:scalar", "cutoffs?:matrix"]);
    assert.deepEqual(shape("SEGMENT"), ["table:matrix", "settingsJson?:scalar"]);
    for (const id of ["BCGQUADRANT", "PARETO", "SCORE", "SEGMENT"]) assert.equal(fns.get(id)!.result.dimensionality, "matrix", id);
    for (const id of ["PARETOCLASS", "CUMSHARE", "TIER", "ADDRESSESNEEDED", "CLV"]) assert.notEqual(fns.get(id)!.result.dimensionality, "matrix", id);
    assert.equal(fns.get("CUMSHARE")!.result.type, "number");
    assert.equal(fns.get("TIER")!.result.type, "string");
  });

  it("describes every function and parameter, in English and in Dutch", () => {
    for (const [id, f] of fns) {
      assert.ok(f.description.length > 20, id);
      for (const p of f.parameters) assert.ok((p.description ?? "").length > 5, `${id}.${p.name}`);
      const d = nl.get(id)!;
      assert.notEqual(d.description, f.description, `${id} has no Dutch description`);
      assert.deepEqual(d.parameters.map((p) => p.name), f.parameters.map((p) => p.name));
      d.parameters.forEach((p, i) => assert.notEqual(p.description, f.parameters[i]!.description, `${id}.${p.name} has no Dutch text`));
    }
  });

  it("fails the production build on broken metadata", () => {
    const out = scratchDir("segment-broken-");
    let failed = false;
    let log = "";
    try {
      execFileSync(process.execPath, ["node_modules/webpack/bin/webpack.js", "--mode", "production", "--env", `outDir=${out}`, "--env", "functionsInput=./test/fixtures/broken-functions.ts"], { stdio: "pipe" });
    } catch (e) {
      failed = true;
      log = String((e as { stdout?: Buffer }).stdout ?? "") + String((e as { stderr?: Buffer }).stderr ?? "");
    }
    assert.ok(failed, "the build should have failed");
    assert.match(log, /does not support type "Date"/);
  });
});
