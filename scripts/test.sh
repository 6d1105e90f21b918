#!/usr/bin/env bash
# Set up (scripts/setup.sh --test) and run the whole test suite, slow real-part tests included.
# Prints how long setup took; pytest's closing line gives its own time, after its slowest tests.
set -euo pipefail
cd "$(dirname "$0")/.."
began=$SECONDS
bash scripts/setup.sh --test
echo "setup: $((SECONDS - began)) s"
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/python -m pytest -q --durations=25 "$@"
