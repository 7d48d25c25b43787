using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>The decision log, the exhibits' custody movements and the audit chain are records of what happened: the
/// database itself refuses to change, remove or truncate them, whoever asks (ADR 0601, raw SQL per ADR 0010). Inserts
/// stay open, so the application still appends.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000000601_AppendOnlyTriggers")]
public sealed class AppendOnlyTriggers : Migration
{
    private static readonly string[] Tables = ["case_decisions", "exhibit_movements", "audit_entries"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION vigil_refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused; record a new entry instead', TG_TABLE_NAME, TG_OP;
            END
            $$;
            """);
        foreach (var table in Tables) Protect(migrationBuilder, table);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables) Unprotect(migrationBuilder, table);
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS vigil_refuse_append_only_change();");
    }

    /// <summary>Shared with later migrations that put further tables under the same rule (the function above stays).</summary>
    internal static void Protect(MigrationBuilder migrationBuilder, string table) => migrationBuilder.Sql($"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION vigil_refuse_append_only_change();
        CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_append_only_change();
        """);

    internal static void Unprotect(MigrationBuilder migrationBuilder, string table) =>
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_append_only ON {table}; DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};");
}
