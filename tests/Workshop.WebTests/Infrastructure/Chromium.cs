using Microsoft.Playwright;

namespace Workshop.WebTests.Infrastructure;

/// <summary>One headless Debian Chromium for a test class (path from WORKSHOP_TEST_CHROMIUM, default /usr/bin/chromium).</summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? playwright;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> cspViolations = new();

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("WORKSHOP_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(path))
            throw new InvalidOperationException($"Chromium is not at {path}. Run tests/run-tests.sh, which installs it, or set WORKSHOP_TEST_CHROMIUM.");
        // CI machines have two cores shared with the app under test: give assertions time rather than flake.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <param name="timeZone">The browser's IANA time zone (e.g. Europe/Ljubljana); null: the machine's.</param>
    public async Task<IPage> NewPage(string locale, int width = 1280, int height = 900, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = height }, TimezoneId = timeZone });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) cspViolations.Enqueue($"{page.Url}: {message.Text}"); };
        return page;
    }

    /// <summary>Opens an interactive page and waits until its Blazor circuit is live, so input reaches the server.</summary>
    public static async Task GoToInteractive(IPage page, Uri address)
    {
        await page.GotoAsync(address.ToString());
        await page.Locator("[data-interactive]").WaitForAsync();
    }

    /// <summary>Closes every page, so the app under test stops without waiting for open circuits.</summary>
    public async Task CloseContexts()
    {
        foreach (var context in Browser.Contexts.ToList()) await context.CloseAsync();
    }

    /// <summary>Fails when a page since the last call broke the app's Content-Security-Policy (the browser refused a script, style or connection).</summary>
    public void AssertNoCspViolations()
    {
        var violations = new List<string>();
        while (cspViolations.TryDequeue(out var violation)) violations.Add(violation);
        Assert.True(violations.Count == 0, $"Content-Security-Policy violations:\n{string.Join('\n', violations)}");
    }

    /// <summary>Saves a full-page screenshot under the test output's screenshots folder, to look at.</summary>
    public static Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}
