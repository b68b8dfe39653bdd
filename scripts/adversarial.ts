/**
 * `npm run adversarial`: runs the app (as `npm run synth` does) on hostile and careless
 * configuration files and faults, and counts what happened: accepted, refused with one-line
 * messages, stack traces, hangs, accepted files whose text became live Terraform, and files given
 * a value of the wrong type that were accepted all the same. The corpus deletes every key of the
 * default and the examples, and gives each a string, a number, a mapping, a list and null.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";

const ROOT = join(__dirname, "..");
const DEFAULT_YAML = readFileSync(join(ROOT, "config", "default.yaml"), "utf8");
const TIMEOUT_MS = 20_000;
const workdir = mkdtempSync(join(tmpdir(), "vdi-adversarial-"));

/** The default file with keys set (dotted path → value; `null` empties a key). */
function withKeys(changes: Record<string, unknown>): string {
  const document = parseDocument(DEFAULT_YAML);
  for (const [path, value] of Object.entries(changes)) {
    document.setIn(
      path.split(".").map((key) => (/^\d+$/.test(key) ? Number(key) : key)),
      value,
    );
  }
  return document.toString();
}

/** Free-text places of the file, and what an attacker or a careless editor puts there. */
const FIELDS: Record<string, (value: string) => Record<string, unknown>> = {
  "tag value": (value) => ({ "tags.owner": value }),
  "tag key": (value) => ({ [`tags.${value.replace(/\./g, "_")}`]: "x" }),
  "user name": (value) => ({ "desktops.users.0.userName": value }),
  "user tag": (value) => ({ "desktops.users.0.tags": { team: value } }),
  "bundle name": (value) => ({ "desktops.defaults.bundle.name": value }),
  "bundle owner": (value) => ({ "desktops.defaults.bundle.owner": value }),
  "ip rule description": (value) => ({ "access.ipRules.0.description": value }),
  "short name": (value) => ({ "directory.shortName": value }),
  "waiver reason": (value) => ({ "policy.waivers": [{ rule: "ip-access-open", reason: value }] }),
  "state key prefix": (value) => ({ "state.keyPrefix": value }),
};
const PAYLOADS: Record<string, string> = {
  interpolation: '${file("/etc/passwd")}',
  "short interpolation": "${path.cwd}",
  directive: "%{if true}x%{endif}",
  "literal escape": "$${x}",
  "cdktf token": "${TfToken[TOKEN.1]}",
  "list token": "#{TfToken[TOKEN.2]}",
  newline: "a\nb",
  "bell character": "a\u0007b",
  "zero-width space": "al\u200bice",
  "right-to-left override": "a\u202ebc",
  "hangul filler": "\u3164".repeat(12),
  "10,000 characters": "a".repeat(10_000),
  "NUL character": "a\u0000b",
};

