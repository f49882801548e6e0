namespace Workshop.Grains.Workshops;

/// <summary>
/// The open round's live tally as the sum of each participant's current answer, kept with its version (the how-manyth
/// answer of that participant to the round): an answer that arrives twice, late or out of order changes nothing, so
/// contributions can be resent after any fault and a recount from the stored answers can be applied at any time.
/// </summary>
public sealed class LiveTally(ActivityDefinition definition, int round)
{
    private readonly Dictionary<Guid, (int Version, Answer Answer)> answers = [];
    /// <summary>Counted in place: a plenary's answers arrive by the thousand a second, its snapshots about ten times a second.</summary>
    private readonly Dictionary<TallyKey, int> counts = [];
    private TallyCounts? counted = TallyCounts.Empty;
    private readonly List<TallyKey> keys = [];

    public Guid ActivityId => definition.Id;
    public int Round => round;
    public TallyCounts Counts => counted ??= TallyCounts.Of(counts);

    /// <summary>Makes <paramref name="answer"/> the participant's current one unless a newer one is known; true when the tally changed.</summary>
    public bool Set(Guid participant, int version, Answer answer)
    {
        if (answer.ActivityId != definition.Id || answer.Round != round) return false;
        var known = answers.TryGetValue(participant, out var current);
        if (known && current.Version >= version) return false;
        if (known) Count(current.Answer, -1);
        Count(answer, +1);
        answers[participant] = (version, answer);
        counted = null;
        return true;
    }

    private void Count(Answer answer, int change)
    {
        foreach (var key in Tally.Contributions(definition, answer, keys))
        {
            var total = counts.GetValueOrDefault(key) + change;
            if (total == 0) counts.Remove(key);
            else counts[key] = total;
        }
    }
}

/// <summary>A participant's current answer to a round with its version, on its way to the room's <see cref="LiveTally"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TallyContribution(
    [property: Id(0)] Guid Participant,
    [property: Id(1)] int Version,
    [property: Id(2)] Answer Answer);
