using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workshop.Silo.Storage;

/// <summary>One participant of a workshop's roster (<c>EfWorkshopJournal</c>).</summary>
public sealed class RosterRow
{
    public required Guid WorkshopId { get; init; }
    public required Guid ParticipantId { get; init; }
    public required string Pseudonym { get; init; }
    public string? DisplayName { get; set; }
    public required string Language { get; init; }
    /// <summary>The segment answers as a JSON object ("{}" when none or erased).</summary>
    public required string Segments { get; set; }
    public DateTimeOffset JoinedAt { get; init; }
}

/// <summary>One line of a workshop's timeline; <see cref="Sequence"/> keeps the order events were appended in.</summary>
public sealed class TimelineRow
{
    public long Sequence { get; init; }
    public required Guid WorkshopId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Kind { get; init; }
    public string? Participant { get; init; }
    public Guid? Activity { get; init; }
    public int? Round { get; init; }
    public string? Detail { get; init; }
}

public sealed class JournalRowMappings : IEntityTypeConfiguration<RosterRow>, IEntityTypeConfiguration<TimelineRow>
{
    public void Configure(EntityTypeBuilder<RosterRow> row)
    {
        row.ToTable("workshop_roster");
        row.HasKey(r => new { r.WorkshopId, r.ParticipantId });
        row.Property(r => r.WorkshopId).HasColumnName("workshop_id");
        row.Property(r => r.ParticipantId).HasColumnName("participant_id");
        row.Property(r => r.Pseudonym).HasColumnName("pseudonym").HasMaxLength(20);
        row.Property(r => r.DisplayName).HasColumnName("display_name").HasMaxLength(100);
        row.Property(r => r.Language).HasColumnName("language").HasMaxLength(40);
        row.Property(r => r.Segments).HasColumnName("segments");
        row.Property(r => r.JoinedAt).HasColumnName("joined_at");
    }

    public void Configure(EntityTypeBuilder<TimelineRow> row)
    {
        row.ToTable("workshop_timeline");
        row.HasKey(r => r.Sequence);
        row.HasIndex(r => new { r.WorkshopId, r.Sequence });
        row.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedOnAdd();
        row.Property(r => r.WorkshopId).HasColumnName("workshop_id");
        row.Property(r => r.At).HasColumnName("at");
        row.Property(r => r.Kind).HasColumnName("kind").HasMaxLength(40);
        row.Property(r => r.Participant).HasColumnName("participant").HasMaxLength(20);
        row.Property(r => r.Activity).HasColumnName("activity");
        row.Property(r => r.Round).HasColumnName("round");
        row.Property(r => r.Detail).HasColumnName("detail");
    }
}