type Case = { name: string; file?: string; path?: string; setup?: (path: string) => void; wrongType?: boolean };
const cases: Case[] = [];
for (const [field, place] of Object.entries(FIELDS)) {
  for (const [payload, value] of Object.entries(PAYLOADS)) cases.push({ name: `${field}: ${payload}`, file: withKeys(place(value)) });
}
const fileCases: Record<string, string> = {
  "empty file": "",
  "top-level list": "- a\n- b\n",
  "top-level scalar": "hello\n",
  "null network section": DEFAULT_YAML.replace(/^network:\n( {2}.*\n)+/m, "network:\n"),
  "null directory section": DEFAULT_YAML.replace(/^directory:\n( {2}.*\n)+/m, "directory:\n"),
  "null users": DEFAULT_YAML.replace(/^ {2}users:\n(( {4}).*\n)+/m, "  users:\n"),
  "null list item": DEFAULT_YAML.replace(/ {4}- userName: Administrator/, "    -"),
  "null tag value": withKeys({ "tags.owner": null }),
  "unresolved alias": DEFAULT_YAML.replace("region: us-east-1", "region: *nowhere"),
  "alias bomb": `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n${DEFAULT_YAML}`,
  "duplicate key": `${DEFAULT_YAML}project: again\n`,
  "unknown tag": DEFAULT_YAML.replace("region: us-east-1", "region: !vault us-east-1"),
  "binary tag": DEFAULT_YAML.replace("region: us-east-1", "region: !!binary dXMtZWFzdC0x"),
  "two documents": `${DEFAULT_YAML}---\nproject: other\n`,
  "deep nesting": `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`,
  "tabs for indentation": DEFAULT_YAML.replace(/^ {2}bucket/m, "\tbucket"),
  "JSON instead of YAML": JSON.stringify({ project: "x", environment: "dev" }),
  "region without an AZ list, no AZ IDs": withKeys({ region: "eu-west-3" }),
  "region without an AZ list, AZ names": withKeys({ region: "us-gov-west-1", "network.availabilityZoneIds": ["us-gov-west-1a", "us-gov-west-1b"] }),
  "null user with a GPU user": DEFAULT_YAML.replace(
    / {4}- userName: Administrator/,
    "    -\n    - userName: alice\n      computeType: GRAPHICS_G4DN",
  ),
  "250 /8 rules in prod": withKeys({
    environment: "prod",
    "access.ipRules": Array.from({ length: 250 }, (_, i) => ({ source: `${i + 1}.0.0.0/8`, description: "x" })),
  }),
  "internet access in prod": withKeys({ environment: "prod", "desktops.internetAccess": true }),
  "local admin in prod": withKeys({ environment: "prod", "desktops.localAdministrator": true }),
  "unused waiver": withKeys({ "policy.waivers": [{ rule: "kms-key-rotation", reason: "left over from an older deployment" }] }),
  "47 tags": withKeys({ tags: Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, "v"])) }),
  "tag a default tag overwrites": withKeys({ "tags.project": "x" }),
  "reserved bucket prefix": withKeys({ "state.bucket": "xn--state" }),
  "reserved bucket suffix": withKeys({ "state.bucket": "state--ol-s3" }),
  "state region that does not exist": withKeys({ "state.region": "eu-west-9" }),
  "key prefix of 1,100 characters": withKeys({ "state.keyPrefix": "a".repeat(1100) }),
  "loopback VPC": withKeys({ "network.vpcCidr": "127.0.0.0/16" }),
  "link-local VPC": withKeys({ "network.vpcCidr": "169.254.0.0/16" }),
  "multicast VPC": withKeys({ "network.vpcCidr": "224.0.0.0/16" }),
  "0.0.0.0/8 VPC": withKeys({ "network.vpcCidr": "0.0.0.0/16" }),
  "alias inside its own anchor": "a: &a [*a]\n",
  "two routes to one destination": withKeys({
    "network.routes": [
      { destination: "10.9.0.0/16", transitGatewayId: "tgw-12345678" },
      { destination: "10.9.0.0/16", vpnGatewayId: "vgw-12345678" },
    ],
  }),
  "YAML 1.1 directive": `%YAML 1.1\n---\n${DEFAULT_YAML.replace("internetAccess", "x").replace(/^desktops:\n/m, "desktops:\n  internetAccess: on\n")}`,
  ".inf threshold": DEFAULT_YAML.replace("connectionFailureThreshold: 5", "connectionFailureThreshold: .inf"),
  "cron without ?": withKeys({ "costOptimization.enabled": true, "costOptimization.schedule": "cron(0 1 * * * *)" }),
  "cron out of range": withKeys({ "costOptimization.enabled": true, "costOptimization.schedule": "cron(99 99 * * ? *)" }),
  "32-character project, DR in staging": readFileSync(join(ROOT, "config", "examples", "disaster-recovery.yaml"), "utf8")
    .replace(/^project: .*$/m, `project: ${"a".repeat(32)}`)
    .replace(/^environment: .*$/m, "environment: staging")
    .replace(/connectionAlias: desktops\./, "connectionAlias: desktops-staging."),
  "AD Connector service account with a space": withKeys({
    "directory.type": "ADConnector",
    "directory.connectSettings": { customerDnsIps: ["10.0.0.2"], customerUsername: "svc account", passwordSecretId: "corp/svc" },
  }),
};
for (const [name, file] of Object.entries(fileCases)) cases.push({ name, file });
cases.push({ name: "file over 1 MiB", file: `# ${"x".repeat(2 * 1024 * 1024)}\n` });
cases.push({ name: "random bytes", setup: (path) => writeFileSync(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))) });
cases.push({ name: "named pipe", setup: (path) => spawnSync("mkfifo", [path]) });
cases.push({ name: "/dev/zero", path: "/dev/zero" });
cases.push({ name: "/proc/self/environ", path: "/proc/self/environ" });
cases.push({ name: "/dev/urandom", path: "/dev/urandom" });
cases.push({ name: "a folder", path: workdir });
cases.push({ name: "missing file", path: join(workdir, "missing.yaml") });
cases.push({ name: "output folder is a file", file: DEFAULT_YAML, setup: () => writeFileSync(join(workdir, "blocked", "cdktf.out"), "x") });

/** A value of each YAML kind; a key given one of another kind than its own must be refused. */
const WRONG_TYPES: Record<string, unknown> = { string: "x", number: 7, mapping: { x: 1 }, list: [1], null: null };
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return ["object", "string", "number"].includes(typeof value) ? (typeof value === "object" ? "mapping" : typeof value) : "other";
}

