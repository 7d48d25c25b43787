using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OutboxPendingInCaseOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_linkage_outbox_pending",
                table: "linkage_outbox");

            migrationBuilder.CreateIndex(
                name: "IX_linkage_outbox_pending",
                table: "linkage_outbox",
                columns: new[] { "FoundAt", "CaseId", "EnqueuedAt" },
                filter: "\"DoneAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_linkage_outbox_pending",
                table: "linkage_outbox");

            migrationBuilder.CreateIndex(
                name: "IX_linkage_outbox_pending",
                table: "linkage_outbox",
                columns: new[] { "FoundAt", "EnqueuedAt" },
                filter: "\"DoneAt\" IS NULL");
        }
    }
}
