using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Workshops.Fixtures;

namespace Workshop.UnitTests.Workshops;

/// <summary>Everything the grains pass to each other survives Orleans serialization.</summary>
public class SerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(Answer).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    // Records compare immutable collections by reference; their JSON compares the contents.
    private static void AssertSurvives<T>(T value) =>
        Assert.Equal(JsonSerializer.Serialize(value), JsonSerializer.Serialize(RoundTrip(value)));

    [Fact]
    public void Definitions_answers_and_tallies_survive_serialization()
    {
        var rating = Rating(A, B);
        var answer = Rated(("importance", A, 4), ("development", B, 2));
        var counts = TallyOf(rating, answer, Rated(("importance", A, 5)));

        AssertSurvives(rating);
        AssertSurvives(DotVote(A, B));
        AssertSurvives(Ranking(2, A, B, C));
        AssertSurvives(answer);
        AssertSurvives(Ranked(A, B));
        AssertSurvives(new TallyKey(A, "importance", 4));
        Assert.Equal(counts, RoundTrip(counts));
    }

    [Fact]
    public void Results_of_every_kind_survive_serialization()
    {
        var dotVote = DotVote(A, B);
        var rating = Rating(A, B);
        var ranking = Ranking(2, A, B, C);

        AssertSurvives(Results.For(dotVote, TallyOf(dotVote, Dots((A, 2)), Dots((B, 1)))));
        AssertSurvives(Results.For(rating, TallyOf(rating, Rated(("importance", A, 4), ("development", A, 2)))));
        AssertSurvives(Results.For(ranking, TallyOf(ranking, Ranked(A, B), Ranked(C))));
    }

    [Fact]
    public void A_rule_exception_keeps_its_error_and_message()
    {
        var refused = RoundTrip(new WorkshopRuleException(WorkshopError.OverBudget, "You have 5 dots; this answer uses 6."));
        Assert.Equal(WorkshopError.OverBudget, refused.Error);
        Assert.Equal("You have 5 dots; this answer uses 6.", refused.Message);
    }
}
