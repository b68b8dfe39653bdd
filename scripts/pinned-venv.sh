#!/usr/bin/env bash
# Installs a pinned requirements file into a virtualenv of its own (git-ignored), so a tool never depends on the
# Python packages a machine happens to have. Used by scan-setup.sh (checkov) and emulator-setup.sh (moto).
#   pinned-venv.sh <label> <requirements file> <venv folder> <entry point> <package>
# Idempotent: returns at once when the venv already holds exactly these pins.
set -euo pipefail
cd "$(dirname "$0")/.."

label="$1"
requirements="$2"
venv="$3"
entry="$4"
package="$5"
python="${PYTHON:-python3}"

# The venv records the pins it was built from: changed pins, or a venv whose Python is gone, rebuild it.
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
stamp="$venv/.installed-from"
if [ -x "$venv/bin/$entry" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && "$venv/bin/python" -c pass 2>/dev/null; then
  exit 0
fi

if ! command -v "$python" >/dev/null; then
  echo "$label: $python not found: install Python >= 3.11 with venv (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "$label: the pins of $requirements need Python >= 3.11, $python is $("$python" --version 2>&1)" >&2
  exit 1
fi

echo "$label: installing $entry into $venv (pinned in $requirements)"
rm -rf "$venv"
"$python" -m venv "$venv"
# Progress: one line per package fetched, then the install; pip's other output (and its bars) would drown them.
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off --retries 10 --timeout 60 \
  --requirement "$requirements" | { grep --line-buffered -E '^(Collecting|Installing|Successfully)' || true; } | sed -u "s/^/$label: /"
# The stamp is written last: an interrupted install is redone from scratch by the next run.
echo "$wanted" > "$stamp"
echo "$label: $package $("$venv/bin/python" -c "import importlib.metadata, sys; print(importlib.metadata.version(sys.argv[1]))" "$package") ready"
