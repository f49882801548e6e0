using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;
using Workshop.Web.Workshops;

namespace Workshop.Web.Exports;

public static class ExportEndpoints
{
    private static readonly JsonSerializerOptions TimelineJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var frameworks = app.MapGroup("/api/frameworks").WithTags("Exports");
        frameworks.MapGet("/{id}/versions/{version:int}/csv", FrameworkCsvExport).WithName("DownloadFrameworkCsv")
            .WithSummary("Download a version as CSV").WithDescription("Columns code, parent_code, kind, then label_<lang> and description_<lang> per language; rows in tree order; a draft only for facilitators.")
            .ProducesFile(CsvType).Produces<ProblemDetails>(StatusCodes.Status404NotFound);
        frameworks.MapPost("/import/csv", FrameworkCsvImport).WithName("ImportFrameworkCsv")
            .WithSummary("Import a CSV file as a new framework").WithDescription("Facilitators: the CSV as the body or as the first file of a multipart form, in the columns the CSV download writes; a 400 lists every wrong line and nothing is imported.")
            .RequireAuthorization(p => p.RequireRole(Roles.Facilitator)).DisableAntiforgery().RequireCustomHeader()
            .AcceptsUpload<string>("text/csv")
            .Produces<ImportedFramework>(StatusCodes.Status201Created)
            .Produces<ProblemDetails>(StatusCodes.Status400BadRequest, "application/json", "application/problem+json");

        var workshops = app.MapGroup("/api/workshops/{id:guid}").WithTags("Exports").ForItsFacilitators()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/json"]));
        workshops.MapGet("/activities/{activityId:guid}/csv", ActivityCsv).WithName("DownloadActivityCsv")
            .WithSummary("Download an activity's answers as CSV").WithDescription("The workshop's facilitators: every answer, then the statistics; for an activity with a consensus rule, then its Delphi rule, rounds, items per round and reasons.")
            .ProducesFile(CsvType);
        workshops.MapGet("/xlsx", Xlsx).WithName("DownloadWorkshopXlsx")
            .WithSummary("Download a workshop's results as a workbook").WithDescription("The workshop's facilitators: a sheet per activity (answers, then statistics), a sheet per Delphi round of an activity with a consensus rule, and the participants.")
            .ProducesFile(XlsxType);
        workshops.MapGet("/timeline.csv", TimelineCsv).WithName("DownloadTimelineCsv")
            .WithSummary("Download a workshop's timeline as CSV").WithDescription("The workshop's facilitators: every event, oldest first.")
            .ProducesFile(CsvType);
        workshops.MapGet("/timeline.json", TimelineJsonExport).WithName("DownloadTimelineJson")
            .WithSummary("Download a workshop's timeline as JSON").WithDescription("The workshop's facilitators: every event, oldest first.")
            .Produces<TimelineExport>();

