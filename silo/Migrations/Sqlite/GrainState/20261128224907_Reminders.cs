using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workshop.Migrations.Sqlite.GrainState
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "orleans_reminders",
                columns: table => new
                {
                    service_id = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    grain_id = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    reminder_name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    grain_hash = table.Column<long>(type: "INTEGER", nullable: false),
                    start_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    period = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    etag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orleans_reminders", x => new { x.service_id, x.grain_id, x.reminder_name });
                });

            migrationBuilder.CreateIndex(
                name: "IX_orleans_reminders_service_id_grain_hash",
                table: "orleans_reminders",
                columns: new[] { "service_id", "grain_hash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "orleans_reminders");
        }
    }
}
