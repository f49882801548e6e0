using System.Collections.Immutable;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Compare;

public sealed class ComparisonTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();
    private static readonly Guid Item1 = Guid.NewGuid(), Item2 = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly ImmutableList<FrameworkItem> Items =
    [
        new(Item1, null, ItemKind.Competency, "1.1", ImmutableDictionary<string, string>.Empty.Add("en", "Listening").Add("sl", "Poslušanje"), ImmutableDictionary<string, string>.Empty, 0),
        new(Item2, null, ItemKind.Competency, "1.2", ImmutableDictionary<string, string>.Empty.Add("en", "Planning"), ImmutableDictionary<string, string>.Empty, 1),
    ];

    private static ItemEvidence Evidence(Guid workshop, Guid item, ActivityKind method, int n, string? segment, params (string, double)[] stats) =>
        new(item, workshop, workshop == A ? "Ljubljana" : "Trieste", workshop == A ? Guid.Parse("00000000-0000-0000-0000-00000000000a") : Guid.Parse("00000000-0000-0000-0000-00000000000b"),
            1, method, n, stats.ToImmutableDictionary(s => s.Item1, s => s.Item2), segment, workshop == A ? T0 : T0.AddDays(1));

    private static ItemEvidence Rating(Guid workshop, Guid item, int n, double importance, double development, double agreement, string? segment = null) =>
        Evidence(workshop, item, ActivityKind.Rating, n, segment, ("importance.mean", importance), ("development.mean", development), ("importance.agreement", agreement), ("development.agreement", 0.5));

    [Fact]
    public void By_workshop_a_rating_shows_importance_development_agreement_and_n_per_item_and_workshop()
    {
        var evidence = new[] { Rating(A, Item1, 6, 4.5, 2.0, 0.8), Rating(A, Item2, 6, 3.0, 4.0, 0.5), Rating(B, Item1, 4, 3.5, 3.5, 0.75) };
        var table = Comparison.Build(Items, evidence, [A, B], ComparisonMeasure.Importance, null, "sl", "en");

        Assert.Equal(["Ljubljana", "Trieste"], table.Columns.Select(c => c.Title));
        Assert.Equal(["1.1", "1.2"], table.Rows.Select(r => r.Code));
        Assert.Equal("Poslušanje", table.Rows[0].Label);
        Assert.Equal("Planning", table.Rows[1].Label);
        Assert.Equal(new ComparisonCell(4.5, 2.0, 0.8, 6), table.Rows[0].Cells[0]);
        Assert.Equal(new ComparisonCell(3.5, 3.5, 0.75, 4), table.Rows[0].Cells[1]);
        Assert.False(table.Rows[1].Cells[1].Shown);
        Assert.Equal((3.0, 4.5), table.Range);

        var development = Comparison.Build(Items, evidence, [A, B], ComparisonMeasure.Development, null, "en", "en");
        Assert.Equal(new ComparisonCell(4.0, null, 0.5, 6), development.Rows[1].Cells[0]);
    }

    [Fact]
    public void A_cell_of_fewer_than_three_people_is_empty_and_carries_no_numbers()
    {
        var evidence = new[] { Rating(A, Item1, 2, 5, 5, 1), Rating(B, Item1, 3, 2, 2, 1) };
        var table = Comparison.Build(Items, evidence, [A, B], ComparisonMeasure.Importance, null, "en", "en");

        Assert.Equal(ComparisonCell.Empty, table.Rows[0].Cells[0]);
        Assert.Null(table.Rows[0].Cells[0].Value);
        Assert.Equal(2, table.Rows[0].Cells[1].Value);
        Assert.Equal(3, Comparison.PrivacyThreshold);
    }

    [Fact]
    public void Only_the_selected_workshops_count()
    {
        var evidence = new[] { Rating(A, Item1, 5, 4, 4, 1), Rating(B, Item1, 5, 2, 2, 1) };
        var table = Comparison.Build(Items, evidence, [B], ComparisonMeasure.Importance, null, "en", "en");

        Assert.Equal(["Trieste"], table.Columns.Select(c => c.Title));
        Assert.Equal(2, table.Rows[0].Cells[0].Value);
    }

    [Fact]
    public void By_segment_columns_are_the_answers_found_pooled_over_workshops_weighted_by_n()
    {
        var evidence = new[]
        {
            Rating(A, Item1, 7, 4, 3, 0.5), Rating(A, Item1, 4, 5, 3, 1, "country=SI"), Rating(A, Item1, 3, 3, 3, 0, "country=HR"),
            Rating(B, Item1, 4, 4, 2, 0.5, "country=SI"), Rating(B, Item1, 3, 1, 1, 1, "org=NGO"),
        };
        Assert.Equal(["country", "org"], Comparison.SegmentKeys(evidence));

        var table = Comparison.Build(Items, evidence, [A, B], ComparisonMeasure.Importance, "country", "en", "en");

        Assert.Equal(["HR", "SI"], table.Columns.Select(c => c.Title));
        Assert.Equal(new ComparisonCell(3, 3, 0, 3), table.Rows[0].Cells[0]);
        Assert.Equal(new ComparisonCell(4.5, 2.5, 0.75, 8), table.Rows[0].Cells[1]);
        Assert.All(table.Rows[1].Cells, c => Assert.False(c.Shown));
    }

    [Fact]
    public void Dot_votes_show_the_share_rankings_the_borda_score_over_the_top_score_and_boards_the_votes()
    {
        var evidence = new[]
        {
            Evidence(A, Item1, ActivityKind.DotVote, 5, null, ("share", 0.6), ("dots", 7)),
            Evidence(A, Item1, ActivityKind.Ranking, 4, null, ("borda", 6), ("kendallW", 0.4)),
            Evidence(A, Item2, ActivityKind.Ranking, 4, null, ("borda", 9), ("kendallW", 0.4)),
            Evidence(A, Item2, ActivityKind.Board, 3, null, ("votes", 5), ("voters", 3)),
        };

        var dots = Comparison.Build(Items, evidence, [A], ComparisonMeasure.DotVote, null, "en", "en");
        Assert.Equal(new ComparisonCell(0.6, null, null, 5), dots.Rows[0].Cells[0]);
        Assert.False(dots.Rows[1].Cells[0].Shown);

        var ranking = Comparison.Build(Items, evidence, [A], ComparisonMeasure.Ranking, null, "en", "en");
        Assert.Equal(6.0 / 9, ranking.Rows[0].Cells[0].Value!.Value, 6);
        Assert.Equal(1.0, ranking.Rows[1].Cells[0].Value);
        Assert.Equal(0.4, ranking.Rows[1].Cells[0].Agreement);

        var board = Comparison.Build(Items, evidence, [A], ComparisonMeasure.Board, null, "en", "en");
        Assert.Equal(5, board.Rows[1].Cells[0].Value);
    }

    [Fact]
    public void The_latest_round_of_a_method_counts()
    {
        var first = Rating(A, Item1, 5, 2, 2, 1);
        var second = first with { Round = 2, At = T0.AddHours(1), Statistics = first.Statistics.SetItem("importance.mean", 4.2) };
        var table = Comparison.Build(Items, [second, first], [A], ComparisonMeasure.Importance, null, "en", "en");
        Assert.Equal(4.2, table.Rows[0].Cells[0].Value);
    }

    private static ItemEvidence Delphi(ItemEvidence rating, int round, ConsensusStatus status, double agreement, double iqr, string scale = "importance") =>
        rating with
        {
            Round = round, At = rating.At.AddHours(round), Rule = new ConsensusRule(),
            Consensus = new ItemConsensus(rating.ItemId, scale, status, rating.N, agreement, 1 - agreement, 4, iqr),
        };

    [Fact]
    public void Focus_groups_answering_the_same_round_side_by_side_show_their_own_consensus_and_the_row_notes_when_it_differs()
    {
        var evidence = new[]
        {
            Delphi(Rating(A, Item1, 5, 4.6, 2, 0.8, "country=SI"), 2, ConsensusStatus.In, 0.8, 1),
            Delphi(Rating(A, Item1, 4, 3.5, 2, 0.5, "country=IT"), 2, ConsensusStatus.NoConsensus, 0.5, 2),
            Delphi(Rating(A, Item2, 5, 4.4, 2, 0.8, "country=SI"), 2, ConsensusStatus.In, 0.8, 1),
            Delphi(Rating(A, Item2, 4, 4.5, 2, 0.75, "country=IT"), 2, ConsensusStatus.In, 0.75, 0.5),
        };

        var table = Comparison.Build(Items, evidence, [A], ComparisonMeasure.Importance, "country", "en", "en");

        Assert.Equal(["IT", "SI"], table.Columns.Select(c => c.Title));
        Assert.Equal(new ConsensusAt(ConsensusStatus.NoConsensus, 2, "importance", 4, 0.5, 0.5, 4, 2), table.Rows[0].Cells[0].Consensus);
        Assert.Equal(ConsensusStatus.In, table.Rows[0].Cells[1].Consensus!.Status);
        Assert.True(table.Rows[0].ConsensusDiffers);
        Assert.False(table.Rows[1].ConsensusDiffers);
    }

    [Fact]
    public void A_cell_shows_consensus_only_on_the_scale_it_shows_and_not_when_pooled_from_several_workshops()
    {
        var importance = Delphi(Rating(A, Item1, 5, 4.6, 2, 0.8), 1, ConsensusStatus.In, 0.8, 1);
        Assert.Equal(ConsensusStatus.In, Comparison.Build(Items, [importance], [A], ComparisonMeasure.Importance, null, "en", "en").Rows[0].Cells[0].Consensus!.Status);
        Assert.Null(Comparison.Build(Items, [importance], [A], ComparisonMeasure.Development, null, "en", "en").Rows[0].Cells[0].Consensus);

        var pooled = new[] { Delphi(Rating(A, Item1, 5, 4.6, 2, 0.8, "country=SI"), 1, ConsensusStatus.In, 0.8, 1), Delphi(Rating(B, Item1, 5, 4.6, 2, 0.8, "country=SI"), 1, ConsensusStatus.In, 0.8, 1) };
        var cell = Comparison.Build(Items, pooled, [A, B], ComparisonMeasure.Importance, "country", "en", "en").Rows[0].Cells[0];
        Assert.Equal(10, cell.N);
        Assert.Null(cell.Consensus);
    }

    [Fact]
    public void The_latest_consensus_of_an_item_is_its_last_round_over_everyone_with_a_rule()
    {
        var round1 = Delphi(Rating(A, Item1, 5, 3.8, 2, 0.6), 1, ConsensusStatus.NoConsensus, 0.6, 2);
        var round2 = Delphi(Rating(A, Item1, 5, 4.2, 2, 0.82), 2, ConsensusStatus.In, 0.82, 1);
        var segment = Delphi(Rating(A, Item1, 3, 4.2, 2, 0.9, "country=SI"), 3, ConsensusStatus.Out, 0.1, 0);
        var withoutRule = Rating(A, Item2, 5, 4.2, 2, 0.82) with { At = T0.AddDays(3) };

        var latest = ConsensusAt.LatestByItem([round2, segment, round1, withoutRule]);

        Assert.Equal([Item1], latest.Keys);
        Assert.Equal((ConsensusStatus.In, 2, 0.82, 1.0), (latest[Item1].Status, latest[Item1].Round, latest[Item1].Share, latest[Item1].Iqr));
        Assert.Equal("in", latest[Item1].Code);
        Assert.Equal(0.9, ConsensusAt.Of(segment)!.Share!.Value, 6);
    }
}
