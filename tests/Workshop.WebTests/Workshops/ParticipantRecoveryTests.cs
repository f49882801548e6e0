using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// The phone page (wwwroot/participate) when things go wrong, in headless Chromium at 360 px: an answer or a note whose outcome
/// was lost is sent again with its client id until it is acknowledged, the phone saying "saving…" rather than an error, and a
/// phone whose storage was cleared rejoins with the token in its address and shows its own answers, votes and notes again.
/// The facilitator's side is driven through the Grains.
/// </summary>
public sealed class ParticipantRecoveryTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Framework = "community-network-coordinator";
    private const string Saving = "Shranjujem\u00a0…";

    /// <summary>A live workshop with <paramref name="activity"/> open (made from the framework's first competencies).</summary>
    private async Task<(IWorkshopGrain Workshop, string Code, ImmutableList<Guid> Items)> NewWorkshop(Func<ImmutableList<Guid>, ActivityDefinition> activity)
    {
        var workshop = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await workshop.Create(new CreateWorkshop("Fokusna skupina", Framework, 1, "facilitator@example.org", "sl", null));
        var framework = await Grains.GetGrain<IFrameworkGrain>(Framework).Get();
        var items = framework!.Versions[0].Items.Where(i => i.Kind == ItemKind.Competency).Take(5).Select(i => i.Id).ToImmutableList();
        var definition = activity(items);
        await workshop.AddActivity(definition);
        await workshop.OpenActivity(definition.Id);
        return (workshop, created.Code, items);
    }

    private static ActivityDefinition DotVote(ImmutableList<Guid> items) => ActivityDefinition.DotVote(Guid.NewGuid(), Title("Ključne kompetence", "Key competencies"), items);

    private static ActivityDefinition Board(ImmutableList<Guid> items) =>
        ActivityDefinition.Board(Guid.NewGuid(), Title("Skupna vizija", "Shared vision"), [BoardTemplates.SharedVision], voteBudget: 3, maxVotesPerTarget: 2);

    /// <summary>A Slovenian phone with its network under the test's control, joined with the code, on <paramref name="screen"/>.</summary>
    private async Task<(IPage Page, PhoneNetwork Network)> Phone(string code, string screen)
    {
        var page = await Browser.NewPage("sl-SI", 360, 740);
        var network = await PhoneNetwork.Of(page);
        await page.GotoAsync(new Uri(BaseAddress, $"/j/{code}").ToString());
        await page.Locator("body[data-connection=connected]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pridruži se" }).ClickAsync();
        await page.Locator($"body[data-screen={screen}]").WaitForAsync();
        return (page, network);
    }

    private static async Task BackOnline(IPage page, PhoneNetwork network)
    {
        await network.GoOnline();
        await page.Locator("body[data-connection=connected]").WaitForAsync(new() { Timeout = 30_000 });
    }

    private static ILocator Plus(IPage page, int card) => page.Locator("#activity .card").Nth(card).Locator("button.step").Last;

    /// <summary>The server's reply to a call as a `retry`: the outcome unknown (the server may have stored it).</summary>
    private static JsonNode Retry(JsonNode completion) => new JsonObject
    {
        ["type"] = 3,
        ["invocationId"] = completion["invocationId"]!.GetValue<string>(),
        ["result"] = JsonNode.Parse("""{ "ok": false, "value": null, "error": { "code": "retry", "message": "The server did not answer in time; please try again." } }"""),
    };

    /// <summary>The participant's own data as the hub returns it on rejoin, with the token the page keeps in its address.</summary>
    private async Task<JsonElement> Mine(IPage page)
    {
        var token = new Uri(page.Url).Fragment["#p=".Length..];
        await using var connection = Connection(BaseAddress);
        await connection.StartAsync();
        return Ok(await connection.InvokeAsync<JsonElement>("rejoin", new { token, lastVersion = 0 })).GetProperty("mine");
    }

    [Fact]
    public async Task An_answer_whose_acknowledgement_is_lost_with_the_connection_shows_saving_and_is_resent_with_its_client_id_until_stored_once()
    {
        var (workshop, code, items) = await NewWorkshop(DotVote);
        var (page, network) = await Phone(code, "dotVote");

        // The answer reaches the server, the acknowledgement never reaches the phone, then the network goes.
        var lost = new TaskCompletionSource();
        network.Reply = (target, completion) => target == "answer" && lost.TrySetResult() ? null : completion;
        await Plus(page, 0).ClickAsync();
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Expect(page.Locator("#save[data-state=saving]")).ToHaveTextAsync(Saving);
        await network.GoOffline();
        await page.Locator("body[data-connection=reconnecting]").WaitForAsync();
        await Expect(page.Locator("#save[data-state=saving]")).ToHaveTextAsync(Saving);
        await Expect(page.Locator("#notice")).ToBeHiddenAsync();
        var clientId = (await page.EvaluateAsync<JsonElement>("Object.values(JSON.parse(localStorage.getItem('ws.pending')))[0].clientId")).GetString();
        await Chromium.Screenshot(page, "r-01-offline-saving");

        await BackOnline(page, network);
        await Expect(page.Locator("#save[data-state=saved]")).ToHaveTextAsync("Shranjeno ✓");
        Assert.Equal("{}", await page.EvaluateAsync<string>("localStorage.getItem('ws.pending')"));
        var sent = network.Sent("answer").Select(a => a["clientId"]!.GetValue<string>()).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, id => Assert.Equal(clientId, id));
        Assert.Equal(clientId, (await Mine(page)).GetProperty("answers")[0].GetProperty("clientId").GetString());

        var activity = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Definition.Id;
        await workshop.CloseActivity(activity);
        var results = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.DotVote!;
        Assert.Equal((1, 1), (results.Respondents, results.TotalDots));
        Assert.Equal(items[0], results.Items[0].Item);
    }

    [Fact]
    public async Task A_retry_reply_is_sent_again_with_the_same_client_id_after_half_a_second_then_a_second_without_a_notice()
    {
        var (_, code, items) = await NewWorkshop(DotVote);
        var (page, network) = await Phone(code, "dotVote");

        var retries = 0;
        network.Reply = (target, completion) => target == "answer" && Interlocked.Increment(ref retries) <= 2 ? Retry(completion) : completion;
        await Plus(page, 1).ClickAsync();
        await Expect(page.Locator("#save[data-state=saving]")).ToHaveTextAsync(Saving);
        await Expect(page.Locator("#save[data-state=saved]")).ToHaveTextAsync("Shranjeno ✓");
        await Expect(page.Locator("#notice")).ToBeHiddenAsync();

        var sent = network.Calls.Where(c => c.Target == "answer").ToList();
        Assert.Equal(3, sent.Count);
        Assert.Single(sent.Select(c => c.Argument["clientId"]!.GetValue<string>()).Distinct());
        Assert.InRange((sent[1].At - sent[0].At).TotalMilliseconds, 400, 5000);
        Assert.InRange((sent[2].At - sent[1].At).TotalMilliseconds, 900, 5000);
        var answer = Assert.Single((await Mine(page)).GetProperty("answers").EnumerateArray());
        Assert.Equal(1, answer.GetProperty("dots").GetProperty(items[1].ToString()).GetInt32());
    }

    [Fact]
    public async Task A_phone_whose_storage_was_cleared_rejoins_with_the_token_in_its_address_and_sees_its_own_answer()
    {
        var (workshop, code, _) = await NewWorkshop(DotVote);
        var (page, _) = await Phone(code, "dotVote");
        await Plus(page, 0).ClickAsync();
        await Plus(page, 0).ClickAsync();
        await Plus(page, 2).ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        Assert.Matches($"/j/{code}#p=[0-9a-f]{{32}}\\.[A-Za-z0-9_-]{{43}}$", page.Url);

        await page.EvaluateAsync("() => { localStorage.clear(); sessionStorage.clear(); }");
        await page.ReloadAsync();
        await page.Locator("body[data-screen=dotVote]").WaitForAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync("Preostale pike: 2 od 5");
        var counts = page.Locator("#activity .card .count");
        await Expect(counts).ToHaveTextAsync(["2", "0", "1", "0", "0"]);
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await Expect(page.Locator("#join-screen")).ToBeHiddenAsync();
        await Chromium.Screenshot(page, "r-02-cleared-storage-rejoined");

        // It carries on from there: one more dot is one more answer of the same participant.
        await Plus(page, 1).ClickAsync();
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();
        await workshop.CloseActivity((await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Definition.Id);
        var results = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Results!.DotVote!;
        Assert.Equal((1, 4), (results.Respondents, results.TotalDots));
    }

    [Fact]
    public async Task A_phone_whose_storage_was_cleared_sees_its_own_private_note_and_its_votes_on_the_board_again()
    {
        var (workshop, code, _) = await NewWorkshop(Board);
        var boardId = (await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Definition.Id;
        var (page, _) = await Phone(code, "board");
        var compose = page.Locator("form.compose");
        await compose.Locator("textarea").FillAsync("Mentor za vsakogar");
        await compose.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator(".note.mine .note-text")).ToHaveTextAsync("Mentor za vsakogar");
        await Grains.GetGrain<IBoardGrain>(boardId).CreateCluster("facilitator", "Mentorstvo");
        await Grains.GetGrain<IBoardGrain>(boardId).OpenVoting("facilitator", BoardVoting.Clusters);
        await Plus(page, 0).ClickAsync();
        await Plus(page, 0).ClickAsync();
        await Expect(page.Locator(".tally")).ToHaveTextAsync("Preostali glasovi: 1 od 3");
        await Expect(page.Locator("#save[data-state=saved]")).ToBeVisibleAsync();

        await page.EvaluateAsync("() => { localStorage.clear(); sessionStorage.clear(); }");
        await page.ReloadAsync();
        await page.Locator("body[data-screen=board]").WaitForAsync();
        await Expect(page.Locator(".note.mine .note-text")).ToHaveTextAsync("Mentor za vsakogar");
        await Expect(page.Locator("#activity .card .count")).ToHaveTextAsync("2");
        await Expect(page.Locator(".tally")).ToHaveTextAsync("Preostali glasovi: 1 od 3");
        await Chromium.Screenshot(page, "r-03-cleared-storage-board");
    }

    [Fact]
    public async Task A_note_written_while_offline_shows_saving_and_is_posted_once_when_back_online()
    {
        var (workshop, code, _) = await NewWorkshop(Board);
        var (page, network) = await Phone(code, "board");
        await network.GoOffline();
        await page.Locator("body[data-connection=reconnecting]").WaitForAsync();
        var compose = page.Locator("form.compose");
        await compose.Locator("textarea").FillAsync("Skupni koledar dogodkov");
        await compose.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#save[data-state=saving]")).ToHaveTextAsync(Saving);
        await Expect(compose.Locator("button[type=submit]")).ToBeDisabledAsync();
        await Chromium.Screenshot(page, "r-04-note-offline-saving");

        await BackOnline(page, network);
        await Expect(page.Locator(".note.mine .note-text")).ToHaveTextAsync("Skupni koledar dogodkov");
        await Expect(compose.Locator("textarea")).ToHaveValueAsync("");
        await Expect(page.Locator("#notice")).ToBeHiddenAsync();
        Assert.Single((await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Board!.Notes);
    }

    /// <summary>Needs the server to keep a note's client id: a resend of it returns the same note and stores nothing new.</summary>
    [Fact]
    public async Task A_note_whose_reply_was_lost_with_the_connection_is_resent_with_its_client_id_and_appears_once()
    {
        var (workshop, code, _) = await NewWorkshop(Board);
        var (page, network) = await Phone(code, "board");
        var lost = new TaskCompletionSource();
        network.Reply = (target, completion) => target == "postNote" && lost.TrySetResult() ? null : completion;
        var compose = page.Locator("form.compose");
        await compose.Locator("textarea").FillAsync("Skupni koledar dogodkov");
        await compose.Locator("button[type=submit]").ClickAsync();
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await network.GoOffline();
        await Expect(page.Locator("#save[data-state=saving]")).ToHaveTextAsync(Saving);

        await BackOnline(page, network);
        await Expect(compose.Locator("textarea")).ToHaveValueAsync("");
        await Expect(page.Locator(".note.mine")).ToHaveCountAsync(1);
        var sent = network.Sent("postNote").Select(a => a["clientId"]!.GetValue<string>()).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Single(sent.Distinct());
        Assert.Single((await Grains.GetGrain<IRoomGrain>(workshop.GetPrimaryKey()).GetSnapshot()).Current!.Board!.Notes);
    }
}
