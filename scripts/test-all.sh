#!/usr/bin/env bash
# Runs every test of the project: the Rust suites (unit, fixtures, mutation,
# CLI end-to-end). Usage: ./scripts/test-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (all targets)"
cargo test --locked --all-targets
echo "== doc tests"
cargo test --locked --doc
