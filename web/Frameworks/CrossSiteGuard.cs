using Microsoft.OpenApi;

namespace Workshop.Web.Frameworks;

/// <summary>
/// Protects cookie-authenticated uploads from cross-site requests: another site's form can post a multipart body
/// with the facilitator's cookie, but a browser never lets it add a custom header.
/// </summary>
public static class CrossSiteGuard
{
    public const string Header = "X-Requested-With";

    /// <summary>Signed-in requests without <see cref="Header"/> get 400 before the body is read; anonymous ones go on to be refused as usual.</summary>
    public static RouteHandlerBuilder RequireCustomHeader(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true && string.IsNullOrWhiteSpace(http.Request.Headers[Header]))
            return Results.Problem(title: "Missing request header",
                detail: $"An import must send the header {Header} (any value, e.g. {Header}: XMLHttpRequest); nothing was imported.",
                statusCode: 400);
        return await next(context);
    }).AddOpenApiOperationTransformer((operation, _, _) =>
    {
        // Required: only a signed-in facilitator's request gets past the header check to an import.
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Header,
            In = ParameterLocation.Header,
            Required = true,
            Description = "Any value, e.g. XMLHttpRequest: a signed-in (cookie) request without it is refused with 400, as another site's form cannot send it.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    });
}
