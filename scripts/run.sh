#!/usr/bin/env bash
# Run the whole platform on embedded Kafka and MongoDB with demo data.
# Ctrl-C (or `collabctl down` from another shell) stops everything it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
VENV="${COLLAB_VENV:-$ROOT/.venv}"
exec "$VENV/bin/collabctl" up --foreground "$@"
