#!/usr/bin/env bash
# Install what site search needs: the npm package pagefind (1.6.x, which ships its indexer as a
# platform package, @pagefind/linux-x64) into .search-tools/, and Node/npm from Debian where they
# are missing (as root). Nothing is downloaded at build time. Without it a build still succeeds,
# with a warning, and the search page says search is unavailable.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGEFIND_VERSION=1.6.0
if ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "apt: installing npm (and nodejs) for site search"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
  else
    echo "warning: npm is not installed; the site will be built without search" >&2
    exit 0
  fi
fi
installed=$(node -p "require('./.search-tools/node_modules/pagefind/package.json').version" 2>/dev/null || true)
[ "$installed" = "$PAGEFIND_VERSION" ] ||
  npm install --prefix .search-tools --no-audit --no-fund --loglevel=error "pagefind@$PAGEFIND_VERSION"
