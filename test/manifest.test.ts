/**
 * Offline check of manifest.xml (office-addin-manifest's `validate` needs a Microsoft web service):
 * well-formed, the required elements, every resid resolves, every URL is https and points at a file
 * the build emits.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { OfficeAddinManifest } from "office-addin-manifest";
import { buildOnce } from "./build-helper.js";

const xml = readFileSync(new URL("../manifest.xml", import.meta.url), "utf8");

describe("manifest.xml (offline check)", () => {
  it("is well-formed and a Workbook task pane add-in with ReadWriteDocument", async () => {
    const info = await OfficeAddinManifest.readManifestFile("manifest.xml");
    assert.match(info.id ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(info.officeAppType, "TaskPaneApp");
    assert.deepEqual(info.hosts, ["Workbook"]);
    assert.equal(info.permissions, "ReadWriteDocument");
    assert.ok(info.displayName && info.description && info.providerName && info.version && info.defaultLocale);
    assert.ok(info.iconUrl && info.highResolutionIconUrl && info.supportUrl);
    assert.ok(info.defaultSettings?.sourceLocation);
  });

  it("names an ExcelApi requirement set", () => {
    assert.match(xml, /<Set Name="ExcelApi" MinVersion="1\.\d+"\/>/);
  });

  it("resolves every resid to a resource", () => {
    const resources = xml.slice(xml.indexOf("<Resources>"));
    const ids = new Set([...resources.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const resids = [...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(resids.length > 5);
    for (const r of resids) assert.ok(ids.has(r), `resid "${r}" has no resource`);
    for (const r of resids) assert.ok(r.length <= 32, `resid "${r}" is longer than 32 characters`);
  });

  it("has Dutch overrides for its strings", () => {
    const strings = [...xml.matchAll(/<bt:String id="([^"]+)"[^>]*>([\s\S]*?)<\/bt:String>/g)];
    assert.ok(strings.length >= 4);
    for (const [, id, body] of strings) assert.match(body!, /Locale="nl-NL"/, `string ${id} has no Dutch override`);
    // Flemish users (the method comes from Dutch and Flemish articles): every Dutch override has an
    // nl-BE twin with the same value, the functions' Dutch metadata included.
    const nl = [...xml.matchAll(/<(?:bt:)?Override Locale="nl-NL" Value="([^"]*)"\/>/g)].map((m) => m[1]);
    const be = [...xml.matchAll(/<(?:bt:)?Override Locale="nl-BE" Value="([^"]*)"\/>/g)].map((m) => m[1]);
    assert.ok(nl.length >= 10);
    assert.deepEqual(be, nl);
    assert.ok(be.some((v) => /functions\.nl\.json$/.test(v!)), "the Dutch function names and help for nl-BE too");
    assert.match(xml, /<DisplayName[^>]*>\s*<Override Locale="nl-NL"/);
  });

  it("names a ribbon function that the built task pane bundle registers", async () => {
    const names = [...xml.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map((m) => m[1]!);
    assert.deepEqual(names, ["segment"]);
    const { readFileSync: read } = await import("node:fs");
    const { runInNewContext } = await import("node:vm");
    const { join } = await import("node:path");
    const out = await buildOnce();
    const registered: string[] = [];
    const element = () => ({ addEventListener: () => undefined, append: () => undefined, setAttribute: () => undefined, textContent: "", hidden: true });
    const sandbox = {
      Office: { onReady: (cb: () => void) => (cb(), Promise.resolve()), actions: { associate: (n: string) => registered.push(n) }, context: { displayLanguage: "en-US" } },
      document: { getElementById: element, createElement: element, documentElement: {} },
      navigator: { language: "en" },
    };
    runInNewContext(read(join(out.dir, "taskpane.js"), "utf8"), sandbox);
    for (const n of names) assert.ok(registered.includes(n), `the bundle does not register "${n}"`);
  });

  it("uses only https URLs, each served by the build", async () => {
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"|<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1] ?? m[2]!);
    assert.ok(urls.length > 5);
    for (const u of urls) assert.match(u, /^https:\/\//, `not https: ${u}`);
    const out = await buildOnce();
    for (const u of urls) {
      const path = new URL(u).pathname.replace(/^\//, "");
      if (path === "") continue; // an app domain
      assert.ok(out.files.has(path), `${u} is not in the build output`);
    }
  });
});
