using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workshop.Grains.Workshops;
using Workshop.Web;
using Workshop.Web.Exports;

namespace Workshop.WebTests.Exports;

/// <summary>Pure tests of the printable report's pieces: timings, charts and a rating's table in English and Slovenian.</summary>
public sealed class ReportRenderingTests
{
    private static readonly Guid Listening = new("00000000-0000-0000-0000-000000000001"), Planning = new("00000000-0000-0000-0000-000000000002");
    private static readonly DateTimeOffset Nine = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static ImmutableDictionary<string, string> En(string text) => ImmutableDictionary<string, string>.Empty.Add("en", text);

    /// <summary>The facilitators' texts in <paramref name="culture"/>, which becomes the UI culture they are looked up in.</summary>
    internal static IStringLocalizer Texts(CultureInfo culture)
    {
        CultureInfo.CurrentUICulture = culture;
        return new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(SharedResource));
    }

    [Fact]
    public void An_activitys_duration_adds_up_its_open_spells_and_an_open_one_counts_until_now()
    {
        var activity = Guid.NewGuid();
        TimelineEvent[] timeline =
        [
            new(Nine, "opened", Activity: activity, Round: 1), new(Nine.AddMinutes(3), "revealed", Activity: activity),
            new(Nine.AddMinutes(10), "closed", Activity: activity, Round: 1), new(Nine.AddMinutes(12), "opened", Activity: Guid.NewGuid()),
            new(Nine.AddMinutes(30), "opened", Activity: activity, Round: 2), new(Nine.AddMinutes(35), "closed", Activity: activity, Round: 2),
        ];

        Assert.Equal(new ActivityTiming(Nine, Nine.AddMinutes(35), TimeSpan.FromMinutes(15)), ActivityTiming.Of(timeline, activity, Nine.AddHours(5)));
        Assert.Equal(new ActivityTiming(Nine, null, TimeSpan.FromMinutes(20)), ActivityTiming.Of(timeline[..5], activity, Nine.AddMinutes(40)));
        Assert.Equal(new ActivityTiming(null, null, TimeSpan.Zero), ActivityTiming.Of(timeline, Guid.NewGuid(), Nine));
    }

    [Fact]
    public void Bars_are_scaled_to_the_largest_value_with_the_figure_beside_each()
    {
        var svg = ReportCharts.Bars([new ChartBar("1.1 Listening", 6, "6 · 50%"), new ChartBar("1.2 Planning", 3, "3 · 25%")], "Dots");

        Assert.Contains("<rect class=\"bar\" x=\"250\" y=\"5\" width=\"300\" height=\"14\"/>", svg);
        Assert.Contains("<rect class=\"bar\" x=\"250\" y=\"25\" width=\"150\" height=\"14\"/>", svg);
        Assert.Contains(">6 · 50%</text>", svg);
        Assert.Contains("<title>Dots</title>", svg);
    }

    [Fact]
    public void A_distribution_splits_each_items_bar_by_the_share_of_each_point()
    {
        var svg = ReportCharts.Distribution([new ChartDistribution("1.1 Listening", [0, 0, 1, 1, 2])], 1, 5, "Importance", "Importance");

        Assert.Contains("width=\"95\" height=\"14\" fill=\"#7fb2d8\"><title>3: 1</title>", svg);
        Assert.Contains("width=\"190\" height=\"14\" fill=\"#0b4f93\"><title>5: 2</title>", svg);
        Assert.DoesNotContain("<title>1: 0</title>", svg);
    }

    [Fact]
    public void Items_at_the_same_place_of_the_matrix_share_one_dot_and_one_label()
    {
        var svg = ReportCharts.Matrix([new ChartPoint("1.1", 3, 3), new ChartPoint("1.2", 3, 3), new ChartPoint("1.3", 5, 1)], (1, 5), (1, 5), "Importance", "Development", "Matrix", CultureInfo.GetCultureInfo("en"));

        Assert.Equal(2, svg.Split("<circle").Length - 1);
        Assert.Contains("<text x=\"226\" y=\"173\">1.1, 1.2</text>", svg);
        Assert.Contains("<circle class=\"dot\" cx=\"380\" cy=\"338\" r=\"4\"><title>1.3: 5 × 1</title></circle>", svg);
    }

    [Fact]
    public void A_long_label_is_cut_to_its_column_counting_a_cjk_letter_as_two()
    {
        Assert.Equal("1.1 Listening", ReportCharts.Fit("1.1 Listening"));
        Assert.Equal("1.1 倾听社区成…", ReportCharts.Fit("1.1 倾听社区成员的需要并作出回应", 16));
    }

    /// <summary>A closed rating of two items on importance and development by three respondents.</summary>
    internal static WorkshopData Rated()
    {
        var definition = ActivityDefinition.Rating(Guid.NewGuid(), En("Rate the competencies"), [Listening, Planning]);
        ScaleStatistics Scale(string key, double mean, double agreement, ImmutableList<int> histogram) => new(key, 3, mean, mean, 0.5, mean, mean, 0, agreement, histogram);
        var results = new ActivityResults(ActivityKind.Rating, null, new RatingResults(3,
            [new(Listening, [Scale("importance", 4.5, 2 / 3.0, [0, 0, 1, 0, 2]), Scale("development", 2, 1 / 3.0, [1, 1, 0, 1, 0])]),
             new(Planning, [Scale("importance", 3, 1 / 3.0, [0, 1, 1, 1, 0]), Scale("development", 4, 2 / 3.0, [0, 0, 1, 1, 1])])],
            new RatingMatrix("importance", "development", [new(Listening, 4.5, 2), new(Planning, 3, 4)])), null);
        var activity = new ActivityState(definition, [new(Listening, "1.1", En("Listening")), new(Planning, "1.2", En("Planning"))],
            ActivityStatus.Closed, 1, true, false, null, TallyCounts.Empty, [results]);
        var state = new WorkshopState { Title = "Focus group", Language = "en", Activities = [activity] };
        TimelineEvent[] timeline = [new(Nine, "opened", Activity: definition.Id, Round: 1), new(Nine.AddMinutes(12).AddSeconds(5), "closed", Activity: definition.Id, Round: 1)];
        return new WorkshopData(new WorkshopRecord(state, [], [.. timeline], ImmutableDictionary<Guid, Grains.Boards.BoardState>.Empty), ImmutableDictionary<Guid, ImmutableList<AnswerRecord>>.Empty);
    }

    [Fact]
    public void In_slovenian_a_rating_reads_with_percentages_decimal_commas_and_the_scales_slovenian_names()
    {
        var slovenian = CultureInfo.GetCultureInfo("sl");
        var html = WorkshopReport.Render(Rated(), Texts(slovenian), slovenian, TimeZoneInfo.Utc, Nine.AddHours(1));

        Assert.Contains("<html lang=\"sl\">", html);
        Assert.Matches(@"<td class=""code"">1\.1</td><td>Listening</td><td>Pomembnost</td><td class=""num"">3</td><td class=""num"">4,5</td>.*<td class=""num"">67\s%</td>", html);
        Assert.Contains("<td>Potreba po nadaljnjem razvoju</td>", html);
        Assert.DoesNotContain("<td>importance</td>", html);
        Assert.DoesNotContain("0,6667", html);
        Assert.Contains("<figcaption>Pomembnost × Potreba po nadaljnjem razvoju</figcaption>", html);
        Assert.Contains("<p class=\"caption\">Krog: 1 · Odgovorili: 3</p>", html);
        Assert.Contains("<td class=\"num\">0:12:05</td>", html);
        Assert.Contains("<th>Aktivnost</th>", html);
    }

    [Fact]
    public void In_english_percentages_have_no_space_and_every_activity_has_its_charts()
    {
        var english = CultureInfo.GetCultureInfo("en");
        var html = WorkshopReport.Render(Rated(), Texts(english), english, TimeZoneInfo.Utc, Nine.AddHours(1));

        Assert.Contains("<td class=\"num\">67%</td>", html);
        Assert.Contains("<td class=\"num\">4.5</td>", html);
        Assert.Contains("Rating: Importance (1–5), Need for further development (1–5)", html);
        Assert.Equal(3, html.Split("<svg class=\"chart").Length - 1);
        Assert.Contains("<title>1.1: 4.5 × 2</title>", html);
    }

    [Fact]
    public void The_agenda_shows_the_times_in_the_zone_asked_for_and_names_it()
    {
        var slovenian = CultureInfo.GetCultureInfo("sl");
        var html = WorkshopReport.Render(Rated(), Texts(slovenian), slovenian, TimeZoneInfo.FindSystemTimeZoneById("Europe/Ljubljana"), Nine.AddHours(1));

        Assert.Contains("<td class=\"num\">11:00</td><td class=\"num\">11:12</td>", html);
        Assert.Contains("<th class=\"num\">Odprto (Europe/Ljubljana)</th>", html);
        Assert.Contains("Časi so v časovnem pasu Europe/Ljubljana.", html);
    }
}
