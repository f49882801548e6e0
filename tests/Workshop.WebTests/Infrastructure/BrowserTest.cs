namespace Workshop.WebTests.Infrastructure;

/// <summary>A browser test: the real app on a real port, fresh for every test, and the class's headless Chromium.</summary>
public abstract class BrowserTest(Chromium browser) : IClassFixture<Chromium>, IAsyncLifetime
{
    protected Chromium Browser { get; } = browser;
    protected WorkshopApp App { get; } = new();
    protected Uri BaseAddress { get; private set; } = default!;

    public virtual Task InitializeAsync()
    {
        BaseAddress = App.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // Pages first: the app stops without waiting for their open circuits.
        await Browser.CloseContexts();
        await App.DisposeAsync();
    }
}
