using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>An audit entry's Changes (a new case's entry is about 3 KB of JSON: the case and its children) is compressed
/// by the server when it is stored, with pglz unless told otherwise; lz4 does the same work in about half the server's
/// time, for a few per cent more space (ADR 2631). Only the stored form changes: the text read back, and so every hash
/// of the chain, is the same. Entries stored before keep pglz (both are read alike). A server built without lz4 keeps
/// pglz: the migration then changes nothing.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000002631_AuditChangesLz4")]
public sealed class AuditChangesLz4 : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DO $$
        BEGIN
            ALTER TABLE audit_entries ALTER COLUMN "Changes" SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN
            RAISE NOTICE 'lz4 is not built into this server: audit_entries."Changes" keeps pglz';
        END $$;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE audit_entries ALTER COLUMN "Changes" SET COMPRESSION default;""");
}
