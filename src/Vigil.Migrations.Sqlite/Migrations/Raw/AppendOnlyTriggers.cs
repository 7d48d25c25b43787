using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Sqlite.Migrations.Raw;

/// <summary>The decision log, the exhibits' custody movements and the audit chain are records of what happened: the
/// database itself refuses to change or remove a row of them, whoever asks (ADR 0601, raw SQL per ADR 0010). Inserts
/// stay open, so the application still appends.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000000601_AppendOnlyTriggers")]
public sealed class AppendOnlyTriggers : Migration
{
    private static readonly string[] Tables = ["case_decisions", "exhibit_movements", "audit_entries"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables) Protect(migrationBuilder, table);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables) Unprotect(migrationBuilder, table);
    }

    /// <summary>Shared with later migrations that put further tables under the same rule.</summary>
    internal static void Protect(MigrationBuilder migrationBuilder, string table)
    {
        foreach (var operation in new[] { "UPDATE", "DELETE" })
            migrationBuilder.Sql($"""
                CREATE TRIGGER {table}_no_{operation.ToLowerInvariant()} BEFORE {operation} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused; record a new entry instead'); END;
                """);
    }

    internal static void Unprotect(MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_update;");
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_delete;");
    }
}
