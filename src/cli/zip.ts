/**
 * Just enough ZIP for an .xlsx package, read as untrusted input: list the entries from the central
 * directory, and inflate a part only when it is asked for, within limits, checking its CRC-32. Write
 * an archive back with some entries replaced. Node's zlib does the compression.
 *
 * The limits ({@link ZIP_LIMITS}): at most 10,000 entries; a part at most 512 MiB uncompressed and all
 * parts read together at most 1 GiB; a part over 1 MiB compressed at most 100:1 (real sheets compress
 * about 5-20:1; a zip bomb 1,000:1). No declared size is trusted: a part that inflates past the size
 * its directory entry gives stops there. Entry names that leave the package (`../`, absolute paths)
 * are refused. Every problem is a {@link ZipError} naming the part.
 *
 * @example
 * const zip = openZip(buffer);
 * const xml = zip.read("xl/workbook.xml").toString("utf8");
 * const patched = writeZip(zip.entries(), new Map([["xl/charts/chart2.xml", Buffer.from(newXml)]]));
 */
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipError";
  }
}

const BIG_PART = 8 * 2 ** 20;

export const ZIP_LIMITS = {
  maxEntries: 10_000,
  maxPart: 2 ** 29,
  maxTotal: 2 ** 30,
  maxRatio: 100,
  ratioFrom: 2 ** 20,
};

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  /** Where the entry's data starts in the archive. */
  start: number;
}

const MB = (n: number) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toLocaleString("en-US", { maximumFractionDigits: 0 })} MB` : `${n.toLocaleString("en-US")} bytes`);

/** A ZIP archive read from a buffer: its entries listed, each inflated on demand. */
export interface ZipArchive {
  names(): string[];
  has(name: string): boolean;
  /** A part, uncompressed, checked against the limits, its declared size and its CRC-32. */
  read(name: string): Buffer;
  /** Every entry by name, in archive order, inflated when first used (for writing the archive again). */
  entries(): Map<string, Buffer>;
}

/** A name that stays inside the package: no "..", no absolute path, no drive, no NUL. */
function safeName(name: string): boolean {
  if (!name || name.includes("\0") || /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return false;
  return !name.split(/[\\/]/).includes("..");
}

export function openZip(buf: Buffer, limits = ZIP_LIMITS): ZipArchive {
  // End of central directory: the last "PK\x05\x06" within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    const zipStart = buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;
    throw new ZipError(zipStart ? "the file is cut off (a truncated ZIP package: its directory at the end is missing)" : "not a ZIP archive (no end of central directory)");
  }
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirStart = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirStart === 0xffffffff) throw new ZipError("the package uses ZIP64 (parts of 4 GB or more), which this tool does not read");
  if (count > limits.maxEntries) throw new ZipError(`the package has ${count.toLocaleString("en-US")} parts; at most ${limits.maxEntries.toLocaleString("en-US")} are read`);
  if (dirStart + dirSize > eocd) throw new ZipError("the package is cut off or damaged (its directory lies outside the file)");
  const list: Entry[] = [];
  const byName = new Map<string, Entry>();
  let p = dirStart;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError("the package's directory is damaged");
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLength);
    const e: Entry = { name, flags: buf.readUInt16LE(p + 8), method: buf.readUInt16LE(p + 10), crc: buf.readUInt32LE(p + 16), compressed: buf.readUInt32LE(p + 20), size: buf.readUInt32LE(p + 24), start: -1 };
    const local = buf.readUInt32LE(p + 42);
    if (!safeName(name)) throw new ZipError(`the package has a part named "${name.slice(0, 80)}", which points outside it; the file was not made by a spreadsheet program`);
    if (byName.has(name)) throw new ZipError(`the package has two parts named "${name}"`);
    if (e.compressed === 0xffffffff || e.size === 0xffffffff || local === 0xffffffff) throw new ZipError(`part ${name} uses ZIP64 (4 GB or more), which this tool does not read`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new ZipError(`part ${name} is damaged or the file is cut off (its local header is missing)`);
    e.start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (e.start + e.compressed > buf.length) throw new ZipError(`part ${name} is cut off: the file ends before its data does`);
    list.push(e);
    byName.set(name, e);
    p += 46 + nameLength + extraLength + commentLength;
  }
  let total = 0;
  let totalCompressed = 0;
  const done = new Map<string, Buffer>();
  const read = (name: string): Buffer => {
    const cached = done.get(name);
    if (cached) return cached;
    const e = byName.get(name);
    if (!e) throw new ZipError(`part ${name} is missing from the package`);
    if (e.flags & 1) throw new ZipError(`part ${name} is encrypted`);
    if (e.size > limits.maxPart) throw new ZipError(`part ${name} would be ${MB(e.size)} uncompressed; the limit is ${MB(limits.maxPart)}`);
    if (e.size >= limits.ratioFrom && e.size > limits.maxRatio * Math.max(1, e.compressed)) {
      throw new ZipError(`part ${name} is compressed ${Math.round(e.size / Math.max(1, e.compressed)).toLocaleString("en-US")}:1 (${MB(e.size)} from ${MB(e.compressed)}); real workbooks stay under ${limits.maxRatio}:1, so it was not read (a "zip bomb"?)`);
    }
    if (total + e.size > limits.maxTotal) throw new ZipError(`the package's parts come to more than ${MB(limits.maxTotal)} uncompressed; the limit is ${MB(limits.maxTotal)}`);
    // The ratio over all parts read so far, too: many small bombs are one big one.
    if (total + e.size >= limits.ratioFrom && total + e.size > limits.maxRatio * Math.max(1, totalCompressed + e.compressed)) {
      throw new ZipError(`the package's parts are compressed ${Math.round((total + e.size) / Math.max(1, totalCompressed + e.compressed)).toLocaleString("en-US")}:1 together (at ${name}); real workbooks stay under ${limits.maxRatio}:1, so it was not read (a "zip bomb"?)`);
    }
    const data = buf.subarray(e.start, e.start + e.compressed);
    let out: Buffer;
    if (e.method === 0) out = Buffer.from(data);
    else if (e.method === 8) {
      try {
        // Never more than the declared size (a part that grows past it stops here).
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        const code = (err as { code?: string }).code ?? "";
        if (code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) throw new ZipError(`part ${name} inflates to more than the ${MB(e.size)} its directory entry declares (a damaged or crafted file)`);
        throw new ZipError(`part ${name} is damaged (${(err as Error).message})`);
      }
    } else throw new ZipError(`part ${name} uses compression method ${e.method}, which this tool does not read`);
    if (out.length !== e.size) throw new ZipError(`part ${name} is damaged: it holds ${out.length.toLocaleString("en-US")} bytes where its directory entry says ${e.size.toLocaleString("en-US")}`);
    if ((crc32(out) >>> 0) !== e.crc >>> 0) throw new ZipError(`part ${name} is damaged: its CRC-32 checksum does not match (the file was changed or cut)`);
    total += out.length;
    totalCompressed += e.compressed;
    done.set(name, out);
    return out;
  };
  return {
    names: () => list.map((e) => e.name),
    has: (name) => byName.has(name),
    read,
    entries: () => new LazyEntries(list.map((e) => e.name), read),
  };
}

