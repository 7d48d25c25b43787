using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>Records ADR 1631's renumbering of unnamed people's action keys as owed, in this migration's transaction with
/// its history row (ADR 3170). Before, the marker migration was recorded first and the fix run after it, so a process
/// killed in between left the marker applied and the keys never renumbered. Owed on every store, including those that
/// ran the fix already: it is idempotent (renames nothing there), and a store that died in that window is repaired.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration(OwedDataFixes.UnnamedActionKeysMigration)]
public sealed class OweUnnamedActionKeyRenumbering : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(OwedDataFixes.CreateTable);
        migrationBuilder.Sql(OwedDataFixes.Owe(OwedDataFixes.UnnamedActionKeys));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
