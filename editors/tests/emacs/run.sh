#!/usr/bin/env bash
# Headless Emacs + eglot end-to-end tests of the Emacs set-up in docs/editors.md: the
# documented elisp block is extracted and loaded as it is (so the documented
# set-up is the tested one). One case per `emacs --batch`, under `timeout`.
# Env: EMACS (default: emacs), NIANBAO_BIN.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
need_server

EMACS="${EMACS:-$(command -v emacs || true)}"
if [ -z "$EMACS" ] || ! command -v "$EMACS" >/dev/null; then
    missing emacs "emacs${EMACS:+ ($EMACS)}" "apt-get install -y emacs-nox elpa-eglot"
    summary emacs
    exit
fi
if ! "$EMACS" --batch --eval '(progn (package-initialize) (require (quote eglot)))' >/dev/null 2>&1; then
    missing emacs "eglot" "apt-get install -y elpa-eglot"
    summary emacs
    exit
fi

# The elisp block after the marker comment in docs/editors.md.
snippet="$(mktemp)"
awk '/<!-- editors\/tests\/emacs runs the next elisp block/ {m=1; next}
     m==1 && /^```elisp$/ {m=2; next}
     m==2 && /^```$/ {exit}
     m==2 {print}' "$repo/docs/editors.md" > "$snippet"
if ! grep -q "eglot-server-programs" "$snippet"; then
    echo "FAIL emacs: no Emacs set-up found in docs/editors.md" >&2
    failed=$((failed + 1))
    summary emacs
    exit
fi

for c in quickfix fixall notreport settings; do
    work="$(mktemp -d "${TMPDIR:-/tmp}/nianbao-emacs.XXXXXX")"
    mkdir -p "$work/bin"
    # The server as a child of a wrapper that records its pid and exit status
    # (eglot kills the process it started right after the exit notification).
    # A background job's stdin is /dev/null in sh: hand it the real one via fd 3.
    # The status is written to a temporary file and renamed, so that a wrapper
    # killed while writing leaves no empty status file behind.
    printf '#!/bin/sh\nexec 3<&0\n"%s" "$@" <&3 3<&- &\necho $! > "%s/server-pid"\nwait $!\necho $? > "%s/server-exit.tmp" && mv "%s/server-exit.tmp" "%s/server-exit"\n' \
        "$NIANBAO_BIN" "$work" "$work" "$work" "$work" > "$work/bin/nianbao"
    chmod +x "$work/bin/nianbao"
    cp "$snippet" "$work/nianbao-readme.el"
    cp "$repo/editors/tests/fixtures/xinxiang-broken-total.txt" "$repo/editors/tests/fixtures/notes.md" "$work/"
    cp "$repo/tests/fixtures/corpus/dazhou-city-hrss-2023.md" "$work/dazhou.md"
    chmod u+w "$work"/*
    t0=$(now_ms)
    (cd "$work" && HOME="$work" PATH="$work/bin:$PATH" CASE="$c" WORK="$work" REPO="$repo" \
        timeout 60 "$EMACS" --batch -l "$here/e2e.el" </dev/null >"$work/out" 2>&1)
    rc=$?
    grep '^  \[' "$work/out"
    if [ $rc -eq 0 ]; then
        echo "PASS emacs $c ($(( $(now_ms) - t0 )) ms)"
        passed=$((passed + 1))
    else
        [ $rc -eq 124 ] && echo "  (timed out)"
        echo "FAIL emacs $c (exit $rc, $(( $(now_ms) - t0 )) ms)"
        failed=$((failed + 1))
        grep -v '^  \[' "$work/out" | tail -20 | sed 's/^/  | /'
    fi
    rm -rf "$work"
done
rm -f "$snippet"
summary emacs
