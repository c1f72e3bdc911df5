#!/usr/bin/env bash
# Headless end-to-end tests of editors/nvim on Neovim 0.7 (Debian's `nvim`) and
# 0.11 (the pinned PyPI wheel in editors/.tools/nvim-0.11.4, made by
# scripts/install-editor-tools.sh). Each case runs in its own Neovim process,
# under `timeout`. Env: NVIM07, NVIM011 (the executables), NIANBAO_BIN, CASES.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
need_server

cases07=(quickfix fixall dismiss notreport settings name missing)
cases011=(quickfix fixall dismiss notreport settings name missing lspconfig)
# CASES="dismiss quickfix": only these (while working on them).
if [ -n "${CASES:-}" ]; then
    read -ra cases07 <<<"$CASES"
    cases011=("${cases07[@]}")
fi

run_cases() { # VERSION NVIM CASES...
    local want="$1" nvim="$2"
    shift 2
    local got
    got="$("$nvim" --version 2>/dev/null | head -1)"
    case "$got" in
        "NVIM v$want"*) ;;
        *)
            echo "FAIL nvim $want: $nvim is \"$got\"" >&2
            failed=$((failed + 1))
            return
            ;;
    esac
    for c in "$@"; do
        local work
        work="$(mktemp -d "${TMPDIR:-/tmp}/nianbao-nvim.XXXXXX")"
        mkdir -p "$work/bin"
        # The server behind a wrapper that records its exit status.
        printf '#!/bin/sh\n"%s" "$@"\necho $? > "%s/server-exit"\n' "$NIANBAO_BIN" "$work" > "$work/bin/nianbao"
        chmod +x "$work/bin/nianbao"
        cp "$repo/editors/tests/fixtures/xinxiang-broken-total.txt" "$repo/editors/tests/fixtures/notes.md" "$work/"
        cp "$repo/editors/tests/fixtures/notes.md" "$work/draft.nianbao.md"
        cp "$repo/tests/fixtures/corpus/dazhou-city-hrss-2023.md" "$work/dazhou.md"
        local t0 rc
        t0=$(now_ms)
        (cd "$work" && PATH="$work/bin:$PATH" CASE="$c" WORK="$work" REPO="$repo" \
            timeout 60 "$nvim" --headless --clean -i NONE --cmd "set rtp^=$repo/editors/nvim" \
            -c "luafile $here/e2e.lua" </dev/null 2>"$work/stderr" >/dev/null)
        rc=$?
        sed -n '/^  \[/,$p' "$work/stderr"
        if [ $rc -eq 0 ]; then
            echo "PASS nvim $want $c ($(( $(now_ms) - t0 )) ms)"
            passed=$((passed + 1))
        else
            [ $rc -eq 124 ] && echo "  (timed out)"
            echo "FAIL nvim $want $c (exit $rc, $(( $(now_ms) - t0 )) ms)"
            failed=$((failed + 1))
            tail -20 "$work/stderr" | sed 's/^/  | /'
        fi
        rm -rf "$work"
    done
}

NVIM07="${NVIM07:-$(command -v nvim || true)}"
NVIM011="${NVIM011:-$tools/nvim-0.11.4/bin/nvim}"
if [ -n "$NVIM07" ] && [ -x "$NVIM07" ]; then
    run_cases 0.7 "$NVIM07" "${cases07[@]}"
else
    missing "nvim 0.7" "nvim${NVIM07:+ ($NVIM07)}" "apt-get install -y neovim"
fi
if [ -x "$NVIM011" ]; then
    run_cases 0.11 "$NVIM011" "${cases011[@]}"
else
    missing "nvim 0.11" "$NVIM011" "scripts/install-editor-tools.sh"
fi
summary nvim
