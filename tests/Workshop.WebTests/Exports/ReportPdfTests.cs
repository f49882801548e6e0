using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Workshop.Web;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Exports;

/// <summary>
/// The report as a facilitator prints it: fetched as they fetch it, printed to an A4 PDF by Chromium, read back with
/// pdftotext (poppler-utils). The PDFs stay in the test output's reports folder, to look at.
/// </summary>
public sealed class ReportPdfTests(ExportTestsApp app, Chromium chromium) : IClassFixture<ExportTestsApp>, IClassFixture<Chromium>
{
    private const string Facilitator = "report-facilitator@example.org";

    /// <summary>The app's texts in <paramref name="language"/>: its resx where there is one, English where a text is not translated yet.</summary>
    private static IStringLocalizer Texts(string language)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language == "zh" ? "zh-Hans" : language);
        return new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(SharedResource));
    }

    [Theory]
    [InlineData("sl")]
    [InlineData("en")]
    [InlineData("it")]
    [InlineData("fr")]
    [InlineData("pl")]
    [InlineData("zh")]
    public async Task The_report_prints_to_an_a4_pdf_with_the_headings_charts_and_tables_in_the_chosen_language(string language)
    {
        var id = await ReportWorkshop.Run(app.Grains, Facilitator, $"Focus group {language}");
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);
        var html = await client.GetStringAsync($"/workshops/{id}/report?lang={language}");

        var page = await chromium.NewPage(language);
        await page.SetContentAsync(html);
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "reports")).FullName;
        var pdf = Path.Combine(folder, $"report-{language}.pdf");
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        await page.Context.CloseAsync();

        var text = Squeeze(await PdfText(pdf));
        var l = Texts(language);
        foreach (var key in new[] { "Agenda", "Activity", "Duration", "Column.dots", "Column.borda", "Column.votes", "Column.item_code", "Importance", "Need for further development", "ActivityKind.Ranking" })
            Assert.True(text.Contains(Squeeze(l[key]), StringComparison.Ordinal), $"The {language} PDF lacks \"{l[key]}\" ({key}).");
        Assert.Contains("Mentoring", text);
        Assert.DoesNotContain("importance", text);
        Assert.DoesNotContain("0.3333", text);
        Assert.Equal("A4", await PageSize(pdf));
    }

    /// <summary>Without spaces and line breaks: a heading may wrap, and pdftotext may space CJK letters.</summary>
    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static Task<string> PdfText(string pdf) => Poppler("pdftotext", [pdf, "-"]);

    private static async Task<string> PageSize(string pdf)
    {
        var info = await Poppler("pdfinfo", [pdf]);
        // A4 is 595.28 x 841.89 pt; pdfinfo names it.
        return info.Contains("(A4)", StringComparison.Ordinal) ? "A4" : info;
    }

    private static async Task<string> Poppler(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} (poppler-utils) did not start: apt-get install poppler-utils.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
