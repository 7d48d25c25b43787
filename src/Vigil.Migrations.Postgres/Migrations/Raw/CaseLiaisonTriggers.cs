using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;
using Vigil.Data.Family;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>ADR 3267: the triggers that keep each case's liaison row (<see cref="CaseLiaison"/>) with every write of
/// the family tables, and the fill of the rows of a store made before them, recorded owed in this migration's transaction
/// (ADR 3170) and run by DataSetup after the migrations: one statement over every family row, timed on its own.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration(OwedDataFixes.CaseLiaisonRowsMigration)]
public sealed class CaseLiaisonTriggers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(CaseLiaisonSql.PostgresRowCreate);
        migrationBuilder.Sql(OwedDataFixes.CreateTable);
        migrationBuilder.Sql(OwedDataFixes.Owe(OwedDataFixes.CaseLiaisonRows));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(CaseLiaisonSql.PostgresRowDrop);
        migrationBuilder.Sql(OwedDataFixes.Forgive(OwedDataFixes.CaseLiaisonRows));
    }
}
