using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Workshops;
using Workshop.Web.Identity;
using Workshop.WebTests.Exports;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Hosting;

/// <summary>Every kind of page carries the CSP (no framing), nosniff and no referrer; a failing request gets the error page.</summary>
public sealed class SecurityHeadersTests(ExportTestsApp app) : IClassFixture<ExportTestsApp>
{
    private const string Facilitator = "headers@example.org";

    [Fact]
    public async Task A_blazor_page_the_phone_page_the_report_and_an_api_answer_carry_the_security_headers()
    {
        var client = await app.SignedIn(Roles.Facilitator, Facilitator);
        var workshop = Guid.NewGuid();
        await app.Grains.GetGrain<IWorkshopGrain>(workshop).Create(new CreateWorkshop("Headers", "community-network-coordinator", 1, Facilitator, "en"));
        var code = (await app.Grains.GetGrain<IWorkshopGrain>(workshop).GetState())!.Code;

        foreach (var path in new[] { "/frameworks", "/account/login", $"/j/{code}", "/join", $"/workshops/{workshop}/report", "/api/frameworks" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            AssertSecurityHeaders(response, path);
        }
    }

    [Fact]
    public async Task An_unhandled_failure_answers_500_with_the_error_page_in_the_layout_without_the_exceptions_details()
    {
        await using var production = new FailingApp();
        var client = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var failed = await client.GetAsync("/test/fail");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("sl-SI");
        var inSlovenian = await client.GetAsync("/test/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var html = await failed.Content.ReadAsStringAsync();
        Assert.True(html.Contains("Something went wrong"), html);
        Assert.Contains("_content/MudBlazor/", html);
        Assert.DoesNotContain(FailingApp.Secret, html);
        Assert.DoesNotContain("InvalidOperationException", html);
        AssertSecurityHeaders(failed, "/test/fail");
        Assert.Contains("Nekaj je šlo narobe", WebUtility.HtmlDecode(await inSlovenian.Content.ReadAsStringAsync()));
        AssertSecurityHeaders(await client.GetAsync("/error"), "/error");
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string path)
    {
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.True(policy.Contains("frame-ancestors 'none'") && policy.Contains("script-src 'self'") && policy.Contains("object-src 'none'"), $"{path}: {policy}");
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
    }

    /// <summary>The app in Production (where the exception handler is on) with a route that fails, and an administrator so pages are not sent to setup.</summary>
    private sealed class FailingApp() : WorkshopApp(new Dictionary<string, string?>
    {
        ["Workshop:Administrator:Email"] = "owner@example.org",
        ["Workshop:Administrator:Password"] = "correct-horse-42",
    })
    {
        public const string Secret = "connection to db-7 refused";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, Failing>());
        }

        private sealed class Failing : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Use((HttpContext context, RequestDelegate _) =>
                    context.Request.Path == "/test/fail" ? throw new InvalidOperationException(Secret) : Task.CompletedTask);
            };
        }
    }
}
