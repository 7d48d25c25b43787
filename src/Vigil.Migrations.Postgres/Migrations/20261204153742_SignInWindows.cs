using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SignInWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sign_in_windows",
                columns: table => new
                {
                    Address = table.Column<string>(type: "text", nullable: false),
                    Minute = table.Column<long>(type: "bigint", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_in_windows", x => new { x.Address, x.Minute });
                });

            migrationBuilder.CreateIndex(
                name: "IX_sign_in_windows_Minute",
                table: "sign_in_windows",
                column: "Minute");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sign_in_windows");
        }
    }
}
