using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;
using Vigil.Data.Notifications;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>Actions and reviews whose due event a sweep raised before the rows carried the mark are marked from their
/// notices (ADR 1633), so they are not pending again. Bookkeeping columns, not audited: no audited data changes.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000001633_DueEventNoticedBackfill")]
public sealed class DueEventNoticedBackfill : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var sql in PendingDueEvents.MarkRaisedBefore) migrationBuilder.Sql(sql);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
