#!/usr/bin/env bash
# The assessor's workload: `nianbao check DIR` and `nianbao report DIR --html`
# over N real-sized, varied reports (bench/gen_batch.py: copies of the corpus
# reports with the body renamed and a few numbers changed; every fourth one is
# the year before, so reports pair across years). For each output format it
# prints the median wall time, CPU time (user + system), reports per
# CPU-second, peak memory (max RSS, GNU time) and the ratio of the wall time to
# `cat` of the same files. Every timed run starts with the files in the page
# cache (they are read with `cat` first, untimed).
#
# Usage: bench/batch.sh N            (RUNS=5 for more runs; default 3)
#        BEFORE=/path/to/old/nianbao bench/batch.sh N
#          times an older binary beside the current one, run by run, so that
#          both see the same load (the machine may be shared).
#        ONE_CORE=1 also times each format on one core (taskset -c 0).
#        NIANBAO=/path/to/nianbao skips the build.
#        FORMATS="json html" times only those (human quiet json statistics sarif
#          junit github html; all by default).
#        AS=docx or AS=html makes the reports Word documents or web pages
#          (bench/gen_batch.py), to time those readers.
# Needs: python3 and GNU time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:?usage: bench/batch.sh N}"
RUNS="${RUNS:-3}"
if [ ! -x /usr/bin/time ]; then
    echo "batch.sh needs GNU time (Debian: apt-get install time)" >&2
    exit 2
fi
if [ -z "${NIANBAO:-}" ]; then
    echo "== building (release)" >&2
    cargo build --release --quiet --bin nianbao >&2
    NIANBAO="${CARGO_TARGET_DIR:-target}/release/nianbao"
fi
bins=("after=$NIANBAO")
if [ -n "${BEFORE:-}" ]; then
    bins=("before=$BEFORE" "after=$NIANBAO")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dir="$work/reports"
echo "== generating $N reports" >&2
python3 bench/gen_batch.py ../shared/corpus "$dir" "$N"
# The new files are written out now, not by the kernel during the first runs.
sync
bytes="$(du -sb "$dir" | cut -f1)"
echo "== $N reports, $((bytes / 1024)) KB; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# One timed run: prints "wall cpu maxrss_kb". GNU time writes its line last
# on the command's stderr.
timed() {
    /usr/bin/time -f '%e %U %S %M' "$@" >/dev/null 2>"$work/stderr" || true
    read -r wall user sys rss <<<"$(tail -1 "$work/stderr")"
    echo "$wall $(echo "$user + $sys" | bc -l) $rss"
}

# The median of each column of "wall cpu rss" lines.
medians() {
    python3 -c '
import sys, statistics
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
print(" ".join(str(statistics.median(c)) for c in zip(*rows)))' <<<"$1"
}

read -r -a formats <<<"${FORMATS:-human quiet json statistics sarif junit github html}"
cmd_of() { # bin format
    case "$2" in
    human) echo "$1 check $dir" ;;
    quiet) echo "$1 check --quiet $dir" ;;
    json) echo "$1 check --format json $dir" ;;
    statistics) echo "$1 check --statistics $dir" ;;
    sarif) echo "$1 check --format sarif $dir" ;;
    junit) echo "$1 check --format junit $dir" ;;
    github) echo "$1 check --format github $dir" ;;
    html) echo "$1 report $dir --html $work/page.html -q" ;;
    esac
}

cat_runs=""
for _ in $(seq "$RUNS"); do
    cat_runs+="$(timed sh -c "find '$dir' -type f -print0 | xargs -0 cat")"$'\n'
done
read -r cat_wall cat_cpu _ <<<"$(medians "$cat_runs")"
# A small batch is read faster than time measures.
cat_wall="$(echo "if ($cat_wall < 0.01) 0.01 else $cat_wall" | bc -l)"

declare -A results
cores_list=(2)
[ -n "${ONE_CORE:-}" ] && cores_list=(2 1)
# The files are read into the page cache before every timed run: the runs
# time nianbao's work on files an assessor has just downloaded, never the
# disk (the machine may drop cached pages between runs).
warm() {
    find "$dir" -type f -print0 | xargs -0 cat >/dev/null
}
echo "== timing ($RUNS runs each; before and after, one and two cores alternating)" >&2
for f in "${formats[@]}"; do
    for _ in $(seq "$RUNS"); do
        for cores in "${cores_list[@]}"; do
            for b in "${bins[@]}"; do
                name="${b%%=*}"
                bin="${b#*=}"
                warm
                # shellcheck disable=SC2046
                if [ "$cores" = 1 ]; then
                    r="$(timed taskset -c 0 $(cmd_of "$bin" "$f"))"
                else
                    r="$(timed $(cmd_of "$bin" "$f"))"
                fi
                results["$f $cores $name"]+="$r"$'\n'
            done
        done
    done
done

printf '\n%d reports (%d KB), %d runs, medians; cat of the same files: %.2f s wall, %.2f s CPU\n' \
    "$N" "$((bytes / 1024))" "$RUNS" "$cat_wall" "$cat_cpu"
printf 'load average at the end: %s (2 cores; other work on the machine counts in wall time)\n\n' \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| format | cores | binary | wall s | CPU s | reports/CPU-s | peak MB | wall / cat |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for f in "${formats[@]}"; do
    for cores in "${cores_list[@]}"; do
        for b in "${bins[@]}"; do
            name="${b%%=*}"
            read -r wall cpu rss <<<"$(medians "${results["$f $cores $name"]}")"
            printf '| %s | %s | %s | %.2f | %.2f | %.0f | %.0f | %.1f |\n' \
                "$f" "$cores" "$name" "$wall" "$cpu" "$(echo "$N / $cpu" | bc -l)" \
                "$(echo "$rss / 1024" | bc -l)" "$(echo "$wall / $cat_wall" | bc -l)"
        done
    done
done
if [ -n "${ONE_CORE:-}" ]; then
    printf '\n| format | binary | wall 1 core s | wall 2 cores s | speed-up (1 core / 2 cores) |\n'
    printf '|---|---|---|---|---|\n'
    for f in "${formats[@]}"; do
        for b in "${bins[@]}"; do
            name="${b%%=*}"
            read -r w1 _ <<<"$(medians "${results["$f 1 $name"]}")"
            read -r w2 _ <<<"$(medians "${results["$f 2 $name"]}")"
            printf '| %s | %s | %.2f | %.2f | %.2f |\n' "$f" "$name" "$w1" "$w2" "$(echo "$w1 / $w2" | bc -l)"
        done
    done
fi
if [ -f "$work/page.html" ]; then
    printf '\nHTML page (last run): %d KB\n' "$(($(stat -c %s "$work/page.html") / 1024))"
fi
