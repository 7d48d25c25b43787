using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;
using Vigil.Data.Enquiries;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>A marker, no SQL (ADR 1631): the store's stored action keys for unnamed people are renumbered per role once,
/// by an audited data fix (a migration's own SQL would bypass the audit trail, ADR 3122). DataSetup ran the fix when it
/// saw this marker pending until round 44; the fix is now recorded owed by <see cref="OweUnnamedActionKeyRenumbering"/>
/// in that migration's own transaction (ADR 3170), and this marker only keeps its place in the history.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration(UnnamedActionKeysMarker.Id)]
public sealed class RenumberUnnamedActionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
