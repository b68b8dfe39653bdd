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

// Installed packages change only through npm, which rewrites node_modules/.package-lock.json on every
// install (package files keep their published mtimes): that one file stands for all of node_modules,
// so a run stats the project's own sources, not the ~600 package files of the bundle.
const INSTALLED = join(ROOT, "node_modules", ".package-lock.json");
const isPackageFile = (input) => input.split("/").includes("node_modules");

function upToDate() {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = [__filename, INSTALLED, ...JSON.parse(readFileSync(metafile, "utf8")).sources.map((input) => join(ROOT, input))];
    return inputs.every((input) => statSync(input).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

// cdktf records a full, formatted stack trace for every token it creates (each attribute reference), used
// only to decorate an error message: ~40 ms of the default synth. The bundle gives tokens an empty
// creation stack, as App({ stackTraces: false }) already does for constructs.
const tokensWithoutStackTraces = {
  name: "tokens-without-stack-traces",
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: '"use strict"; exports.captureStackTrace = () => [];',
      loader: "js",
    }));
  },
};

async function rebuild() {
  const { build } = require("esbuild");
  mkdirSync(outdir, { recursive: true });
  // Parallel runs (jest workers, CI) each write their own file and rename it into place.
  const temporary = `${bundle}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    target: "node20",
    outfile: temporary,
    metafile: true,
    // Without comments and indentation the bundle is half the size and pure ASCII: V8 reads and parses a
    // one-byte string several times faster than the two-byte string a single "→" in a comment forces.
    minifyWhitespace: true,
    plugins: [tokensWithoutStackTraces],
    logLevel: "error",
  });
  const sources = Object.keys(result.metafile.inputs).filter((input) => !isPackageFile(input));
  writeFileSync(`${metafile}.${process.pid}.tmp`, JSON.stringify({ sources }));
  renameSync(`${metafile}.${process.pid}.tmp`, metafile);
  renameSync(temporary, bundle);
}

function run() {
  // The entry point sees its own arguments, as if it had been started directly.
  process.argv.splice(2, 1);
  require(bundle);
}

if (upToDate()) run();
else
  rebuild().then(run, (error) => {
    console.error(error.message);
    process.exit(1);
  });
