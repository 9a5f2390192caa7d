#!/usr/bin/env bash
# Builds the search page for the plugin's resources (run by Maven at generate-resources): installs the locked
# dependencies with the system npm (`npm ci`, skipped while node_modules matches package-lock.json), then bundles
# with esbuild into $1 and runs the page's unit tests (test/, node's own runner, about 3 s). Nothing here downloads
# Node or a browser.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out="${1:?usage: build.sh OUTDIR}"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "search page: '$tool' is not on the PATH: install Node.js 20.11 or later and npm" >&2; exit 1; }
done
node check-node.cjs  # stops, saying what to install, when this Node.js is older than the build needs
if ! cmp -s package-lock.json node_modules/.installed-lock.json; then
  npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock.json
fi
node build.mjs "$out"
node --test --test-reporter=dot test/
