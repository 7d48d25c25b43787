using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Sqlite.Migrations.Raw;

/// <summary>The audit entries' references to the further cases they concern (a linkage alert naming the earlier death)
/// are part of the log: a removed reference would hide an alert from that case's "as known on" view, so they are
/// append-only like the entries themselves (ADR 1161). A migration of its own, so stores made before it get it too.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000001161_AuditCaseRefsAppendOnly")]
public sealed class AuditCaseRefsAppendOnly : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => AppendOnlyTriggers.Protect(migrationBuilder, "audit_case_refs");

    protected override void Down(MigrationBuilder migrationBuilder) => AppendOnlyTriggers.Unprotect(migrationBuilder, "audit_case_refs");
}
