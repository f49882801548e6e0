using Microsoft.EntityFrameworkCore;

namespace Workshop.Silo.Storage;

/// <summary>One row per persisted grain state.</summary>
public sealed class GrainStateRow
{
    public required string GrainType { get; init; }
    public required string GrainKey { get; init; }
    public required string StateName { get; init; }
    public required string ETag { get; set; }
    public required byte[] Payload { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class GrainStateDbContext(DbContextOptions<GrainStateDbContext> options) : DbContext(options)
{
    public const string TableName = "grain_state";

    public DbSet<GrainStateRow> GrainStates => Set<GrainStateRow>();
    public DbSet<ReminderRow> Reminders => Set<ReminderRow>();
    public DbSet<RosterRow> Roster => Set<RosterRow>();
    public DbSet<TimelineRow> Timeline => Set<TimelineRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var row = modelBuilder.Entity<GrainStateRow>();
        row.ToTable(TableName);
        row.HasKey(r => new { r.GrainType, r.GrainKey, r.StateName });
        row.Property(r => r.GrainType).HasColumnName("grain_type").HasMaxLength(200);
        row.Property(r => r.GrainKey).HasColumnName("grain_key").HasMaxLength(400);
        row.Property(r => r.StateName).HasColumnName("state_name").HasMaxLength(200);
        row.Property(r => r.ETag).HasColumnName("etag").HasMaxLength(64);
        row.Property(r => r.Payload).HasColumnName("payload");
        row.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        modelBuilder.ApplyConfiguration(new ReminderRowMapping());
        modelBuilder.ApplyConfiguration<RosterRow>(new JournalRowMappings());
        modelBuilder.ApplyConfiguration<TimelineRow>(new JournalRowMappings());
    }
}
