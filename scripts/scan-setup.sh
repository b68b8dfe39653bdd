#!/usr/bin/env bash
# npm run scan:setup: installs the pinned checkov of scan/requirements.txt into scan/.venv (git-ignored), a
# virtualenv of its own, so the scan never depends on the Python packages a machine happens to have.
# Idempotent: returns at once when scan/.venv already holds exactly these pins.
exec bash "$(dirname "$0")/pinned-venv.sh" scan:setup scan/requirements.txt scan/.venv checkov checkov
