using System.Collections.Immutable;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Workshops;

/// <summary>Re-running an activity as a second round, and the evidence a closed round leaves on the framework's items.</summary>
[Collection(SqliteCollection.Name)]
public sealed class RoundsAndEvidenceTests(SqliteCluster fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private IItemEvidenceGrain Evidence => Grains.GetGrain<IItemEvidenceGrain>(LiveWorkshop.FrameworkId);

    private static ImmutableDictionary<string, string> From(string country) => ImmutableDictionary<string, string>.Empty.Add("country", country);

    [Fact]
    public async Task Reopening_a_closed_activity_starts_round_2_with_a_fresh_tally_and_keeps_the_results_of_round_1()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var vote = await workshop.OpenDotVote(items: 3);
        var phones = await workshop.JoinMany(2);
        var round1 = new[]
        {
            Phone.Dots(vote, phones[0].NextClientId(), (vote.Items[0], 2)),
            Phone.Dots(vote, phones[1].NextClientId(), (vote.Items[0], 1), (vote.Items[1], 2)),
        };
        for (var i = 0; i < 2; i++) AckAssert.Accepted(await phones[i].Submit(round1[i]));
        await workshop.WaitForRespondents(2);
        await workshop.Grain.Reveal(vote.Id, true);
        await workshop.Grain.CloseActivity(vote.Id);

        await workshop.Grain.OpenActivity(vote.Id);
        var reopened = await workshop.Room.GetSnapshot();
        var staleRound = await phones[0].Dots(vote, (vote.Items[2], 1));
        var round2 = Phone.Dots(vote, phones[0].NextClientId(), (vote.Items[2], 2)) with { Round = 2 };
        AckAssert.Accepted(await phones[0].Submit(round2));
        await workshop.WaitForLiveTally(vote, [round2]);
        await workshop.Grain.CloseActivity(vote.Id);

        Assert.Equal((ActivityStatus.Open, 2, 0, false), (reopened.Current!.Status, reopened.Current.Round, reopened.Current.Respondents, reopened.Current.Revealed));
        Assert.Equal(0, reopened.Current.Results!.DotVote!.TotalDots);
        AckAssert.Refused(WorkshopError.ActivityClosed, staleRound);
        var activity = await workshop.Activity(vote.Id);
        Assert.Equal(2, activity.Round);
        Assert.Equal(2, activity.ClosedRounds.Count);
        var (first, second) = (activity.ClosedRounds[0].DotVote!, activity.ClosedRounds[1].DotVote!);
        Assert.Equal((2, 5, vote.Items[0]), (first.Respondents, first.TotalDots, first.Items[0].Item));
        Assert.Equal((1, 2, vote.Items[2]), (second.Respondents, second.TotalDots, second.Items[0].Item));
        Assert.Equal(TallyCounts.FromAnswers(vote, [round2]), activity.Counts);
        Assert.Equal(LiveWorkshop.Describe([round1[0], round2]), await LiveWorkshop.Stored(phones[0]));
        var timeline = (await workshop.Record()).Timeline;
        Assert.Equal([1, 2], timeline.Where(e => e.Kind == "opened").Select(e => e.Round!.Value));
        Assert.Equal([1, 2], timeline.Where(e => e.Kind == "closed").Select(e => e.Round!.Value));
    }

    [Fact]
    public async Task Closing_a_dot_vote_records_evidence_on_each_item_for_everyone_and_for_each_segment()
    {
        var workshop = await LiveWorkshop.Create(Grains, [LiveWorkshop.Country], title: "Focus group with countries");
        var vote = await workshop.OpenDotVote(items: 3);
        var (x, y, z) = (vote.Items[0], vote.Items[1], vote.Items[2]);
        // Three per country, so that no breakdown describes fewer people than the privacy threshold (3).
        (string Country, (Guid, int)[] Dots)[] votes =
        [
            ("SI", [(x, 2), (y, 1)]), ("SI", [(x, 1)]), ("SI", [(y, 2), (z, 1)]),
            ("IT", [(y, 2)]), ("IT", [(x, 2), (z, 2)]), ("IT", [(z, 1)]),
            ("", [(x, 2), (z, 2)]),
        ];
        foreach (var (country, dots) in votes)
        {
            var phone = await workshop.Join(segments: country == "" ? null : From(country));
            AckAssert.Accepted(await phone.Dots(vote, dots));
        }
        await workshop.Join(segments: From("FR")); // joins, does not vote

        await workshop.Grain.CloseActivity(vote.Id);

        var onX = (await Evidence.For(x)).Where(e => e.WorkshopId == workshop.Id).ToList();
        Assert.Equal([null, "country=IT", "country=SI"], onX.Select(e => e.Segment).Order());
        Assert.All(onX, e =>
        {
            Assert.Equal((vote.Id, 1, ActivityKind.DotVote, "Focus group with countries"), (e.ActivityId, e.Round, e.Method, e.WorkshopTitle));
            Assert.Equal(x, e.ItemId);
        });
        var everyone = onX.Single(e => e.Segment is null);
        Assert.Equal(7, everyone.N);
        Assert.Equal((7.0, 4.0, 4.0 / 7, 1.0), (everyone.Statistics["dots"], everyone.Statistics["voters"], everyone.Statistics["share"], everyone.Statistics["rank"]));
        var slovenia = onX.Single(e => e.Segment == "country=SI");
        Assert.Equal((3, 3.0, 2.0, 1.0), (slovenia.N, slovenia.Statistics["dots"], slovenia.Statistics["voters"], slovenia.Statistics["rank"]));
        var italy = onX.Single(e => e.Segment == "country=IT");
        Assert.Equal((3, 2.0, 1.0, 2.0), (italy.N, italy.Statistics["dots"], italy.Statistics["voters"], italy.Statistics["rank"]));
        var onZ = (await Evidence.For(z)).Where(e => e.WorkshopId == workshop.Id).ToList();
        Assert.Equal(6.0, onZ.Single(e => e.Segment is null).Statistics["dots"]);
        Assert.Equal(3.0, onZ.Single(e => e.Segment == "country=IT").Statistics["dots"]);
        var notInVote = workshop.Competencies[5].Id;
        Assert.DoesNotContain(await Evidence.For(notInVote), e => e.WorkshopId == workshop.Id);
    }

    [Fact]
    public async Task A_rating_round_records_its_statistics_as_evidence_and_round_2_is_recorded_beside_round_1()
    {
        var workshop = await LiveWorkshop.Create(Grains);
        var rating = await workshop.AddRating(items: 2);
        var item = rating.Items[0];
        await workshop.Grain.OpenActivity(rating.Id);
        var phones = await workshop.JoinMany(2);
        AckAssert.Accepted(await phones[0].Ratings(rating, 1, ("importance", item, 5), ("development", item, 1)));
        AckAssert.Accepted(await phones[1].Ratings(rating, 1, ("importance", item, 3), ("development", item, 3)));
        await workshop.Grain.CloseActivity(rating.Id);
        await workshop.Grain.OpenActivity(rating.Id);
        AckAssert.Accepted(await phones[0].Ratings(rating, 2, ("importance", item, 4)));
        AckAssert.Accepted(await phones[1].Ratings(rating, 2, ("importance", item, 4)));
        await workshop.Grain.CloseActivity(rating.Id);

        var evidence = (await Evidence.For(item)).Where(e => e.WorkshopId == workshop.Id).OrderBy(e => e.Round).ToList();

        Assert.Equal([1, 2], evidence.Select(e => e.Round));
        Assert.All(evidence, e => Assert.Equal((ActivityKind.Rating, (string?)null, 2), (e.Method, e.Segment, e.N)));
        var first = evidence[0].Statistics;
        Assert.Equal((4.0, 2.0, 2.0, 0.5), (first["importance.mean"], first["development.mean"], first["importance.n"], first["importance.agreement"]));
        Assert.Equal(Math.Sqrt(2), first["importance.sd"], 10);
        var second = evidence[1].Statistics;
        Assert.Equal((4.0, 0.0, 1.0), (second["importance.mean"], second["importance.sd"], second["importance.agreement"]));
        Assert.Equal(0.0, second["development.n"]);
        Assert.False(second.ContainsKey("development.mean"));
    }
}
