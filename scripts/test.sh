#!/usr/bin/env bash
# Set up (scripts/setup.sh --test) and run the whole test suite, slow real-part tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False
.venv/bin/python -m pytest -q "$@"
