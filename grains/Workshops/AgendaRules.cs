using System.Collections.Immutable;
using System.Globalization;

namespace Workshop.Grains.Workshops;

/// <summary>A workshop after a command, with what happened (for the timeline); no events when nothing changed.</summary>
public sealed record AgendaChange(WorkshopState Workshop, ImmutableList<TimelineEvent> Events)
{
    public bool Changed => !Events.IsEmpty;
}

/// <summary>
/// The rules of a workshop's agenda and lifecycle as pure functions: the workshop as it is and a command in, the new
/// workshop and its timeline events out. The grain only stores the result and tells the room, boards and participants.
/// </summary>
public static class AgendaRules
{
    public static AgendaChange AddActivity(WorkshopState workshop, ActivityDefinition definition, ImmutableList<ActivityItem> items, DateTimeOffset now)
    {
        RequireNotEnded(workshop);
        ActivityRules.ValidateDefinition(definition);
        if (definition.Consensus is { } rule)
        {
            if (definition.Kind is not (ActivityKind.Rating or ActivityKind.Ranking)) throw Invalid("Only a rating or a ranking can have a consensus rule.");
            DelphiRules.Validate(rule);
        }
        RequireFuture(definition.ClosesAt, now);
        if (workshop.Activity(definition.Id) is not null) throw Invalid("An activity with this id is already on the agenda.");
        var activity = new ActivityState(definition, items, ActivityStatus.Pending, 1, false, false, null, TallyCounts.Empty, []);
        return Changed(workshop with { Activities = workshop.Activities.Add(activity) }, new(now, "activity-added", Activity: definition.Id, Detail: definition.Kind.ToString()));
    }

    public static AgendaChange RemoveActivity(WorkshopState workshop, Guid activityId, DateTimeOffset now)
    {
        var activity = Require(workshop, activityId);
        if (activity.Status != ActivityStatus.Pending) throw Invalid("Only an activity that has not been opened can be removed.");
        return Changed(workshop with { Activities = workshop.Activities.Remove(activity) }, new(now, "activity-removed", Activity: activityId));
    }

    /// <summary>Lets participants join a workshop in draft; a live one stays as it is.</summary>
    public static AgendaChange Start(WorkshopState workshop, DateTimeOffset now)
    {
        RequireNotEnded(workshop);
        return workshop.Status == WorkshopStatus.Live ? Unchanged(workshop) : Changed(workshop with { Status = WorkshopStatus.Live }, new(now, "started"));
    }

    /// <summary>
    /// Opens an activity (a closed one in its next round, with a fresh tally, on <paramref name="roundItems"/> or all items);
    /// another open activity must be closed first. A closing time that has passed belonged to an earlier round and is dropped.
    /// </summary>
    public static AgendaChange Open(WorkshopState workshop, Guid activityId, DateTimeOffset now, ImmutableList<Guid>? roundItems = null)
    {
        RequireNotEnded(workshop);
        var activity = Require(workshop, activityId);
        if (activity.Status == ActivityStatus.Open) return Unchanged(workshop);
        if (workshop.Current is { Status: ActivityStatus.Open }) throw new InvalidOperationException("Close the open activity before opening another.");
        var round = activity.Status == ActivityStatus.Closed ? activity.Round + 1 : activity.Round;
        var definition = activity.Definition.ClosesAt <= now ? activity.Definition with { ClosesAt = null } : activity.Definition;
        var opened = activity with
        {
            Definition = definition, Status = ActivityStatus.Open, Round = round, Revealed = activity.Status != ActivityStatus.Closed && activity.Revealed,
            Locked = false, TimerEndsAt = null, Counts = TallyCounts.Empty, RoundItems = activity.Status == ActivityStatus.Closed ? roundItems : activity.RoundItems,
        };
        return Changed(workshop with { Status = WorkshopStatus.Live, CurrentActivity = activityId, Activities = workshop.Activities.Replace(activity, opened) },
            new(now, "opened", Activity: activityId, Round: round));
    }

