#!/usr/bin/env bash
# The README's test command: install everything the suite needs, then run linters, type checks,
# the import contracts and the whole pytest suite. Any failure (pytest's "no tests" too) fails it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "安装 Debian chromium（浏览器测试用）…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "警告：没有 /usr/bin/chromium，且不是 root，浏览器测试将被跳过（sudo apt-get install chromium）" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q -e '.[test]'

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
