#!/usr/bin/env bash
# Adds a migration named NAME to both providers from the current model: scripts/regen-migrations.sh NAME
# Until 2026-12-02 this script squashed everything into one Initial (ADR 0002). Stores made by earlier builds exist
# now (demo, bench and load stores, deployments following docs/deploy.md), so a change to the model is a new
# migration on top of Initial, never a rewrite of it (ADR 1599).
# Hand-written SQL the model cannot express (triggers, full-text indexes) lives in Migrations/Raw/ with ids
# starting 9000 so it always runs after the generated ones (ADR 0010).
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/regen-migrations.sh NAME (a new migration, e.g. DropCasesUpdatedAtIndex)}"
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  dotnet build "src/Vigil.Migrations.$p" -v q -nologo >/dev/null
  dotnet ef migrations add "$name" --no-build --project "src/Vigil.Migrations.$p" --startup-project "src/Vigil.Migrations.$p" -o Migrations >/dev/null
  echo "added $name to src/Vigil.Migrations.$p/Migrations"
done
