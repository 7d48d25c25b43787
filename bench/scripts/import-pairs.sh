#!/usr/bin/env bash
# Alternating A/B imports of London beside the plain-script floor, as the README's import figures were measured.
# Usage: bench/scripts/import-pairs.sh ROUNDS BIN_A BIN_B WORKDIR [--linkage]
#   BIN_*: `dotnet publish src/Vigil.Web -c Release -o BIN` of each build. Without --linkage each import is --no-wait
#   (stored only); with it, the import waits for linkage and prints the catch-up. Needs VIGIL_TEST_PG. Run from a
#   worktree elsewhere, set LONDON and FLOOR (the data and import_floor.py are found beside /work/main otherwise).
set -euo pipefail
ROUNDS=$1; A=$(realpath "$2"); B=$(realpath "$3"); WORK=$(realpath -m "$4"); MODE=${5:-}
source "$(dirname "$0")/pg.sh"
FLOOR=${FLOOR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/tools/import_floor.py}
WAIT=--no-wait; [ "$MODE" = --linkage ] && WAIT=
mkdir -p "$WORK"
one() { # label bin store
  local label=$1 bin=$2 store=$3 db out="$WORK/$1.txt"
  rm -rf "$WORK/$label.d"; mkdir -p "$WORK/$label.d"
  if [ "$store" = sqlite ]; then db="$WORK/$label.d/vigil.db"
  else pg -c "DROP DATABASE IF EXISTS $label" -c "CREATE DATABASE $label"; db=$(pg_db "$label"); fi
  { echo "load before $(cut -d' ' -f1 /proc/loadavg)"
    VIGIL_AUDIT_KEY_FILE="$WORK/$label.d/audit.key" /usr/bin/time -f "%e s wall %U user %S sys" \
      dotnet "$bin/vigil.dll" bench import "$LONDON" --db "$db" $WAIT 2>&1
    echo "load after $(cut -d' ' -f1 /proc/loadavg)"; } > "$out" 2>&1
  [ "$store" = pg ] && pg -c "DROP DATABASE $label"
  rm -rf "$WORK/$label.d"
  echo "$label: $(grep -E 'stored|linkage|wall|load' "$out" | tr '\n' ' ' | tr -s ' ')"
}
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$WORK/floor.db"*
  echo "floor $r: $(/usr/bin/time -f "%e s wall" python3 "$FLOOR" "$LONDON" "$WORK/floor.db" 2>&1 | tail -2 | tr '\n' ' ')"
  rm -f "$WORK/floor.db"*
  for store in sqlite pg; do
    if (( r % 2 )); then one "a${r}_$store" "$A" $store; one "b${r}_$store" "$B" $store
    else one "b${r}_$store" "$B" $store; one "a${r}_$store" "$A" $store; fi
  done
done
