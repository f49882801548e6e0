// Program.cs maps these endpoints with app.MapCaseApi() without a using of its own.
global using Workshop.Web.Frameworks.Case;

using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Workshop.Grains.Evidence;
using Workshop.Grains.Frameworks;
using Workshop.Web.Hosting;

namespace Workshop.Web.Frameworks.Case;

/// <summary>
/// 1EdTech CASE: the download of a version as a CFPackage, the CASE 1.1 read API over published versions
/// (CFDocuments, CFPackages, CFItems, CFAssociations),
/// and the import of a CFPackage as a new framework (facilitators).
/// </summary>
public static class CaseApi
{
    /// <summary>Bodies above this are refused by the server before the import reads them; between the import limit and this, the import explains.</summary>
    private const long RequestLimit = 2 * CaseImport.DefaultMaxBytes;

    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var frameworks = app.MapGroup("/api/frameworks").WithTags("CASE");
        frameworks.MapGet("/{id}/versions/{version:int}/case", Download).WithName("DownloadCasePackage")
            .WithSummary("Download a version as a CASE package").WithDescription("A CFPackage file; drafts and the workshop evidence only for facilitators.")
            .Produces<CasePackage>().Produces<ProblemDetails>(StatusCodes.Status404NotFound);
        frameworks.MapPost("/import/case", Import).WithName("ImportCasePackage")
            .WithSummary("Import a CASE package as a new framework").WithDescription("Facilitators: a CFPackage as the JSON body or as the first file of a multipart form; nothing is imported on an error.")
            .WithMetadata(new RequestSizeLimitAttribute(RequestLimit)).RequireCustomHeader()
            .AcceptsUpload<CasePackage>("application/json")
            .Produces<CaseImported>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        var ims = app.MapGroup("/" + CaseExport.ApiPath).WithTags("CASE");
        ims.MapGet("/CFDocuments", Documents).WithName("GetAllCFDocuments")
            .WithSummary("List the CASE documents").WithDescription("One CFDocument per published framework version.")
            .Produces<CfDocumentSet>();
        ims.MapGet("/CFPackages/{documentId}", Package).WithName("GetCFPackage")
            .WithSummary("Read a CASE package").WithDescription("The CFPackage of one published version, by its CFDocument's identifier.")
            .Produces<CasePackage>().Produces<ProblemDetails>(StatusCodes.Status404NotFound);
        ims.MapGet("/CFItems/{itemId}", Item).WithName("GetCFItem")
            .WithSummary("Read a CASE item").WithDescription("The item as in the latest published version that holds it.")
            .Produces<CfItem>().Produces<ProblemDetails>(StatusCodes.Status404NotFound);
        ims.MapGet("/CFAssociations/{associationId}", Association).WithName("GetCFAssociation")
            .WithSummary("Read a CASE association").WithDescription("An association of a published version, where every package's association URIs point.")
            .Produces<CfAssociation>().Produces<ProblemDetails>(StatusCodes.Status404NotFound);
        return app;
    }

    private static Uri BaseUri(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");

    private static IResult Json<T>(T value) => Results.Json(value, CaseJson.Write, "application/json");

    private static IResult NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = detail, Status = 404 });

    /// <summary>GET /api/frameworks/{id}/versions/{version}/case: the version as a CFPackage file (drafts for facilitators only; the workshop evidence for facilitators only).</summary>
    public static async Task<IResult> Download(string id, int version, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var framework = await grains.GetGrain<IFrameworkGrain>(id).Get();
        var found = framework?.Version(version);
        if (framework is null || found is null || (!found.IsPublished && !user.CanSeeDrafts()))
            return NotFound($"Framework '{id}' has no version {version} you can read.");
        var evidence = user.CanSeeDrafts() ? await grains.GetGrain<IItemEvidenceGrain>(framework.Id).All() : [];
        var package = CaseExport.ToPackage(framework, found, BaseUri(request), evidence, cancellationToken);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(package, CaseJson.Write);
        return Results.File(bytes, "application/json", $"{framework.Id}-v{found.Number}.case.json");
    }

    /// <summary>GET /ims/case/v1p1/CFDocuments: one CFDocument per published version.</summary>
    public static async Task<IResult> Documents(HttpRequest request, IGrainFactory grains)
    {
        var baseUri = BaseUri(request);
        var documents = (await Published(grains)).Select(p => CaseExport.Document(p.Framework, p.Version, baseUri)).ToList();
        return Json(new CfDocumentSet(documents));
    }

    /// <summary>GET /ims/case/v1p1/CFPackages/{documentId}: the package of one published version.</summary>
    public static async Task<IResult> Package(string documentId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(documentId, out var id)) return NotFound($"No CFDocument has the identifier '{documentId}'.");
        var match = (await Published(grains)).FirstOrDefault(p => CaseExport.DocumentId(p.Framework.Id, p.Version.Number) == id);
        if (match.Framework is null) return NotFound($"No CFDocument has the identifier '{documentId}'.");
        return Json(CaseExport.ToPackage(match.Framework, match.Version, BaseUri(request), [], cancellationToken));
    }

    /// <summary>GET /ims/case/v1p1/CFItems/{itemId}: the item as in the latest published version that holds it.</summary>
    public static async Task<IResult> Item(string itemId, HttpRequest request, IGrainFactory grains)
    {
        if (!Guid.TryParse(itemId, out var id)) return NotFound($"No CFItem has the identifier '{itemId}'.");
        var baseUri = BaseUri(request);
        foreach (var (framework, version) in (await Published(grains)).OrderByDescending(p => p.Version.Number))
        {
            if (version.Find(id) is not { } item) continue;
            var document = CaseExport.Document(framework, version, baseUri);
            return Json(CaseExport.Item(framework, version, item, baseUri, new CfLinkUri(document.Title, document.Identifier, document.Uri), []));
        }
        return NotFound($"No published CFItem has the identifier '{itemId}'.");
    }

    /// <summary>GET /ims/case/v1p1/CFAssociations/{associationId}: an association of a published version, where every package's association URIs point.</summary>
    public static async Task<IResult> Association(string associationId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(associationId, out var id)) return NotFound($"No CFAssociation has the identifier '{associationId}'.");
        foreach (var (framework, version) in await Published(grains))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CaseExport.Association(framework, version, id, BaseUri(request)) is { } association) return Json(association);
        }
        return NotFound($"No published CFAssociation has the identifier '{associationId}'.");
    }

    private static async Task<List<(FrameworkState Framework, FrameworkVersion Version)>> Published(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IFrameworkRegistryGrain>(0).List();
        var frameworks = await Task.WhenAll(ids.Select(id => grains.GetGrain<IFrameworkGrain>(id).Get()));
        return frameworks.OfType<FrameworkState>()
            .SelectMany(f => f.Versions.Where(v => v.IsPublished).Select(v => (f, v)))
            .ToList();
    }

    /// <summary>
    /// POST /api/frameworks/import/case (facilitators): a CFPackage as a multipart file (the first file) or as the JSON body;
    /// 201 with the new framework's id, or 400 with a problem description and nothing imported.
    /// </summary>
    public static async Task<IResult> Import(HttpRequest request, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
            return Results.Problem(title: "Sign in required", detail: "Importing a framework needs a facilitator's sign-in.", statusCode: 401);
        if (!user.CanSeeDrafts())
            return Results.Problem(title: "Forbidden", detail: "Only facilitators can import frameworks.", statusCode: 403);

        FrameworkDefinition definition;
        try
        {
            definition = await Read(request, cancellationToken);
        }
        catch (CaseImportException e)
        {
            return Results.Problem(title: "The CASE package cannot be imported", detail: e.Message, statusCode: 400);
        }

        var id = await FrameworkIds.ImportAsNew(grains, definition);
        return Results.Created($"/api/frameworks/{id}/versions/1", new CaseImported(id, 1, FrameworkDefinitions.Count(definition.Items)));
    }

    private static async Task<FrameworkDefinition> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > RequestLimit) throw new CaseImportException($"The file is larger than the limit of {CaseImport.DefaultMaxBytes / (1024 * 1024)} MB.");
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.FirstOrDefault() ?? throw new CaseImportException("The form has no file: send the CFPackage JSON file as a form file.");
            if (file.Length > CaseImport.DefaultMaxBytes) throw new CaseImportException($"The file '{file.FileName}' is larger than the limit of {CaseImport.DefaultMaxBytes / (1024 * 1024)} MB.");
            await using var stream = file.OpenReadStream();
            return await CaseImport.FromPackageAsync(stream, CaseImport.DefaultMaxBytes, cancellationToken);
        }
        return await CaseImport.FromPackageAsync(request.Body, CaseImport.DefaultMaxBytes, cancellationToken);
    }
}

public sealed record CaseImported(string Id, int Version, int Items);
