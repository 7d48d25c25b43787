# Sourced by the bench scripts: psql and createdb against the cluster in $VIGIL_TEST_PG (scripts/start-postgres.sh).
: "${VIGIL_TEST_PG:?start a cluster first: eval \"\$(scripts/start-postgres.sh)\"}"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_PORT=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$VIGIL_TEST_PG")
pg() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAtX "$@"; }
pg_db() { echo "$VIGIL_TEST_PG;Database=$1"; }
LONDON=${LONDON:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared/data/linkage-bench/london-deaths.jsonl.gz}
