import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildOnce } from "./build-helper.js";

describe("production build", function () {
  this.timeout(120_000);

  it("emits the task pane, its styles, help and icons", async () => {
    const { files } = await buildOnce();
    for (const f of ["taskpane.html", "taskpane.js", "taskpane.css", "help.html", "manifest.xml", "assets/icon-16.png", "assets/icon-32.png", "assets/icon-64.png", "assets/icon-80.png"]) {
      assert.ok(files.has(f), `${f} missing from the build`);
    }
  });

  it("loads office.js from Microsoft's CDN and carries a Content-Security-Policy", async () => {
    const { dir } = await buildOnce();
    const html = readFileSync(join(dir, "taskpane.html"), "utf8");
    // (the minifier drops quotes around attribute values)
    assert.match(html, /<script src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js"?>/);
    const csp = /http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)?.[1] ?? "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(html, /taskpane\.js/);
    assert.match(html, /href="?taskpane\.css"?/);
  });

  it("makes no network request of its own", async () => {
    const { dir } = await buildOnce();
    const js = readFileSync(join(dir, "taskpane.js"), "utf8");
    assert.doesNotMatch(js, /\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/);
  });
});