        // A page for people to read and print, not part of the API.
        app.MapGroup("/workshops/{id:guid}").ForItsFacilitators().MapGet("/report", Report).ExcludeFromDescription();
        return app;
    }

    private const string CsvType = "text/csv; charset=utf-8";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static IResult NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = detail, Status = 404 });

    private static async Task<IResult> FrameworkCsvExport(string id, int version, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var framework = await grains.GetGrain<IFrameworkGrain>(id).Get();
        var found = framework?.Version(version);
        if (framework is null || found is null || (!found.IsPublished && !user.CanSeeDrafts()))
            return NotFound($"Framework '{id}' has no version {version} you can read.");
        return TypedResults.File(FrameworkCsv.Write(framework, found, cancellationToken), CsvType, $"{id}-v{version}.csv");
    }

    private static async Task<IResult> FrameworkCsvImport(HttpRequest request, IGrainFactory grains, string? title, string? languages, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(title))
            return Problem([new CsvError(0, "A title is required (?title=…).")]);
        if (request.ContentLength > FrameworkCsv.MaxBytes)
            return Problem([new CsvError(0, $"The file is larger than {FrameworkCsv.MaxBytes / 1024 / 1024} MB.")]);
        Stream body = request.Body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.FirstOrDefault();
            if (file is null) return Problem([new CsvError(0, "The form has no file.")]);
            if (file.Length > FrameworkCsv.MaxBytes) return Problem([new CsvError(0, $"The file is larger than {FrameworkCsv.MaxBytes / 1024 / 1024} MB.")]);
            body = file.OpenReadStream();
        }
        var languageList = languages?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        // The body is read synchronously by the pure reader: buffer it first (bounded).
        using var buffered = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffered.Write(chunk, 0, read);
            if (buffered.Length > FrameworkCsv.MaxBytes)
                return Problem([new CsvError(0, $"The file is larger than {FrameworkCsv.MaxBytes / 1024 / 1024} MB.")]);
        }
        buffered.Position = 0;

        FrameworkDefinition definition;
        try
        {
            definition = FrameworkCsv.Read(buffered, FrameworkIds.Slug(title), title, languageList);
        }
        catch (FrameworkCsvException e)
        {
            return Problem(e.Errors);
        }
        var id = await FrameworkIds.ImportAsNew(grains, definition);
        return TypedResults.Created($"/api/frameworks/{id}/versions/1", new ImportedFramework(id, 1, FrameworkDefinitions.Count(definition.Items)));
    }

    public sealed record TimelineExport(Guid Workshop, string Title, IReadOnlyList<TimelineEvent> Events);

    public sealed record ImportedFramework(string Id, int Version, int Items);

    private static IResult Problem(IReadOnlyList<CsvError> errors)
    {
        var problem = new ProblemDetails
        {
            Title = "The CSV file cannot be imported",
            Detail = string.Join(" ", errors.Select(e => e.ToString())),
            Status = 400,
        };
        problem.Extensions["errors"] = errors.Select(e => new { line = e.Line, message = e.Message }).ToList();
        return TypedResults.BadRequest(problem);
    }

    private static async Task<IResult> ActivityCsv(Guid id, Guid activityId, IGrainFactory grains)
    {
        var data = await WorkshopData.Load(grains, id);
        var activity = data?.State.Activity(activityId);
        if (data is null || activity is null) return NotFound($"Workshop '{id}' has no activity '{activityId}'.");
        var text = new StringBuilder();
        var raw = WorkshopTables.RawAnswers(data, activity);
        Write(text, raw);
        text.Append("\r\n");
        Csv.WriteRow(text, ["statistics"]);
        Write(text, WorkshopTables.Statistics(data, activity));
        if (DelphiTables.Rounds(activity) is { Count: > 0 } rounds)
            foreach (var (title, table) in new[]
            {
                ("delphi_rule", DelphiTables.Rule(activity)), ("delphi_rounds", DelphiTables.RoundSummary(rounds)),
                ("delphi_items", DelphiTables.Items(data, activity, rounds)), ("delphi_reasons", DelphiTables.Reasons(activity, rounds)),
            })
            {
                text.Append("\r\n");
                Csv.WriteRow(text, [title]);
                Write(text, table);
            }
        return TypedResults.File(Csv.ToBytes(text), CsvType, $"workshop-{id:N}-activity-{activityId:N}.csv");
    }

    private static void Write(StringBuilder text, Table table)
    {
        Csv.WriteRow(text, table.Headers);
        foreach (var row in table.Rows) Csv.WriteRow(text, row.Select(WorkshopTables.Cell));
    }

    private static async Task<IResult> Xlsx(Guid id, IGrainFactory grains)
    {
        var data = await WorkshopData.Load(grains, id);
        if (data is null) return NotFound($"No workshop '{id}'.");
        return TypedResults.File(WorkshopXlsx.Write(data), XlsxType, $"workshop-{id:N}.xlsx");
    }

    private static async Task<IResult> TimelineCsv(Guid id, IGrainFactory grains)
    {
        var record = await grains.GetGrain<IWorkshopGrain>(id).GetRecord();
        if (record is null) return NotFound($"No workshop '{id}'.");
        var text = new StringBuilder();
        Csv.WriteRow(text, ["at", "kind", "participant", "activity", "round", "detail"]);
        foreach (var e in record.Timeline)
            Csv.WriteRow(text, [e.At.UtcDateTime.ToString("o", CultureInfo.InvariantCulture), e.Kind, e.Participant, e.Activity?.ToString(), e.Round?.ToString(CultureInfo.InvariantCulture), e.Detail]);
        return TypedResults.File(Csv.ToBytes(text), CsvType, $"workshop-{id:N}-timeline.csv");
    }

    private static async Task<IResult> TimelineJsonExport(Guid id, IGrainFactory grains)
    {
        var record = await grains.GetGrain<IWorkshopGrain>(id).GetRecord();
        if (record is null) return NotFound($"No workshop '{id}'.");
        var json = JsonSerializer.SerializeToUtf8Bytes(new TimelineExport(record.Workshop.Id, record.Workshop.Title, record.Timeline), TimelineJson);
        return TypedResults.File(json, "application/json; charset=utf-8", $"workshop-{id:N}-timeline.json");
    }

    /// <summary>The languages a report prints in; a text not yet translated falls back to English.</summary>
    public static readonly string[] ReportLanguages = ["sl", "en", "it", "fr", "pl", "zh"];

    /// <summary>The report in <paramref name="lang"/> when it is one of <see cref="ReportLanguages"/>, else in the reader's interface language.</summary>
    private static async Task<IResult> Report(Guid id, string? lang, IGrainFactory grains, IStringLocalizer<SharedResource> localizer, TimeProvider clock)
    {
        var data = await WorkshopData.Load(grains, id);
        if (data is null) return NotFound($"No workshop '{id}'.");
        if (lang is not null && ReportLanguages.Contains(lang))
            // Simplified Chinese: zh-Hans reads zh-Hans and zh resources alike; the texts are looked up in the UI culture.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(lang == "zh" ? "zh-Hans" : lang);
        return TypedResults.Content(WorkshopReport.Render(data, localizer, CultureInfo.CurrentCulture, clock.GetUtcNow()), "text/html; charset=utf-8");
    }
}