    /// <summary>
    /// The next round of a closed rating or ranking: on all its items, or only on those its last Delphi round left without
    /// consensus (on any of their scales); refused when it has no such round or every item reached consensus.
    /// </summary>
    public static AgendaChange OpenNextRound(WorkshopState workshop, Guid activityId, bool onlyWithoutConsensus, DateTimeOffset now)
    {
        var activity = Require(workshop, activityId);
        if (activity.Definition.Kind is not (ActivityKind.Rating or ActivityKind.Ranking)) throw Invalid("Only a rating or a ranking runs in Delphi rounds.");
        if (activity.Status != ActivityStatus.Closed) throw Invalid("Close this round before opening the next one.");
        if (!onlyWithoutConsensus) return Open(workshop, activityId, now);
        var last = activity.DelphiRounds?.LastOrDefault() ?? throw Invalid("This activity has no consensus rule, so no item is known to lack consensus.");
        var open = last.Consensus.Where(c => c.Status == ConsensusStatus.NoConsensus).Select(c => c.Item).ToHashSet();
        if (open.Count == 0) throw Invalid($"Every item reached consensus in round {last.Round}; there is no item left for another round.");
        return Open(workshop, activityId, now, [.. activity.Definition.Items.Where(open.Contains)]);
    }

    /// <summary>The activity as participants answer its current round: only the round's items.</summary>
    public static ActivityDefinition Asked(ActivityState activity) =>
        activity.RoundItems is { } items ? activity.Definition with { Items = items } : activity.Definition;

    /// <summary>Sets or clears when the activity's round closes by itself; a new time must lie ahead.</summary>
    public static AgendaChange SetClosesAt(WorkshopState workshop, Guid activityId, DateTimeOffset? closesAt, DateTimeOffset now)
    {
        RequireNotEnded(workshop);
        RequireFuture(closesAt, now);
        if (Require(workshop, activityId).Definition.Kind == ActivityKind.Board) throw Invalid("A board closes by hand.");
        return Set(workshop, activityId, a => a.Definition.ClosesAt == closesAt, a => a with { Definition = a.Definition with { ClosesAt = closesAt } },
            a => new(now, "closes-at", Activity: activityId, Round: a.Round, Detail: closesAt?.ToString("O", CultureInfo.InvariantCulture)));
    }

    private static void RequireFuture(DateTimeOffset? closesAt, DateTimeOffset now)
    {
        if (closesAt <= now) throw Invalid("The closing time has passed; choose a time in the future.");
    }

    /// <summary>The open round stops taking answers (participants then hand in their final ones); not stored until <see cref="Closed"/>.</summary>
    public static WorkshopState Closing(WorkshopState workshop, ActivityState activity) =>
        workshop with { Activities = workshop.Activities.Replace(activity, activity with { Status = ActivityStatus.Closed, TimerEndsAt = null }) };

    /// <summary>
    /// The round closed with the answers <paramref name="handedIn"/> (one per participant): its final tally and results on its items and,
    /// under a consensus rule, what the round established (<see cref="DelphiClose.Round"/>).
    /// </summary>
    public static AgendaChange Closed(WorkshopState workshop, Guid activityId, IReadOnlyCollection<HandedIn> handedIn, DateTimeOffset now)
    {
        var activity = Require(workshop, activityId);
        var answers = handedIn.Select(h => h.Current).OfType<Answer>().ToList();
        var asked = Asked(activity);
        var counts = TallyCounts.FromAnswers(asked, answers);
        var results = Results.For(asked, counts);
        var delphi = activity.Definition.Consensus is { } rule ? DelphiClose.Round(activity, rule, handedIn.Count, handedIn, counts, results) : null;
        return Closed(workshop, activityId, counts, results, $"n={answers.Count}", now, delphi);
    }

    /// <summary>The round closed with its final tally and results (and, under a consensus rule, what the round established).</summary>
    public static AgendaChange Closed(WorkshopState workshop, Guid activityId, TallyCounts counts, ActivityResults results, string detail, DateTimeOffset now, DelphiRound? delphi = null)
    {
        var activity = Require(workshop, activityId);
        var closed = activity with
        {
            Status = ActivityStatus.Closed, TimerEndsAt = null, Counts = counts, ClosedRounds = activity.ClosedRounds.Add(results),
            DelphiRounds = delphi is null ? activity.DelphiRounds : (activity.DelphiRounds ?? []).Add(delphi),
        };
        return Changed(workshop with { Activities = workshop.Activities.Replace(activity, closed) }, new(now, "closed", Activity: activityId, Round: activity.Round, Detail: detail));
    }

