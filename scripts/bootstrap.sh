#!/usr/bin/env bash
# Create or refresh the project virtualenv in .venv. Installs only when something
# is missing or the pinned requirements / package definitions changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COLLAB_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
cd "$ROOT"

packages=(libs/events libs/servicekit libs/replicas tools/collabctl)
for dir in services/*/; do
  [ -f "$dir/pyproject.toml" ] && packages+=("${dir%/}")
done

stamp_input() {
  cat requirements/*.txt
  for p in "${packages[@]}"; do cat "$p/pyproject.toml"; echo "$p"; done
}
want="$(stamp_input | sha256sum | cut -d' ' -f1)"
stamp="$VENV/.collab-stamp"

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV" >&2
  "$PY" -m venv "$VENV"
fi
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "bootstrap: installing pinned dependencies" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r requirements/dev.txt -c requirements/constraints.txt
  editable=()
  for p in "${packages[@]}"; do editable+=(-e "$p"); done
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-build-isolation --no-deps "${editable[@]}"
  echo "$want" > "$stamp"
fi

# The AsyncAPI conformance test runs @asyncapi/parser (Node.js), pinned exactly in
# tools/asyncapi-check/package.json. No lock file: it would record registry hosts.
# Install scripts stay off (one dependency's only script is usage telemetry).
asyncapi_check="$ROOT/tools/asyncapi-check"
node_want="$(sha256sum "$asyncapi_check/package.json" | cut -d' ' -f1)"
node_stamp="$asyncapi_check/node_modules/.collab-stamp"
if [ "$(cat "$node_stamp" 2>/dev/null || true)" != "$node_want" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "bootstrap: installing the pinned AsyncAPI parser (npm)" >&2
    npm install --prefix "$asyncapi_check" --no-package-lock --ignore-scripts \
      --no-audit --no-fund --loglevel=error
    echo "$node_want" > "$node_stamp"
  else
    echo "bootstrap: npm not found; the AsyncAPI conformance test needs Node.js and npm" >&2
  fi
fi
