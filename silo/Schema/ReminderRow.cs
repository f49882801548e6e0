using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workshop.Silo.Storage;

/// <summary>One Orleans reminder: which grain, which reminder, when it first ticks and how often.</summary>
public sealed class ReminderRow
{
    public required string ServiceId { get; init; }
    public required string GrainId { get; init; }
    public required string ReminderName { get; init; }
    /// <summary>The grain's uniform hash (an unsigned 32-bit number), by which silos share the reminders out.</summary>
    public long GrainHash { get; set; }
    public DateTimeOffset StartAt { get; set; }
    public TimeSpan Period { get; set; }
    public required string ETag { get; set; }
}

/// <summary>The reminders table of <c>EfReminderTable</c>, beside the grain state in <see cref="GrainStateDbContext"/>.</summary>
public sealed class ReminderRowMapping : IEntityTypeConfiguration<ReminderRow>
{
    public const string TableName = "orleans_reminders";

    public void Configure(EntityTypeBuilder<ReminderRow> row)
    {
        row.ToTable(TableName);
        row.HasKey(r => new { r.ServiceId, r.GrainId, r.ReminderName });
        row.HasIndex(r => new { r.ServiceId, r.GrainHash });
        row.Property(r => r.ServiceId).HasColumnName("service_id").HasMaxLength(150);
        row.Property(r => r.GrainId).HasColumnName("grain_id").HasMaxLength(600);
        row.Property(r => r.ReminderName).HasColumnName("reminder_name").HasMaxLength(150);
        row.Property(r => r.GrainHash).HasColumnName("grain_hash");
        row.Property(r => r.StartAt).HasColumnName("start_at");
        row.Property(r => r.Period).HasColumnName("period");
        row.Property(r => r.ETag).HasColumnName("etag").HasMaxLength(64);
    }
}
