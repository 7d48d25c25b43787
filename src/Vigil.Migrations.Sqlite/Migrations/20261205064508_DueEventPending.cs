using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DueEventPending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "NoticedDueAt",
                table: "case_reviews",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NoticedDueAt",
                table: "case_actions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_reviews_due_pending",
                table: "case_reviews",
                columns: new[] { "DueAt", "Id" },
                filter: "\"CompletedAt\" IS NULL AND (\"NoticedDueAt\" IS NULL OR \"NoticedDueAt\" <> \"DueAt\")");

            migrationBuilder.CreateIndex(
                name: "IX_case_actions_due_pending",
                table: "case_actions",
                columns: new[] { "DueAt", "Id" },
                filter: "\"Mandatory\" AND \"Status\" IN ('raised', 'allocated', 'result-submitted') AND (\"NoticedDueAt\" IS NULL OR \"NoticedDueAt\" <> \"DueAt\")");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_case_reviews_due_pending",
                table: "case_reviews");

            migrationBuilder.DropIndex(
                name: "IX_case_actions_due_pending",
                table: "case_actions");

            migrationBuilder.DropColumn(
                name: "NoticedDueAt",
                table: "case_reviews");

            migrationBuilder.DropColumn(
                name: "NoticedDueAt",
                table: "case_actions");
        }
    }
}