    public static AgendaChange Reveal(WorkshopState workshop, Guid activityId, bool revealed, DateTimeOffset now) =>
        Set(workshop, activityId, a => a.Revealed == revealed, a => a with { Revealed = revealed }, a => new(now, revealed ? "revealed" : "hidden", Activity: activityId, Round: a.Round));

    public static AgendaChange Lock(WorkshopState workshop, Guid activityId, bool locked, DateTimeOffset now) =>
        Set(workshop, activityId, a => a.Locked == locked, a => a with { Locked = locked }, a => new(now, locked ? "locked" : "unlocked", Activity: activityId, Round: a.Round));

    public static AgendaChange SetTimer(WorkshopState workshop, Guid activityId, TimeSpan? duration, DateTimeOffset now)
    {
        if (duration is { } d && (d <= TimeSpan.Zero || d > TimeSpan.FromHours(2))) throw Invalid("A timer runs between 1 second and 2 hours.");
        var endsAt = duration is { } length ? now + length : (DateTimeOffset?)null;
        return Set(workshop, activityId, _ => false, a => a with { TimerEndsAt = endsAt }, _ => new(now, "timer", Activity: activityId, Detail: duration?.ToString()));
    }

    /// <summary>Ends the workshop; an open activity must have been closed first.</summary>
    public static AgendaChange End(WorkshopState workshop, DateTimeOffset now) =>
        workshop.Status == WorkshopStatus.Ended ? Unchanged(workshop) : Changed(workshop with { Status = WorkshopStatus.Ended, EndedAt = now }, new(now, "ended"));

    public static AgendaChange AddFacilitator(WorkshopState workshop, string by, string facilitator, DateTimeOffset now)
    {
        RequireExists(workshop);
        var name = facilitator.Trim();
        if (name.Length == 0) throw new WorkshopRuleException(WorkshopError.UnknownFacilitator, "Give the co-facilitator's email.");
        return workshop.Facilitators.Contains(name, StringComparer.OrdinalIgnoreCase) ? Unchanged(workshop)
            : Changed(workshop with { Facilitators = workshop.Facilitators.Add(name) }, new(now, "facilitator-added", Detail: $"{name} by {by}"));
    }

    public static AgendaChange ErasePersonalData(WorkshopState workshop, string by, DateTimeOffset now)
    {
        RequireExists(workshop);
        if (workshop.Status != WorkshopStatus.Ended)
            throw new WorkshopRuleException(WorkshopError.WorkshopNotEnded, "Personal data can be erased once the workshop has ended, so that no result is left without its segment.");
        return Changed(workshop with { PersonalDataErasedAt = now }, new(now, "personal-data-erased", Detail: by));
    }

    public static ActivityState Require(WorkshopState workshop, Guid activityId)
    {
        RequireExists(workshop);
        return workshop.Activity(activityId) ?? throw new WorkshopRuleException(WorkshopError.UnknownActivity, "This activity is not on the workshop's agenda.");
    }

    public static void RequireNotEnded(WorkshopState workshop)
    {
        RequireExists(workshop);
        if (workshop.Status == WorkshopStatus.Ended) throw new WorkshopRuleException(WorkshopError.WorkshopEnded, "This workshop has ended.");
    }

    private static void RequireExists(WorkshopState workshop)
    {
        if (!workshop.Exists) throw new WorkshopRuleException(WorkshopError.UnknownWorkshop, "This workshop does not exist.");
    }

    private static AgendaChange Set(WorkshopState workshop, Guid activityId, Func<ActivityState, bool> already, Func<ActivityState, ActivityState> change, Func<ActivityState, TimelineEvent> happened)
    {
        var activity = Require(workshop, activityId);
        return already(activity) ? Unchanged(workshop) : Changed(workshop with { Activities = workshop.Activities.Replace(activity, change(activity)) }, happened(activity));
    }

    private static AgendaChange Changed(WorkshopState workshop, TimelineEvent happened) => new(workshop, [happened]);

    private static AgendaChange Unchanged(WorkshopState workshop) => new(workshop, []);

    private static WorkshopRuleException Invalid(string message) => new(WorkshopError.InvalidDefinition, message);
}
