namespace Workshop.Grains.Workshops;

/// <summary>
/// How fast one participant's answers are stored: a token bucket of <see cref="Burst"/> answers that refills at
/// <see cref="PerSecond"/> a second. A person changes an answer a few times a second at most; the burst lets quick taps
/// on several items through. Hand-written because System.Threading.RateLimiting's bucket refills by a timer of its own
/// and cannot be driven by a <see cref="TimeProvider"/>.
/// </summary>
public sealed class AnswerRate(TimeProvider clock)
{
    public const int PerSecond = 5;
    public const int Burst = 10;

    public const string Refusal = "You are changing your answer very fast; wait a moment and try again.";

    private double tokens = Burst;
    private long refilledAt = clock.GetTimestamp();

    /// <summary>Takes one answer's token if there is one; false when the participant is over the rate.</summary>
    public bool TryTake()
    {
        var now = clock.GetTimestamp();
        tokens = Math.Min(Burst, tokens + clock.GetElapsedTime(refilledAt, now).TotalSeconds * PerSecond);
        refilledAt = now;
        if (tokens < 1) return false;
        tokens--;
        return true;
    }
}
