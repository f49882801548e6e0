using System.Net;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Hosting;

/// <summary>
/// The built app run as its own process in Production, as `dotnet run` does: every asset a page loads must be served
/// (MudBlazor's files, the scoped styles, the phones' SignalR client), not only under the test host.
/// </summary>
public sealed class StaticAssetsTests
{
    private static readonly string[] Assets =
    [
        "/_content/MudBlazor/MudBlazor.min.css", "/_content/MudBlazor/MudBlazor.min.js", "/Workshop.Web.styles.css",
        "/app.css", "/lib/signalr/signalr.min.js", "/participate/app.js",
    ];

    [Fact]
    public async Task The_app_run_from_its_build_output_in_Production_serves_every_asset_its_pages_load()
    {
        await using var app = await AppProcess.Start();
        // No redirects followed: a missing asset must not pass as the setup page it is redirected to.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        foreach (var asset in Assets)
        {
            var response = await http.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{asset} is empty.");
        }
    }
}
