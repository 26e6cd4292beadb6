import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonRowText, PIECE, Ring, rowBytes, rowPieces, SLOTS, textBytes } from "../../src/cli/jsonrows.js";
import { segment } from "../../src/engine/index.js";

const concat = (pieces: Iterable<Uint8Array>) => Buffer.concat([...pieces].map((p) => Buffer.from(p)));

describe("cli/jsonrows: the rows' JSON as bytes", () => {
  const table = [["Klant", "Omzet", "Marge", "Groei"], ["Café Zoë \u20ac", "1.000", "0,2", "3"], ["x".repeat(3000), "500", "", ""], ["C", "#N/A", "0,1", "2"], ["D \"q\" \\", "-0", "0", "1"], ["E", "12", "x", "y"]];
  const r = segment(table, {});
  const text = r.columns.customer.map((_, i) => (i === 0 ? "\n    " : ",\n    ") + jsonRowText(r.columns, i)).join("");

  it("are the rows' text in UTF-8, whatever the size of the buffer (a row longer than it gets bytes of its own)", () => {
    for (const size of [64, 1000, 20_000, 1 << 20]) {
      // Each piece is copied before the next is asked for: the buffer is reused.
      const got = concat((function* () {
        for (const p of rowBytes(r.columns, 0, r.columns.customer.length, Buffer.alloc(size))) yield Buffer.from(p);
      })());
      assert.equal(got.toString("utf8"), text, `buffer of ${size} bytes`);
    }
  });

  it("any rows' text (an order list's objects) as UTF-8 pieces of a reused buffer, each read before the next", () => {
    const rows = Array.from({ length: 500 }, (_, i) => JSON.stringify({ customer: i % 7 ? `Klant ${i}` : `Zoë ${"€".repeat(i % 40)}`, cashFlow: [i, i / 3] }));
    let got = "";
    for (const p of textBytes((i) => rows[i]!, 0, rows.length, Buffer.alloc(700))) got += Buffer.from(p).toString("utf8");
    assert.equal(got, "\n    " + rows.join(",\n    "));
  });

  it("a block's bytes go through the shared ring in order, split into slots, and a failure is reported", () => {
    const ring = new Ring();
    const big = Buffer.alloc(2 * PIECE + 123, 7);
    big[0] = 1;
    big[big.length - 1] = 9;
    ring.put(big); // three slots
    ring.endBlock(); // the fourth: the ring is full now
    assert.equal(SLOTS, 4);
    const got = concat((function* () {
      for (const p of ring.takeBlock(() => assert.fail("not failed"))) yield Buffer.from(p);
    })());
    assert.ok(got.equals(big));
    ring.put(Buffer.from("next"));
    ring.fail();
    assert.throws(() => [...ring.takeBlock(() => { throw new Error("the worker failed"); })], /the worker failed/);
  });

  it("one thread (or under tsx) gives the same text as the row objects", () => {
    assert.equal(concat(rowPieces(r.columns, 1)).toString("utf8"), text);
    assert.equal(concat(rowPieces(r.columns, 2)).toString("utf8"), text); // no compiled worker under tsx: one thread
  });

  it("the compiled command line writes the same file on two threads as on one (150,000 rows, messages and names of all kinds)", function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), "jsonrows-"));
    try {
      const lines = ["Klant;Omzet;Marge;Groei"];
      for (let i = 0; i < 150_000; i++) {
        const name = i % 997 === 0 ? `Zoë "${i}" \u20ac` : i % 50_001 === 0 ? "y".repeat(5000) : `Klant ${i}`;
        const revenue = i % 3001 === 0 ? "n.v.t." : i % 7 === 0 ? `${(i % 1000) * 3},50` : String((i * 7919) % 100_000);
        lines.push(`"${name.replace(/"/g, '""')}";${revenue};0,${i % 100};${i % 5}`);
      }
      const csv = join(dir, "t.csv");
      writeFileSync(csv, lines.join("\r\n"));
      const run = (threads: string, out: string) =>
        execFileSync(process.execPath, ["bin/customer-segment.js", csv, "--format", "json", "--out", out, "--quiet"], { env: { ...process.env, CUSTOMER_SEGMENT_THREADS: threads } });
      run("1", join(dir, "one.json"));
      run("2", join(dir, "two.json"));
      const one = readFileSync(join(dir, "one.json"));
      assert.ok(statSync(join(dir, "one.json")).size > 150_000 * 200);
      assert.ok(one.equals(readFileSync(join(dir, "two.json"))), "the same bytes");
      // To standard output through a pipe (written later by Node, while the buffer is reused): the same document.
      for (const threads of ["1", "2"]) {
        const piped = execFileSync(process.execPath, ["bin/customer-segment.js", csv, "--format", "json", "--out", "-", "--quiet"], { env: { ...process.env, CUSTOMER_SEGMENT_THREADS: threads }, maxBuffer: 1 << 30 });
        assert.ok(piped.equals(one.subarray(0, piped.length)) && piped.length === one.length, `standard output, ${threads} thread(s)`);
      }
      const doc = JSON.parse(one.toString("utf8")) as { rows: { row: number; customer: string; problems: unknown[] }[] };
      assert.equal(doc.rows.length, 150_000);
      assert.equal(doc.rows[997]!.customer, 'Zoë "997" \u20ac');
      assert.equal(doc.rows[50_001]!.customer, "y".repeat(5000));
      assert.ok(doc.rows[3001]!.problems.length > 0 && doc.rows[3001]!.row === 3003);
      assert.deepEqual(doc.rows.map((x) => x.row).slice(19_998, 20_002), [20_000, 20_001, 20_002, 20_003]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
