#!/usr/bin/env node
// Runs a TypeScript entry point (main.ts, commands/cli.ts, the benchmark's floor app) as one esbuild bundle:
// no type-checking at run time (`npm test` type-checks), one file to load instead of hundreds.
// The bundle is rebuilt only when one of its inputs changed since it was built.
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { createRequire, Module } = require("node:module");
const { basename, join, relative, resolve } = require("node:path");
const { Script } = require("node:vm");

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

const sha256 = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** What the up-to-date check compares for one input: its size, mtime and content hash when the bundle was built. */
function fingerprint(file) {
  const { size, mtimeMs } = statSync(file);
  return { size, mtimeMs, sha256: sha256(file) };
}

/**
 * The bundle is current when every input it was built from is unchanged. An input whose mtime and size are
 * as recorded is unchanged (one stat); one whose mtime moved is compared by content, so that neither a file
 * restored with an old mtime (cp -p, tar, rsync -t, a checkout tool) nor a touched but identical file fools it.
 */
function upToDate() {
  try {
    statSync(bundle);
    const { inputs } = JSON.parse(readFileSync(metafile, "utf8"));
    return Object.entries(inputs).every(([input, recorded]) => {
      const file = join(ROOT, input);
      const { size, mtimeMs } = statSync(file);
      if (size !== recorded.size) return false;
      return mtimeMs === recorded.mtimeMs || sha256(file) === recorded.sha256;
    });
  } catch {
    return false;
  }
}

// cdktf records a full, formatted stack trace for every token it creates (each attribute reference), used
// only to decorate an error message: ~40 ms of the default synth. The bundle gives tokens an empty
// creation stack, as App({ stackTraces: false }) already does for constructs. The module is cdktf's private
// file: when a bundle holds cdktf but not that file, or the file no longer exports captureStackTrace, cdktf
// changed, and the build fails rather than silently losing the optimisation (or replacing something else).
const STACK_TRACE_MODULE = /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/;
const CDKTF_MODULE = /(^|[\\/])node_modules[\\/]cdktf[\\/]lib[\\/]/;
let stackTraceModuleReplaced = false;
const tokensWithoutStackTraces = {
  name: "tokens-without-stack-traces",
  setup(build) {
    build.onLoad({ filter: STACK_TRACE_MODULE }, (args) => {
      if (!/exports\.captureStackTrace\s*=/.test(readFileSync(args.path, "utf8"))) {
        return { errors: [{ text: `${args.path} no longer exports captureStackTrace: update tokensWithoutStackTraces in scripts/app.js` }] };
      }
      stackTraceModuleReplaced = true;
      return { contents: '"use strict"; exports.captureStackTrace = () => [];', loader: "js" };
    });
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
    // The bundle runs as a vm.Script (for its code cache), where import() has no loader: as require() it does.
    supported: { "dynamic-import": false },
    plugins: [tokensWithoutStackTraces],
    logLevel: "error",
  });
  if (Object.keys(result.metafile.inputs).some((input) => CDKTF_MODULE.test(input)) && !stackTraceModuleReplaced) {
    rmSync(temporary, { force: true });
    throw new Error(
      "scripts/app.js: the bundle holds cdktf but not cdktf/lib/tokens/private/stack-trace.js, which it replaces: cdktf moved the file; update tokensWithoutStackTraces",
    );
  }
  const sources = Object.keys(result.metafile.inputs).filter((input) => !isPackageFile(input));
  const inputs = Object.fromEntries(
    [relative(ROOT, __filename), relative(ROOT, INSTALLED), ...sources].map((input) => [input, fingerprint(join(ROOT, input))]),
  );
  writeFileSync(`${metafile}.${process.pid}.tmp`, JSON.stringify({ inputs }));
  renameSync(`${metafile}.${process.pid}.tmp`, metafile);
  renameSync(temporary, bundle);
}

/**
 * Runs the bundle as `require` would, with V8's code cache: compiling the 2 MB bundle, and then each
 * function on its first call, is about a quarter of a default synth. The cache is produced at exit, so it
 * holds the functions this run compiled. V8 checks a cache only against the source's length, so the
 * cache file is named by the bundle's content hash: a rebuilt bundle never meets a stale cache, even
 * when parallel runs rebuild it. Each run that finds no cache writes its own file and renames it into place.
 */
function runWithCodeCache() {
  const source = readFileSync(bundle);
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const cacheFile = `${bundle}.${hash}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source.toString("utf8")), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once("exit", () => {
      try {
        // A parallel run may have rebuilt the bundle meanwhile: then this cache is stale, and so is the cleanup.
        if (sha256(bundle).slice(0, 16) !== hash) return;
        for (const stale of readdirSync(outdir).filter((name) => name.startsWith(`${basename(bundle)}.`) && name.endsWith(".v8cache"))) {
          rmSync(join(outdir, stale), { force: true });
        }
        writeFileSync(`${cacheFile}.${process.pid}.tmp`, script.createCachedData());
        renameSync(`${cacheFile}.${process.pid}.tmp`, cacheFile);
      } catch {
        // Only a later run's speed depends on the cache.
      }
    });
  }
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  bundleModule.paths = Module._nodeModulePaths(outdir);
  script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, outdir);
  bundleModule.loaded = true;
}

function run() {
  // The entry point sees its own arguments, as if it had been started directly.
  process.argv.splice(2, 1);
  // Left to Node, an uncaught error prints the bundle's throwing line first: one minified line of
  // megabytes, which a pipe truncates before the stack is reached. A bug is reported as a bug.
  process.on("uncaughtException", (error) => {
    process.stderr.write(
      `Internal error (a bug, not a problem with your input; please report it with the command you ran):\n${error?.stack ?? error}\n`,
    );
    // Timers and I/O left behind must not run on, or turn the failure into a success.
    process.exit(1);
  });
  runWithCodeCache();
}

if (upToDate()) run();
else
  rebuild().then(run, (error) => {
    console.error(error.message);
    process.exit(1);
  });