/** Every key path of a parsed file (list items by index): the key path and its value's kind. */
function keyPaths(node: Node | null, path: (string | number)[] = []): { path: (string | number)[]; kind: string }[] {
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const inner = [...path, key];
      return [{ path: inner, kind: kindOf((pair.value as Node | null)?.toJSON?.() ?? null) }, ...keyPaths(pair.value as Node | null, inner)];
    });
  }
  if (isSeq(node)) return node.items.flatMap((item, index) => keyPaths(item as Node, [...path, index]));
  return [];
}

/** Each key of the shipped files (once, on the first file that has it) deleted, and given each wrong kind of value. */
function keyMutations(): Case[] {
  const examples = join(ROOT, "config", "examples");
  const files = [join(ROOT, "config", "default.yaml"), ...readdirSync(examples).map((name) => join(examples, name))];
  const seen = new Set<string>();
  const mutations: Case[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const { path, kind } of keyPaths(parseDocument(text).contents as Node)) {
      const id = path.map((key) => (typeof key === "number" ? "[]" : key)).join(".");
      if (seen.has(id)) continue;
      seen.add(id);
      const where = `${file.slice(ROOT.length + 1)}: ${path.join(".")}`;
      const deleted = parseDocument(text);
      deleted.deleteIn(path);
      mutations.push({ name: `${where} deleted`, file: deleted.toString() });
      for (const [type, value] of Object.entries(WRONG_TYPES)) {
        if (type === kind) continue;
        const changed = parseDocument(text);
        changed.setIn(path, value);
        // null reads as left out (its defaults apply); every other kind is wrong wherever it differs.
        mutations.push({ name: `${where} = ${type}`, file: changed.toString(), wrongType: type !== "null" && kind !== "other" });
      }
    }
  }
  return mutations;
}

/** Live template sequences whose text came from a payload (the project's own references excluded). */
function leakedInterpolations(outdir: string): number {
  let leaks = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "cdk.tf.json") {
        const text = readFileSync(path, "utf8");
        leaks += (text.match(/(?<!\$)(\$\$)*\$\{(file|path\.cwd|TfToken)|(?<!%)(%%)*%\{(if|endif)/g) ?? []).length;
      }
    }
  };
  walk(outdir);
  return leaks;
}

cases.push(...keyMutations());

const tally = { tried: 0, accepted: 0, refused: 0, traces: 0, hangs: 0, acceptedButInvalid: 0, multiLineMessages: 0, leaks: 0 };
const notes: string[] = [];
mkdirSync(join(workdir, "blocked"));
for (const [index, testCase] of cases.entries()) {
  const caseDir = testCase.name === "output folder is a file" ? join(workdir, "blocked") : mkdtempSync(join(workdir, "case-"));
  const path = testCase.path ?? join(caseDir, `case-${index}.yaml`);
  if (testCase.file !== undefined) writeFileSync(path, testCase.file);
  testCase.setup?.(path);
  const run = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "main.ts"], {
    cwd: caseDir,
    env: { ...process.env, VDI_CONFIG: path, CDKTF_OUTDIR: "" },
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  tally.tried++;
  const stderr = run.stderr ?? "";
  const trace = /^\s+at .+\(?.*:\d+:\d+\)?$/m.test(stderr);
  const lines = stderr.trim().split("\n").slice(1);
  const oneLineEach = lines.every((line) => line.length < 400 && !/^\s/.test(line));
  if (run.error && (run.error as NodeJS.ErrnoException).code === "ETIMEDOUT") {
    tally.hangs++;
    notes.push(`hang: ${testCase.name}`);
  } else if (trace) {
    tally.traces++;
    notes.push(`stack trace: ${testCase.name}: ${stderr.split("\n")[0]}`);
  } else if (run.status === 0) {
    tally.accepted++;
    const leaks = leakedInterpolations(join(caseDir, "cdktf.out"));
    tally.leaks += leaks;
    if (leaks > 0) notes.push(`live interpolation: ${testCase.name}`);
    if (testCase.wrongType) {
      tally.acceptedButInvalid++;
      notes.push(`accepted but invalid: ${testCase.name}`);
    } else notes.push(`accepted: ${testCase.name}${stderr ? ` (${stderr.trim().split("\n").length - 1} warning line(s))` : ""}`);
  } else {
    tally.refused++;
    if (!oneLineEach) {
      tally.multiLineMessages++;
      notes.push(`messages not one line each: ${testCase.name}`);
    }
  }
}
console.log(notes.join("\n"));
console.log(
  `cases ${tally.tried}, refused ${tally.refused}, traces ${tally.traces}, hangs ${tally.hangs}, accepted but invalid ${tally.acceptedButInvalid}, ` +
    `accepted ${tally.accepted}, messages not one line each ${tally.multiLineMessages}, live interpolations ${tally.leaks}`,
);
console.log(JSON.stringify(tally));
