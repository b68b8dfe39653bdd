import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { loadConfig, parseConfig } from "../../config/load";
import { DEPLOYMENT_TAG_KEYS, DESKTOP_TAG_KEYS } from "../../config/schema";
import { desktopsOf } from "../../synthesis/resource-instances";
import { configWith, DEFAULT_YAML, synthApp } from "../helpers";

/** The problems loading `path` reports, or [] when it loads. */
function problemsLoading(path: string): readonly string[] {
  try {
    loadConfig(path);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration files that are not YAML text", () => {
  const dir = mkdtempSync(join(tmpdir(), "vdi-files-"));

  it("refuses a named pipe without waiting for a writer", () => {
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(problemsLoading(fifo)).toEqual([`${fifo}: is a named pipe, not a regular file: name a YAML file`]);
  });

  it("refuses a device and a folder", () => {
    expect(problemsLoading("/dev/zero")).toEqual(["/dev/zero: is a device, not a regular file: name a YAML file"]);
    expect(problemsLoading(dir)).toEqual([`${dir}: is a folder, not a regular file: name a YAML file`]);
  });

  it("refuses a file over 1 MiB without reading it, and binary content", () => {
    const huge = join(dir, "huge.yaml");
    writeFileSync(huge, `# ${"x".repeat(2 * 1024 * 1024)}\n`);
    expect(problemsLoading(huge)).toEqual([`${huge}: is 2.0 MiB, more than the 1 MiB a configuration file may have`]);
    const binary = join(dir, "binary.yaml");
    writeFileSync(binary, Buffer.from([0x70, 0x3a, 0x20, 0xff, 0xfe, 0x00, 0xc3]));
    expect(problemsLoading(binary)).toEqual([`${binary}: is not UTF-8 text (a binary file?)`]);
  });

  it("names the absolute path of a missing file", () => {
    expect(problemsLoading("no/such/file.yaml")).toEqual([
      `no/such/file.yaml: configuration file not found (looked for ${join(process.cwd(), "no/such/file.yaml")})`,
    ]);
  });

  it("refuses nesting deep enough to exhaust the parser, in one line", () => {
    const problems = (() => {
      try {
        parseConfig(`a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`, "deep.yaml");
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([expect.stringMatching(/^deep\.yaml(:\d+)?: not valid YAML: /)]);
  });
});

describe("empty sections", () => {
  it("mean their defaults, like sections left out", () => {
    const emptied = DEFAULT_YAML.replace(/^network:\n( {2}.*\n)+/m, "network:\n")
      .replace(/^monitoring:\n( {2}.*\n)+/m, "monitoring:\n")
      .replace(/^ {2}users:\n(( {4}).*\n)+/m, "  users:\n")
      .replace(/^ {2}ipRules:\n(( {4}).*\n)+/m, "  ipRules:\n");
    expect(emptied).toMatch(/^network:\n/m);
    const config = parseConfig(emptied, "emptied.yaml");
    expect(config.network).toMatchObject({ vpcCidr: "10.0.0.0/16", natGateways: "single" });
    expect(config.monitoring).toEqual({ connectionFailureThreshold: 5, logRetentionDays: 90 });
    expect(config.desktops.users).toEqual([]);
    expect(config.access.ipRules).toEqual([]);
  });
});

describe("tag keys the schema reserves", () => {
  it("are the ones the stacks set on every resource and on each desktop", () => {
    const { network, desktops } = synthApp(configWith({ tags: {} }));
    expect(Object.keys(network.provider.aws[0].default_tags[0].tags).sort()).toEqual([...DEPLOYMENT_TAG_KEYS].sort());
    expect(Object.keys(desktopsOf(desktops)[0].arguments.tags)).toEqual([...DESKTOP_TAG_KEYS]);
  });
});
