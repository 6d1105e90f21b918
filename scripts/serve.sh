#!/usr/bin/env bash
# Set up, ingest the bundled sample reports when the store is empty, and serve the chat.
set -euo pipefail
cd "$(dirname "$0")/.."
# setup.sh (pip install -e, 15–20 s) only when the dependencies changed: a stamp holds pyproject.toml's hash.
stamp=.venv/.gongkai-setup-stamp
want=$(sha256sum pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/gongkai ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    bash scripts/setup.sh
    echo "$want" > "$stamp"
fi
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/gongkai serve --ingest-samples "$@"
