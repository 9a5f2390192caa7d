#!/usr/bin/env bash
# Builds the search page for the plugin's resources (run by Maven at generate-resources): installs the locked
# dependencies with the system npm (`npm ci`, skipped while node_modules matches package-lock.json), then bundles
# with esbuild into $1 and runs the page's unit tests (test/, node's own runner, about 3 s). Nothing here downloads
# Node or a browser.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out="${1:?usage: build.sh OUTDIR}"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "search page: '$tool' is not on the PATH: install Node.js 20 and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
done
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
  || { echo "search page: Node.js $(node --version) is too old: esbuild needs 18 or later, the browser test 20" >&2; exit 1; }
if ! cmp -s package-lock.json node_modules/.installed-lock.json; then
  npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock.json
fi
node build.mjs "$out"
node --test --test-reporter=dot test/
