using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vigil.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InvitationStateTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
