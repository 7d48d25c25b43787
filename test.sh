#!/usr/bin/env bash
# Runs every Vigil test: unit, integration (SQLite and a real PostgreSQL started here) and browser (Chromium).
# Installs what it needs (idempotent) and ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
RESULTS="$ROOT/TestResults"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
fc-list 2>/dev/null | grep -qi liberation || need_apt+=(fonts-liberation)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not found)"; exit 2; }

# A throwaway PostgreSQL cluster on 127.0.0.1, owned by the postgres user (initdb refuses root).
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DIR=$(mktemp -d /tmp/vigil-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
cleanup() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
trap cleanup EXIT
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
export VIGIL_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Include Error Detail=true"
echo "PostgreSQL on 127.0.0.1:$PG_PORT"

dotnet tool restore >/dev/null
(cd src/Vigil.Web && [ -f package.json ] && npm ci --no-audit --no-fund --silent || true)
dotnet build Vigil.slnx -c Release -nologo -v q -clp:ErrorsOnly

rm -rf "$RESULTS"
set +e
dotnet test Vigil.slnx -c Release --no-build --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TestSessionTimeout=1500000 2>&1 | grep -vE '^\s*$' | tail -n 40
set -e
python3 "$ROOT/scripts/trx-summary.py" "$RESULTS"
