#!/usr/bin/env bash
# npm run emulator:setup: installs the pinned moto server of emulator/requirements.txt (hash-checked) into
# emulator/.venv (git-ignored), the AWS emulator `npm run test:emulator` applies the stacks against.
# Idempotent: returns at once when emulator/.venv already holds exactly these pins.
exec bash "$(dirname "$0")/pinned-venv.sh" emulator:setup emulator/requirements.txt emulator/.venv moto_server moto
