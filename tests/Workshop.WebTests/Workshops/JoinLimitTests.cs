using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Workshops;
using Workshop.Web.Workshops;
using Workshop.WebTests.Infrastructure;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Workshops;

/// <summary>Join attempts per network address are limited (here to 3 a minute), so join codes cannot be guessed one by one.</summary>
public sealed class JoinLimitTests : IAsyncLifetime
{
    private readonly WorkshopApp app = new(new Dictionary<string, string?> { [JoinAttempts.Setting] = "3" });
    private Uri address = default!;

    public Task InitializeAsync()
    {
        address = app.StartKestrel();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Attempts_over_the_limit_from_one_address_are_refused_whatever_the_code_and_add_nobody()
    {
        var grain = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await grain.Create(new CreateWorkshop("Focus group Piran", "community-network-coordinator", 1, "facilitator@example.org", "sl"));
        await grain.Start();
        await using var phone = Connection(address);
        await phone.StartAsync();
        Task<JsonElement> Join(string code) => phone.InvokeAsync<JsonElement>("join", new { code, language = "en" });

        Failed("unknownCode", await Join("ZZZZZZ"));
        Ok(await Join(created.Code));
        Ok(await Join(created.Code));
        Failed("tooManyAttempts", await Join(created.Code));
        Failed("tooManyAttempts", await Join("ZZZZZZ"));

        Assert.Equal(2, (await grain.GetRecord())!.Participants.Count);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();
}
