#!/usr/bin/env bash
# The audit chain's lock during a London import into PostgreSQL, seen from the server (ADR 3211).
# Usage: bench/scripts/chain-lock-probe.sh BIN LABEL WORKDIR
#   BIN: `dotnet publish src/Vigil.Web -c Release -o BIN`. Needs VIGIL_TEST_PG. Imports London (--no-wait) into a fresh
#   database LABEL and, once its schema is there and until the import's process ends, runs two more sessions:
#   - a sampler: every 5 ms, whether another session holds the chain's advisory lock (pg_locks); the sum of the sampled
#     intervals it was held is the lock's hold over the import;
#   - an officer: a save due every 20 ms (open loop), each a transaction that takes the chain's lock (as every audited
#     save does, ADR 1604) and commits; its wait for the lock, from when it was due, is what a small save arriving
#     during the import pays on top of its own work.
set -euo pipefail
BIN=$(realpath "$1"); LABEL=$2; WORK=$(realpath -m "$3")
source "$(dirname "$0")/pg.sh"
KEY=$(python3 -c 'print(0x5649_4749_4C00)')
mkdir -p "$WORK/$LABEL.d"; STOP="$WORK/$LABEL.d/stop"; rm -f "$STOP"
pg -c "DROP DATABASE IF EXISTS $LABEL" -c "CREATE DATABASE $LABEL"
OID=$(pg -c "SELECT oid FROM pg_database WHERE datname = '$LABEL'")
ready="WHILE NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'audit_entries') AND pg_stat_file('$STOP', true) IS NULL LOOP PERFORM pg_sleep(0.05); END LOOP;"
sampler=$(cat <<SQL
DO \$\$
DECLARE prev timestamptz; now_ timestamptz; held boolean := false; total interval := '0'; n int := 0; spans int := 0; was boolean := false; span interval := '0'; longest interval := '0'; began timestamptz;
BEGIN
  $ready
  prev := clock_timestamp(); began := prev;
  WHILE pg_stat_file('$STOP', true) IS NULL LOOP
    held := EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = $OID
      AND ((classid::bigint << 32) | objid::bigint) = $KEY
      AND pid NOT IN (SELECT pid FROM pg_stat_activity WHERE application_name = 'chain-officer'));
    now_ := clock_timestamp();
    IF held THEN total := total + (now_ - prev); n := n + 1; IF NOT was THEN spans := spans + 1; span := '0'; END IF;
      span := span + (now_ - prev); longest := greatest(longest, span); END IF;
    IF was AND NOT held AND span > interval '100 ms' THEN
      RAISE NOTICE 'span % s ending at % s', round(extract(epoch FROM span)::numeric, 3), round(extract(epoch FROM now_ - began)::numeric, 1);
    END IF;
    was := held; prev := now_;
    PERFORM pg_sleep(0.005);
  END LOOP;
  RAISE NOTICE 'held % s over % samples, % spans, longest % s', round(extract(epoch FROM total)::numeric, 3), n, spans,
    round(extract(epoch FROM longest)::numeric, 3);
END \$\$;
SQL
)
officer=$(cat <<SQL
CREATE TEMP TABLE waits (at timestamptz, ms double precision);
DO \$\$
DECLARE start timestamptz; due timestamptz; k int := 0;
BEGIN
  $ready
  start := clock_timestamp();
  WHILE pg_stat_file('$STOP', true) IS NULL LOOP
    -- Open loop: saves are due every 20 ms whatever the last one waited, and each is timed from when it was due, so
    -- a save due while the lock was held counts its wait even if the one before it was still waiting.
    due := start + k * interval '20 ms';
    k := k + 1;
    IF clock_timestamp() < due THEN PERFORM pg_sleep(extract(epoch FROM due - clock_timestamp())); END IF;
    PERFORM pg_advisory_xact_lock($KEY);
    INSERT INTO waits VALUES (due, extract(epoch FROM clock_timestamp() - due) * 1000);
    COMMIT;
  END LOOP;
END \$\$;
SELECT 'officer n ' || count(*) || ' p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2)
  || ' p90 ' || round(percentile_cont(0.90) WITHIN GROUP (ORDER BY ms)::numeric, 2)
  || ' p95 ' || round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2)
  || ' p99 ' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2)
  || ' max ' || round(max(ms)::numeric, 2) || ' mean ' || round(avg(ms)::numeric, 2) || ' ms; waits > 50 ms '
  || count(*) FILTER (WHERE ms > 50) FROM waits;
SQL
)
PGAPPNAME=chain-sampler pg -d "$LABEL" -f - <<<"$sampler" > "$WORK/$LABEL.sampler" 2>&1 &
SAMPLER=$!
PGAPPNAME=chain-officer pg -d "$LABEL" -f - <<<"$officer" > "$WORK/$LABEL.officer" 2>&1 &
OFFICER=$!
db=$(pg_db "$LABEL")
{ echo "load before $(cut -d' ' -f1 /proc/loadavg)"
  VIGIL_AUDIT_KEY_FILE="$WORK/$LABEL.d/audit.key" /usr/bin/time -f "%e s wall %U user %S sys" \
    dotnet "$BIN/vigil.dll" bench import "$LONDON" --db "$db" --no-wait 2>&1
  echo "load after $(cut -d' ' -f1 /proc/loadavg)"; } > "$WORK/$LABEL.txt" 2>&1 || true
touch "$STOP"; wait $SAMPLER $OFFICER || true
pg -c "DROP DATABASE $LABEL"
rm -rf "$WORK/$LABEL.d"
echo "$LABEL: $(grep -E 'stored|wall|load' "$WORK/$LABEL.txt" | tr '\n' ' ' | tr -s ' ')"
echo "  lock $(grep -o 'held.*' "$WORK/$LABEL.sampler")"
echo "  spans > 100 ms: $(grep -o 'span [0-9.]* s ending at [0-9.]* s' "$WORK/$LABEL.sampler" | sed 's/span //; s/ ending at /@/; s/ s$//' | tr '\n' ' ')"
echo "  $(grep -o 'officer.*' "$WORK/$LABEL.officer")"
