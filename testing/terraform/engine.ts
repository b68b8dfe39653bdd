import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Where Terraform and the AWS provider come from for the project's own Terraform runs (validate, mocked
 * `terraform test`, the emulator). Terraform >= 1.11 from PATH (or `VDI_TERRAFORM`). The provider from a
 * filesystem mirror when one is found (`VDI_TF_PROVIDER_MIRROR`, else the usual places), else from the Terraform
 * registry. Each stack's `init` links the provider (from the mirror, or from one plugin cache filled by the
 * registry) instead of copying 600 MB.
 */
export interface TerraformEngine {
  /** The terraform binary. */
  readonly terraform: string;
  /** The AWS provider version the test copies pin: the mirror's, or the bindings' own from the registry. */
  readonly awsProviderVersion: string;
  /** Where providers come from, for messages. */
  readonly providerSource: string;
  /** Environment for every terraform command: the generated CLI configuration, no prompts, no telemetry. */
  readonly env: NodeJS.ProcessEnv;
}

export type EngineLookup = { readonly found: true; readonly engine: TerraformEngine } | { readonly found: false; readonly reason: string };

/** The lowest Terraform this project's stacks and test files need (S3-native locking, mock providers, removed blocks). */
export const MINIMUM_TERRAFORM = [1, 11] as const;

const ROOT = resolve(__dirname, "..", "..");
const CACHE = join(ROOT, "node_modules", ".cache", "terraform");
const AWS_PROVIDER = join("registry.terraform.io", "hashicorp", "aws");
/** Folders that hold provider mirrors on machines set up by hand or by images (the mirror root is above registry.terraform.io). */
const USUAL_MIRRORS = [
  "/opt/tf-plugins",
  join(homedir(), ".terraform.d", "plugins"),
  join(homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

export const HOW_TO_GET_TERRAFORM =
  "Install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) and either let it reach the Terraform " +
  "registry or put a filesystem mirror of hashicorp/aws there (terraform providers mirror <dir>) and set " +
  "VDI_TF_PROVIDER_MIRROR=<dir>; VDI_TERRAFORM names another terraform binary.";

/** Finds Terraform and the AWS provider once per process; says why when either is missing. */
export function findTerraformEngine(bindingsAwsVersion: string): EngineLookup {
  const terraform = process.env.VDI_TERRAFORM || "terraform";
  const version = spawnSync(terraform, ["version", "-json"], { encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
  if (version.error || version.status !== 0) return { found: false, reason: `no terraform binary (${terraform}) could be run` };
  const found = String(JSON.parse(version.stdout).terraform_version ?? "");
  const [major, minor] = found.split(".").map(Number);
  if (major < MINIMUM_TERRAFORM[0] || (major === MINIMUM_TERRAFORM[0] && minor < MINIMUM_TERRAFORM[1])) {
    return { found: false, reason: `terraform ${found} is older than ${MINIMUM_TERRAFORM.join(".")}` };
  }

  const mirror = findMirror();
  if ("reason" in mirror) return { found: false, reason: mirror.reason };
  mkdirSync(join(CACHE, "plugins"), { recursive: true });
  const cliConfig = join(CACHE, mirror.root ? "mirror.tfrc" : "registry.tfrc");
  // From a mirror, init links the provider where it lies (read-only, shared by every run). From the registry, one
  // download goes to the plugin cache; Terraform does not promise that cache is safe for concurrent inits, so the
  // runs that follow only link what is already there.
  const installation = mirror.root
    ? `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror.root)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`
    : `plugin_cache_dir = ${JSON.stringify(join(CACHE, "plugins"))}\n`;
  writeAtomically(cliConfig, installation);
  return {
    found: true,
    engine: {
      terraform,
      awsProviderVersion: mirror.version ?? bindingsAwsVersion,
      providerSource: mirror.root ? `filesystem mirror ${mirror.root} (hashicorp/aws ${mirror.version})` : "the Terraform registry",
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" },
    },
  };
}

/** A mirror root holding hashicorp/aws, or none to use the registry; an explicit mirror that lacks it is an error. */
function findMirror(): { root?: string; version?: string } | { reason: string } {
  const explicit = process.env.VDI_TF_PROVIDER_MIRROR;
  if (explicit === "registry") return {};
  const candidates = explicit ? [explicit] : USUAL_MIRRORS;
  for (const root of candidates) {
    const versions = existsSync(join(root, AWS_PROVIDER)) ? readdirSync(join(root, AWS_PROVIDER)).filter((name) => /^\d+\.\d+\.\d+$/.test(name)) : [];
    if (versions.length > 0) return { root, version: versions.sort(byVersion).at(-1) };
  }
  if (explicit) return { reason: `VDI_TF_PROVIDER_MIRROR=${explicit} holds no ${AWS_PROVIDER}/<version>` };
  return registryReachable() ? {} : { reason: `no provider mirror in ${USUAL_MIRRORS.join(", ")} and the Terraform registry is unreachable` };
}

/** Concurrent test workers write the same file: each writes its own copy and renames it into place. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function byVersion(a: string, b: string): number {
  const [pa, pb] = [a, b].map((version) => version.split(".").map(Number));
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

function registryReachable(): boolean {
  const probe = spawnSync(
    process.execPath,
    ["-e", "fetch('https://registry.terraform.io/.well-known/terraform.json').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"],
    {
      timeout: 10_000,
    },
  );
  return probe.status === 0;
}
