#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine (run as root):
# Chromium + a Korean font + Java (apt), the Nu Html Checker and Pagefind (npm), charterpress
# with its test extras (pip, into .venv). Nothing is downloaded from anywhere but Debian, npm and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi nanum || need+=(fonts-nanum)
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v npm >/dev/null || need+=(npm)
if ((${#need[@]})); then
  echo "apt: installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# vnu.jar from npm; Java is already there, so its postinstall downloads nothing.
[ -f .check-tools/node_modules/vnu-jar/build/dist/vnu.jar ] ||
  npm install --prefix .check-tools --no-audit --no-fund --loglevel=error vnu-jar@26.9.27

# Pagefind (site search index; the Korean query suite and the determinism test need it).
bash scripts/install-search-tools.sh

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
