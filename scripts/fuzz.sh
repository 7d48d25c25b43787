#!/usr/bin/env bash
# Fuzzes one input parser under AFL++ (Debian's afl++) with SharpFuzz for a bounded time, then replays any crash.
# Usage: scripts/fuzz.sh records|tabular|upload|fhir|mapping [SECONDS]   (default 300 s). Findings: bench/Vigil.Fuzz/findings/TARGET.
# A crash found becomes a regression input in tests/Vigil.Web.Tests/Fuzz/regressions/TARGET/ (run by the normal tests).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: scripts/fuzz.sh records|tabular|upload|fhir|mapping [seconds]}
SECONDS_TO_RUN=${2:-300}
command -v afl-fuzz >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null; }
dotnet tool restore >/dev/null
APP=bench/Vigil.Fuzz/bin/instrumented
rm -rf "$APP"
dotnet publish bench/Vigil.Fuzz -c Release -o "$APP" -nologo -v q -clp:ErrorsOnly
# SharpFuzz rewrites our own assemblies in place with AFL's coverage probes (the libraries they use are not traced).
for dll in Vigil.Records.dll vigil.dll; do dotnet sharpfuzz "$APP/$dll" >/dev/null; done
FINDINGS=bench/Vigil.Fuzz/findings/$TARGET
rm -rf "$FINDINGS"; mkdir -p "$FINDINGS"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
timeout --signal=INT $((SECONDS_TO_RUN + 120)) afl-fuzz -V "$SECONDS_TO_RUN" -i "bench/Vigil.Fuzz/corpus/$TARGET" -o "$FINDINGS" \
  -t 10000 -m none -- dotnet "$APP/vigil-fuzz.dll" "$TARGET" >"$FINDINGS/afl.log" 2>&1 || true
STATS="$FINDINGS/default/fuzzer_stats"
[ -f "$STATS" ] && grep -E '^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|run_time) ' "$STATS" || tail -20 "$FINDINGS/afl.log"
mapfile -t CRASHES < <(find "$FINDINGS/default/crashes" -type f -name 'id:*' 2>/dev/null)
echo "$TARGET: ${#CRASHES[@]} crash(es) in ${SECONDS_TO_RUN} s"
if [ ${#CRASHES[@]} -gt 0 ]; then
  dotnet "$APP/vigil-fuzz.dll" "$TARGET" "${CRASHES[@]}" || true
  exit 1
fi
