using Microsoft.Extensions.Time.Testing;
using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Workshops;

/// <summary>The token bucket of one participant's answers, on a clock the test moves.</summary>
public class AnswerRateTests
{
    private readonly FakeTimeProvider clock = new();

    private int Taken(AnswerRate rate, int tries) => Enumerable.Range(0, tries).Count(_ => rate.TryTake());

    [Fact]
    public void A_burst_of_ten_answers_at_once_is_allowed_and_the_eleventh_is_refused()
    {
        var rate = new AnswerRate(clock);

        Assert.Equal(AnswerRate.Burst, Taken(rate, AnswerRate.Burst));
        Assert.False(rate.TryTake());
    }

    [Fact]
    public void After_a_burst_five_answers_a_second_are_allowed()
    {
        var rate = new AnswerRate(clock);
        Taken(rate, AnswerRate.Burst);

        clock.Advance(TimeSpan.FromMilliseconds(199));
        var tooSoon = rate.TryTake();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterAFifth = rate.TryTake();
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(tooSoon);
        Assert.True(afterAFifth);
        Assert.Equal(AnswerRate.PerSecond, Taken(rate, 20));
    }

    [Fact]
    public void A_long_pause_refills_the_burst_but_no_more()
    {
        var rate = new AnswerRate(clock);
        Taken(rate, AnswerRate.Burst);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(AnswerRate.Burst, Taken(rate, 100));
    }

    [Fact]
    public void Answering_steadily_at_the_rate_is_never_refused()
    {
        var rate = new AnswerRate(clock);

        var refused = 0;
        for (var i = 0; i < 1000; i++)
        {
            if (!rate.TryTake()) refused++;
            clock.Advance(TimeSpan.FromSeconds(1.0 / AnswerRate.PerSecond));
        }

        Assert.Equal(0, refused);
    }
}
