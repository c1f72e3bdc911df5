#!/usr/bin/env bash
# The assessor's page at scale: `nianbao report DIR --html` over N generated
# reports (bench/gen_batch.py), then the page in headless Chromium. Prints,
# for each binary: the time of `report --html`, the page's size, and the
# median wall time of Chromium loading the page and dumping its DOM
# (`--dump-dom`: start-up, parse, the page's script; a blank page's time is
# printed as the floor), and for pages that have it the page's own mark
# `data-first-render-ms` (from the start of navigation to the first reports
# shown, performance.now()).
#
# Usage: bench/page.sh [N]            (default 20000; RUNS=5 for more runs, default 3)
#        BEFORE=/path/to/old/nianbao bench/page.sh N
#          measures an older binary's page beside the current one, run by run.
#        NIANBAO=/path/to/nianbao skips the build.
#        TEST=1 also runs the browser test of a large batch with N reports and
#          this binary (tests/browser.rs, NIANBAO_PAGE_REPORTS/NIANBAO_PAGE_BIN).
# Needs: python3, chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-20000}"
RUNS="${RUNS:-3}"
CHROME="${NIANBAO_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$CHROME" ]; then
    echo "page.sh needs Chromium (Debian: apt-get install chromium)" >&2
    exit 2
fi
if [ -z "${NIANBAO:-}" ]; then
    echo "== building (release)" >&2
    cargo build --release --quiet --bin nianbao >&2
    NIANBAO="$PWD/${CARGO_TARGET_DIR:-target}/release/nianbao"
fi
bins=("after=$NIANBAO")
if [ -n "${BEFORE:-}" ]; then
    bins=("before=$BEFORE" "after=$NIANBAO")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== generating $N reports" >&2
python3 bench/gen_batch.py ../shared/corpus "$work/reports" "$N"
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo '<!DOCTYPE html><title>blank</title><p>blank</p>' >"$work/blank.html"

# Milliseconds of one command's wall time.
ms() {
    local start end
    start=$(date +%s%N)
    "$@" >"$work/out" 2>/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}
chrome() { # page
    "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --dump-dom "file://$1"
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A load mark
for b in "${bins[@]}"; do
    name="${b%%=*}"
    bin="${b#*=}"
    t=$(ms "$bin" report "$work/reports" --html "$work/$name.html" -q)
    echo "$name: report --html ${t} ms, page $(stat -c %s "$work/$name.html") bytes"
done
blank=""
for _ in $(seq "$RUNS"); do
    blank+=" $(ms chrome "$work/blank.html")"
    for b in "${bins[@]}"; do
        name="${b%%=*}"
        load[$name]+=" $(ms chrome "$work/$name.html")"
        m=$(grep -o 'data-first-render-ms="[0-9.]*"' "$work/out" | cut -d'"' -f2 || true)
        mark[$name]+=" ${m:-}"
    done
done
echo "blank page: Chromium --dump-dom median $(echo "$blank" | median) ms (runs:$blank)"
for b in "${bins[@]}"; do
    name="${b%%=*}"
    echo "$name: Chromium --dump-dom median $(echo "${load[$name]}" | median) ms (runs:${load[$name]})"
    if [ -n "$(echo "${mark[$name]}" | tr -d ' ')" ]; then
        echo "$name: first render median $(echo "${mark[$name]}" | median) ms after navigation (runs:${mark[$name]})"
    fi
done
if [ -n "${TEST:-}" ]; then
    NIANBAO_PAGE_REPORTS="$N" NIANBAO_PAGE_BIN="$NIANBAO" \
        cargo test --quiet --test browser large -- --nocapture
fi
