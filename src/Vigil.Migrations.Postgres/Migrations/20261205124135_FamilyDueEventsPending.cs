using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FamilyDueEventsPending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "NoticedDueAt",
                table: "family_tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NoticedDueAt",
                table: "family_questions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_family_tasks_due_pending",
                table: "family_tasks",
                columns: new[] { "DueAt", "Id" },
                filter: "\"DoneAt\" IS NULL AND (\"NoticedDueAt\" IS NULL OR \"NoticedDueAt\" <> \"DueAt\")");

            migrationBuilder.CreateIndex(
                name: "IX_family_questions_due_pending",
                table: "family_questions",
                columns: new[] { "DueAt", "Id" },
                filter: "\"AnsweredAt\" IS NULL AND (\"NoticedDueAt\" IS NULL OR \"NoticedDueAt\" <> \"DueAt\")");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_family_tasks_due_pending",
                table: "family_tasks");

            migrationBuilder.DropIndex(
                name: "IX_family_questions_due_pending",
                table: "family_questions");

            migrationBuilder.DropColumn(
                name: "NoticedDueAt",
                table: "family_tasks");

            migrationBuilder.DropColumn(
                name: "NoticedDueAt",
                table: "family_questions");
        }
    }
}
