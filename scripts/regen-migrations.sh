#!/usr/bin/env bash
# Regenerates the single Initial migration of each provider from the current model.
# Vigil has no deployed databases yet, so one squashed migration per provider is kept (ADR 0002);
# once a store is in production, add migrations instead: dotnet ef migrations add NAME --project ...
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  rm -rf "src/Vigil.Migrations.$p/Migrations"
  dotnet build "src/Vigil.Migrations.$p" -v q -nologo >/dev/null
  dotnet ef migrations add Initial --no-build --project "src/Vigil.Migrations.$p" --startup-project "src/Vigil.Migrations.$p" -o Migrations >/dev/null
  echo "regenerated src/Vigil.Migrations.$p/Migrations"
done
