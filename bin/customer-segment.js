#!/usr/bin/env node
// The command line, compiled by `npm run build:cli` (run by `npm ci` / `npm install` through `prepare`).
"use strict";
let cli;
try {
  cli = require("../build/cli/main.js");
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND") {
    process.stderr.write("customer-segment: not built yet; run `npm run build:cli` (npm ci does it) in " + require("node:path").resolve(__dirname, "..") + "\n");
    process.exit(3);
  }
  throw e;
}
cli.cli(process.argv.slice(2));
