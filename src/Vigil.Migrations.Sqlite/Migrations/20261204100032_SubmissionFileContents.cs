using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SubmissionFileContents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "family_submission_file_contents",
                columns: table => new
                {
                    SubmissionFileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_family_submission_file_contents", x => x.SubmissionFileId);
                    table.ForeignKey(
                        name: "FK_family_submission_file_contents_family_submission_files_SubmissionFileId",
                        column: x => x.SubmissionFileId,
                        principalTable: "family_submission_files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "family_submission_file_contents");
        }
    }
}
