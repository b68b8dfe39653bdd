#!/usr/bin/env node
// Builds runtime/<name>/handler.ts into one minified index.js (esbuild; the AWS SDK clients it imports included)
// and zips it as <zip>, with a fixed file date so that the same code always gives the same archive (and the same
// source_code_hash: no plan shows a change the code did not make). Run by modules/lambda-bundle.ts in a process
// of its own: the app is itself an esbuild bundle, which can contain neither esbuild nor cdktf's own archiving.
"use strict";
const { createWriteStream, mkdirSync, readFileSync } = require("node:fs");
const { dirname, join, resolve } = require("node:path");

const [name, zipPath] = process.argv.slice(2);
if (!name || !zipPath) {
  console.error("usage: node scripts/build-lambda.js <runtime folder> <zip file>");
  process.exit(2);
}
const ROOT = resolve(__dirname, "..");

async function main() {
  const result = await require("esbuild").build({
    entryPoints: [join(ROOT, "runtime", name, "handler.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    write: false,
    minify: true,
    legalComments: "none",
    logLevel: "error",
  });
  mkdirSync(dirname(zipPath), { recursive: true });
  const archive = require("archiver")("zip", { zlib: { level: 9 } });
  const done = new Promise((resolveDone, reject) => {
    const output = createWriteStream(zipPath);
    output.on("close", resolveDone);
    archive.on("error", reject);
    archive.pipe(output);
  });
  archive.append(Buffer.from(result.outputFiles[0].contents), { name: "index.js", date: new Date("2000-01-01T00:00:00Z"), mode: 0o644 });
  await archive.finalize();
  await done;
  // Read back once: a truncated archive fails here, not at deploy time.
  if (readFileSync(zipPath).length < 100) throw new Error(`${zipPath} is empty`);
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
