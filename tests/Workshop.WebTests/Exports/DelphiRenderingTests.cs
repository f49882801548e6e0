using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;
using Workshop.Web;
using Workshop.Web.Exports;
using Workshop.Web.Frameworks;

namespace Workshop.WebTests.Exports;

/// <summary>Pure tests of how Delphi rounds read: the consensus text, the report's Delphi section and the export tables, in English and Slovenian.</summary>
public sealed class DelphiRenderingTests
{
    private static readonly Guid Listening = new("00000000-0000-0000-0000-000000000001"), Planning = new("00000000-0000-0000-0000-000000000002");
    private static readonly CultureInfo English = new("en"), Slovenian = new("sl");

    private static ImmutableDictionary<string, string> En(string text) => ImmutableDictionary<string, string>.Empty.Add("en", text);

    /// <summary>The app's own texts (web/Resources) in the culture the test sets.</summary>
    private static IStringLocalizer Texts(CultureInfo culture)
    {
        CultureInfo.CurrentUICulture = culture;
        return new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(SharedResource));
    }

    /// <summary>A rating of importance with the default rule: round 1 on both items, round 2 only on Listening, which then reached consensus.</summary>
    private static ActivityState Rating()
    {
        var definition = ActivityDefinition.Rating(Guid.NewGuid(), En("Rate the competencies"), [Listening, Planning], [RatingScale.Importance]) with { Consensus = new ConsensusRule() };
        DelphiRound round1 = new(1, [Listening, Planning], 6, 5,
            [new(Listening, "importance", ConsensusStatus.NoConsensus, 5, 0.6, 0, 4, 2), new(Planning, "importance", ConsensusStatus.In, 5, 0.8, 0, 5, 1)], null, []);
        DelphiRound round2 = new(2, [Listening], 6, 6, [new(Listening, "importance", ConsensusStatus.In, 6, 0.82, 0, 4.5, 1)],
            new RoundStability(2, 1, [new ItemStability(Listening, "importance", 5, 0.2, 0.5, -1)], 5, 0.2, false, null),
            [new DelphiReason(Listening, "Listening is half of facilitation."), new DelphiReason(Listening, "<b>loud</b> & clear")]);
        return new ActivityState(definition, [new(Listening, "1.1", En("Listening")), new(Planning, "1.2", En("Planning"))],
            ActivityStatus.Closed, 2, false, false, null, TallyCounts.Empty, [], DelphiRounds: [round1, round2]);
    }

    private static WorkshopData Data(ActivityState activity) =>
        new(new WorkshopRecord(new WorkshopState { Title = "Delphi", Language = "en", Activities = [activity] }, [], [], ImmutableDictionary<Guid, Grains.Boards.BoardState>.Empty),
            ImmutableDictionary<Guid, ImmutableList<AnswerRecord>>.Empty);

    private static string H(string? text) => System.Net.WebUtility.HtmlEncode(text) ?? "";

    private static string Section(CultureInfo culture)
    {
        var activity = Rating();
        var html = new StringBuilder();
        DelphiReport.Render(html, Data(activity), activity, Texts(culture), culture, H);
        return html.ToString();
    }

    [Theory]
    [InlineData(ConsensusStatus.In, 2, 0.82, 0.0, 1.0, "consensus in round 2 (82%, IQR 1)")]
    [InlineData(ConsensusStatus.Out, 3, 0.1, 0.8, 0.5, "consensus out in round 3 (80%, IQR 0.5)")]
    [InlineData(ConsensusStatus.NoConsensus, 3, 0.6, 0.2, 2.0, "no consensus after round 3 (60%, IQR 2)")]
    public void The_consensus_of_an_item_reads_with_its_round_the_share_that_decided_it_and_the_iqr(ConsensusStatus status, int round, double agreement, double disagreement, double iqr, string expected) =>
        Assert.Equal(expected, ConsensusText.Describe(new ConsensusAt(status, round, "importance", 8, agreement, disagreement, 4, iqr), Texts(English), English));

    [Fact]
    public void In_slovenian_the_consensus_reads_with_slovenian_numbers()
    {
        var l = Texts(Slovenian);
        // Slovenian writes a (non-breaking) space before the per cent sign and a decimal comma.
        Assert.Matches(@"^konsenz za vključitev v 2\. krogu \(82\s%, IQR 1,5\)$", ConsensusText.Describe(new ConsensusAt(ConsensusStatus.In, 2, "importance", 8, 0.82, 0, 4, 1.5), l, Slovenian));
        Assert.Equal("brez konsenza po 3. krogu (IQR 2)", ConsensusText.Describe(new ConsensusAt(ConsensusStatus.NoConsensus, 3, "importance", 8, null, null, 4, 2), l, Slovenian));
    }

    [Fact]
    public void The_report_section_states_the_rule_the_rounds_and_per_item_the_figures_per_round_a_chart_and_the_reasons()
    {
        var html = Section(English);

        Assert.Contains("<h3>Delphi rounds</h3>", html);
        Assert.Contains("agreement at least 75% (top two points of the scale), IQR at most 1, at least 5 answers; stable when under 15% of answers moved by more than one point", html);
        Assert.Contains("Rounds: 2.", html);
        Assert.Contains("<td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">6</td><td class=\"num\">5</td><td class=\"num\">83%</td><td class=\"num\"></td><td></td>", html);
        Assert.Contains("<td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">6</td><td class=\"num\">6</td><td class=\"num\">100%</td><td class=\"num\">20%</td><td>no</td>", html);

        var listening = html[html.IndexOf("data-item=\"1.1\"", StringComparison.Ordinal)..html.IndexOf("data-item=\"1.2\"", StringComparison.Ordinal)];
        Assert.Contains("<h4>1.1 Listening</h4>", listening);
        Assert.Contains("<tr><td class=\"num\">1</td><td class=\"st-none\">no consensus</td><td class=\"num\">5</td><td class=\"num\">60%</td><td class=\"num\">4</td><td class=\"num\">2</td><td class=\"num\"></td></tr>", listening);
        Assert.Contains("<tr><td class=\"num\">2</td><td class=\"st-in\">consensus in</td><td class=\"num\">6</td><td class=\"num\">82%</td><td class=\"num\">4.5</td><td class=\"num\">1</td><td class=\"num\">20%</td></tr>", listening);
        Assert.Contains("<title>1.1: IQR by round</title>", listening);
        Assert.Contains("<polyline data-scale=\"importance\" stroke=\"#0072B2\" points=\"28,46 218,65\"/>", listening);
        Assert.Contains("Round 2:</span> „Listening is half of facilitation.“", listening);
        Assert.Contains("„&lt;b&gt;loud&lt;/b&gt; &amp; clear“", listening);
        Assert.DoesNotContain("<b>loud</b>", html);
    }

    [Fact]
    public void In_slovenian_the_report_section_uses_slovenian_texts_and_numbers_and_the_chart_stays_invariant()
    {
        var html = Section(Slovenian);

        Assert.Contains("<h3>Delfi krogi</h3>", html);
        Assert.Matches(@"soglasje vsaj 75\s% \(zgornji dve točki lestvice\), IQR največ 1, vsaj 5 odgovorov", html);
        Assert.Matches(@"<td class=""st-in"">konsenz za vključitev</td><td class=""num"">6</td><td class=""num"">82\s%</td><td class=""num"">4,5</td>", html);
        Assert.Contains("points=\"28,46 218,65\"", html);
        Assert.Contains("2. krog:</span>", html);
    }

    [Fact]
    public void A_rule_reads_with_only_the_parts_it_has_and_a_rankings_agreement_is_on_the_top_two_places() =>
        Assert.Equal("agreement at least 80% (ranked in the top two places), at least 6 answers; stable when under 10% of answers moved by more than one place",
            DelphiReport.RuleText(new ConsensusRule(0.8, null, 6, 0.1), ActivityKind.Ranking, Texts(English), English));

    [Fact]
    public void An_activity_without_a_rule_has_no_delphi_section_and_one_with_a_rule_but_no_closed_round_says_so()
    {
        var activity = Rating();
        var html = new StringBuilder();
        DelphiReport.Render(html, Data(activity), activity with { Definition = activity.Definition with { Consensus = null } }, Texts(English), English, H);
        Assert.Equal("", html.ToString());

        DelphiReport.Render(html, Data(activity), activity with { DelphiRounds = null }, Texts(English), English, H);
        Assert.Contains("No round has closed yet.", html.ToString());
    }

    [Fact]
    public void The_export_tables_hold_a_row_per_item_and_round_with_the_status_code_and_the_movement_since_the_round_before()
    {
        var activity = Rating();
        var rounds = DelphiTables.Rounds(activity);

        var items = DelphiTables.Items(Data(activity), activity, rounds);
        Assert.Equal(["round", "item_code", "item", "scale", "n", "agreement", "disagreement", "median", "iqr", "status", "moved_share", "median_change", "iqr_change"], items.Headers);
        Assert.Equal([
            [1, "1.1", "Listening", "importance", 5, 0.6, 0.0, 4.0, 2.0, "none", null, null, null],
            [1, "1.2", "Planning", "importance", 5, 0.8, 0.0, 5.0, 1.0, "in", null, null, null],
            [2, "1.1", "Listening", "importance", 6, 0.82, 0.0, 4.5, 1.0, "in", 0.2, 0.5, -1.0],
        ], items.Rows.Select(r => r.ToArray()));

        Assert.Equal([[1, 2, 6, 5, 0.8333, null, null, null, null], [2, 1, 6, 6, 1.0, 5, 0.2, "no", null]], DelphiTables.RoundSummary(rounds).Rows.Select(r => r.ToArray()));
        Assert.Equal([[0.75, 1.0, 5, 0.15]], DelphiTables.Rule(activity).Rows.Select(r => r.ToArray()));
        Assert.Equal([[2, "1.1", "Listening is half of facilitation."], [2, "1.1", "<b>loud</b> & clear"]], DelphiTables.Reasons(activity, rounds).Rows.Select(r => r.ToArray()));
    }
}
