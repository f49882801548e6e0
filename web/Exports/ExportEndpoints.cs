using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Frameworks;
using Workshop.Web.Hosting;
using Workshop.Web.Identity;
using Workshop.Web.Localization;
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
        // A wrong configured zone stops the server at start-up rather than every download.
        _ = DefaultZone(app.ServiceProvider.GetRequiredService<IConfiguration>());
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
            .WithSummary("Download an activity's answers as CSV (?lang=, ?tz=, ?headers=keys)").WithDescription("The workshop's facilitators: every answer, then the statistics; for an activity with a consensus rule, then its Delphi rule, rounds, items per round and reasons. "
                + Wording + " With headers=keys the headers, section titles and names in cells are the stable English machine keys (pseudonym, item_code, measure = dots, rank, importance, …) and times ISO 8601 with their offset, for scripts, R and pandas.")
            .ProducesFile(CsvType).Produces<ProblemDetails>(StatusCodes.Status400BadRequest);
        workshops.MapGet("/xlsx", Xlsx).WithName("DownloadWorkshopXlsx")
            .WithSummary("Download a workshop's results as a workbook (?lang=, ?tz=)").WithDescription("The workshop's facilitators: a sheet per activity (answers, then statistics), a sheet per Delphi round of an activity with a consensus rule, and the participants. "
                + Wording + " Numbers are number cells, shares percentages and times date cells in the language's format.")
            .ProducesFile(XlsxType).Produces<ProblemDetails>(StatusCodes.Status400BadRequest);
        workshops.MapGet("/timeline.csv", TimelineCsv).WithName("DownloadTimelineCsv")
            .WithSummary("Download a workshop's timeline as CSV (?lang=, ?tz=, ?headers=keys)").WithDescription("The workshop's facilitators: every event, oldest first. "
                + Wording + " With headers=keys the headers are the stable keys at, kind, participant, activity, round, detail and times ISO 8601 with their offset.")
            .ProducesFile(CsvType).Produces<ProblemDetails>(StatusCodes.Status400BadRequest);
        workshops.MapGet("/timeline.json", TimelineJsonExport).WithName("DownloadTimelineJson")
            .WithSummary("Download a workshop's timeline as JSON").WithDescription("The workshop's facilitators: every event, oldest first; times in UTC.")
            .Produces<TimelineExport>();

        // A page for people to read and print, not part of the API.
        app.MapGroup("/workshops/{id:guid}").ForItsFacilitators().MapGet("/report", Report).ExcludeFromDescription();
        return app;
    }

    private const string Wording = "Headers, section titles and names (measures, scales, statuses, kinds) are in the language lang (sl, en, it, fr, pl or zh; "
        + "default the workshop's language), times in the IANA time zone tz (e.g. Europe/Ljubljana; default the server's Workshop:TimeZone, else UTC), named in the time columns' headers; "
        + "an unknown lang, tz or headers value is refused with a 400 that says why.";

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

    private static async Task<IResult> ActivityCsv(Guid id, Guid activityId, string? lang, string? tz, string? headers, IGrainFactory grains, IStringLocalizer<SharedResource> l, IConfiguration configuration)
    {
        var data = await WorkshopData.Load(grains, id);
        var activity = data?.State.Activity(activityId);
        if (data is null || activity is null) return NotFound($"Workshop '{id}' has no activity '{activityId}'.");
        var (words, refusal) = Words(lang, tz, headers, data.Language, l, configuration);
        return refusal ?? TypedResults.File(WorkshopCsv.Activity(data, activity, words!), CsvType, $"workshop-{id:N}-activity-{activityId:N}.csv");
    }

    private static async Task<IResult> Xlsx(Guid id, string? lang, string? tz, IGrainFactory grains, IStringLocalizer<SharedResource> l, IConfiguration configuration)
    {
        var data = await WorkshopData.Load(grains, id);
        if (data is null) return NotFound($"No workshop '{id}'.");
        var (words, refusal) = Words(lang, tz, null, data.Language, l, configuration);
        return refusal ?? TypedResults.File(WorkshopXlsx.Write(data, words!), XlsxType, $"workshop-{id:N}.xlsx");
    }

    private static async Task<IResult> TimelineCsv(Guid id, string? lang, string? tz, string? headers, IGrainFactory grains, IStringLocalizer<SharedResource> l, IConfiguration configuration)
    {
        var record = await grains.GetGrain<IWorkshopGrain>(id).GetRecord();
        if (record is null) return NotFound($"No workshop '{id}'.");
        var (words, refusal) = Words(lang, tz, headers, record.Workshop.Language, l, configuration);
        return refusal ?? TypedResults.File(WorkshopCsv.Timeline(record, words!), CsvType, $"workshop-{id:N}-timeline.csv");
    }

    private static async Task<IResult> TimelineJsonExport(Guid id, IGrainFactory grains)
    {
        var record = await grains.GetGrain<IWorkshopGrain>(id).GetRecord();
        if (record is null) return NotFound($"No workshop '{id}'.");
        var json = JsonSerializer.SerializeToUtf8Bytes(new TimelineExport(record.Workshop.Id, record.Workshop.Title, record.Timeline), TimelineJson);
        return TypedResults.File(json, "application/json; charset=utf-8", $"workshop-{id:N}-timeline.json");
    }

    /// <summary>The report in <paramref name="lang"/>, else in the reader's interface language; times in <paramref name="tz"/>.</summary>
    private static async Task<IResult> Report(Guid id, string? lang, string? tz, IGrainFactory grains, IStringLocalizer<SharedResource> l, IConfiguration configuration, TimeProvider clock)
    {
        var data = await WorkshopData.Load(grains, id);
        if (data is null) return NotFound($"No workshop '{id}'.");
        var (words, refusal) = Words(lang, tz, null, WorkshopLocalization.Current, l, configuration);
        return refusal ?? TypedResults.Content(WorkshopReport.Render(data, l, words!.Culture, words.Zone, clock.GetUtcNow()), "text/html; charset=utf-8");
    }

    /// <summary>
    /// How a download is worded: in <paramref name="lang"/> (else <paramref name="fallbackLanguage"/>, else English), times in
    /// <paramref name="tz"/> (else <see cref="DefaultZone"/>), with the machine keys when <paramref name="headers"/> is "keys".
    /// A wrong value is a 400 whose sentence, in the reader's language, says which; otherwise the request's culture becomes the language's.
    /// </summary>
    private static (ExportWords? Words, IResult? Refusal) Words(string? lang, string? tz, string? headers, string fallbackLanguage, IStringLocalizer<SharedResource> l, IConfiguration configuration)
    {
        var languages = WorkshopLocalization.Languages;
        var zone = string.IsNullOrEmpty(tz) ? DefaultZone(configuration) : ExportWords.ZoneOf(tz);
        var problem = !string.IsNullOrEmpty(lang) && !languages.Contains(lang) ? string.Format(CultureInfo.CurrentCulture, l["Export.UnknownLanguage"], lang, string.Join(", ", languages))
            : zone is null ? string.Format(CultureInfo.CurrentCulture, l["Export.UnknownTimeZone"], tz)
            : !string.IsNullOrEmpty(headers) && headers != "keys" ? string.Format(CultureInfo.CurrentCulture, l["Export.UnknownHeaders"], headers)
            : null;
        if (problem is not null)
            return (null, TypedResults.BadRequest(new ProblemDetails { Title = l["Export.Refused"], Detail = problem, Status = 400 }));
        var culture = ExportWords.CultureOf(!string.IsNullOrEmpty(lang) ? lang : languages.Contains(fallbackLanguage) ? fallbackLanguage : WorkshopLocalization.DefaultLanguage);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        return (new ExportWords(l, culture, zone!, headers == "keys"), null);
    }

    /// <summary>The zone times are shown in when a request names none: the IANA zone configured as Workshop:TimeZone, else UTC.</summary>
    public static TimeZoneInfo DefaultZone(IConfiguration configuration) =>
        configuration["Workshop:TimeZone"] is { Length: > 0 } name
            ? ExportWords.ZoneOf(name) ?? throw new InvalidOperationException($"Workshop:TimeZone \"{name}\" is no time zone this server knows; use an IANA name such as Europe/Ljubljana.")
            : TimeZoneInfo.Utc;
}
