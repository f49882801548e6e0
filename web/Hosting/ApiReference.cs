using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Workshop.Web.Hosting;

/// <summary>
/// The OpenAPI document of the JSON API at <see cref="DocumentPath"/> (public, to generate clients from) and its browsable
/// reference at /scalar (signed-in users), plus the descriptions that the endpoints' signatures cannot give.
/// </summary>
public static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/scalar";
    private const string SignIn = "signIn";

    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SignIn] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = CookieAuthenticationDefaults.CookiePrefix + IdentityConstants.ApplicationScheme,
                Description = "The cookie that signing in at /account/login sets.",
            };
            document.Info = new OpenApiInfo
            {
                Title = "Workshop API",
                Version = "v1",
                Description = "Competency frameworks, their workshop evidence, the 1EdTech CASE 1.1 read API, imports and exports. "
                    + "Reads of published frameworks are public; drafts, evidence details, imports and workshop exports need a facilitator's sign-in (the cookie of /account/login).",
            };
            // In the order the reference page shows them.
            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "Frameworks", Description = "Competency frameworks, their versions as trees, and the workshop evidence on their items." },
                new() { Name = "CASE", Description = "1EdTech CASE 1.1: a version as a CFPackage, the import of one, and the read API over published versions." },
                new() { Name = "Exports", Description = "A framework version as CSV and its import; a workshop's results (CSV, Excel, timeline) for its facilitators." },
                new() { Name = "Join", Description = "What a phone reads before it joins a live workshop." },
            };
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // RequireAuthorization() leaves IAuthorizeData, RequireAuthorization(policy => ...) the policy itself.
            if (context.Description.ActionDescriptor.EndpointMetadata.Any(m => m is IAuthorizeData or AuthorizationPolicy))
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SignIn, context.Document)] = [] }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        // All of it from this server, under its Content-Security-Policy: the embedded bundle, this response's nonce, no CDN fonts, no calls out.
        app.MapScalarApiReference(PagePath, (options, context) => options
                .WithTitle("Workshop API")
                .WithOpenApiRoutePattern(DocumentPath)
                .WithNonce(SecurityHeaders.Nonce(context))
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools())
            .RequireAuthorization();
        return app;
    }

    /// <summary>A 200 of one of two JSON shapes, e.g. what facilitators read and what anonymous readers read.</summary>
    public static RouteHandlerBuilder ProducesEither<TFirst, TSecond>(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<TFirst>().AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var json = operation.Responses!["200"].Content!["application/json"];
            json.Schema = new OpenApiSchema { OneOf = [json.Schema!, await context.GetOrCreateSchemaAsync(typeof(TSecond), null, cancellationToken)] };
        });

    /// <summary>A file download as <paramref name="contentType"/>: the generator shows a Stream as a binary string.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder endpoint, string contentType) =>
        endpoint.Produces<Stream>(StatusCodes.Status200OK, contentType);

    /// <summary>
    /// An upload the handler reads from the request itself: <typeparamref name="TBody"/> as <paramref name="contentType"/>, or the first file
    /// of a multipart form. Described by a transformer, since Accepts metadata would make routing refuse other content types with 415.
    /// </summary>
    public static RouteHandlerBuilder AcceptsUpload<TBody>(this RouteHandlerBuilder endpoint, string contentType) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var file = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "file" },
                Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            };
            IOpenApiSchema body = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken);
            if (body.Type == JsonSchemaType.Object && context.Document is { } document)
            {
                // A named model, as for responses: a generated client has one type for the package it downloads and uploads.
                document.AddComponent(typeof(TBody).Name, body);
                body = new OpenApiSchemaReference(typeof(TBody).Name, document);
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [contentType] = new() { Schema = body },
                    ["multipart/form-data"] = new() { Schema = file },
                },
            };
        });
}
