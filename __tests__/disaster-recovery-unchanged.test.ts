import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { loadConfig } from "../config/load";
import { synthesize } from "../stacks/synthesize";

/**
 * Disaster recovery is optional: without `disasterRecovery`, every configuration synthesizes byte for byte the
 * stacks it did before the feature existed. The fixture holds the SHA-256 of each stack of the default and every
 * example, taken on the commit before it (`sha256sum` of `<config>/stacks/<stack>/cdk.tf.json`). A later change
 * that means to change these stacks regenerates the fixture the same way and says so in its commit.
 */
const BEFORE = Object.fromEntries(
  readFileSync(join(__dirname, "fixtures", "stacks-before-disaster-recovery.sha256"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(/\s+\.\//).reverse()),
);

const configurations = ["config/default.yaml", ...readdirSync("config/examples").map((file) => `config/examples/${file}`)].filter(
  (path) => !path.endsWith("disaster-recovery.yaml"),
);

test.each(configurations)("%s synthesizes the same stacks as before disaster recovery existed", (path) => {
  const name = basename(path, ".yaml");
  const outdir = mkdtempSync(join(tmpdir(), "vdi-unchanged-"));
  try {
    expect(synthesize(loadConfig(path), outdir).written).toBe(true);
    const stacks = readdirSync(join(outdir, "stacks")).sort();
    expect(stacks.filter((stack) => stack.startsWith("dr-"))).toEqual([]);
    const hashes = Object.fromEntries(
      stacks.map((stack) => {
        const file = `${name}/stacks/${stack}/cdk.tf.json`;
        return [file, createHash("sha256").update(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"))).digest("hex")];
      }),
    );
    const expected = Object.fromEntries(Object.entries(BEFORE).filter(([file]) => file.startsWith(`${name}/`)));
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(4);
    expect(hashes).toEqual(expected);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
