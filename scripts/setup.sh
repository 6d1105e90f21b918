#!/usr/bin/env bash
# Create .venv with everything gongkai needs. Idempotent: re-running only fills in what is missing.
# Usage: bash scripts/setup.sh [--test]   (--test also installs the test tools and system packages)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# torch first: the CPU wheel, so that sentence-transformers does not pull CUDA packages.
.venv/bin/python -m pip install -q "torch==2.13.0"
if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install -q -e ".[test,llm,ocr]"
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
    .venv/bin/python -m pip install -q -e ".[llm,ocr]"
fi
