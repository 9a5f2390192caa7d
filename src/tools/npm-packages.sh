#!/usr/bin/env bash
# Fetches npm packages once each with `npm pack` (npm checks the registry's sha512) and unpacks them:
# npm-packages.sh DIR NAME=SPEC ... leaves SPEC's files in DIR/NAME/package/. Packages already there are kept.
set -euo pipefail
dir="$1"; shift
mkdir -p "$dir"
for entry in "$@"; do
  name="${entry%%=*}"; spec="${entry#*=}"
  if [ ! -f "$dir/$name/package/package.json" ]; then
    echo "fetching $spec …"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$spec" > name.txt)
    mkdir -p "$dir/$name"
    tar xzf "$tmp/$(cat "$tmp/name.txt")" -C "$dir/$name"
    rm -rf "$tmp"
  fi
done
