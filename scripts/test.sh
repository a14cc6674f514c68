#!/usr/bin/env bash
# The whole test suite: lint, types, contract check, unit and integration tests
# against embedded Kafka (Tansu) and MongoDB (SecantusDB).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
bash scripts/test-tools.sh
VENV="${COLLAB_VENV:-$ROOT/.venv}"
export PATH="$VENV/bin:$PATH"

echo "== ruff"; ruff check . && ruff format --check .
echo "== mypy"; mypy
echo "== contracts"; collabctl contracts check
echo "== pytest"; pytest "$@"
