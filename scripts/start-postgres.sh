#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 (owned by the postgres user: initdb refuses root) and prints
# the line to export. Usage: eval "$(scripts/start-postgres.sh)"; stop: scripts/start-postgres.sh stop DIR
# (the fault drills also use: pause DIR — an immediate stop keeping the data; resume DIR — start it again)
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = stop ]; then as_pg "$PG_BIN/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$2"; exit 0; fi
if [ "${1:-}" = pause ]; then as_pg "$PG_BIN/pg_ctl" -D "$2/data" -m immediate stop >/dev/null; exit 0; fi
# VIGIL_PG_OPTIONS adds server settings ("-c shared_buffers=4GB ..."), kept for resume: measurements compare the
# test cluster's defaults with docs/deploy.md's production settings on one machine.
start_cluster() {
  as_pg "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/log" -w -o "-h 127.0.0.1 -p $2 -k $1 -c fsync=off -c max_connections=200 -c shared_preload_libraries=pg_stat_statements $(cat "$1/options" 2>/dev/null)" start >/dev/null
}
if [ "${1:-}" = resume ]; then start_cluster "$2" "$(cat "$2/port")"; exit 0; fi
PG_DIR=$(mktemp -d /tmp/vigil-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
echo "$PG_PORT" > "$PG_DIR/port"
printf '%s' "${VIGIL_PG_OPTIONS:-}" > "$PG_DIR/options"
start_cluster "$PG_DIR" "$PG_PORT"
echo "export VIGIL_TEST_PG='Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Include Error Detail=true'; export VIGIL_PG_DIR='$PG_DIR'"
