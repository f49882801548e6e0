using System.Security.Cryptography;

namespace Workshop.Web.Hosting;

/// <summary>
/// The browser-side protections sent with every response: a Content-Security-Policy (scripts only from this site, no
/// framing), no MIME sniffing, and no referrer (phone and display links carry join codes and display keys).
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "csp-nonce";

    // The report's print button (onclick="window.print()") is the only inline handler allowed, by its hash.
    private const string PrintButton = "'unsafe-hashes' 'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='";

    /// <summary>The nonce that lets this response's own inline script (Blazor's import map) run.</summary>
    public static string Nonce(HttpContext context) => context.Items[NonceKey] as string ?? "";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            // On starting, so that the exception handler's error page (which clears the headers) carries them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var host = context.Request.Host.Value;
                headers.ContentSecurityPolicy = string.Join("; ",
                    "default-src 'self'", $"script-src 'self' 'nonce-{nonce}' {PrintButton}",
                    // MudBlazor positions and themes with inline styles; the QR code is a data: image.
                    "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
                    $"connect-src 'self' ws://{host} wss://{host}", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
                    "frame-ancestors 'none'");
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next();
        });
}
