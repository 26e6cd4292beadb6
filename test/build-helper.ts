/** Runs the production webpack build once per test run, into a temporary folder. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

let built: { dir: string; files: Set<string> } | null = null;

function list(dir: string, root = dir, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) list(p, root, out);
    else out.add(relative(root, p).split("\\").join("/"));
  }
  return out;
}

export async function buildOnce(): Promise<{ dir: string; files: Set<string> }> {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), "segment-build-"));
  execFileSync(process.execPath, ["node_modules/webpack/bin/webpack.js", "--mode", "production", "--env", `outDir=${dir}`], { stdio: "pipe" });
  built = { dir, files: list(dir) };
  return built;
}
