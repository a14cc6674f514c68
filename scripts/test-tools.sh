#!/usr/bin/env bash
# System tools only the test suite needs, installed from Debian's packages when missing:
# docker-compose 1.29 validates docker-compose.yml offline (its `config` needs no engine);
# chromium is the browser Playwright drives in tests/browser (Playwright's own browser
# download is never used).
set -euo pipefail

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "test-tools: installing ${missing[*]} (Debian packages)" >&2
    as_root apt-get update -qq >/dev/null \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || echo "test-tools: could not install ${missing[*]} (needs root or sudo)" >&2
  else
    echo "test-tools: ${missing[*]} missing and no apt-get; the tests that need them will fail" >&2
  fi
fi
