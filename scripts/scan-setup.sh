#!/usr/bin/env bash
# npm run scan:setup: installs the pinned checkov of scan/requirements.txt into scan/.venv (git-ignored), a
# virtualenv of its own, so the scan never depends on the Python packages a machine happens to have.
# Idempotent: returns at once when scan/.venv already holds exactly these pins.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=scan/requirements.txt
venv=scan/.venv
python="${PYTHON:-python3}"

# The venv records the pins it was built from: changed pins, or a venv whose Python is gone, rebuild it.
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
stamp="$venv/.installed-from"
if [ -x "$venv/bin/checkov" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && "$venv/bin/python" -c pass 2>/dev/null; then
  exit 0
fi

if ! command -v "$python" >/dev/null; then
  echo "scan:setup: $python not found: install Python >= 3.11 with venv (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "scan:setup: the pinned checkov needs Python >= 3.11, $python is $("$python" --version 2>&1)" >&2
  exit 1
fi

echo "scan:setup: installing checkov into $venv (pinned in $requirements)"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --retries 10 --timeout 60 \
  --requirement "$requirements"
# The stamp is written last: an interrupted install is redone from scratch by the next run.
echo "$wanted" > "$stamp"
echo "scan:setup: checkov $("$venv/bin/checkov" --version) ready"
