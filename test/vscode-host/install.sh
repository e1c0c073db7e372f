#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 served to a browser) into this folder, for the
# integration tests (test/run-integration.mjs) and the browser e2e tests. See shared TESTING.md.
#
# Needs: Node 20, the apt packages libkrb5-dev (kerberos headers for a native module) and ripgrep
# (an `rg` binary), and the npm registry. Nothing else is downloaded: @vscode/ripgrep's postinstall
# would fetch rg from GitHub, so its download cache is seeded with the apt binary first.
#
# Idempotent: a stamp in node_modules records what was installed; a second run with the same
# package.json, lockfile, Node and script returns at once.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

modules="$here/node_modules/code-server/lib/vscode"
stamp="$here/node_modules/.vscode-host-stamp"
want="$(cat package.json package-lock.json "$here/install.sh" <(node --version) | sha256sum | cut -d' ' -f1)"

# What code-server's postinstall must have produced (it runs `npm install` in lib/vscode and
# lib/vscode/extensions, building native modules there). If these are missing, VS Code starts
# but its extension host or terminal does not.
installed_ok() {
  [[ -f "$modules/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]] &&
    [[ -f "$modules/node_modules/node-pty/build/Release/pty.node" ]] &&
    [[ -f "$modules/node_modules/kerberos/build/Release/kerberos.node" ]] &&
    [[ -x "$modules/node_modules/@vscode/ripgrep/bin/rg" ]] &&
    [[ -L "$modules/node_modules.asar" ]] &&
    [[ -d "$modules/extensions/node_modules" ]]
}

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && installed_ok; then
  echo "vscode-host: code-server already installed"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != 20 ]]; then
  echo "vscode-host: code-server 4.100.3 needs Node 20, this is $(node --version)" >&2
  exit 1
fi
for need in /usr/include/gssapi/gssapi.h /usr/bin/rg; do
  if [[ ! -e "$need" ]]; then
    echo "vscode-host: $need is missing: apt-get install -y libkrb5-dev ripgrep" >&2
    exit 1
  fi
done

# Seed @vscode/ripgrep's download cache. Its postinstall (lib/download.js) looks for
# $TMPDIR/vscode-ripgrep-cache-<its package version>/ripgrep-<VERSION>-<target>.tar.gz and untars it
# into its bin/, expecting `rg` at the archive's top level. code-server 4.100.3 pins
# @vscode/ripgrep 1.15.11, whose VERSION is v13.0.0-10 and whose Linux targets are *-musl.
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *)
    echo "vscode-host: no ripgrep target known for $(uname -m)" >&2
    exit 1
    ;;
esac
export TMPDIR="$here/.cache/tmp"
rg_cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-$rg_target.tar.gz"
mkdir -p "$rg_cache"
if [[ ! -s "$rg_archive" ]]; then
  staging="$(mktemp -d)"
  cp /usr/bin/rg "$staging/rg"
  chmod 755 "$staging/rg"
  tar -czf "$rg_archive.partial" -C "$staging" rg
  mv "$rg_archive.partial" "$rg_archive"
  rm -rf "$staging"
fi

# code-server's postinstall refuses to run as root without unsafe-perm (npm 11 warns that it does
# not know this setting; the script reads the variable itself), and it runs npx for node-gyp.
export npm_config_unsafe_perm=true
export npm_config_yes=true
export npm_config_update_notifier=false
# npm 11's install-script policy: the allowScripts field in package.json approves code-server's own
# postinstall and argon2's build. The nested `npm install`s that the postinstall runs in
# lib/vscode have no policy of their own; npm runs unreviewed scripts with a notice unless
# strict-allow-scripts is on, so make sure it is off for them. installed_ok checks the outcome.
export npm_config_strict_allow_scripts=false
# node-gyp must use the installed Node headers: it cannot download them here.
if [[ -z "${npm_config_nodedir:-}" && "$(npm config get nodedir 2>/dev/null)" =~ ^(undefined|null|)$ ]]; then
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [[ -f "$node_prefix/include/node/node_api.h" ]]; then
    export npm_config_nodedir="$node_prefix"
  fi
fi

echo "vscode-host: installing code-server (about 2 minutes)"
rm -f "$stamp"
log="$here/.cache/npm-ci.log"
if ! npm ci --no-audit --no-fund >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  echo "vscode-host: npm ci failed; full log in $log" >&2
  exit 1
fi
if ! installed_ok; then
  tail -n 60 "$log" >&2
  echo "vscode-host: code-server's postinstall did not build its native modules (install scripts" >&2
  echo "blocked? see 'npm help install-scripts'); full log in $log" >&2
  exit 1
fi
printf '%s\n' "$want" >"$stamp"
echo "vscode-host: code-server installed"
