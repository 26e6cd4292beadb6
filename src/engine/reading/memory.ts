/**
 * Typed arrays for the engine, carved out of one arena per `segment()` call.
 *
 * Why: V8 runs a full garbage collection every time some tens of megabytes of new typed-array
 * memory ("external memory") have been allocated, and each of those has to trace the whole input
 * table (a million row arrays). Taking all of a run's arrays from one buffer turns a dozen such
 * collections into one. Outside {@link withArena} these functions simply allocate.
 *
 * The arrays start zeroed, like `new Float64Array(n)`.
 */
let arena: { buffer: ArrayBuffer; offset: number } | null = null;

/** Run `f` with an arena of `bytes` (a fresh, zeroed buffer; the part never touched costs no memory). */
export function withArena<T>(bytes: number, f: () => T): T {
  const previous = arena;
  arena = { buffer: new ArrayBuffer(Math.max(8, Math.ceil(bytes / 8) * 8)), offset: 0 };
  try {
    return f();
  } finally {
    arena = previous;
  }
}

function take(bytes: number): { buffer: ArrayBuffer; offset: number } | null {
  if (!arena) return null;
  const offset = arena.offset;
  const end = offset + Math.ceil(bytes / 8) * 8;
  if (end > arena.buffer.byteLength) return null;
  arena.offset = end;
  return { buffer: arena.buffer, offset };
}

export function f64(n: number): Float64Array {
  const t = take(n * 8);
  return t ? new Float64Array(t.buffer, t.offset, n) : new Float64Array(n);
}

export function u32(n: number): Uint32Array {
  const t = take(n * 4);
  return t ? new Uint32Array(t.buffer, t.offset, n) : new Uint32Array(n);
}

export function u8(n: number): Uint8Array {
  const t = take(n);
  return t ? new Uint8Array(t.buffer, t.offset, n) : new Uint8Array(n);
}

/** Bytes per data row that one `segment()` run takes at most from its arena (with room to spare). */
export const ARENA_BYTES_PER_ROW = 480;

/**
 * A copy of `text` that holds on to no larger string. V8 cuts a slice of 13 characters or more as a
 * view of the string it came from, which then lives as long as the slice: a name kept for the whole
 * run would keep the CSV reader's 8 MB piece of the file it was cut from. Shorter texts are copies
 * already.
 *
 * @example
 * ownText(piece.slice(100, 140)) // the same 40 characters, without `piece`
 */
export function ownText(text: string): string {
  return text.length >= 13 ? (text + " ").slice(0, -1) : text;
}
