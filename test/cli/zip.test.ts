/** The ZIP reader on untrusted packages: limits, declared sizes, CRC-32, names (issue 14). */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { openZip, ZIP_LIMITS, ZipError } from "../../src/cli/zip.js";
import { repeated, zip } from "./hostile.js";

const part = (name: string, text: string) => ({ name, data: Buffer.from(text) });

describe("cli/zip: reading untrusted packages", () => {
  it("inflates a part only when it is read, and checks it then", () => {
    const good = part("a.xml", "<a/>");
    const bad = { name: "b.xml", raw: { compressed: deflateRawSync(Buffer.from("<b/>")), size: 4, crc: 12345 } };
    const z = openZip(zip([good, bad]));
    assert.deepEqual(z.names(), ["a.xml", "b.xml"]);
    assert.equal(z.read("a.xml").toString(), "<a/>", "a damaged part elsewhere does not stop reading a good one");
    assert.throws(() => z.read("b.xml"), (e: Error) => e instanceof ZipError && /b\.xml is damaged: its CRC-32 checksum does not match/.test(e.message));
    assert.throws(() => z.read("c.xml"), /part c\.xml is missing from the package/);
    assert.equal(z.entries().get("a.xml")!.toString(), "<a/>");
  });

  it("holds every part to the size, ratio and total limits, and stops a part at its declared size", () => {
    const limits = { ...ZIP_LIMITS, maxPart: 4000, maxTotal: 6000, ratioFrom: 1000, maxRatio: 10 };
    const text = (n: number) => randomBytes(n).toString("base64").slice(0, n);
    const z = openZip(zip([part("a", text(3000)), part("b", text(3500)), part("c", "x".repeat(3000)), part("d", text(5000))]), limits);
    assert.equal(z.read("a").length, 3000);
    assert.throws(() => z.read("b"), /parts come to more than 6,000 bytes uncompressed/, "the total");
    assert.throws(() => z.read("c"), /part c is compressed [\d,]+:1/);
    assert.throws(() => z.read("d"), /part d would be 5,000 bytes uncompressed; the limit is 4,000 bytes/);
    // Many parts just under the ratio limit one by one, over it together.
    const small = (i: number) => ({ name: `s${i}`, data: Buffer.from(randomBytes(40).toString("hex") + " ".repeat(900)) });
    const many = openZip(zip(Array.from({ length: 3, }, (_, i) => small(i))), { ...ZIP_LIMITS, ratioFrom: 2000, maxRatio: 5 });
    many.read("s0");
    many.read("s1");
    assert.throws(() => many.read("s2"), /parts are compressed [\d,]+:1 together \(at s2\)/);
    const lying = openZip(zip([{ name: "l", raw: { compressed: repeated("", Buffer.alloc(1024, 32), 100, ""), size: 50, crc: 0 } }]));
    assert.throws(() => lying.read("l"), /inflates to more than the 50 bytes its directory entry declares/);
  });

  it("refuses names that leave the package, duplicates, too many entries and cut files", () => {
    for (const name of ["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\..\\x"]) assert.throws(() => openZip(zip([part(name, "x")])), /points outside it/, name);
    assert.throws(() => openZip(zip([part("a", "1"), part("a", "2")])), /two parts named "a"/);
    assert.throws(() => openZip(zip([part("a", "1"), part("b", "2"), part("c", "3")]), { ...ZIP_LIMITS, maxEntries: 2 }), /has 3 parts; at most 2 are read/);
    const whole = zip([part("a", "hello")]);
    assert.throws(() => openZip(whole.subarray(0, whole.length - 30)), /cut off|truncated/);
    assert.throws(() => openZip(Buffer.from("not a zip at all, just text, long enough to look")), /not a ZIP archive/);
  });
});
