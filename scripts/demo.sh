#!/usr/bin/env bash
# Install charterpress into .venv and build the demo site (content/ → site/).
# `bash scripts/demo.sh serve` starts the live preview at http://127.0.0.1:8000/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check .
bash scripts/install-search-tools.sh   # Pagefind from npm for site search (optional: the build warns without it)
if [ "${1:-build}" = "serve" ]; then
  exec .venv/bin/charterpress serve content
fi
.venv/bin/charterpress build content -o site
echo "open site/index.html, or run: bash scripts/demo.sh serve"
