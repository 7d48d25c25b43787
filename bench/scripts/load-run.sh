#!/usr/bin/env bash
# One load run as the README's figures were measured: London (with linkage) imported once into a template database,
# a checkpoint signed, VACUUM ANALYZE; then per run a copy of the template with its own key folder, two `vigil serve`
# nodes started by vigil-load, and pg_stat_activity sampled every 5 s.
# Usage: bench/scripts/load-run.sh LOADBIN WORKDIR LABEL [users=50] [minutes=10] [warmup=30]
#   LOADBIN: `dotnet publish bench/Vigil.Load -c Release -o LOADBIN` (vigil.dll sits beside vigil-load.dll)
#   THINK=MIN-MAX (ms, default 250-750) sets the users' pause between steps.
#   VIGIL_LOAD_ALLOCATION_TICKS=false starts the nodes without the allocation-tick listener (ADR 3184), which costs them
#   about 0.3 ms a request (round 48); the GC table then has only the runtime's skewed byte counter.
#   Needs VIGIL_TEST_PG; the template (database vload_<hash of WORKDIR>) is built once per WORKDIR (delete WORKDIR/template to rebuild).
#   DEATHS=FILE builds the template from another death-record file (e.g. a million from `bench/Vigil.Bench generate`);
#   UNLINKED=1 imports it --no-wait and marks its linkage outbox done by SQL, as round 29's million was: comparing a
#   million deaths in found order is hours of one core, and the nodes still index every death when they start.
set -euo pipefail
BIN=$(realpath "$1"); WORK=$(realpath -m "$2"); LABEL=$(tr 'A-Z-' 'a-z_' <<<"$3")
USERS=${4:-50}; MINUTES=${5:-10}; WARMUP=${6:-30}
source "$(dirname "$0")/pg.sh"
mkdir -p "$WORK"
# One template database per WORKDIR: two builds with different schemas each measure on their own.
TEMPLATE=vload_$(printf %s "$WORK" | md5sum | cut -c1-12)
if [ ! -f "$WORK/template/done" ]; then
  rm -rf "$WORK/template"; mkdir -p "$WORK/template"
  pg -c "DROP DATABASE IF EXISTS $TEMPLATE" -c "CREATE DATABASE $TEMPLATE"
  VIGIL_AUDIT_KEY_FILE="$WORK/template/audit.key" dotnet "$BIN/vigil.dll" bench import "${DEATHS:-$LONDON}" --db "$(pg_db $TEMPLATE)" \
    ${UNLINKED:+--no-wait} | tee "$WORK/template/import.txt"
  [ -n "${UNLINKED:-}" ] && pg -d $TEMPLATE -c "UPDATE linkage_outbox SET \"DoneAt\" = now() WHERE \"DoneAt\" IS NULL"
  VIGIL_AUDIT_KEY_FILE="$WORK/template/audit.key" dotnet "$BIN/vigil.dll" audit checkpoint --out "$WORK/template/checkpoint" --db "$(pg_db $TEMPLATE)"
  pg -d $TEMPLATE -c "VACUUM ANALYZE"
  touch "$WORK/template/done"
fi
pg -c "DROP DATABASE IF EXISTS $LABEL" -c "CREATE DATABASE $LABEL TEMPLATE $TEMPLATE"
rm -rf "$WORK/$LABEL.keys"; cp -r "$WORK/template" "$WORK/$LABEL.keys"
( while sleep 5; do echo "$(date +%s) $(pg -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$LABEL'")"; done ) > "$WORK/$LABEL.conns" 2>/dev/null &
SAMPLER=$!
trap 'kill $SAMPLER 2>/dev/null || true' EXIT
echo "run $LABEL: $USERS users, $MINUTES min, warmup $WARMUP s, think ${THINK:-250-750} ms; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%H:%M:%S)"
set +e
dotnet "$BIN/vigil-load.dll" --db "$(pg_db "$LABEL")" --audit-key-file "$WORK/$LABEL.keys/audit.key" \
  --nodes 2 --users "$USERS" --minutes "$MINUTES" --warmup "$WARMUP" --think "${THINK:-250-750}" > "$WORK/$LABEL.out" 2>&1
rc=$?
set -e
echo "exit $rc; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%H:%M:%S); backends $(sort -k2 -n "$WORK/$LABEL.conns" | awk 'NR==1{lo=$2} END{print lo"-"$2}')"
tail -n 40 "$WORK/$LABEL.out"
exit $rc
