#!/usr/bin/env bash
# The editor tests, against the release build of the server:
#   - VS Code: the extension's type check and unit tests (node:test), its .vsix
#     (npm run package), and the end-to-end test in real VS Code (code-server +
#     Chromium, editors/tests/vscode);
#   - Neovim 0.7 and 0.11, headless (editors/tests/nvim);
#   - Emacs + eglot, headless, the set-up of docs/editors.md (editors/tests/emacs);
#   - the Helix languages.toml of docs/editors.md (editors/tests/helix).
# Each part prints "<part>: N passed, N failed"; the last line sums them.
#
# What they need comes from scripts/install-editor-tools.sh. Under CI=true a
# missing editor or tool fails the run; elsewhere that part is skipped with a
# message saying how to install it.
# Usage: scripts/test-editors.sh
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
out="$repo/tests/output/editors"
mkdir -p "$out"
total_passed=0
total_failed=0
skipped_parts=()
start=$(date +%s)

# add_counts LOG: adds the "…: N passed, M failed" line of a part's output.
add_counts() {
    local line
    line="$(grep -E '^[a-z0-9 -]+: [0-9]+ passed, [0-9]+ failed' "$1" | tail -1)"
    if [ -z "$line" ]; then
        echo "FAIL: no count line in $1" >&2
        total_failed=$((total_failed + 1))
        return
    fi
    local p f
    p="$(sed -E 's/^.*: ([0-9]+) passed, ([0-9]+) failed.*$/\1/' <<<"$line")"
    f="$(sed -E 's/^.*: ([0-9]+) passed, ([0-9]+) failed.*$/\2/' <<<"$line")"
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
}

# unavailable PART HOW: a part that cannot run here.
unavailable() {
    if [ "${CI:-}" = "true" ]; then
        echo "FAIL $1: cannot run ($2)"
        total_failed=$((total_failed + 1))
    else
        echo "SKIPPED $1: cannot run here ($2; under CI=true this fails)"
        skipped_parts+=("$1")
    fi
}

echo "== editors: release build of the server"
if ! cargo build --release --locked --quiet; then
    echo "FAIL: cargo build --release"
    exit 1
fi
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
export NIANBAO_BIN="$target/release/nianbao"

echo "== editors: VS Code extension (type check, unit tests, .vsix)"
ext="$repo/editors/vscode"
vsix="$out/nianbao.vsix"
if [ ! -x "$ext/node_modules/.bin/tsc" ] || ! command -v node >/dev/null; then
    unavailable "vscode unit" "no node or editors/vscode/node_modules: scripts/install-editor-tools.sh"
    unavailable "vscode e2e" "the extension cannot be built"
else
    log="$out/vscode-unit.log"
    (cd "$ext" && npm run --silent typecheck && npm run --silent build-tests && node --test out/test/) >"$log" 2>&1
    rc=$?
    grep -E '^not ok|^# (pass|fail)' "$log" | sed 's/^/  /'
    p="$(sed -n 's/^# pass //p' "$log" | tail -1)"
    f="$(sed -n 's/^# fail //p' "$log" | tail -1)"
    if [ -z "$p" ]; then
        echo "FAIL vscode unit: type check or build failed (exit $rc):"
        tail -20 "$log" | sed 's/^/  | /'
        total_failed=$((total_failed + 1))
    else
        [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ] && f=1
        echo "vscode unit: $p passed, ${f:-0} failed"
        total_passed=$((total_passed + p))
        total_failed=$((total_failed + ${f:-0}))
    fi
    rm -f "$vsix"
    if (cd "$ext" && npm run --silent package -- -o "$vsix") >"$out/vscode-package.log" 2>&1; then
        echo "  packaged $(basename "$vsix") ($(du -h "$vsix" | cut -f1)): $(grep -c . <(unzip -l "$vsix" | grep extension/)) files"
        echo "== editors: VS Code end to end (code-server + Chromium)"
        log="$out/vscode-e2e.log"
        VSIX="$vsix" OUT="$out/vscode" timeout 600 editors/tests/vscode/run.sh >"$log" 2>&1
        rc=$?
        grep -E '^(PASS|FAIL|SKIPPED)|^code-server:|passed,' "$log"
        if [ $rc -eq 2 ]; then
            unavailable "vscode e2e" "$(tail -3 "$log" | tr '\n' ' ')"
        else
            add_counts "$log"
            [ $rc -ne 0 ] && ! grep -q '^FAIL' "$log" && { echo "FAIL vscode e2e: exit $rc (log $log)"; total_failed=$((total_failed + 1)); }
            echo "  screenshot: tests/output/editors/vscode/squiggle-hover.png; log: ${log#"$repo"/}"
        fi
    else
        echo "FAIL vscode package:"
        tail -20 "$out/vscode-package.log" | sed 's/^/  | /'
        total_failed=$((total_failed + 1))
    fi
fi

for part in nvim emacs; do
    echo "== editors: $part"
    log="$out/$part.log"
    "editors/tests/$part/run.sh" 2>&1 | tee "$log" | grep -E '^(PASS|FAIL|SKIPPED)|passed,'
    add_counts "$log"
    grep -q '^SKIPPED' "$log" && skipped_parts+=("$part (partly)")
done

echo "== editors: helix (the languages.toml of docs/editors.md)"
log="$out/helix.log"
if command -v python3 >/dev/null && python3 -c 'import tomllib' 2>/dev/null; then
    python3 editors/tests/helix/run.py >"$log" 2>&1
    cat "$log"
    add_counts "$log"
else
    unavailable helix "python3 >= 3.11 (tomllib)"
fi

note=""
[ ${#skipped_parts[@]} -gt 0 ] && note=" (SKIPPED: ${skipped_parts[*]})"
echo "editors: $total_passed passed, $total_failed failed in $(( $(date +%s) - start )) s$note"
[ "$total_failed" -eq 0 ]
