#!/usr/bin/env bash
# Install charterpress into .venv and build the demo site (content/ → site/).
# `bash scripts/demo.sh serve [--port 8001 …]` starts the live preview at http://127.0.0.1:8000/
# instead; options after `serve` go to `charterpress serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
# Install (editable, so edits to the code need no reinstall) once, and again only when
# pyproject.toml (the dependencies) changed since: starting the preview stays quick.
stamp=.venv/.charterpress-pyproject
if [ ! -x .venv/bin/charterpress ] || ! cmp -s pyproject.toml "$stamp"; then
  .venv/bin/pip install -q --disable-pip-version-check -e .
  cp pyproject.toml "$stamp"
fi
if [ "${1:-build}" = "serve" ]; then
  shift   # the preview keeps the site in memory and builds no search index: no Pagefind needed
  exec .venv/bin/charterpress serve content "$@"
fi
bash scripts/install-search-tools.sh   # Pagefind from npm for site search (optional: the build warns without it)
.venv/bin/charterpress build content -o site
echo "open site/index.html, or run: bash scripts/demo.sh serve"
