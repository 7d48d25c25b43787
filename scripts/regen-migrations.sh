#!/usr/bin/env bash
# Regenerates the single Initial migration of each provider from the current model.
# Vigil has no deployed databases yet, so one squashed migration per provider is kept (ADR 0002);
# once a store is in production, add migrations instead: dotnet ef migrations add NAME --project ...
# Hand-written SQL the model cannot express (triggers, full-text indexes) lives in Migrations/Raw/ with ids
# starting 9000 so it always runs after Initial; it is kept here (ADR 0010).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  find "src/Vigil.Migrations.$p/Migrations" -maxdepth 1 -type f -name '*.cs' -delete 2>/dev/null || true
  dotnet build "src/Vigil.Migrations.$p" -v q -nologo >/dev/null
  dotnet ef migrations add Initial --no-build --project "src/Vigil.Migrations.$p" --startup-project "src/Vigil.Migrations.$p" -o Migrations >/dev/null
  echo "regenerated src/Vigil.Migrations.$p/Migrations"
done