/** A Map of the archive's parts whose values are inflated on first use. */
class LazyEntries extends Map<string, Buffer> {
  constructor(
    private order: string[],
    private load: (name: string) => Buffer,
  ) {
    super();
  }
  override get(name: string): Buffer | undefined {
    if (!this.order.includes(name)) return undefined;
    if (!super.has(name)) super.set(name, this.load(name));
    return super.get(name);
  }
  override has(name: string): boolean {
    return this.order.includes(name);
  }
  override set(name: string, value: Buffer): this {
    if (!this.order.includes(name)) this.order.push(name);
    return super.set(name, value);
  }
  override get size(): number {
    return this.order.length;
  }
  override keys(): MapIterator<string> {
    return this.order[Symbol.iterator]() as MapIterator<string>;
  }
  override *entries(): MapIterator<[string, Buffer]> {
    for (const name of this.order) yield [name, this.get(name)!];
  }
  override [Symbol.iterator](): MapIterator<[string, Buffer]> {
    return this.entries();
  }
  override *values(): MapIterator<Buffer> {
    for (const name of this.order) yield this.get(name)!;
  }
}

/** Every entry of the archive, by name, in archive order, uncompressed (inflated as used). */
export function readZip(buf: Buffer): Map<string, Buffer> {
  return openZip(buf).entries();
}

/**
 * An archive of `entries` (deflated; `store`: uncompressed, for an archive that is only handed to
 * another library in memory), with `replace` taking the place of entries of the same name.
 */
export function writeZip(entries: Map<string, Buffer>, replace: Map<string, Buffer> = new Map(), options: { store?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, original] of entries) {
    const data = replace.get(name) ?? original;
    // Large parts (a big sheet) are packed at the fastest level: a quarter of the time, a fifth bigger.
    const packed = options.store ? data : deflateRawSync(data, { level: data.length >= BIG_PART ? 1 : 6 });
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(options.store ? 0 : 8, 8); // stored or deflated
    head.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(options.store ? 0 : 8, 10);
    dir.writeUInt32LE(0x00210000, 12);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, packed);
    central.push(dir, nameBytes);
    offset += head.length + nameBytes.length + packed.length;
  }
  const centralSize = central.reduce((t, b) => t + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.size, 8);
  end.writeUInt16LE(entries.size, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
