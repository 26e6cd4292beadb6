/**
 * Draws the add-in's icons (16, 32, 64, 80 px and a 128 px store logo) as PNG files in assets/:
 * a Pareto bar chart in Office blue on white. Run with `npx tsx scripts/make-icons.ts`; the PNGs
 * are committed, so the build does not need this script.
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

// Bars of decreasing height (a Pareto chart) with a cumulative line.
function icon(size: number) {
  const bars = [0.9, 0.55, 0.35, 0.22, 0.14];
  const margin = size / 8;
  const w = (size - 2 * margin) / bars.length;
  const blue: [number, number, number, number] = [0x0f, 0x6c, 0xbd, 255];
  const green: [number, number, number, number] = [0x10, 0x7c, 0x10, 255];
  return png(size, (x, y) => {
    const fx = x + 0.5;
    const fy = y + 0.5;
    // cumulative curve: rises quickly then flattens
    const t = (fx - margin) / (size - 2 * margin);
    if (t >= 0 && t <= 1) {
      const curve = size - margin - (size - 2 * margin) * Math.min(1, Math.sqrt(t) * 1.05);
      if (Math.abs(fy - curve) <= Math.max(0.6, size / 40)) return green;
    }
    const i = Math.floor((fx - margin) / w);
    if (i >= 0 && i < bars.length) {
      const left = margin + i * w + w * 0.12;
      const right = margin + (i + 1) * w - w * 0.12;
      const top = size - margin - (size - 2 * margin) * bars[i]!;
      if (fx >= left && fx <= right && fy >= top && fy <= size - margin) return blue;
    }
    return [255, 255, 255, 0];
  });
}

for (const size of [16, 32, 64, 80, 128]) writeFileSync(new URL(`../assets/icon-${size}.png`, import.meta.url), icon(size));
