# Shared by the editor test runners (sourced).
#
# An editor that is not installed: under CI=true the test FAILS (CI must run
# every editor); on a developer machine it is skipped with a visible message.
# Each runner counts its tests and ends with "<editor>: N passed, N failed".

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="${NIANBAO_EDITOR_TOOLS:-$repo/editors/.tools}"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
NIANBAO_BIN="${NIANBAO_BIN:-$target/release/nianbao}"
passed=0
failed=0
skipped=0

# missing EDITOR WHAT HOW: the editor cannot run here.
missing() {
    if [ "${CI:-}" = "true" ]; then
        echo "FAIL $1: $2 not found (install: $3)" >&2
        failed=$((failed + 1))
    else
        echo "SKIPPED $1: $2 not found (install: $3; under CI=true this fails)" >&2
        skipped=$((skipped + 1))
    fi
}

need_server() {
    if [ ! -x "$NIANBAO_BIN" ]; then
        echo "FAIL: the nianbao release binary is missing at $NIANBAO_BIN (cargo build --release)" >&2
        exit 1
    fi
}

# summary NAME: the closing line; exit status 1 when something failed.
summary() {
    local extra=""
    [ "$skipped" -gt 0 ] && extra=" ($skipped skipped: editor not installed)"
    echo "$1: $passed passed, $failed failed$extra"
    [ "$failed" -eq 0 ]
}

now_ms() { date +%s%3N; }
