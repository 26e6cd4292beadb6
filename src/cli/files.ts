/**
 * Files for the command line, written so that a user's file is never lost: the result goes to a
 * temporary file in the target folder, which is flushed to disk and then renamed over the target, so
 * a failure at any point leaves the target as it was and nothing half-written behind. The input is
 * never the output, a folder is never a target, and an existing file the tool did not write is not
 * overwritten without --force. Every failure of the file system becomes one line saying what and
 * where (exit code 1), never a stack trace.
 *
 * @example
 * checkTarget("klanten.xlsx", "klanten.segmented.xlsx", "xlsx", false);
 * writeAtomically("klanten.segmented.xlsx", (chunk) => chunk(workbook), statSync("klanten.xlsx").mode);
 */
import { closeSync, existsSync, fsyncSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, chmodSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { resultHeaders } from "../engine/index.js";
import { openZip } from "./zip.js";

/** A file the command line cannot read or write: the message says what and where (exit code 1). */
export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileError";
  }
}

/** The option refers to a file it must not (the input, a folder): exit code 2, like other wrong options. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetError";
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "is a folder, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the folder is on a read-only file system",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EFBIG: "the file is too large for this file system",
  EMFILE: "too many files are open",
  ENAMETOOLONG: "the name is too long",
  EIO: "an input/output error of the disk",
  EBUSY: "the file is in use",
  ETXTBSY: "the file is in use",
  EEXIST: "exists already",
};

/** One line for a failed file operation: "cannot write out.xlsx: the disk is full". */
export function ioError(e: unknown, doing: string, path: string): FileError {
  const code = (e as NodeJS.ErrnoException)?.code ?? "";
  const reason = REASONS[code] ?? ((e as Error)?.message ?? String(e)).replace(/^[A-Z]+: /, "");
  return new FileError(`cannot ${doing} ${path}: ${reason}${code && !REASONS[code] ? ` (${code})` : ""}`);
}

function real(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** Whether an existing file is a result this tool wrote before (so it may be replaced). */
export function isOwnOutput(path: string, format: "xlsx" | "csv" | "json"): boolean {
  let fd: number | null = null;
  try {
    const size = statSync(path).size;
    if (format === "xlsx") {
      if (size > 256 * 2 ** 20) return false;
      fd = openSync(path, "r");
      const buf = Buffer.alloc(size);
      readSync(fd, buf, 0, size, 0);
      const zip = openZip(buf);
      const custom = zip.names().includes("docProps/custom.xml") ? zip.read("docProps/custom.xml").toString("utf8") : "";
      // The property Generator, with exactly this tool's name as its text.
      return /<property\b[^>]*\bname="Generator"[^>]*>\s*<vt:lpwstr>customer-segment<\/vt:lpwstr>\s*<\/property>/.test(custom);
    }
    fd = openSync(path, "r");
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, head, 0, head.length, 0);
    const text = head.toString("utf8").replace(/^\ufeff/, "");
    if (format === "json") return /^\{\s*"generator"\s*:\s*"customer-segment"/.test(text);
    const lines = text.split(/\r?\n/).slice(0, 50);
    return (["en", "nl"] as const).some((lang) => lines.some((line) => resultHeaders(lang).every((h) => line.includes(h))));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The custom document property that marks a workbook as this tool's output. */
export const OUTPUT_MARK = "customer-segment";

/**
 * Check where the result goes before any work is done: not the input itself (also through a link),
 * not a folder, not a missing folder, and not a file the tool did not write unless `force`.
 */
export function checkTarget(input: string, out: string, format: "xlsx" | "csv" | "json", force: boolean): void {
  const target = real(out);
  const source = real(input);
  if (target && source && target === source) throw new TargetError(`--out ${out} is the input file itself; the input is never overwritten. Name another file.`);
  let st: Stats | null = null;
  try {
    st = statSync(out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw ioError(e, "use", out);
  }
  if (st?.isDirectory()) throw new TargetError(`--out ${out} is a folder; name a file in it, e.g. ${join(out, basename(input).replace(/\.[^.]*$/, "") + ".segmented." + format)}`);
  const folder = dirname(resolve(out));
  if (!existsSync(folder)) throw new FileError(`cannot write ${out}: the folder ${folder} does not exist`);
  if (st && !st.isFile()) throw new TargetError(`--out ${out} is not a regular file; name a file.`);
  if (st && !force && !isOwnOutput(out, format)) {
    throw new FileError(`${out} exists and was not written by customer-segment; it is left as it is. Name another file with --out, or add --force to replace it.`);
  }
}

/**
 * Write `out` through a temporary file beside it: `fill` hands its data to `chunk` in pieces; the
 * file is flushed and renamed over `out` only when all went well. `mode` (the input's permissions)
 * is given to the new file. On any failure the temporary file is removed and `out` is untouched.
 */
export function writeAtomically(out: string, fill: (chunk: (data: string | Uint8Array) => void) => void, mode?: number): void {
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | null = null;
  pending.add(tmp);
  try {
    try {
      fd = openSync(tmp, "wx", 0o600);
    } catch (e) {
      throw ioError(e, "write", out);
    }
    const f = fd;
    fill((data) => {
      try {
        const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
        for (let off = 0; off < buf.length; ) off += writeSync(f, buf, off, buf.length - off);
      } catch (e) {
        throw ioError(e, "write", out);
      }
    });
    try {
      if (mode !== undefined) chmodSync(tmp, mode & 0o7777);
      fsyncSync(f);
      closeSync(f);
      fd = null;
      renameSync(tmp, out);
    } catch (e) {
      throw ioError(e, "write", out);
    }
    // Make the rename itself durable where the system allows opening a folder.
    try {
      const dir = openSync(dirname(resolve(out)), "r");
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      // not every system can sync a folder; the file itself is on disk
    }
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already failing
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was made
    }
    throw e;
  } finally {
    pending.delete(tmp);
  }
}

/** Temporary files being written now, removed by {@link removePending} when the process is stopped. */
const pending = new Set<string>();

/** Remove the temporary files of writes in progress (on Ctrl-C or a kill): nothing half-written stays. */
export function removePending(): void {
  for (const tmp of pending) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  pending.clear();
}
