#!/usr/bin/env bash
# Compares `nianbao check` with the physical floor of reading the file
# (`wc -l`) on a 10 MB synthetic report, in one go on this machine: the
# median times (hyperfine), their ratio, the peak memory (/usr/bin/time -v),
# and the start-up time of `nianbao check` on a tiny file (target: < 5 ms).
# The CPU time (user + system, mean) is printed too: on a busy machine the
# wall-clock medians include waiting for a CPU; the load average is shown.
#
# Usage: bench/compare.sh            (RUNS=20 bench/compare.sh for more runs)
# Needs: hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-10}"
for tool in hyperfine /usr/bin/time; do
    if ! command -v "$tool" >/dev/null; then
        echo "compare.sh needs $tool (Debian: apt-get install hyperfine time)" >&2
        exit 2
    fi
done

echo "== building (release)" >&2
cargo build --release --locked --bin nianbao --example gen_sample >&2
target="${CARGO_TARGET_DIR:-target}"
nianbao="$target/release/nianbao"
gen="$target/release/examples/gen_sample"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
report="$work/report-10mb.txt"
tiny="$work/tiny.txt"
"$gen" synthetic 10000000 >"$report"
printf '示例局2023年政府信息公开工作年度报告\n' >"$tiny"
bytes="$(wc -c <"$report")"

echo "== timing ($RUNS runs each, after 3 warm-up runs)" >&2
# -N: no intermediate shell, so that the start-up time is nianbao's own.
# -i: a report with findings exits with 1; that is not a failure here.
hyperfine -N -i --warmup 3 --runs "$RUNS" --style basic \
    --export-csv "$work/times.csv" \
    -n "wc -l" "wc -l $report" \
    -n "nianbao check" "$nianbao check --quiet $report" \
    -n "nianbao check (tiny file)" "$nianbao check --quiet $tiny" >&2

# CSV columns: command,mean,stddev,median,user,system,min,max (seconds).
median() { awk -F, -v name="$1" '$1 == name { print $4 }' "$work/times.csv"; }
cpu() { awk -F, -v name="$1" '$1 == name { print $5 + $6 }' "$work/times.csv"; }
peak_kb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }'; }

wc_s="$(median "wc -l")"
nb_s="$(median "nianbao check")"
tiny_s="$(median "nianbao check (tiny file)")"
wc_cpu="$(cpu "wc -l")"
nb_cpu="$(cpu "nianbao check")"
nb_kb="$(peak_kb "$nianbao" check --quiet "$report" || true)"
wc_kb="$(peak_kb wc -l "$report")"

awk -v bytes="$bytes" -v wc="$wc_s" -v nb="$nb_s" -v tiny="$tiny_s" \
    -v nbkb="$nb_kb" -v wckb="$wc_kb" -v runs="$RUNS" -v cpus="$(nproc)" \
    -v wccpu="$wc_cpu" -v nbcpu="$nb_cpu" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    mb = bytes / 1e6
    printf "\nnianbao check vs wc -l: synthetic report of %.1f MB, medians of %d runs, %d CPUs, load %s\n", mb, runs, cpus, load
    printf "  %-28s %9.2f ms   %8.0f MB/s   (CPU %.2f ms)\n", "wc -l", wc * 1000, mb / wc, wccpu * 1000
    printf "  %-28s %9.2f ms   %8.0f MB/s   (CPU %.2f ms)\n", "nianbao check", nb * 1000, mb / nb, nbcpu * 1000
    printf "  %-28s %9.1f x\n", "ratio (nianbao / wc -l)", nb / wc
    printf "  %-28s %9.1f MB   (%.1f x the file)\n", "peak memory, nianbao check", nbkb / 1024, nbkb * 1024 / bytes
    printf "  %-28s %9.1f MB\n", "peak memory, wc -l", wckb / 1024
    printf "  %-28s %9.2f ms   (target < 5 ms: %s)\n", "start-up (tiny file)", tiny * 1000, (tiny < 0.005 ? "met" : "NOT met")
}'
