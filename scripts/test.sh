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

# The Word paper is checked the way a trainer prints it: LibreOffice converts it to PDF and pdffonts
# names the Chinese face it used (about 60 Debian packages; 15 s from a warm mirror).
if ! { command -v libreoffice && command -v pdffonts && fc-list | grep -q "Noto Serif CJK"; } >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "安装 Debian libreoffice-writer-nogui、fonts-noto-cjk、poppler-utils（Word 试卷测试用）…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk poppler-utils >/dev/null
  else
    echo "警告：没有 libreoffice / pdffonts / Noto CJK 字体，且不是 root，Word 试卷的 PDF 测试将被跳过" >&2
  fi
fi

# axe-core (the accessibility checker the browser tests inject into every page), from npm into a
# gitignored folder of the checkout; npm itself from Debian when missing.
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "安装 Debian npm（无障碍检查 axe-core 用）…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
if [ ! -f .cache/npm/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm install --prefix .cache/npm --no-audit --no-fund --loglevel=error axe-core@4 >/dev/null
  else
    echo "警告：没有 npm，无障碍检查（axe-core）将被跳过" >&2
  fi
fi

PYTHON=${PYTHON:-python3}

# The suite runs against SQLite and PostgreSQL: start a throw-away PostgreSQL server on loopback.
if [ -z "${POLICYKB_TEST_PG_URL:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$PGBIN" ] && [ "$(id -u)" = 0 ]; then
    echo "安装 Debian postgresql（数据库测试用）…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  if [ -n "$PGBIN" ]; then
    PGDATA=$(mktemp -d /tmp/policykb-pg.XXXXXX)
    # A free port, chosen now (never a fixed one: several runs may share the machine).
    PGPORT=${POLICYKB_TEST_PG_PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
    as_pg "$PGBIN/initdb -D $PGDATA -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    as_pg "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -o '-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1' start" >/dev/null
    trap 'as_pg "$PGBIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1; rm -rf "$PGDATA"' EXIT
    as_pg "$PGBIN/createdb -h 127.0.0.1 -p $PGPORT -U postgres policykb_test"
    export POLICYKB_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/policykb_test"
  elif [ "${CI:-}" = true ]; then
    echo "CI 需要 PostgreSQL 才能运行完整测试" >&2
    exit 1
  else
    echo "警告：没有 PostgreSQL，只在 SQLite 上运行测试" >&2
  fi
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q -e '.[test]'

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/vulture  # dead code: paths, confidence and framework names in pyproject.toml [tool.vulture]
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
