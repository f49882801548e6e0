using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;

namespace Workshop.WebTests.Workshops;

/// <summary>The whole server stops in the middle of a vote and starts again on the same database.</summary>
public sealed class ServerRestartTests
{
    [Fact]
    public async Task A_server_restart_in_the_middle_of_a_vote_loses_no_acknowledged_answer_and_phones_carry_on_with_their_tokens()
    {
        var first = new WorkshopApp();
        var firstAddress = first.StartKestrel();
        var grains = first.Services.GetRequiredService<IGrainFactory>();
        var workshopId = Guid.NewGuid();
        var created = await grains.GetGrain<IWorkshopGrain>(workshopId).Create(new CreateWorkshop("Focus group Trieste", "community-network-coordinator", 1, "facilitator@example.org", "en"));
        var items = (await grains.GetGrain<IFrameworkGrain>("community-network-coordinator").Get())!.Version(1)!.Items
            .Where(i => i.Kind == ItemKind.Competency).Take(4).Select(i => i.Id).ToList();
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Key competencies"), items);
        await grains.GetGrain<IWorkshopGrain>(workshopId).AddActivity(vote);
        await grains.GetGrain<IWorkshopGrain>(workshopId).OpenActivity(vote.Id);

        var tokens = new List<string>();
        for (var phone = 0; phone < 5; phone++)
        {
            await using var connection = await Connect(firstAddress);
            var joined = await connection.InvokeAsync<JsonElement>("join", new { code = created.Code, language = "en" });
            tokens.Add(joined.GetProperty("value").GetProperty("token").GetString()!);
            var ack = await Answer(connection, vote, $"before-{phone}", items[phone % 4], dots: 2);
            Assert.True(ack.GetProperty("value").GetProperty("accepted").GetBoolean());
        }
        await first.DisposeAsync();

        await using var second = new WorkshopApp(folder: first.Folder);
        var secondAddress = second.StartKestrel();
        await using (var connection = await Connect(secondAddress))
        {
            var rejoined = await connection.InvokeAsync<JsonElement>("rejoin", new { token = tokens[0], lastVersion = 0 });
            Assert.True(rejoined.GetProperty("ok").GetBoolean(), rejoined.ToString());
            Assert.Equal("open", rejoined.GetProperty("value").GetProperty("workshop").GetProperty("current").GetProperty("status").GetString());
            var resent = await Answer(connection, vote, "before-0", items[0], dots: 2);
            Assert.True(resent.GetProperty("value").GetProperty("duplicate").GetBoolean());
            var changed = await Answer(connection, vote, "after-0", items[3], dots: 1);
            Assert.True(changed.GetProperty("value").GetProperty("accepted").GetBoolean());
        }

        var workshop = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkshopGrain>(workshopId);
        await workshop.CloseActivity(vote.Id);
        var results = (await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(workshopId).GetSnapshot()).Current!.Results!.DotVote!;
        Assert.Equal(5, results.Respondents);
        // Phones 1-4 kept 2 dots each on items 1, 2, 3, 0; phone 0 moved to 1 dot on item 3.
        Assert.Equal(9, results.TotalDots);
        Assert.Equal(new[] { 2, 2, 2, 3 }, items.Select(item => results.Items.Single(r => r.Item == item).Dots));
    }

    private static async Task<HubConnection> Connect(Uri address)
    {
        var connection = Phones.Connection(address);
        await connection.StartAsync();
        return connection;
    }

    private static Task<JsonElement> Answer(HubConnection connection, ActivityDefinition vote, string clientId, Guid item, int dots) =>
        connection.InvokeAsync<JsonElement>("answer", new { activityId = vote.Id, round = 1, clientId, dots = new Dictionary<string, int> { [item.ToString()] = dots } });
}
