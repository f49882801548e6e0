using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Web.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Exports;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Exports;

/// <summary>
/// The app with a test-only sign-in (GET /test/sign-in?email=…&amp;role=…) that issues the real Identity cookie
/// through SignInManager, so the exports are called exactly as a signed-in facilitator's browser would.
/// </summary>
public sealed class ExportTestsApp : WorkshopApp, IAsyncLifetime
{
    public ExportTestsApp() : base(new Dictionary<string, string?>
    {
        ["Workshop:Administrator:Email"] = "owner@example.org",
        ["Workshop:Administrator:Password"] = "correct-horse-42",
    })
    {
    }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestSignIn>());
    }

    /// <summary>
    /// A client signed in as <paramref name="email"/> (made with <paramref name="role"/> when new), or as a new user of the role;
    /// it sends the header that imports require, as scripts and the product's own callers do.
    /// </summary>
    public async Task<HttpClient> SignedIn(string role, string? email = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(CrossSiteGuard.Header, "XMLHttpRequest");
        var response = await client.GetAsync($"/test/sign-in?email={Uri.EscapeDataString(email ?? $"{role}-{Guid.NewGuid():N}@example.org")}&role={role}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private sealed class TestSignIn : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (!context.Request.Path.Equals("/test/sign-in"))
                {
                    await nextMiddleware();
                    return;
                }
                var email = context.Request.Query["email"].ToString();
                var role = context.Request.Query["role"].ToString();
                var users = context.RequestServices.GetRequiredService<UserManager<IdentityUser>>();
                var user = await users.FindByEmailAsync(email);
                if (user is null)
                {
                    user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
                    var created = await users.CreateAsync(user, "correct-horse-42");
                    if (!created.Succeeded) throw new InvalidOperationException(string.Join(", ", created.Errors.Select(e => e.Description)));
                    if (role.Length > 0) await users.AddToRoleAsync(user, role);
                }
                await context.RequestServices.GetRequiredService<SignInManager<IdentityUser>>().SignInAsync(user, isPersistent: false);
                context.Response.StatusCode = 200;
            });
            next(app);
        };
    }
}

public sealed class ExportTests(ExportTestsApp app) : IClassFixture<ExportTestsApp>
{
    private const string FrameworkId = "community-network-coordinator";
    private const string Facilitator = "facilitator@example.org";

    private static readonly System.Globalization.CultureInfo English = System.Globalization.CultureInfo.GetCultureInfo("en");

    private static ImmutableDictionary<string, string> Title(string en) => ImmutableDictionary<string, string>.Empty.Add("en", en);

    // ---- framework CSV ----

