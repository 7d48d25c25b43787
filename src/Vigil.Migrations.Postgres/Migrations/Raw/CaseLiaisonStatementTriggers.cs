using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;
using Vigil.Data.Family;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>ADR 3286: the liaison rows (<see cref="CaseLiaison"/>) kept by statement triggers instead of ADR 3267's row
/// triggers: a bulk statement makes each case's row once, and takes the cases' locks in order. In this migration's
/// transaction, so no write finds the tables without triggers. No fill is owed: the rows are made by the same text, so
/// they are the rows the row triggers kept. SQLite has no statement triggers and keeps its row triggers (no migration).</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000003286_CaseLiaisonStatementTriggers")]
public sealed class CaseLiaisonStatementTriggers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(CaseLiaisonSql.PostgresRowDrop);
        migrationBuilder.Sql(CaseLiaisonSql.PostgresStatementCreate);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(CaseLiaisonSql.PostgresStatementDrop);
        migrationBuilder.Sql(CaseLiaisonSql.PostgresRowCreate);
    }
}
