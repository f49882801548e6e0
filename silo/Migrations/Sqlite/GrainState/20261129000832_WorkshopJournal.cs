using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workshop.Migrations.Sqlite.GrainState
{
    /// <inheritdoc />
    public partial class WorkshopJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "workshop_roster",
                columns: table => new
                {
                    workshop_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    participant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pseudonym = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    segments = table.Column<string>(type: "TEXT", nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workshop_roster", x => new { x.workshop_id, x.participant_id });
                });

            migrationBuilder.CreateTable(
                name: "workshop_timeline",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workshop_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    participant = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    activity = table.Column<Guid>(type: "TEXT", nullable: true),
                    round = table.Column<int>(type: "INTEGER", nullable: true),
                    detail = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workshop_timeline", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_workshop_timeline_workshop_id_sequence",
                table: "workshop_timeline",
                columns: new[] { "workshop_id", "sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "workshop_roster");

            migrationBuilder.DropTable(
                name: "workshop_timeline");
        }
    }
}