    [Fact]
    public async Task A_seed_framework_exported_as_csv_and_imported_again_has_the_same_tree()
    {
        var client = await app.SignedIn(Roles.Facilitator);
        var export = await client.GetAsync($"/api/frameworks/{FrameworkId}/versions/1/csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var original = (await app.Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!;
        var header = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[0];
        Assert.Equal("code,parent_code,kind," + string.Join(",", original.Languages.Select(l => $"label_{l},description_{l}")), header);

        var import = await client.PostAsync($"/api/frameworks/import/csv?title={Uri.EscapeDataString("Koordinator mreže (uvoz)")}&languages={string.Join(",", original.Languages)}",
            new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var imported = (await import.Content.ReadFromJsonAsync<ExportEndpoints.ImportedFramework>())!;
        Assert.NotEqual(FrameworkId, imported.Id);

        var copy = (await app.Grains.GetGrain<IFrameworkGrain>(imported.Id).Get())!;
        Assert.Equal(original.Languages, copy.Languages);
        Assert.Equal(Tree(original.Version(1)!), Tree(copy.Version(1)!));
        Assert.Contains(imported.Id, await app.Grains.GetGrain<IFrameworkRegistryGrain>(0).List());
    }

    /// <summary>The tree in order: code, parent code, kind, labels and descriptions.</summary>
    private static List<string> Tree(FrameworkVersion version)
    {
        var lines = new List<string>();
        void Walk(Guid? parent, string parentCode)
        {
            foreach (var item in version.Children(parent))
            {
                lines.Add($"{item.Code}|{parentCode}|{item.Kind}|{string.Join(";", item.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))}|{string.Join(";", item.Descriptions.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))}");
                Walk(item.Id, item.Code);
            }
        }
        Walk(null, "");
        return lines;
    }

    [Fact]
    public async Task Formulas_in_a_framework_come_out_of_the_csv_export_as_text_and_import_back_as_written()
    {
        var client = await app.SignedIn(Roles.Facilitator);
        string[] labels = ["=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-2+3 more", "'=already quoted", "-3"];
        // Written as an export writes them: the import reads a guarded cell back as the original text.
        var csv = "code,parent_code,kind,label_en\n" + string.Join("", labels.Select((l, i) => $"{i},,domain,{FormulaGuard.Neutralise(l)}\n"));
        var imported = await client.PostAsync($"/api/frameworks/import/csv?title=Formulas {Guid.NewGuid():N}", new StringContent(csv));
        var id = (await imported.Content.ReadFromJsonAsync<ExportEndpoints.ImportedFramework>())!.Id;
        Assert.Equal(labels, (await app.Grains.GetGrain<IFrameworkGrain>(id).Get())!.Version(1)!.InTreeOrder().Select(i => i.Item.Labels["en"]));

        var export = await client.GetByteArrayAsync($"/api/frameworks/{id}/versions/1/csv");
        var again = await client.PostAsync($"/api/frameworks/import/csv?title=Formulas again {Guid.NewGuid():N}", new ByteArrayContent(export));

        var cells = Encoding.UTF8.GetString(export[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(row => row.Split(',', 4)[3]).ToList();
        Assert.Equal(["'=cmd|' /C calc'!A0,", "'@SUM(1+1),", "'+1+1,", "'-2+3 more,", "''=already quoted,", "-3,"], cells);
        var copy = (await app.Grains.GetGrain<IFrameworkGrain>((await again.Content.ReadFromJsonAsync<ExportEndpoints.ImportedFramework>())!.Id).Get())!;
        Assert.Equal(labels, copy.Version(1)!.InTreeOrder().Select(i => i.Item.Labels["en"]));
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=x", "'\r=x")]
    [InlineData("-", "'-")]
    [InlineData("+3.5", "+3.5")]
    [InlineData("''@x", "'''@x")]
    [InlineData("Plain 'text'", "Plain 'text'")]
    [InlineData("", "")]
    public void The_one_formula_guard_of_every_export_turns_formulas_into_text_and_reading_back_undoes_it(string text, string exported)
    {
        Assert.Equal(exported, FormulaGuard.Neutralise(text));
        Assert.Equal(text, FormulaGuard.Restore(FormulaGuard.Neutralise(text)));
    }

    [Theory]
    [InlineData("code,parent_code,kind,label_sl\nA,,domain,Področje\nB,X,competency,Kompetenca\n", 3, "Unknown parent")]
    [InlineData("code,parent_code,kind,label_sl\nA,B,domain,Področje\nB,A,competency,Kompetenca\n", 2, "cycle")]
    [InlineData("code,parent_code,kind,label_sl\nA,,domain,Področje\nA,,domain,Spet\n", 3, "Duplicate code")]
    [InlineData("code,parent_code,kind,label_sl,label_en\nA,,domain,,Domain\n", 2, "first language")]
    [InlineData("code,parent_code,kind,label_sl\nA,,planet,Področje\n", 2, "Unknown kind")]
    public async Task A_faulty_csv_is_refused_with_the_line_and_imports_nothing(string csv, int line, string message)
    {
        var client = await app.SignedIn(Roles.Facilitator);
        var title = $"Faulty {Guid.NewGuid():N}";
        var before = await app.Grains.GetGrain<IFrameworkRegistryGrain>(0).List();

        var response = await client.PostAsync($"/api/frameworks/import/csv?title={title}", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() == line && e.GetProperty("message").GetString()!.Contains(message, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, await app.Grains.GetGrain<IFrameworkRegistryGrain>(0).List());
        Assert.Null(await app.Grains.GetGrain<IFrameworkGrain>(FrameworkIds.Slug(title)).Get() is { Exists: true } ? "imported" : null);
    }

    [Fact]
    public async Task A_file_over_five_megabytes_is_refused()
    {
        var client = await app.SignedIn(Roles.Facilitator);
        var big = new byte[FrameworkCsv.MaxBytes + 10];
        Array.Fill(big, (byte)'a');
        var response = await client.PostAsync("/api/frameworks/import/csv?title=Big", new ByteArrayContent(big));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("5 MB", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_facilitators_import()
    {
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await anonymous.PostAsync("/api/frameworks/import/csv?title=X", new StringContent("code,parent_code,kind,label_sl\nA,,domain,A\n"));
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.Forbidden, response.StatusCode.ToString());
    }

    [Fact]
    public void The_pure_reader_keeps_quoted_commas_quotes_and_line_breaks_and_counts_lines_of_multi_line_fields()
    {
        var csv = "\uFEFFcode,parent_code,kind,label_sl,description_sl\r\nA,,domain,\"Vodenje, sodelovanje\",\"Prva vrstica\nDruga \"\"vrstica\"\"\"\r\nB,A,competency,Kompetenca č,\r\nB,,competency,Dvojnik,\r\n";
        var error = Assert.Throws<FrameworkCsvException>(() => FrameworkCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "x", "X"));
        Assert.Equal(5, Assert.Single(error.Errors).Line);

        var definition = FrameworkCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv[..csv.LastIndexOf("B,,", StringComparison.Ordinal)])), "x", "X");
        var root = Assert.Single(definition.Items);
        Assert.Equal("Vodenje, sodelovanje", root.Labels["sl"]);
        Assert.Equal("Prva vrstica\nDruga \"vrstica\"", root.Descriptions!["sl"]);
        Assert.Equal("Kompetenca č", Assert.Single(root.Children!).Labels["sl"]);
    }

    [Fact]
    public void Sheet_names_are_at_most_31_characters_without_forbidden_characters_and_unique()
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var first = WorkshopXlsx.SheetName("1 Which competencies: matter [most]? / really", taken);
        var second = WorkshopXlsx.SheetName("1 Which competencies: matter [most]? / really", taken);
        Assert.True(first.Length <= 31 && second.Length <= 31);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain(first, c => "[]:*?/\\".Contains(c));
    }

    // ---- workshop outcomes ----

    private sealed record Run(Guid Id, ActivityDefinition Vote, ActivityDefinition Rating, ImmutableList<FrameworkItem> Items, List<string> Pseudonyms);

    /// <summary>A short workshop: a dot vote and a rating, three participants with segments, both activities closed.</summary>
    private async Task<Run> RunWorkshop(string title)
    {
        var id = Guid.NewGuid();
        var grain = app.Grains.GetGrain<IWorkshopGrain>(id);
        var segments = ImmutableList.Create(new SegmentQuestion("country", Title("Country"), ["SI", "HR"]));
        await grain.Create(new CreateWorkshop(title, FrameworkId, 1, Facilitator, "en", segments));
        await grain.Start();
        var framework = (await app.Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get())!;
        var items = framework.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(4).ToImmutableList();

        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), Title("Key <b>competencies</b>"), items.Select(i => i.Id), budget: 5, maxPerItem: 2);
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), Title("Rate them"), items.Take(2).Select(i => i.Id));
        await grain.AddActivity(vote);
        await grain.AddActivity(rating);

        var phones = new List<Guid>();
        foreach (var country in new[] { "SI", "HR", "SI" })
            phones.Add((await grain.JoinMany([new JoinRequest($"Secret Name {country}", "en", ImmutableDictionary<string, string>.Empty.Add("country", country))]))[0].Joined!.ParticipantId);

        await grain.OpenActivity(vote.Id);
        var n = 0;
        // The first participant changes its mind once: only the answer it ends with is exported, with the count of answers.
        Assert.True((await app.Grains.GetGrain<IParticipantGrain>(phones[0]).Submit(Answer.ForDots(vote.Id, 1, "changed",
            ImmutableDictionary<Guid, int>.Empty.Add(items[3].Id, 2)))).Accepted);
        foreach (var phone in phones)
        {
            var ack = await app.Grains.GetGrain<IParticipantGrain>(phone).Submit(Answer.ForDots(vote.Id, 1, $"c{n++}",
                ImmutableDictionary<Guid, int>.Empty.Add(items[0].Id, 2).Add(items[1].Id, 1)));
            Assert.True(ack.Accepted, ack.Message);
        }
        await grain.CloseActivity(vote.Id);

        await grain.OpenActivity(rating.Id);
        foreach (var (phone, value) in phones.Zip([5, 4, 3]))
        {
            var ratings = ImmutableDictionary<string, ImmutableDictionary<Guid, int>>.Empty
                .Add("importance", ImmutableDictionary<Guid, int>.Empty.Add(items[0].Id, value));
            var ack = await app.Grains.GetGrain<IParticipantGrain>(phone).Submit(Answer.ForRatings(rating.Id, 1, $"r{n++}", ratings));
            Assert.True(ack.Accepted, ack.Message);
        }
        await grain.CloseActivity(rating.Id);

        var record = (await grain.GetRecord())!;
        return new Run(id, vote, rating, items, record.Participants.Select(p => p.Pseudonym).ToList());
    }

    [Fact]
    public async Task The_workbook_has_a_sheet_per_activity_with_pseudonymous_answers_and_statistics()
    {
        var run = await RunWorkshop("Focus group Koper");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);

        var response = await client.GetAsync($"/api/workshops/{run.Id}/xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(3, sheets.Count);
        Assert.All(sheets, s => Assert.True(s.Name!.Value!.Length <= 31));
        Assert.Equal(sheets.Count, sheets.Select(s => s.Name!.Value).Distinct().Count());
        Assert.Equal("Participants", sheets[2].Name!.Value);
        Assert.Equal("Dot vote", Rows(sheets[0])[0][1]);

        List<List<string>> Rows(Sheet sheet) => ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();

        var vote = Rows(sheets[0]);
        var all = vote.SelectMany(r => r).ToList();
        Assert.DoesNotContain(all, c => c.Contains("Secret Name"));
        foreach (var pseudonym in run.Pseudonyms) Assert.Contains(pseudonym, all);
        var header = vote.SkipWhile(r => r.FirstOrDefault() != "Raw answers").Skip(1).First();
        Assert.Equal(["Pseudonym", "Country", "Time (UTC)", "Round", "Code", "Measure", "Value", "Answers given"], header);
        var raw = vote.Where(r => run.Pseudonyms.Contains(r.FirstOrDefault() ?? "")).ToList();
        Assert.Equal(6, raw.Count);
        Assert.Equal(3, raw.Count(r => r[4] == run.Items[0].Code && r[5] == "Dots" && r[6] == "2"));
        Assert.DoesNotContain(raw, r => r[4] == run.Items[3].Code);
        Assert.Equal(["2", "2", "1", "1", "1", "1"], raw.Select(r => r[7]));
        var statistics = vote.SkipWhile(r => r.FirstOrDefault() != "Statistics").Skip(1).ToList();
        Assert.Equal(["Round", "Rank", "Code", "Item", "Dots", "Voters", "Share", "Respondents"], statistics[0]);
        Assert.Contains(statistics, r => r.Count > 5 && r[2] == run.Items[0].Code && r[1] == "1" && r[4] == "6" && r[5] == "3");

        var rating = Rows(sheets[1]).SkipWhile(r => r.FirstOrDefault() != "Statistics").ToList();
        Assert.Contains(rating, r => r.Count > 5 && r[1] == run.Items[0].Code && r[3] == "Importance" && r[4] == "3" && r[5] == "4");

        var participants = Rows(sheets[2]);
        Assert.Equal(["Pseudonym", "Country", "Language", "Joined at (UTC)"], participants[0]);
        Assert.Equal(run.Pseudonyms.Order(), participants.Skip(1).Select(r => r[0]).Order());
        Assert.DoesNotContain(participants.SelectMany(r => r), c => c.Contains("Secret Name"));
    }

    [Fact]
    public async Task The_activity_csv_with_headers_keys_has_the_machine_keys_one_row_per_item_value_and_the_statistics()
    {
        var run = await RunWorkshop("Focus group Celje");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);

        var response = await client.GetAsync($"/api/workshops/{run.Id}/activities/{run.Vote.Id}/csv?headers=keys&lang=pl&tz=Europe/Warsaw");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFFpseudonym,segment_country,time,round,item_code,measure,value,answers\r\n", text);
        Assert.Equal(6, text.Split("\r\n").Count(l => run.Pseudonyms.Any(p => l.StartsWith(p + ",", StringComparison.Ordinal))));
        Assert.Contains("\r\nstatistics\r\nround,rank,item_code,item,dots,voters,share,respondents\r\n", text);
        Assert.Matches(@"\r\n[^,]+,SI,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+0[12]:00,1,[^,]+,dots,2,\d\r\n", text);
        Assert.DoesNotContain("Secret Name", text);
    }

    [Fact]
    public async Task The_timeline_exports_hold_the_events()
    {
        var run = await RunWorkshop("Focus group Kranj");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);
        var state = (await app.Grains.GetGrain<IWorkshopGrain>(run.Id).GetRecord())!;
        Assert.NotEmpty(state.Timeline);

        var csv = await client.GetStringAsync($"/api/workshops/{run.Id}/timeline.csv?headers=keys");
        var json = JsonDocument.Parse(await client.GetStringAsync($"/api/workshops/{run.Id}/timeline.json"));

        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,kind,participant,activity,round,detail", lines[0]);
        Assert.Equal(state.Timeline.Count, lines.Length - 1);
        foreach (var kind in state.Timeline.Select(e => e.Kind).Distinct()) Assert.Contains($",{kind},", csv);
        Assert.Contains(lines, l => l.Contains(run.Vote.Id.ToString()));
        var events = json.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(state.Timeline.Count, events.Count);
        Assert.Equal(state.Timeline.Select(e => e.Kind), events.Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task The_report_shows_the_statistics_and_escapes_markup()
    {
        var run = await RunWorkshop("Focus <script>alert(1)</script> Ptuj");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);

        var response = await client.GetAsync($"/workshops/{run.Id}/report");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>competencies</b>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("@media print", html);
        Assert.Contains("<th class=\"num\">Dots</th>", html);
        Assert.Contains("<th class=\"num\">Mean</th>", html);
        Assert.Contains($"<td class=\"code\">{run.Items[0].Code}</td>", html);
        Assert.Contains("<td class=\"num\">6</td>", html);
        Assert.Contains("<svg class=\"chart\"", html);
        Assert.Contains("Rate them", html);
    }

    [Fact]
    public async Task The_report_is_in_the_readers_interface_language_with_item_labels_in_the_workshops()
    {
        var run = await RunWorkshop("Fokusna skupina Nova Gorica");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("sl-SI");

        var html = await client.GetStringAsync($"/workshops/{run.Id}/report");

        Assert.Contains("<h2>Program</h2>", html);
        Assert.Contains("<th class=\"num\">Pike</th>", html);
        Assert.Contains("<th class=\"num\">Povprečje</th>", html);
        Assert.Contains("Udeleženci: 3", html);
        Assert.Contains("Natisni / PDF", html);
        Assert.Contains(run.Items[0].Labels["en"], html);
    }

    [Fact]
    public async Task A_delphi_activity_downloads_with_a_workbook_sheet_per_round_and_its_csv_has_a_row_per_item_and_round()
    {
        var (id, activity) = await DelphiWorkshop.Run(app.Grains, Facilitator, "Delphi Koper");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);

        using var document = SpreadsheetDocument.Open(new MemoryStream(await client.GetByteArrayAsync($"/api/workshops/{id}/xlsx")), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["1 Delphi rating", "1 Delphi round 1 Delphi rating", "1 Delphi round 2 Delphi rating", "Participants"], sheets.Select(s => s.Name!.Value));
        foreach (var (sheet, round) in sheets.Skip(1).Take(2).Zip(activity.DelphiRounds!))
        {
            var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
            var items = rows.SkipWhile(r => r.FirstOrDefault() != "Items").Skip(1).TakeWhile(r => r.Count > 0).ToList();
            Assert.Equal(["Round", "Code", "Item", "Scale", "n", "Agreement", "Disagreement", "Median", "IQR", "Status", "Moved", "Change in median", "Change in IQR"], items[0]);
            string[] statuses = ["no consensus", "consensus in", "consensus out"];
            Assert.Equal(round.Consensus.Select(c => (round.Round.ToString(), c.N.ToString(), statuses[(int)c.Status])), items.Skip(1).Select(r => (r[0], r[4], r[9])));
            var summary = rows.SkipWhile(r => r.FirstOrDefault() != "Rounds").Skip(2).First();
            Assert.Equal([round.Round.ToString(), "2", "5", "5", "1"], summary.Take(5));
        }

        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/api/workshops/{id}/activities/{activity.Id}/csv?headers=keys"));
        Assert.Contains("\r\ndelphi_rule\r\nmin_agreement,max_iqr,min_n,stable_below\r\n0.75,1,5,0.15\r\n", csv);
        var itemRows = csv[csv.IndexOf("delphi_items", StringComparison.Ordinal)..].Split("\r\n").Skip(2).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(4, itemRows.Count);
        Assert.Contains("\r\ndelphi_rounds\r\n", csv);
    }

    [Fact]
    public async Task The_report_of_a_delphi_activity_cites_the_rule_the_rounds_and_each_items_figures_per_round()
    {
        var (id, activity) = await DelphiWorkshop.Run(app.Grains, Facilitator, "Delphi Izola");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);

        var html = await client.GetStringAsync($"/workshops/{id}/report");

        Assert.Contains("<h3>Delphi rounds</h3>", html);
        Assert.Contains("agreement at least 75% (top two points of the scale), IQR at most 1, at least 5 answers", html);
        Assert.Contains("Rounds: 2.", html);
        Assert.Contains("<figcaption>Importance · Round 2</figcaption>", html);
        Assert.Contains("<td class=\"num\">5</td><td class=\"num\">100%</td>", html);
        foreach (var item in activity.Items)
        {
            var section = html[html.IndexOf($"data-item=\"{item.Code}\"", StringComparison.Ordinal)..];
            Assert.Contains($"<title>{item.Code}: IQR by round</title>", section);
            foreach (var round in activity.DelphiRounds!)
            {
                var c = round.Consensus.Single(x => x.Item == item.Id);
                Assert.Contains($"<td class=\"num\">{round.Round}</td><td class=\"st-{ConsensusAt.CodeOf(c.Status)}\">", section);
                Assert.Contains($"<td class=\"num\">{c.Median?.ToString("0.##", English)}</td><td class=\"num\">{c.Iqr?.ToString("0.##", English)}</td>", section);
            }
        }
    }

    [Theory]
    [InlineData("/api/workshops/{0}/xlsx")]
    [InlineData("/api/workshops/{0}/timeline.csv")]
    [InlineData("/api/workshops/{0}/timeline.json")]
    [InlineData("/api/workshops/{0}/activities/{1}/csv")]
    [InlineData("/workshops/{0}/report")]
    public async Task Only_the_workshops_facilitators_and_administrators_get_its_data(string template)
    {
        var run = await RunWorkshop("Focus group Maribor");
        var path = string.Format(template, run.Id, run.Vote.Id);

        var anonymous = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, anonymous.StatusCode.ToString());
        if (anonymous.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/account/login", anonymous.Headers.Location!.OriginalString);
        Assert.DoesNotContain(run.Pseudonyms[0], await anonymous.Content.ReadAsStringAsync());

        var plainUser = await (await app.SignedIn("")).GetAsync(path);
        Assert.True(plainUser.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, plainUser.StatusCode.ToString());
        Assert.DoesNotContain(run.Pseudonyms[0], await plainUser.Content.ReadAsStringAsync());

        var colleague = $"colleague-{Guid.NewGuid():N}@example.org";
        var otherFacilitator = await (await app.SignedIn(Roles.Facilitator, colleague)).GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, otherFacilitator.StatusCode);
        var refusal = await otherFacilitator.Content.ReadAsStringAsync();
        Assert.Contains("Only this workshop's facilitators", refusal);
        Assert.DoesNotContain(run.Pseudonyms[0], refusal);

        await app.Grains.GetGrain<IWorkshopGrain>(run.Id).AddFacilitator(Facilitator, colleague);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedIn(Roles.Facilitator, colleague)).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedIn(Roles.Administrator, "owner@example.org")).GetAsync(path)).StatusCode);
    }
}
