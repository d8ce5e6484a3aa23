#!/usr/bin/env bash
# Installs what aidcsim needs to build and test, from Debian 12's packages, skipping what
# is already there. Runs apt-get as root, or through sudo otherwise. Then installs the HTML
# report's charting library and the browser test's driver from npm, at the versions pinned in
# tools/report/package-lock.json (`npm ci`), when they are not installed at those versions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
packages=(g++ cmake ninja-build pkgconf libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
          libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm (any install will do: checked by command), Chromium for the browser test.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v chromium >/dev/null || missing+=(chromium)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
tools=$root/tools/report
stamp=$tools/node_modules/.aidcsim-package-lock.json
if ! cmp -s "$tools/package-lock.json" "$stamp"; then
  echo "installing the report's npm packages (tools/report)"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$tools/package-lock.json" "$stamp"
fi
