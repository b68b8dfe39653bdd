#!/usr/bin/env node
// Runs a TypeScript entry point (main.ts, scripts/cli.ts, the benchmark's floor app) as one esbuild bundle:
// no type-checking at run time (`npm test` type-checks), one file to load instead of hundreds.
// The bundle is rebuilt only when one of its inputs changed since it was built.
"use strict";
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { basename, join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..");
const entry = process.argv[2];
if (!entry) {
  console.error("usage: node scripts/app.js <entry.ts>");
  process.exit(2);
}
const outdir = join(ROOT, "dist");
const bundle = join(outdir, `${basename(entry, ".ts")}.js`);
const metafile = `${bundle}.inputs.json`;

function upToDate() {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    // npm rewrites node_modules/.package-lock.json on every install; package files keep old mtimes.
    const installed = join(ROOT, "node_modules", ".package-lock.json");
    const inputs = [__filename, installed, ...Object.keys(JSON.parse(readFileSync(metafile, "utf8")).inputs).map((input) => join(ROOT, input))];
    return inputs.every((input) => statSync(input).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const { buildSync } = require("esbuild");
  mkdirSync(outdir, { recursive: true });
  // Parallel runs (jest workers, CI) each write their own file and rename it into place.
  const temporary = `${bundle}.${process.pid}.tmp`;
  const result = buildSync({
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    target: "node20",
    outfile: temporary,
    metafile: true,
    logLevel: "error",
  });
  writeFileSync(`${metafile}.${process.pid}.tmp`, JSON.stringify({ inputs: result.metafile.inputs }));
  renameSync(`${metafile}.${process.pid}.tmp`, metafile);
  renameSync(temporary, bundle);
}

// The entry point sees its own arguments, as if it had been started directly.
process.argv.splice(2, 1);
require(bundle);
