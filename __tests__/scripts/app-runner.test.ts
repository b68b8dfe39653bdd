import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * scripts/app.js, the bundle runner, in a project folder of its own: the real esbuild, the entry's
 * sources written by the test, and (for the layout checks) a stand-in cdktf. That the check accepts the
 * installed cdktf is shown by every test that runs the app through the runner (main.test.ts, cli.test.ts).
 */
const ROOT = join(__dirname, "..", "..");

function project(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "vdi-app-runner-"));
  mkdirSync(join(dir, "scripts"));
  copyFileSync(join(ROOT, "scripts", "app.js"), join(dir, "scripts", "app.js"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(ROOT, "node_modules", "esbuild"), join(dir, "node_modules", "esbuild"));
  writeFileSync(join(dir, "node_modules", ".package-lock.json"), "{}");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = () => spawnSync(process.execPath, [join(dir, "scripts", "app.js"), "entry.ts"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return { dir, run };
}

describe("scripts/app.js", () => {
  it("rebuilds when a source's content changed even though its mtime and size did not move forward", () => {
    const { dir, run } = project({ "entry.ts": 'import { word } from "./word";\nconsole.log(word);\n', "word.ts": 'export const word = "one";\n' });
    expect(run().stdout).toBe("one\n");
    const bundle = join(dir, "dist", "entry.js");
    const builtAt = statSync(bundle).mtimeMs;
    expect(run().stdout).toBe("one\n");
    expect(statSync(bundle).mtimeMs).toBe(builtAt); // unchanged sources: the bundle is reused
    // The runs left a code cache; V8 checks it only against the source's length, which the change below keeps.
    expect(readdirSync(join(dir, "dist")).filter((name) => name.endsWith(".v8cache"))).toHaveLength(1);

    // Same size, and an mtime from long before the bundle, as `cp -p`, tar or rsync -t leave it.
    writeFileSync(join(dir, "word.ts"), 'export const word = "two";\n');
    const longAgo = new Date("2001-01-01T00:00:00Z");
    utimesSync(join(dir, "word.ts"), longAgo, longAgo);
    expect(run().stdout).toBe("two\n");
  });

  /** A project whose entry imports a stand-in cdktf made of `files` (under node_modules/cdktf/lib). */
  const withStandInCdktf = (files: Record<string, string>) =>
    project({
      "entry.ts": 'import { App } from "cdktf";\nconsole.log(typeof App);\n',
      "node_modules/cdktf/package.json": '{ "name": "cdktf", "main": "lib/index.js" }',
      ...Object.fromEntries(Object.entries(files).map(([path, text]) => [`node_modules/cdktf/lib/${path}`, text])),
    });

  it.each([
    [
      "the bundle holds cdktf but not the private file it replaces",
      { "index.js": "exports.App = class {};\n" },
      "the bundle holds cdktf but not cdktf/lib/tokens/private/stack-trace.js",
    ],
    [
      "that file no longer exports captureStackTrace",
      {
        "index.js": 'require("./tokens/private/stack-trace");\nexports.App = class {};\n',
        "tokens/private/stack-trace.js": "exports.recordTrace = () => [];\n",
      },
      "no longer exports captureStackTrace",
    ],
  ])("fails loudly, writing no bundle, when %s", (_case, files, message) => {
    const { dir, run } = withStandInCdktf(files);
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(dir, "dist", "entry.js"))).toBe(false);
  });

  it("reports an uncaught error as an internal error with its whole stack, not the bundle's megabyte-long line, and fails", () => {
    // A long line before the throw stands for the minified bundle, which Node would print first.
    const filler = `export const filler = "${"x".repeat(200_000)}";`;
    const { run } = project({
      "entry.ts": 'import { filler } from "./filler";\nif (filler.length > 0) throw new TypeError("the bug");\n',
      "filler.ts": filler,
    });
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^Internal error \(a bug, not a problem with your input; please report it with the command you ran\):\nTypeError: the bug\n {4}at /,
    );
    expect(result.stderr).not.toContain("xxxxxxxxxx");
  });

  it("ends the run at an uncaught error, so that work left behind cannot turn it into a success", () => {
    const { run } = project({
      "entry.ts": 'setTimeout(() => { throw new Error("the bug"); }, 10);\nsetTimeout(() => process.exit(0), 200);\n',
    });
    expect(run().status).toBe(1);
  });

  it("runs import() inside the bundle, which has no module loader of its own", () => {
    const { run } = project({ "entry.ts": 'import("node:os").then((os) => console.log(typeof os.cpus));\n' });
    expect(run().stdout).toBe("function\n");
  });
});
