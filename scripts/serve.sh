#!/usr/bin/env bash
# Set up, ingest the bundled sample reports when the store is empty, and serve the chat.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/gongkai serve --ingest-samples "$@"
