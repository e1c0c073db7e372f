#!/usr/bin/env bash
# Installs what building, the demo and the tests need, and skips what is already there:
#   - Debian packages: chromium (the browser the tests drive), libkrb5-dev and ripgrep (to install
#     code-server offline), a CJK font (host names in the screenshots);
#   - the project's npm dependencies (npm ci, when node_modules is missing or older than the lockfile);
#   - code-server 4.100.3, the VS Code the tests run in (test/vscode-host/install.sh).
# Runs before `npm test` and `npm run demo` (npm's pre-scripts) and from .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(chromium libkrb5-dev ripgrep fonts-wqy-zenhei)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null
fi

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

bash test/vscode-host/install.sh
