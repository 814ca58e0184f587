#!/usr/bin/env bash
# Install what the tests need (see install-test-tools.sh), then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
exec .venv/bin/python -m pytest "$@"
