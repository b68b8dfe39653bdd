import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * npm run scan:setup in a project folder of its own (the real scan/.venv is not touched), with a
 * stand-in for Python whose pip prints what pip prints, and nothing with --quiet, as pip does.
 */
const ROOT = join(__dirname, "..", "..");
const PACKAGES = ["checkov==3.3.30", "boto3==1.35.0", "pyyaml==6.0.2"];

const FAKE_PYTHON = `#!/bin/sh
case "$1 $2" in
  "-c pass"|"-c import sys; sys.exit(sys.version_info < (3, 11))") exit 0 ;;
  "-c import importlib.metadata, sys; print(importlib.metadata.version(sys.argv[1]))") echo 3.3.30; exit 0 ;;
  "-m venv") mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && printf '#!/bin/sh\\necho 3.3.30\\n' > "$3/bin/checkov" && chmod +x "$3/bin/checkov"; exit 0 ;;
  "-m pip")
    case " $* " in *" --quiet "*) exit 0 ;; esac
    for package in ${PACKAGES.join(" ")}; do
      echo "Collecting $package (from -r scan/requirements.txt (line 1))"
      echo "  Downloading $package.whl (2.1 MB)"
    done
    echo "Installing collected packages: ${PACKAGES.join(", ")}"
    [ -n "$FAKE_PIP_FAILS" ] && { echo "ERROR: No matching distribution found for checkov" >&2; exit 1; }
    echo "Successfully installed ${PACKAGES.join(" ")}"
    exit 0 ;;
esac
echo "unexpected: $*" >&2; exit 2
`;

function project() {
  const dir = mkdtempSync(join(tmpdir(), "vdi-scan-setup-"));
  mkdirSync(join(dir, "scripts"));
  mkdirSync(join(dir, "scan"));
  for (const script of ["scan-setup.sh", "pinned-venv.sh"]) {
    if (existsSync(join(ROOT, "scripts", script))) copyFileSync(join(ROOT, "scripts", script), join(dir, "scripts", script));
  }
  copyFileSync(join(ROOT, "scan", "requirements.txt"), join(dir, "scan", "requirements.txt"));
  writeFileSync(join(dir, "python"), FAKE_PYTHON);
  chmodSync(join(dir, "python"), 0o755);
  return dir;
}

const setup = (dir: string, environment: Record<string, string> = {}) =>
  spawnSync("bash", [join(dir, "scripts", "scan-setup.sh")], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, PYTHON: join(dir, "python"), ...environment },
  });

describe("npm run scan:setup", () => {
  it("shows a line per package while it installs checkov into its own virtualenv", () => {
    const dir = project();
    const result = setup(dir);
    expect(result.status).toBe(0);
    const lines = (result.stdout + result.stderr).split("\n");
    for (const name of PACKAGES) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^scan:setup: .*${name.replace(/[.]/g, "\\.")}`)));
    expect(lines.filter((line) => line.includes("Downloading"))).toEqual([]);
    expect(readFileSync(join(dir, "scan", ".venv", ".installed-from"), "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is silent and quick once the venv holds the pins", () => {
    const dir = project();
    expect(setup(dir).status).toBe(0);
    const again = setup(dir);
    expect([again.status, again.stdout, again.stderr]).toEqual([0, "", ""]);
  });

  it("fails, writing no stamp, when pip fails, with pip's error shown", () => {
    const dir = project();
    const result = setup(dir, { FAKE_PIP_FAILS: "1" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("ERROR: No matching distribution found for checkov");
    expect(existsSync(join(dir, "scan", ".venv", ".installed-from"))).toBe(false);
  });
});
