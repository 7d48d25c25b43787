#!/usr/bin/env bash
# How long a `vigil serve` node takes to score with a newly published linkage model (ADR 3153; operations.md, round 41).
# Usage: bench/scripts/model-rollout.sh PUBLISH_DIR STORE.db MODEL.json [MODEL.json ...]
# (VIGIL_AUDIT_KEY_FILE set to the store's key). Starts one node on the store, waits for its first index build, then for
# each file: `vigil model publish`, and /health/ready polled every 50 ms until it names the new model.
set -u
pub=$1 db=$2; shift 2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/model-rollout.XXXXXX.log)
now() { date +%s.%N; }
secs() { python3 -c "print(round($2-$1,1))"; }
start=$(now)
env Vigil__LogFormat=simple "Logging__LogLevel__Vigil.Web.Features.Linkage=Information" \
  dotnet "$pub/vigil.dll" serve --db "$db" --urls "http://127.0.0.1:$PORT" > "$log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null' EXIT
model() { curl -s "http://127.0.0.1:$PORT/health/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("linkage_model") or "")' 2>/dev/null; }
until [ -n "$(model)" ]; do sleep 0.1; done
echo "start to first model reported: $(secs "$start" "$(now)") s: $(model)"
for file in "$@"; do
  t0=$(now)
  id=$(dotnet "$pub/vigil.dll" model publish "$file" --db "$db" --note "model-rollout.sh" | sed -n 's/published linkage model \([0-9a-f]*\).*/\1/p')
  t1=$(now)
  until [ "$(model)" = "$id" ]; do sleep 0.05; done
  echo "$file -> $id: publish verb $(secs "$t0" "$t1") s; node reports it $(secs "$t1" "$(now)") s after the verb returned"
done
grep -E "index built|replaces" "$log"
