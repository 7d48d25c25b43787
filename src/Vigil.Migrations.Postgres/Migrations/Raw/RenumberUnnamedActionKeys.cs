using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;
using Vigil.Data.Enquiries;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>A marker, no SQL (ADR 1631): the store's stored action keys for unnamed people are renumbered per role once,
/// by the audited data fix DataSetup runs when it sees this migration pending (a migration's own SQL would bypass the
/// audit trail, ADR 3122).</summary>
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
