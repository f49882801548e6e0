using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workshop.Migrations.PostgreSql.GrainState
{
    /// <inheritdoc />
    public partial class GrainStateBaseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "grain_state",
                columns: table => new
                {
                    grain_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    grain_key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    state_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    etag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    payload = table.Column<byte[]>(type: "bytea", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_grain_state", x => new { x.grain_type, x.grain_key, x.state_name });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "grain_state");
        }
    }
}
