using System.Threading.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Workshop.Web.Identity;

/// <summary>
/// Limits sign-in and setup form posts per network address (ASP.NET Core's rate limiter), so passwords cannot be
/// guessed in bulk and a known facilitator cannot be locked out from one machine in a second.
/// </summary>
public static class SignInAttempts
{
    public const int DefaultPerMinute = 10;
    public const string Setting = "Workshop:SignInAttemptsPerMinute";

    private static readonly string[] LimitedPaths = ["/account/login", FirstAdministratorSetup.SetupPath];

    public static WebApplicationBuilder AddSignInAttemptLimit(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue(Setting, DefaultPerMinute);
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInPost(context)
                // Keys of their own: the limiter keeps the first partition made for a key, the unlimited one included.
                ? RateLimitPartition.GetFixedWindowLimiter($"sign-in {context.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var l = rejected.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                rejected.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await rejected.HttpContext.Response.WriteAsync(l["TooManySignInAttempts"], cancellationToken);
            };
        });
        return builder;
    }

    private static bool IsSignInPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && LimitedPaths.Any(path => context.Request.Path.StartsWithSegments(path));
}
