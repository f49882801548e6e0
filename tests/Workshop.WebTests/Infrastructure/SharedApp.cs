namespace Workshop.WebTests.Infrastructure;

/// <summary>One app for a test class whose tests only read, or change things the others do not look at.</summary>
public sealed class SharedApp : IAsyncLifetime
{
    public WorkshopApp App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}
