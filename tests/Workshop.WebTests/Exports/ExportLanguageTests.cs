using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Configuration;
using Workshop.Grains.Workshops;
using Workshop.Web.Exports;
using Workshop.Web.Identity;

namespace Workshop.WebTests.Exports;

/// <summary>The downloads in the six languages (headers, titles, names) and in a time zone the reader names; the machine keys on request.</summary>
public sealed class ExportLanguageTests(ExportTestsApp app) : IClassFixture<ExportTestsApp>
{
    private const string Facilitator = "facilitator@example.org";

    private static readonly DateTimeOffset BeforeSummerTime = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), InSummerTime = new(2026, 3, 29, 12, 0, 0, TimeSpan.Zero);

    private static List<List<string>> Rows(WorkbookPart workbook, Sheet sheet) => ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
        .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();

    [Theory]
    [InlineData("sl", "Psevdonim,Čas (UTC),Krog,Koda,Merilo,Vrednost,Oddani odgovori", "Neobdelani odgovori", "Pike", "Udeleženci")]
    [InlineData("en", "Pseudonym,Time (UTC),Round,Code,Measure,Value,Answers given", "Raw answers", "Dots", "Participants")]
    [InlineData("it", "Pseudonimo,Data e ora (UTC),Round,Codice,Misura,Valore,Risposte inviate", "Risposte grezze", "Punti", "Partecipanti")]
    [InlineData("fr", "Pseudonyme,Date et heure (UTC),Tour,Code,Mesure,Valeur,Réponses envoyées", "Réponses brutes", "Gommettes", "Participants")]
    [InlineData("pl", "Pseudonim,Data i godzina (UTC),Runda,Kod,Miara,Wartość,Wysłane odpowiedzi", "Surowe odpowiedzi", "Kropki", "Uczestnicy")]
    [InlineData("zh", "化名,时间 (UTC),轮次,编号,指标,数值,提交次数", "原始回答", "圆点数", "参与者")]
    public async Task The_csv_and_the_workbook_head_their_columns_and_name_the_measures_in_the_language_asked_for(string lang, string header, string rawAnswers, string dots, string participants)
    {
        var id = await ReportWorkshop.Run(app.Grains, Facilitator, $"Focus group {lang}");
        var vote = (await app.Grains.GetGrain<IWorkshopGrain>(id).GetRecord())!.Workshop.Activities[0];
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);

        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/api/workshops/{id}/activities/{vote.Id}/csv?lang={lang}")).TrimStart('\uFEFF').Split("\r\n");
        using var document = SpreadsheetDocument.Open(new MemoryStream(await client.GetByteArrayAsync($"/api/workshops/{id}/xlsx?lang={lang}")), false);

        Assert.Equal(header, csv[0]);
        Assert.Equal(dots, csv[1].Split(',')[4]);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(participants, sheets[^1].Name!.Value);
        var rows = Rows(workbook, sheets[0]);
        var raw = rows.FindIndex(r => r.FirstOrDefault() == rawAnswers);
        Assert.Equal(header.Split(','), rows[raw + 1]);
        Assert.Equal(dots, rows[raw + 2][4]);
    }

    [Fact]
    public async Task Without_a_language_the_downloads_speak_the_workshops_and_the_report_the_readers()
    {
        var id = Guid.NewGuid();
        var grain = app.Grains.GetGrain<IWorkshopGrain>(id);
        await grain.Create(new CreateWorkshop("Fokusna skupina Koper", ReportWorkshop.FrameworkId, 1, Facilitator, "sl", []));
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var timeline = await client.GetStringAsync($"/api/workshops/{id}/timeline.csv");
        var report = await client.GetStringAsync($"/workshops/{id}/report");

        Assert.StartsWith("\uFEFFČas (UTC),Dogodek,Udeleženec,Aktivnost,Krog,Podrobnosti\r\n", timeline);
        Assert.Contains("<html lang=\"fr\">", report);
    }

    [Fact]
    public async Task A_time_zone_named_in_the_request_converts_the_times_and_heads_their_column()
    {
        var id = await ReportWorkshop.Run(app.Grains, Facilitator, "Focus group Bled");
        var first = (await app.Grains.GetGrain<IWorkshopGrain>(id).GetRecord())!.Timeline[0].At;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Ljubljana");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);

        var keys = (await client.GetStringAsync($"/api/workshops/{id}/timeline.csv?tz=Europe/Ljubljana&headers=keys")).TrimStart('\uFEFF').Split("\r\n");
        var words = (await client.GetStringAsync($"/api/workshops/{id}/timeline.csv?tz=Europe/Ljubljana&lang=en")).TrimStart('\uFEFF').Split("\r\n");

        Assert.Equal("at,kind,participant,activity,round,detail", keys[0]);
        Assert.StartsWith(TimeZoneInfo.ConvertTime(first, zone).ToString("o", CultureInfo.InvariantCulture) + ",", keys[1]);
        Assert.StartsWith("Time (Europe/Ljubljana),Event,", words[0]);
        Assert.StartsWith(TimeZoneInfo.ConvertTime(first, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + ",", words[1]);
    }

    [Theory]
    [InlineData("/api/workshops/{0}/xlsx?tz=Mars/Olympus_Mons", "en", "The time zone “Mars/Olympus_Mons” is unknown")]
    [InlineData("/api/workshops/{0}/activities/{1}/csv?tz=../../etc/passwd", "sl", "Časovni pas „../../etc/passwd“ ni znan")]
    [InlineData("/api/workshops/{0}/activities/{1}/csv?lang=de", "en", "There is no language “de” to download in; choose one of sl, en, it, fr, pl, zh.")]
    [InlineData("/api/workshops/{0}/timeline.csv?headers=names", "fr", "headers=names n’est pas une valeur possible")]
    [InlineData("/workshops/{0}/report?tz=Europe/Atlantis", "pl", "Strefa czasowa „Europe/Atlantis” jest nieznana")]
    public async Task A_wrong_language_time_zone_or_headers_value_is_refused_with_a_sentence_in_the_readers_language_and_no_file(string template, string reader, string sentence)
    {
        var id = await ReportWorkshop.Run(app.Grains, Facilitator, "Focus group Piran");
        var vote = (await app.Grains.GetGrain<IWorkshopGrain>(id).GetRecord())!.Workshop.Activities[0];
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(reader);

        var response = await client.GetAsync(string.Format(CultureInfo.InvariantCulture, template, id, vote.Id));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Contains(sentence, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    /// <summary>One participant's dot votes, the first round the day before summer time begins in Ljubljana, the second the day it does.</summary>
    private static (WorkshopData Data, ActivityState Activity) AcrossSummerTime()
    {
        var item = Guid.NewGuid();
        var labels = ImmutableDictionary<string, string>.Empty.Add("en", "Listening");
        var definition = ActivityDefinition.DotVote(Guid.NewGuid(), labels, [item]);
        var activity = new ActivityState(definition, [new(item, "1.1", labels)], ActivityStatus.Closed, 2, true, false, null, TallyCounts.Empty, []);
        var participant = new ParticipantEntry(Guid.NewGuid(), "Blue Heron", null, "sl", ImmutableDictionary<string, string>.Empty, BeforeSummerTime);
        AnswerRecord Vote(int round, DateTimeOffset at) => new(at, Answer.ForDots(definition.Id, round, $"r{round}", ImmutableDictionary<Guid, int>.Empty.Add(item, 1)));
        var state = new WorkshopState { Title = "Focus group", Language = "sl", Activities = [activity] };
        return (new WorkshopData(new WorkshopRecord(state, [participant], [], ImmutableDictionary<Guid, Grains.Boards.BoardState>.Empty),
            ImmutableDictionary<Guid, ImmutableList<AnswerRecord>>.Empty.Add(participant.Id, [Vote(1, BeforeSummerTime), Vote(2, InSummerTime)])), activity);
    }

    [Fact]
    public void Times_in_europe_ljubljana_are_an_hour_ahead_of_utc_before_summer_time_and_two_in_it()
    {
        var (data, activity) = AcrossSummerTime();
        var slovenian = CultureInfo.GetCultureInfo("sl");
        var zone = ExportWords.ZoneOf("Europe/Ljubljana")!;

        var words = Encoding.UTF8.GetString(WorkshopCsv.Activity(data, activity, new ExportWords(ReportRenderingTests.Texts(slovenian), slovenian, zone))).Split("\r\n");
        var keys = Encoding.UTF8.GetString(WorkshopCsv.Activity(data, activity, new ExportWords(ReportRenderingTests.Texts(slovenian), slovenian, zone, keys: true))).Split("\r\n");

        Assert.Equal("\uFEFFPsevdonim,Čas (Europe/Ljubljana),Krog,Koda,Merilo,Vrednost,Oddani odgovori", words[0]);
        Assert.Equal(["Blue Heron,2026-03-28 13:00:00,1,1.1,Pike,1,1", "Blue Heron,2026-03-29 14:00:00,2,1.1,Pike,1,1"], words[1..3]);
        Assert.Equal("\uFEFFpseudonym,time,round,item_code,measure,value,answers", keys[0]);
        Assert.Equal(["Blue Heron,2026-03-28T13:00:00.0000000+01:00,1,1.1,dots,1,1", "Blue Heron,2026-03-29T14:00:00.0000000+02:00,2,1.1,dots,1,1"], keys[1..3]);
    }

    [Fact]
    public void The_workbook_is_valid_open_xml_with_times_as_date_cells_in_the_zone_and_the_languages_date_format()
    {
        var (data, _) = AcrossSummerTime();
        var polish = CultureInfo.GetCultureInfo("pl");

        using var document = SpreadsheetDocument.Open(new MemoryStream(WorkshopXlsx.Write(data, new ExportWords(ReportRenderingTests.Texts(polish), polish, ExportWords.ZoneOf("Europe/Ljubljana")!))), false);

        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var workbook = document.WorkbookPart!;
        var times = ((WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!)).Worksheet.Descendants<Cell>()
            .Where(c => c.StyleIndex?.Value == 1).Select(c => DateTime.FromOADate(double.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal([new DateTime(2026, 3, 28, 13, 0, 0), new DateTime(2026, 3, 29, 14, 0, 0)], times);
        Assert.Equal(WorkshopXlsx.DateTimeFormat(polish), workbook.WorkbookStylesPart!.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single().FormatCode!.Value);
    }

    [Theory]
    [InlineData("d. MM. yyyy", "HH:mm:ss", @"d\.\ mm\.\ yyyy\ hh\:mm\:ss")]
    [InlineData("M/d/yyyy", "h:mm:ss tt", @"m\/d\/yyyy\ h\:mm\:ss\ AM/PM")]
    [InlineData("yyyy'年'M'月'd'日'", "H:mm:ss", @"yyyy\年m\月d\日\ h\:mm\:ss")]
    public void A_languages_date_and_time_patterns_become_a_spreadsheet_number_format(string date, string time, string format)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.ShortDatePattern = date;
        culture.DateTimeFormat.LongTimePattern = time;

        Assert.Equal(format, WorkshopXlsx.DateTimeFormat(culture));
    }

    [Fact]
    public void Without_a_zone_in_the_request_times_are_in_the_configured_zone_else_utc_and_a_wrong_configured_zone_stops_the_server()
    {
        static IConfiguration Settings(string? zone) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Workshop:TimeZone"] = zone }).Build();

        Assert.Equal("Europe/Rome", ExportEndpoints.DefaultZone(Settings("Europe/Rome")).Id);
        Assert.Equal(TimeZoneInfo.Utc, ExportEndpoints.DefaultZone(Settings(null)));
        Assert.Contains("Workshop:TimeZone", Assert.Throws<InvalidOperationException>(() => ExportEndpoints.DefaultZone(Settings("Nowhere/Else"))).Message);
    }
}
