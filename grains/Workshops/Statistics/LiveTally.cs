namespace Workshop.Grains.Workshops;

/// <summary>
/// The open round's live tally as the sum of each participant's current answer, kept with its version (the how-manyth
/// answer of that participant to the round): an answer that arrives twice, late or out of order changes nothing, so
/// contributions can be resent after any fault and a recount from the stored answers can be applied at any time.
/// </summary>
public sealed class LiveTally(ActivityDefinition definition, int round)
{
    private readonly Dictionary<Guid, (int Version, Answer Answer)> answers = [];

    public Guid ActivityId => definition.Id;
    public int Round => round;
    public TallyCounts Counts { get; private set; } = TallyCounts.Empty;

    /// <summary>Makes <paramref name="answer"/> the participant's current one unless a newer one is known; true when the tally changed.</summary>
    public bool Set(Guid participant, int version, Answer answer)
    {
        if (answer.ActivityId != definition.Id || answer.Round != round) return false;
        var known = answers.TryGetValue(participant, out var current);
        if (known && current.Version >= version) return false;
        Counts = Counts.Apply(Tally.Delta(definition, known ? current.Answer : null, answer));
        answers[participant] = (version, answer);
        return true;
    }
}

/// <summary>A participant's current answer to a round with its version, on its way to the room's <see cref="LiveTally"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TallyContribution(
    [property: Id(0)] Guid Participant,
    [property: Id(1)] int Version,
    [property: Id(2)] Answer Answer);
