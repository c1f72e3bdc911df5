#!/usr/bin/env bash
# Runs every test of the project, and first installs what they need: the Rust
# suites (unit, fixtures, mutation, CLI end-to-end, output formats, --fix on
# Word documents with python-docx and LibreOffice, the Python wheel, the
# release workflow), the browser test of the HTML report (tests/browser.rs,
# headless Chromium) and the editor tests (VS Code, Neovim, Emacs, Helix:
# scripts/test-editors.sh).
#
# Usage: ./scripts/test-all.sh          (the README's test command)
#
# What the tests need comes from scripts/install-test-tools.sh (LibreOffice,
# python-docx, maturin, actionlint) and scripts/install-editor-tools.sh
# (Chromium and a CJK font, Neovim, Emacs + eglot, code-server, the VS Code
# extension's npm packages), both idempotent. As root they install with
# apt-get, pip and npm (registries only); under CI=true anything they cannot
# install fails the run. On a developer's machine without root, the system
# packages that are missing are not installed and the tests that need them
# say they are skipped. The first run takes a while (apt, npm, the first
# cargo build: about 10-15 minutes on 2 cores); later runs skip what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== test tools (python-docx, LibreOffice, maturin, actionlint: scripts/install-test-tools.sh)"
./scripts/install-test-tools.sh
echo "== editor and browser tools (scripts/install-editor-tools.sh)"
./scripts/install-editor-tools.sh

chromium_bin="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -n "$chromium_bin" ]; then
    echo "== browser: $chromium_bin ($("$chromium_bin" --version 2>/dev/null || echo 'version unknown'))"
elif [ "${CI:-}" = "true" ]; then
    echo "FAILED: Chromium is missing after scripts/install-editor-tools.sh" >&2
    exit 1
else
    echo "SKIPPED: the browser test of the HTML report (Chromium is not installed; apt-get install -y chromium)"
fi

# Every part runs even when an earlier one fails; the run fails at the end
# if any did, naming them.
failed_parts=()
echo "== cargo test (all targets)"
cargo test --locked --all-targets --no-fail-fast || failed_parts+=("cargo test")
echo "== doc tests"
cargo test --locked --doc || failed_parts+=("doc tests")
if [ -n "$chromium_bin" ]; then
    echo "== screenshot of the HTML report: tests/output/report-html.png"
fi
echo "== editors (scripts/test-editors.sh)"
./scripts/test-editors.sh || failed_parts+=("editors")
if [ ${#failed_parts[@]} -gt 0 ]; then
    echo "FAILED: ${failed_parts[*]}" >&2
    exit 1
fi
echo "== all tests passed"
