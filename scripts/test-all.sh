#!/usr/bin/env bash
# Runs every test of the project: the Rust suites (unit, fixtures, mutation,
# CLI end-to-end, output formats, --fix on Word documents with python-docx and
# LibreOffice, the Python wheel, the release workflow), the browser test of the HTML report
# (tests/browser.rs, headless Chromium) and the editor tests (VS Code, Neovim,
# Emacs, Helix: scripts/test-editors.sh). Usage: ./scripts/test-all.sh
#
# The browser test needs Chromium. Under CI=true it is installed here when
# missing (apt-get, as root) and the run fails if that is impossible; on a
# developer machine without Chromium the browser test is skipped, and this
# script says so.
set -euo pipefail
cd "$(dirname "$0")/.."

find_chromium() {
    command -v chromium || command -v chromium-browser || command -v google-chrome || true
}

echo "== browser (for tests/browser.rs)"
chromium_bin="$(find_chromium)"
if [ -z "$chromium_bin" ] && [ "${CI:-}" = "true" ]; then
    echo "Chromium not found; installing it (CI=true)"
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "FAILED: cannot install Chromium here (needs root and apt-get); install it: apt-get install -y chromium" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
    chromium_bin="$(find_chromium)"
    if [ -z "$chromium_bin" ]; then
        echo "FAILED: Chromium is still missing after apt-get install" >&2
        exit 1
    fi
fi
if [ -n "$chromium_bin" ]; then
    echo "using $chromium_bin ($("$chromium_bin" --version 2>/dev/null || echo 'version unknown'))"
else
    echo "SKIPPED: the browser test of the HTML report (Chromium is not installed; apt-get install -y chromium)"
fi

echo "== test tools (python-docx, LibreOffice, maturin, actionlint: scripts/install-test-tools.sh)"
./scripts/install-test-tools.sh

echo "== cargo test (all targets)"
cargo test --locked --all-targets
echo "== doc tests"
cargo test --locked --doc
if [ -n "$chromium_bin" ]; then
    echo "== screenshot of the HTML report: tests/output/report-html.png"
fi
echo "== editors (scripts/test-editors.sh)"
./scripts/test-editors.sh
