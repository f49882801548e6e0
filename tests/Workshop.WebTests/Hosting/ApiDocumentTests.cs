using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Hosting;

/// <summary>The OpenAPI document at /openapi/v1.json describes every JSON endpoint as it answers; the reference page is for signed-in users.</summary>
public sealed class ApiDocumentTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string Coordinator = "community-network-coordinator";
    private readonly HttpClient anonymous = shared.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_and_describes_every_mapped_api_endpoint_and_nothing_else()
    {
        var document = await Document();

        var mapped = shared.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/ims/", StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods.Select(method => $"{method} {PathOf(e.RoutePattern)}"))
            .Order().ToList();
        var described = document.Paths.SelectMany(path => path.Value.Operations!.Select(o => (Key: $"{o.Key.Method} {path.Key}", Operation: o.Value))).ToList();

        Assert.Contains("GET /api/frameworks/{id}/versions/{version}/csv", mapped);
        Assert.Equal(mapped, described.Select(d => d.Key).Order());
        foreach (var (key, operation) in described)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.Summary), $"{key} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation.Description), $"{key} has no description");
            Assert.False(string.IsNullOrWhiteSpace(operation.OperationId), $"{key} has no operation id");
            Assert.True(operation.Tags is { Count: > 0 }, $"{key} has no tag");
            Assert.True(operation.Responses!.Keys.Any(code => code.StartsWith('2')), $"{key} describes no success");
        }
    }

    [Fact]
    public async Task The_framework_list_a_missing_version_the_csv_and_the_case_package_are_described_as_they_answer()
    {
        var document = await Document();

        var list = await AssertDescribed(document, "/api/frameworks", "/api/frameworks", HttpStatusCode.OK);
        Assert.Equal(JsonSchemaType.Array, list.Type);
        Assert.Equal("FrameworkSummary", Assert.IsType<OpenApiSchemaReference>(list.Items).Reference.Id);

        var missing = await AssertDescribed(document, "/api/frameworks/{id}/versions/{version}", "/api/frameworks/no-such-framework/versions/1", HttpStatusCode.NotFound);
        Assert.Equal("ProblemDetails", Assert.IsType<OpenApiSchemaReference>(missing).Reference.Id);

        var csv = await AssertDescribed(document, "/api/frameworks/{id}/versions/{version}/csv", $"/api/frameworks/{Coordinator}/versions/1/csv", HttpStatusCode.OK, "text/csv");
        Assert.Equal("binary", csv.Format);

        var package = await AssertDescribed(document, "/api/frameworks/{id}/versions/{version}/case", $"/api/frameworks/{Coordinator}/versions/1/case", HttpStatusCode.OK, "application/json");
        Assert.Equal("CasePackage", Assert.IsType<OpenApiSchemaReference>(package).Reference.Id);

        var unknownItem = await AssertDescribed(document, "/ims/case/v1p1/CFItems/{itemId}", $"/ims/case/v1p1/CFItems/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        Assert.Equal("ProblemDetails", Assert.IsType<OpenApiSchemaReference>(unknownItem).Reference.Id);
    }

    [Fact]
    public async Task The_imports_take_a_file_form_or_the_body_and_require_the_cross_site_header()
    {
        var document = await Document();

        foreach (var (path, bodyType) in new[] { ("/api/frameworks/import/csv", "text/csv"), ("/api/frameworks/import/case", "application/json") })
        {
            var import = document.Paths[path].Operations![HttpMethod.Post];
            Assert.Equal([bodyType, "multipart/form-data"], import.RequestBody!.Content!.Keys);
            var form = import.RequestBody.Content["multipart/form-data"].Schema!;
            Assert.Equal("binary", form.Properties!["file"].Format);
            var header = Assert.Single(import.Parameters!, p => p.In == ParameterLocation.Header);
            Assert.Equal("X-Requested-With", header.Name);
            Assert.True(header.Required);
            Assert.Contains("201", import.Responses!.Keys);
        }
    }

    [Fact]
    public async Task Endpoints_that_require_a_sign_in_ask_for_the_sign_in_cookie_and_public_reads_do_not()
    {
        var document = await Document();

        var cookie = Assert.IsType<OpenApiSecurityScheme>(document.Components!.SecuritySchemes!["signIn"]);
        Assert.Equal((SecuritySchemeType.ApiKey, ParameterLocation.Cookie, ".AspNetCore.Identity.Application"), (cookie.Type!.Value, cookie.In!.Value, cookie.Name));
        var xlsx = document.Paths["/api/workshops/{id}/xlsx"].Operations![HttpMethod.Get];
        Assert.Equal("signIn", Assert.Single(Assert.Single(xlsx.Security!).Keys).Reference.Id);
        Assert.Single(document.Paths["/api/frameworks/import/csv"].Operations![HttpMethod.Post].Security!);
        Assert.True(document.Paths["/api/frameworks"].Operations![HttpMethod.Get].Security is null or { Count: 0 });
    }

    [Fact]
    public async Task The_reference_page_sends_anonymous_readers_to_sign_in()
    {
        var page = await anonymous.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.AbsolutePath);
    }

    private async Task<OpenApiDocument> Document()
    {
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var (document, diagnostic) = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), "json");
        Assert.Empty(diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.NotNull(document);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!);
        return document;
    }

    /// <summary>Calls <paramref name="url"/> and finds its status and media type among those the operation at <paramref name="path"/> describes; returns the schema.</summary>
    private async Task<IOpenApiSchema> AssertDescribed(OpenApiDocument document, string path, string url, HttpStatusCode status, string? mediaType = null)
    {
        var response = await anonymous.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        var sent = response.Content.Headers.ContentType!.MediaType!;
        if (mediaType is not null) Assert.Equal(mediaType, sent);
        var described = document.Paths[path].Operations![HttpMethod.Get].Responses![((int)status).ToString()].Content!;
        var (_, media) = Assert.Single(described, c => MediaTypeHeaderValue.Parse(c.Key).MediaType == sent);
        return media.Schema!;
    }

    /// <summary>A route pattern as OpenAPI writes paths: parameters by name, without constraints.</summary>
    private static string PathOf(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => throw new InvalidOperationException($"Unexpected route part {part}"),
    }))));
}
