#!/usr/bin/env bash
# Peak memory (max RSS) and wall time of `nianbao check` on the real PDF, beside
# the same report's pdftotext -layout text, in one run (median of 11).
# Needs GNU time (apt-get install time). Usage: bench/pdf_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/nianbao
for f in tests/real/hongze-district-gov-2024.pdf tests/real/hongze-district-gov-2024.pdftotext-layout.txt \
         tests/fixtures/pdf/xinxiang-city-hrss-2023.typst.pdf; do
  rss=(); ms=()
  for _ in $(seq 11); do
    # (exit code 1: the report has errors)
    out=$( { /usr/bin/time -f "%M %e" "$bin" check -q "$f" >/dev/null || true; } 2>&1 | tail -1)
    rss+=("${out% *}"); ms+=("${out#* }")
  done
  med() { printf '%s\n' "$@" | sort -n | sed -n 6p; }
  printf '%-60s peak %6s KB   wall %s s\n' "$f" "$(med "${rss[@]}")" "$(med "${ms[@]}")"
done
