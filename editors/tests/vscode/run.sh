#!/usr/bin/env bash
# End-to-end test of the nianbao VS Code extension in real VS Code: code-server
# (the VS Code workbench and a Node extension host, from npm) with the .vsix
# installed, driven in Debian's Chromium by playwright-core (drive.js).
#
# Usage: editors/tests/vscode/run.sh            (from anywhere)
# Env:   VSIX          the .vsix to install (default: editors/vscode/nianbao-*-<target>.vsix)
#        CODE_SERVER   code-server executable (default: node_modules here, from `npm ci`)
#        CHROMIUM      browser (default: /usr/bin/chromium)
#        OUT           where logs and screenshots go (default: tests/output/editors/vscode)
#        DRIVER        another driver script (default: drive.js here; for debugging)
# Exit:  0 all steps passed, 1 a step failed, 2 could not run (missing editor;
#        the caller decides whether that is a skip or, under CI=true, a failure).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
OUT="${OUT:-$repo/tests/output/editors/vscode}"
CODE_SERVER="${CODE_SERVER:-$here/node_modules/.bin/code-server}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"
VSIX="${VSIX:-$(ls -t "$repo"/editors/vscode/nianbao-*.vsix 2>/dev/null | head -1)}"

missing=()
[ -x "$CODE_SERVER" ] || missing+=("code-server ($CODE_SERVER; run: cd editors/tests/vscode && npm ci)")
[ -x "$CHROMIUM" ] || missing+=("chromium (apt-get install -y chromium)")
[ -d "$here/node_modules/playwright-core" ] || missing+=("playwright-core (cd editors/tests/vscode && npm ci)")
[ -n "$VSIX" ] && [ -f "$VSIX" ] || missing+=("the .vsix (cd editors/vscode && npm ci && npm run package)")
if [ ${#missing[@]} -gt 0 ]; then
    printf 'cannot run the VS Code test, missing: %s\n' "${missing[@]}" >&2
    exit 2
fi

rm -rf "$OUT"
mkdir -p "$OUT"
work="$(mktemp -d "${TMPDIR:-/tmp}/nianbao-vscode.XXXXXX")"
cs_pid=""
cleanup() {
    if [ -n "$cs_pid" ]; then
        kill "$cs_pid" 2>/dev/null
        wait "$cs_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# The workspace: a plain .txt report with a broken total (found by its
# content), a Markdown report with blank totals, notes that are no report, and
# a *.nianbao.txt report (the nianbao-report language).
ws="$work/ws"
mkdir -p "$ws"
cp "$repo/editors/tests/fixtures/xinxiang-broken-total.txt" "$ws/"
cp "$repo/tests/fixtures/corpus/dazhou-city-hrss-2023.md" "$ws/dazhou.md"
cp "$repo/editors/tests/fixtures/notes.md" "$ws/"
cp "$repo/editors/tests/fixtures/sample-broken-total.nianbao.txt" "$ws/"

# A fresh profile: no welcome page, no workspace trust prompt, no restored
# windows, hovers quickly.
data="$work/data"
ext="$work/extensions"
mkdir -p "$data/User" "$ext"
cat > "$data/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "window.restoreWindows": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "files.autoSave": "off",
  "editor.hover.delay": 300,
  "editor.stickyScroll.enabled": false,
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
  "editor.autoIndent": "none",
  "editor.formatOnType": false,
  "workbench.colorTheme": "Default Light Modern"
}
EOF
config="$work/code-server.yaml"
printf 'auth: none\ncert: false\n' > "$config"

echo "code-server: $("$CODE_SERVER" --version 2>/dev/null | head -1)"
echo "installing $(basename "$VSIX")"
if ! "$CODE_SERVER" --config "$config" --user-data-dir "$data" --extensions-dir "$ext" \
        --install-extension "$VSIX" > "$OUT/install.log" 2>&1; then
    cat "$OUT/install.log" >&2
    echo "FAIL: code-server --install-extension" >&2
    exit 1
fi
cat "$OUT/install.log"

port="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
# PATH without nianbao: the test must use the bundled binary.
PATH="/usr/local/bin:/usr/bin:/bin" "$CODE_SERVER" --config "$config" --bind-addr "127.0.0.1:$port" \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override --user-data-dir "$data" --extensions-dir "$ext" \
    "$ws" > "$OUT/code-server.log" 2>&1 &
cs_pid=$!
for _ in $(seq 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.2
done

WS="$ws" EXT_DIR="$ext" USER_SETTINGS="$data/User/settings.json" REMOTE_SETTINGS="$data/Machine/settings.json" REPO="$repo" OUT="$OUT" CHROMIUM="$CHROMIUM" \
    node "${DRIVER:-$here/drive.js}" "http://127.0.0.1:$port/?folder=$ws"
rc=$?
cp "$data/logs" -r "$OUT/vscode-logs" 2>/dev/null
exit $rc
