/** Runs the production webpack build once per test run, into a temporary folder. */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { scratchDir } from "./scratch.js";

const built = new Map<string, { dir: string; files: Set<string> }>();

function list(dir: string, root = dir, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) list(p, root, out);
    else out.add(relative(root, p).split("\\").join("/"));
  }
  return out;
}

/** The production build; with `localOffice`, pages load office.js from the build instead of the CDN. */
export async function buildOnce(localOffice = false): Promise<{ dir: string; files: Set<string> }> {
  const key = localOffice ? "local" : "cdn";
  const done = built.get(key);
  if (done) return done;
  const dir = scratchDir("segment-build-");
  const args = ["node_modules/webpack/bin/webpack.js", "--mode", "production", "--env", `outDir=${dir}`];
  if (localOffice) args.push("--env", "localOffice");
  execFileSync(process.execPath, args, { stdio: "pipe" });
  const result = { dir, files: list(dir) };
  built.set(key, result);
  return result;
}
