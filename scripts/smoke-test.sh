#!/usr/bin/env bash
# Tries a built nianbao binary the way users run it: a report checked, a
# Word document fixed (twice), a CRLF text fixed, Chinese paths, wildcards
# and backslashes, the language server's start and stop. Portable bash (Linux,
# macOS's bash 3.2, Git Bash on Windows), so the release workflow runs it on
# every platform's binary and on the installed wheels.
#
# Usage: scripts/smoke-test.sh [NIANBAO]   (default: nianbao on PATH)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
bin="${1:-nianbao}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAILED - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -20; }
# check NAME EXPECTED-EXIT NEEDLE COMMAND...: the command's exit code, and
# NEEDLE in its output (empty: not looked for).
check() {
    local name="$1" want="$2" needle="$3"
    shift 3
    local out code
    out="$("$@" 2>&1)"
    code=$?
    if [ "$code" != "$want" ]; then
        fail "$name (exit $code, expected $want)" "$out"
    elif [ -n "$needle" ] && ! printf '%s' "$out" | grep -qF -- "$needle"; then
        fail "$name (no \"$needle\" in the output)" "$out"
    else
        ok "$name"
    fi
}

check "--version" 0 "nianbao " "$bin" --version
check "a report with a finding" 0 "共检查 1 个文件：0 个错误，1 个警告" \
    "$bin" check tests/fixtures/corpus/xinxiang-city-hrss-2023.txt
check "rules" 0 "row-total" "$bin" rules

# A Word document fixed in place, then left alone.
mkdir -p "$tmp/年度 报告"
doc="$tmp/年度 报告/新乡.docx"
cp tests/fixtures/docx/broken/xinxiang-city-hrss-2023-broken.docx "$doc"
check "--fix on a .docx" 0 "已修复 7 处，剩余 1 个问题" "$bin" check --fix "$doc"
before="$(cksum < "$doc")"
check "--fix again changes nothing" 0 "共检查 1 个文件" "$bin" check --fix "$doc"
if [ "$(cksum < "$doc")" = "$before" ] && ! "$bin" check --fix "$doc" 2>&1 | grep -q "已修复"; then
    ok "the second --fix wrote nothing"
else
    fail "the second --fix wrote nothing"
fi
check "the fixed document has no errors" 0 "0 个错误" "$bin" check "$doc"

# A text with CRLF line ends keeps them.
awk '{ printf "%s\r\n", $0 }' tests/fixtures/corpus/dazhou-city-hrss-2023.md > "$tmp/年度 报告/达州.md"
check "--fix on a CRLF text" 0 "已修复 9 处" "$bin" check --fix "$tmp/年度 报告/达州.md"
bare="$(awk '!/\r$/' "$tmp/年度 报告/达州.md" | wc -l | tr -d ' ')"
if [ "$bare" = "0" ]; then ok "CRLF kept"; else fail "CRLF kept ($bare lines end in LF only)"; fi

# Folders, wildcards with \ (as typed in cmd.exe), nianbao.toml with \.
mkdir -p "$tmp/w/草稿"
cp tests/fixtures/corpus/xinxiang-city-hrss-2023.txt "$tmp/w/a.txt"
cp tests/fixtures/corpus/xinxiang-city-hrss-2023.txt "$tmp/w/草稿/b.txt"
check "a folder" 0 "共检查 2 个文件" "$bin" check "$tmp/w"
check "a wildcard with \\" 0 "共检查 1 个文件" "$bin" check "$tmp/w\\*.txt"
printf '[files]\nexclude = ['"'"'草稿\\**'"'"']\n' > "$tmp/w/nianbao.toml"
check "nianbao.toml exclude with \\" 0 "共检查 1 个文件" "$bin" check "$tmp/w"

# The language server starts and stops cleanly (a client waits for answers).
lsp_msg() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
lsp_session() {
    lsp_msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
    sleep 2
    lsp_msg '{"jsonrpc":"2.0","method":"initialized","params":{}}'
    lsp_msg '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
    sleep 1
    lsp_msg '{"jsonrpc":"2.0","method":"exit"}'
}
lsp_session | "$bin" lsp > "$tmp/lsp-out" 2>&1
code=$?
if [ "$code" = 0 ] && grep -q '"capabilities"' "$tmp/lsp-out" && grep -q '"id":2' "$tmp/lsp-out"; then
    ok "lsp: initialize, shutdown, exit"
else
    fail "lsp: initialize, shutdown, exit (exit $code)" "$(cat "$tmp/lsp-out")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
