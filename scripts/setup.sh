#!/usr/bin/env bash
# Create .venv with everything gongkai needs. Idempotent: re-running only fills in what is missing,
# and skips pip altogether while pyproject.toml and this script are unchanged.
# Usage: bash scripts/setup.sh [--test]   (--test also installs the test tools and system packages)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
fi
# What pip installs follows from pyproject.toml and this script: a stamp of their hash per mode lets a
# re-run skip pip (15–20 s of resolving) when neither changed. A --test install covers the plain one.
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
installed() { [ "$(cat ".venv/.gongkai-setup-$1" 2>/dev/null)" = "$want" ] && [ -x .venv/bin/gongkai ]; }
pip_install() {  # mode, extras
    if installed "$1" || { [ "$1" = run ] && installed test; }; then
        return
    fi
    rm -f .venv/.gongkai-setup-run .venv/.gongkai-setup-test
    # torch first: the CPU wheel, so that sentence-transformers does not pull CUDA packages.
    # torch --no-compile: the suite imports a small part of its thousands of modules, and byte-compiling
    # them all at install took longer than compiling those on first import (the rest compile at install:
    # with --no-compile everywhere the suite ran a minute slower).
    .venv/bin/python -m pip install -q --no-compile "torch==2.13.0"
    # The rest through uv when PyPI has it: the same packages as pip resolves (checked with `freeze`),
    # installed and byte-compiled in parallel — 37 s instead of pip's 97 s here (BENCHMARKS.md). uv
    # does not read pip's settings, which does not matter here: torch is in place and satisfies every pin.
    if .venv/bin/python -m pip install -q "uv==0.13.9" 2>/dev/null; then
        .venv/bin/uv pip install -q --python .venv/bin/python --compile-bytecode -e ".[$2]"
    else
        .venv/bin/python -m pip install -q -e ".[$2]"
    fi
    echo "$want" > ".venv/.gongkai-setup-$1"
}
if [ "${1:-}" = "--test" ]; then
    pip_install test "test,llm,ocr"
    # System packages for the real-part tests: a browser, CJK fonts, LibreOffice for DOCX → PDF.
    need=()
    [ -x /usr/bin/chromium ] || need+=(chromium)
    [ -x /usr/bin/soffice ] || need+=(libreoffice-writer)
    fc-list 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
    command -v pdftoppm >/dev/null || need+=(poppler-utils)
    ldconfig -p | grep -q "libGL.so.1 " || need+=(libgl1)  # OpenCV, for OCR
    if [ ${#need[@]} -gt 0 ]; then
        SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
else
    pip_install run "llm,ocr"
fi
