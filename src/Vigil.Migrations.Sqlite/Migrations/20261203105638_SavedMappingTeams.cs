using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SavedMappingTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_saved_mappings_Name",
                table: "saved_mappings");

            migrationBuilder.AddColumn<Guid>(
                name: "TeamId",
                table: "saved_mappings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_saved_mappings_TeamId_Name",
                table: "saved_mappings",
                columns: new[] { "TeamId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_saved_mappings_TeamId_Name",
                table: "saved_mappings");

            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "saved_mappings");

            migrationBuilder.CreateIndex(
                name: "IX_saved_mappings_Name",
                table: "saved_mappings",
                column: "Name",
                unique: true);
        }
    }
}
