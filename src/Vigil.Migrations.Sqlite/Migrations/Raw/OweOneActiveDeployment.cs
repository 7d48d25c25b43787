using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;
using Vigil.Data.Family;

namespace Vigil.Migrations.Sqlite.Migrations.Raw;

/// <summary>Records ADR 3256's fix owed, in this migration's transaction with its history row (ADR 3170): old stores'
/// duplicate active FLO deployments are ended through the audited save (ADR 3122), then the unique index over active
/// deployments is created, in one transaction after the migrations. Not the index here: on a store holding duplicates it
/// would fail, and this migration's SQL cannot end them with an audit entry (no key, no interceptor).</summary>
[DbContext(typeof(VigilDbContext))]
[Migration(OwedDataFixes.OneActiveDeploymentMigration)]
public sealed class OweOneActiveDeployment : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(OwedDataFixes.CreateTable);
        migrationBuilder.Sql(OwedDataFixes.Owe(OwedDataFixes.OneActiveDeployment));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(OneActiveDeployment.Drop);
        migrationBuilder.Sql(OwedDataFixes.Forgive(OwedDataFixes.OneActiveDeployment));
    }
}
