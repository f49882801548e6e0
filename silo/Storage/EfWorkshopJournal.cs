using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workshop.Grains.Workshops;
using Workshop.Grains.Workshops.Journal;

namespace Workshop.Silo.Storage;

/// <summary>The workshops' roster and timeline as rows in the product's database (SQLite or PostgreSQL), beside the grain state.</summary>
public sealed class EfWorkshopJournal(IDbContextFactory<GrainStateDbContext> contexts) : IWorkshopJournal
{
    public async Task Append(Guid workshopId, IReadOnlyCollection<ParticipantEntry> joined, IReadOnlyCollection<TimelineEvent> happened)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.Roster.AddRange(joined.Select(p => Row(workshopId, p)));
        db.Timeline.AddRange(happened.Select(e => new TimelineRow
        {
            WorkshopId = workshopId, At = e.At, Kind = e.Kind, Participant = e.Participant, Activity = e.Activity, Round = e.Round, Detail = e.Detail,
        }));
        await db.SaveChangesAsync();
    }

    public async Task<ImmutableList<ParticipantEntry>> Roster(Guid workshopId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var rows = await db.Roster.AsNoTracking().Where(r => r.WorkshopId == workshopId).ToListAsync();
        return [.. rows.Select(Entry).OrderBy(p => p.Pseudonym, StringComparer.Ordinal)];
    }

    public async Task<ImmutableList<TimelineEvent>> Timeline(Guid workshopId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var rows = await db.Timeline.AsNoTracking().Where(r => r.WorkshopId == workshopId).OrderBy(r => r.Sequence).ToListAsync();
        return [.. rows.Select(r => new TimelineEvent(r.At, r.Kind, r.Participant, r.Activity, r.Round, r.Detail))];
    }

    public async Task ErasePersonalData(Guid workshopId, TimelineEvent erased)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Roster.Where(r => r.WorkshopId == workshopId)
            .ExecuteUpdateAsync(r => r.SetProperty(p => p.DisplayName, (string?)null).SetProperty(p => p.Segments, "{}"));
        await Append(workshopId, [], [erased]);
    }

    private static RosterRow Row(Guid workshopId, ParticipantEntry p) => new()
    {
        WorkshopId = workshopId, ParticipantId = p.Id, Pseudonym = p.Pseudonym, DisplayName = p.DisplayName, Language = p.Language,
        Segments = JsonSerializer.Serialize(p.Segments), JoinedAt = p.JoinedAt,
    };

    private static ParticipantEntry Entry(RosterRow r) => new(r.ParticipantId, r.Pseudonym, r.DisplayName, r.Language,
        JsonSerializer.Deserialize<ImmutableDictionary<string, string>>(r.Segments) ?? ImmutableDictionary<string, string>.Empty, r.JoinedAt);
}
