/**
 * A result's label and message columns in a form that is quick to copy between threads (the task
 * pane's engine worker, the command line's JSON writer): labels as one byte per row with their texts,
 * messages only for the rows that have some. Small on purpose: a worker that needs only this does not
 * load the engine.
 *
 * @example
 * unpackLabels(packLabels(["A", "B", null, "A"]))  // ["A", "B", null, "A"]
 */
import type { Message } from "./reading/table.js";

/** Labels (class, quadrant, tier) as one byte per row and their texts: quick to copy to a worker and back. */
export interface PackedLabels {
  codes: Uint8Array;
  texts: (string | null)[];
}

export function packLabels(values: readonly (string | null)[]): PackedLabels {
  const texts: (string | null)[] = [null];
  const index = new Map<string | null, number>([[null, 0]]);
  const codes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    let k = index.get(v);
    if (k === undefined) {
      k = texts.length;
      texts.push(v);
      index.set(v, k);
    }
    codes[i] = k;
  }
  return { codes, texts };
}

export function unpackLabels<T extends string | null>(l: PackedLabels): T[] {
  const out = new Array<T>(l.codes.length);
  for (let i = 0; i < l.codes.length; i++) out[i] = (l.texts[l.codes[i]!] ?? null) as T;
  return out;
}

/** The rows' messages for a copy: only the rows that have some (and `keep` asks for), with their index. */
export function packMessages(messages: readonly Message[][], keep: (i: number) => boolean = () => true): [number, Message[]][] {
  const sparse: [number, Message[]][] = [];
  for (let i = 0; i < messages.length; i++) if (messages[i]!.length && keep(i)) sparse.push([i, messages[i]!]);
  return sparse;
}

const NO_MESSAGES = Object.freeze([]) as unknown as Message[];

/** {@link packMessages} undone: `n` rows, one shared empty list where a row has none. */
export function unpackMessages(n: number, sparse: readonly [number, Message[]][]): Message[][] {
  const messages = new Array<Message[]>(n).fill(NO_MESSAGES);
  for (const [i, m] of sparse) messages[i] = m;
  return messages;
}
