#!/usr/bin/env bash
# Installs what the tests of `--fix` on Word documents (tests/docx_fix.rs), of
# the Python wheel and of the release workflow (tests/release.rs) need, from
# the registries only. Idempotent: each part is skipped when already there.
#
#   apt:  libreoffice-writer-nogui (soffice: a fixed document must open and
#         convert), fonts-wqy-zenhei (Chinese text in it), shellcheck
#         (actionlint checks the workflow's scripts with it)
#   PyPI: .tools/py, a virtual environment with scripts/test-tools.txt
#         (hash-pinned): python-docx, maturin, actionlint
#
# Usage: scripts/install-test-tools.sh   (as root for apt; set
#        NIANBAO_SKIP_APT=1 to leave system packages alone)
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${NIANBAO_TEST_TOOLS:-$PWD/.tools}"
step() { echo "== test tools: $*"; }

apt_packages=(libreoffice-writer-nogui fonts-wqy-zenhei shellcheck)
if [ -z "${NIANBAO_SKIP_APT:-}" ]; then
    missing=()
    for p in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        step "apt packages present"
    elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        step "apt-get install ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    elif [ "${CI:-}" = "true" ]; then
        echo "FAILED: installing ${missing[*]} needs root and apt-get" >&2
        exit 1
    else
        step "not installing ${missing[*]} (needs root); the tests that need them are skipped"
    fi
fi

py="$tools/py"
stamp="$py/.nianbao-requirements-sha256"
want="$(sha256sum scripts/test-tools.txt | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    step "Python tools present ($py)"
else
    step "Python tools (pip, hash-pinned) in $py"
    rm -rf "$py"
    python3 -m venv "$py"
    "$py/bin/pip" install -q --disable-pip-version-check --require-hashes -r scripts/test-tools.txt
    echo "$want" > "$stamp"
fi
"$py/bin/python" -c 'import docx; print("python-docx", docx.__version__)'
"$py/bin/maturin" --version
"$py/bin/actionlint" -version | head -1
step "done"
