/**
 * The add-in built for a host (issue 17): `npm run build -- --env publicUrl=https://host.example/addin/`
 * writes a manifest whose every URL is under that base and names a file the build emitted, with content
 * hashes in the names of bundles and assets; the page makes no request outside the base but Office's
 * own script; and the publishing workflow is well-formed YAML that builds exactly so.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import yaml from "js-yaml";
import { OfficeAddinManifest } from "office-addin-manifest";
import { scratchDir } from "./scratch.js";

const BASE = "https://host.example/addin/";
const OFFICE_CDN = "https://appsforoffice.microsoft.com/";

function list(dir: string, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) list(p, root, out);
    else out.push(relative(root, p).split("\\").join("/"));
  }
  return out;
}

describe("the add-in built for a host (publicUrl)", function () {
  this.timeout(180_000);
  let dir = "";
  let files: string[] = [];
  let xml = "";

  before(() => {
    dir = scratchDir("segment-host-");
    // As the README says: npm run build -- --env publicUrl=...; here the same through PUBLIC_URL.
    execFileSync(process.execPath, ["node_modules/webpack/bin/webpack.js", "--mode", "production", "--env", `outDir=${dir}`], { stdio: "pipe", env: { ...process.env, PUBLIC_URL: BASE } });
    files = list(dir);
    xml = readFileSync(join(dir, "manifest.xml"), "utf8");
  });

  it("puts every URL of the manifest under the base, each naming a file the build emitted", () => {
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]!);
    assert.ok(urls.length >= 10, `${urls.length} URLs`);
    for (const u of urls) {
      assert.ok(u.startsWith(BASE), `not under the base: ${u}`);
      const path = u.slice(BASE.length);
      assert.ok(files.includes(path), `${u} names no file of the build (${path})`);
    }
    assert.deepEqual([...xml.matchAll(/<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1]), ["https://host.example"]);
    assert.doesNotMatch(xml, /localhost/);
    // The pages, the Dutch overrides and the support page are all there.
    for (const wanted of ["taskpane.html", "help.html"]) assert.ok(urls.includes(BASE + wanted), wanted);
    assert.equal([...xml.matchAll(/Override Locale="nl-(NL|BE)" Value="https:\/\/host\.example\/addin\/functions\.nl\.[0-9a-f]{10}\.json"/g)].length, 2);
  });

  it("passes the offline manifest check", async () => {
    const info = await OfficeAddinManifest.readManifestFile(join(dir, "manifest.xml"));
    assert.equal(info.officeAppType, "TaskPaneApp");
    assert.equal(info.permissions, "ReadWriteDocument");
    assert.ok(info.iconUrl?.startsWith(BASE) && info.highResolutionIconUrl?.startsWith(BASE) && info.supportUrl?.startsWith(BASE));
    assert.equal(info.defaultSettings?.sourceLocation, BASE + "taskpane.html");
    const resources = xml.slice(xml.indexOf("<Resources>"));
    const ids = new Set([...resources.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const [, r] of xml.matchAll(/resid="([^"]+)"/g)) assert.ok(ids.has(r), `resid "${r}" has no resource`);
  });

  it("gives bundles and assets content-hashed names, and the page finds them", () => {
    for (const stem of ["taskpane", "functions", "engine-worker"]) assert.ok(files.some((f) => new RegExp(`^${stem}\\.[0-9a-f]{10}\\.js$`).test(f)), `${stem} bundle hashed`);
    assert.ok(files.some((f) => /^taskpane\.[0-9a-f]{10}\.css$/.test(f)));
    assert.ok(files.every((f) => !/^assets\//.test(f) || /\.[0-9a-f]{10}\.png$/.test(f)), "icons hashed");
    const page = readFileSync(join(dir, "taskpane.html"), "utf8");
    for (const ref of [...page.matchAll(/(?:src|href|content)=("?)([\w.-]+\.(?:js|css))\1/g)].map((m) => m[2]!)) assert.ok(files.includes(ref), `the page names ${ref}, which is not built`);
    assert.match(page, /<meta name="?engine-worker"? content="?engine-worker\.[0-9a-f]{10}\.js/);
    // The help page too finds its stylesheet.
    const help = readFileSync(join(dir, "help.html"), "utf8");
    const css = /href="?([^"\s>]+\.css)/.exec(help)?.[1];
    assert.ok(css && files.includes(css), `help.html links ${css}`);
  });

  it("holds nothing that makes a request outside the base, but Office's own script", () => {
    for (const f of files.filter((x) => /\.(js|html|css|json)$/.test(x))) {
      const text = readFileSync(join(dir, f), "utf8");
      for (const [url] of text.matchAll(/https?:\/\/[^\s"'`<>)\\;,]+/g)) {
        assert.ok(url.startsWith(BASE) || url.startsWith(OFFICE_CDN) || url === OFFICE_CDN.slice(0, -1), `${f} names ${url}`);
      }
    }
  });

  it("has a publishing workflow that parses and builds for the repository's Pages address", () => {
    const wf = yaml.load(readFileSync(".github/workflows/publish.yml", "utf8")) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[] }> };
    assert.ok(wf.on.push && wf.jobs.build && wf.jobs.deploy);
    const steps = wf.jobs.build.steps;
    assert.ok(steps.some((s) => s.run === "npm ci"));
    assert.ok(steps.some((s) => s.run?.includes("npm run build -- --env publicUrl=${{ steps.pages.outputs.base_url }}/")));
    assert.ok(steps.some((s) => s.run === "npm pack"));
    assert.ok(steps.some((s) => s.uses?.startsWith("actions/upload-pages-artifact") && s.with?.path === "dist"));
    const release = steps.find((s) => s.uses?.startsWith("softprops/action-gh-release"))!;
    assert.match(release.with!.files!, /dist\/manifest\.xml/);
    assert.match(release.with!.files!, /customer-segmentation-excel-\*\.tgz/);
    assert.ok(wf.jobs.deploy.steps.some((s) => s.uses?.startsWith("actions/deploy-pages")));
  });

  it("refuses a base that is not https", () => {
    assert.throws(() => execFileSync(process.execPath, ["node_modules/webpack/bin/webpack.js", "--mode", "production", "--env", `outDir=${scratchDir("segment-host-")}`, "--env", "publicUrl=http://host.example/"], { stdio: "pipe" }), /only over https/);
  });
});
