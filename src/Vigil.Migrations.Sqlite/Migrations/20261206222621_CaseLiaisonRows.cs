using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseLiaisonRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_liaisons",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HasFile = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstStartAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LatestContactAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LatestContactNextDue = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OpenQuestionDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OpenTaskDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UnassessedSubmissions = table.Column<int>(type: "INTEGER", nullable: false),
                    LiaisonEnded = table.Column<bool>(type: "INTEGER", nullable: false),
                    ActiveDeployments = table.Column<int>(type: "INTEGER", nullable: false),
                    EverDeployed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_liaisons", x => x.CaseId);
                    table.ForeignKey(
                        name: "FK_case_liaisons_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_liaisons");
        }
    }
}
