using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops;

/// <summary>The participants' static page (wwwroot/participate): at /join, and at /j/{code} for the QR code.</summary>
public static class ParticipantPage
{
    public static IEndpointRouteBuilder MapParticipantPage(this IEndpointRouteBuilder app)
    {
        var page = Path.Combine(app.ServiceProvider.GetRequiredService<IWebHostEnvironment>().WebRootPath, "participate", "index.html");
        IResult Serve(HttpContext context)
        {
            context.Response.Headers.CacheControl = "no-cache";
            return TypedResults.PhysicalFile(page, "text/html; charset=utf-8");
        }
        app.MapGet("/join", Serve).ExcludeFromDescription();
        app.MapGet("/api/join/{code}", LookUp).WithTags("Join").WithName("LookUpJoinCode")
            .WithSummary("Look up a join code").WithDescription("What a phone shows before joining: the live workshop's title, language and segment questions.")
            .Produces<JoinInfo>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet("/j/{code}", (string code, HttpContext context) => Serve(context)).ExcludeFromDescription();
        return app;
    }

    /// <summary>What a phone shows before joining: the workshop's title and its segment questions (nothing private).</summary>
    private static async Task<IResult> LookUp(string code, IGrainFactory grains, JoinAttempts attempts, HttpContext context)
    {
        try { attempts.Check(context.Connection.RemoteIpAddress); }
        catch (WorkshopRuleException e) { return TypedResults.Problem(statusCode: 429, title: "tooManyAttempts", detail: e.Message); }
        var normalized = JoinCodes.Normalize(code);
        var workshopId = normalized is null ? null : await grains.GetGrain<IJoinCodeGrain>(normalized).Resolve();
        if (workshopId is null)
            return TypedResults.Problem(statusCode: 404, title: "unknownCode", detail: "No live workshop has this code.");
        var snapshot = await grains.GetGrain<IRoomGrain>(workshopId.Value).GetSnapshot();
        return TypedResults.Ok(new JoinInfo(snapshot.Code, snapshot.Title, snapshot.Language, snapshot.SegmentQuestions));
    }

    public sealed record JoinInfo(string Code, string Title, string Language, IReadOnlyList<SegmentQuestion> SegmentQuestions);

    public static string JoinUrl(Uri baseUri, string code) => new Uri(baseUri, $"j/{code}").ToString();
}
