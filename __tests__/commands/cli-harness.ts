import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { yamlWith } from "../helpers";

/**
 * The deploy/destroy/status commands end to end, with stand-ins for terraform (on PATH) and cdktf (VDI_CDKTF_CLI):
 * terraform reports which stacks hold resources and their outputs, cdktf records how it was called.
 */
export const ROOT = join(__dirname, "..", "..");

const FAKE_TERRAFORM = `#!/bin/sh
# cdktf asks the version when it validates a stack that uses features of recent Terraform (replace_triggered_by).
if [ "$1" = "version" ]; then echo "Terraform v1.11.4"; exit 0; fi
dir="\${1#-chdir=}"; stack="$(basename "$dir")"; shift
echo "$stack $*" >> "$FAKE_TERRAFORM_LOG.all"
case "$1" in
  init) echo "$stack $*" >> "$FAKE_TERRAFORM_LOG" ;;
  state) case ",$FAKE_DEPLOYED," in *",$stack,"*) echo "aws_kms_key.example" ;; esac ;;
  output) if [ -f "$FAKE_OUTPUTS/$stack.json" ]; then cat "$FAKE_OUTPUTS/$stack.json"; else echo "{}"; fi ;;
esac
`;
/** cdktf 0.21 prints the last frame of its spinner even with CI set; these stand for its output. */
export const CDKTF_OUTPUT = ["network  Initializing the backend...", "network  No changes. Your infrastructure matches the configuration."];
export const SPINNER_FRAMES = ["\u2819  Processing", "   \u280b  Processing"];
const FAKE_CDKTF = `#!/bin/sh
echo "$@" >> "$FAKE_CDKTF_LOG"
# A call naming the stack written in cdktf.log.fail fails, as cdktf does when one of its stacks fails.
if [ -f "$FAKE_CDKTF_LOG.fail" ]; then
  case " $* " in *" $(cat "$FAKE_CDKTF_LOG.fail") "*) exit 3 ;; esac
fi
echo "CI=$CI FORCE_COLOR=$FORCE_COLOR CHECKPOINT_DISABLE=$CHECKPOINT_DISABLE" >> "$FAKE_CDKTF_LOG.env"
printf '%s\\n' '${SPINNER_FRAMES[0]}' '${CDKTF_OUTPUT[0]}' '${SPINNER_FRAMES[1]}' '${CDKTF_OUTPUT[1]}'
printf '%s\\n' '${SPINNER_FRAMES[0]}' >&2
`;

export function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "vdi-cli-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const [name, script] of [
    ["terraform", FAKE_TERRAFORM],
    ["cdktf", FAKE_CDKTF],
  ]) {
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  mkdirSync(join(dir, "outputs"));
  return { dir, bin };
}

/** The embedded default configuration with a bucket name of its own instead of the placeholder account ID. */
export function ownBucketConfig(dir: string): string {
  const path = join(dir, "vdi.yaml");
  writeFileSync(path, yamlWith({ "state.bucket": "workspaces-vdi-dev-tfstate-111122223333" }));
  return path;
}

/** The bootstrap's local state, as `npm run bootstrap` leaves it in the project folder. */
export const BOOTSTRAP_STATE = "terraform.workspaces-vdi-dev.state.tfstate";
export const bootstrapState = (resources: unknown[]) => JSON.stringify({ version: 4, resources });

export function vdi(args: string[], deployed: string[], setup = setUp(), config = ownBucketConfig(setup.dir), entry = "commands/cli.ts") {
  const log = join(setup.dir, "cdktf.log");
  const bootstrap = join(setup.dir, BOOTSTRAP_STATE);
  if (deployed.includes("state") && !existsSync(bootstrap)) writeFileSync(bootstrap, bootstrapState([{ type: "aws_s3_bucket", name: "state" }]));
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), entry, ...args], {
    cwd: setup.dir,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      PATH: `${setup.bin}${delimiter}${process.env.PATH}`,
      VDI_CONFIG: config,
      CDKTF_OUTDIR: "",
      FAKE_DEPLOYED: deployed.join(","),
      FAKE_OUTPUTS: join(setup.dir, "outputs"),
      VDI_CDKTF_CLI: join(setup.bin, "cdktf"),
      FAKE_CDKTF_LOG: log,
      FAKE_TERRAFORM_LOG: join(setup.dir, "terraform.log"),
    },
  });
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : []);
  return {
    ...result,
    cdktfCalls: lines(log),
    cdktfEnvironments: lines(`${log}.env`),
    terraformInits: lines(join(setup.dir, "terraform.log")),
    terraformCalls: lines(join(setup.dir, "terraform.log.all")),
  };
}
