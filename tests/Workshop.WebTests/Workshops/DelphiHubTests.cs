using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// Delphi rounds on the participants' hub through the real .NET SignalR client: the group's feedback and one's own previous
/// answer for round 2, reasons with the answer, and every refusal with its code and sentence. The facilitator acts through the grains.
/// </summary>
public sealed class DelphiHubTests(HubTestsApp fixture) : HubTest(fixture)
{
    private sealed record Delphi(IWorkshopGrain Grain, string Code, ActivityDefinition Rating);

    /// <summary>A rating of importance on three items under a rule that two answers can satisfy, open in round 1.</summary>
    private async Task<Delphi> OpenDelphi()
    {
        var grain = Grains.GetGrain<IWorkshopGrain>(Guid.NewGuid());
        var created = await grain.Create(new CreateWorkshop("Focus group Trieste", FrameworkId, 1, "facilitator@example.org", "it"));
        await grain.Start();
        var framework = await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get();
        var items = framework!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(3).Select(i => i.Id);
        var rating = ActivityDefinition.Rating(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Importance"), items, [RatingScale.Importance])
            with { Consensus = new ConsensusRule(MinN: 2) };
        await grain.AddActivity(rating);
        await grain.OpenActivity(rating.Id);
        return new Delphi(grain, created.Code, rating);
    }

    private static Task<JsonElement> Answer(HubConnection connection, Delphi delphi, int round, string clientId, (Guid Item, int Value)[] importance, object? reasons = null) =>
        connection.InvokeAsync<JsonElement>("answer", new
        {
            activityId = delphi.Rating.Id, round, clientId,
            ratings = new Dictionary<string, Dictionary<string, int>> { ["importance"] = importance.ToDictionary(r => r.Item.ToString(), r => r.Value) },
            reasons,
        });

    /// <summary>
    /// Two phones rate A 5 and 5 (in), B 1 and 1 (out), C 1 and 5 (half agree, half disagree: no consensus); round 2 asks C only.
    /// </summary>
    private async Task<(Delphi Delphi, string First, string Second)> Round2OnTheItemWithoutConsensus()
    {
        var delphi = await OpenDelphi();
        var (a, b, c) = (delphi.Rating.Items[0], delphi.Rating.Items[1], delphi.Rating.Items[2]);
        var first = await Connect();
        var second = await Connect();
        var tokens = new[] { await Joined(first, delphi.Code), await Joined(second, delphi.Code) };
        AcceptedAck("one-1", false, await Answer(first, delphi, 1, "one-1", [(a, 5), (b, 1), (c, 1)]));
        AcceptedAck("two-1", false, await Answer(second, delphi, 1, "two-1", [(a, 5), (b, 1), (c, 5)]));
        await delphi.Grain.CloseActivity(delphi.Rating.Id);
        await delphi.Grain.OpenNextRound(delphi.Rating.Id, onlyWithoutConsensus: true);
        return (delphi, tokens[0], tokens[1]);
    }

    [Fact]
    public async Task In_round_2_a_rejoining_phone_gets_the_groups_feedback_the_rounds_items_and_its_own_round_1_answer_to_prefill()
    {
        var (delphi, token, _) = await Round2OnTheItemWithoutConsensus();
        var c = delphi.Rating.Items[2];
        var reloaded = await Connect();

        var rejoined = Ok(await Rejoin(reloaded, token, 0));

        var current = rejoined.GetProperty("workshop").GetProperty("current");
        Assert.Equal((2, JsonValueKind.Null), (current.GetProperty("round").GetInt32(), current.GetProperty("results").ValueKind));
        Assert.Equal([c.ToString()], current.GetProperty("roundItems").EnumerateArray().Select(i => i.GetString()));
        var feedback = Assert.Single(current.GetProperty("feedback").EnumerateArray());
        // C got 1 and 5: median 3, quartiles (type 7) 1 + 0.25 × 4 = 2 and 4.
        Assert.Equal((c.ToString(), "importance", 1, 3.0, 2.0, 4.0, "noConsensus"),
            (feedback.GetProperty("item").GetString(), feedback.GetProperty("scale").GetString(), feedback.GetProperty("round").GetInt32(),
             feedback.GetProperty("median").GetDouble(), feedback.GetProperty("q1").GetDouble(), feedback.GetProperty("q3").GetDouble(), feedback.GetProperty("status").GetString()));
        Assert.Equal([1, 0, 0, 0, 1], feedback.GetProperty("histogram").EnumerateArray().Select(n => n.GetInt32()));
        var previous = Assert.Single(rejoined.GetProperty("mine").GetProperty("answers").EnumerateArray());
        Assert.Equal((1, 1), (previous.GetProperty("round").GetInt32(), previous.GetProperty("ratings").GetProperty("importance").GetProperty(c.ToString()).GetInt32()));
    }

    [Fact]
    public async Task A_round_2_answer_carries_its_reason_made_plain_and_the_closed_round_keeps_it_anonymous()
    {
        var (delphi, token, _) = await Round2OnTheItemWithoutConsensus();
        var c = delphi.Rating.Items[2];
        var phone = await Connect();
        Ok(await Rejoin(phone, token, 0));

        var reply = await Answer(phone, delphi, 2, "one-2", [(c, 4)], new Dictionary<string, string> { [c.ToString()] = "\u202E Colleagues convinced me\u0007 " });
        await delphi.Grain.CloseActivity(delphi.Rating.Id);

        AcceptedAck("one-2", false, reply);
        var stored = (await Stored(token)).Single(r => r.Answer.Round == 2).Answer;
        Assert.Equal("Colleagues convinced me", stored.Reasons![c]);
        var round2 = (await delphi.Grain.GetState())!.Activity(delphi.Rating.Id)!.DelphiRounds![1];
        Assert.Equal([new DelphiReason(c, "Colleagues convinced me")], round2.Reasons);
    }

    [Fact]
    public async Task Reasons_that_break_a_rule_and_answers_outside_the_round_are_refused_with_a_code_and_a_sentence_and_change_nothing()
    {
        var (delphi, token, _) = await Round2OnTheItemWithoutConsensus();
        var (a, c) = (delphi.Rating.Items[0], delphi.Rating.Items[2]);
        var stranger = await Connect();
        var phone = await Connect();
        Ok(await Rejoin(phone, token, 0));
        var before = await Stored(token);

        var tooLong = await Answer(phone, delphi, 2, "r-1", [(c, 4)], new Dictionary<string, string> { [c.ToString()] = new('x', DelphiRules.MaxReasonLength + 1) });
        var unrated = await Answer(phone, delphi, 2, "r-2", [(c, 4)], new Dictionary<string, string> { [a.ToString()] = "Not asked" });
        var notText = await Answer(phone, delphi, 2, "r-3", [(c, 4)], new Dictionary<string, int> { [c.ToString()] = 7 });
        var notJoined = await Answer(stranger, delphi, 2, "r-4", [(c, 4)], new Dictionary<string, string> { [c.ToString()] = "Who am I" });
        var notInRound = await Answer(phone, delphi, 2, "r-5", [(a, 2), (c, 4)]);
        var staleRound = await Answer(phone, delphi, 1, "r-6", [(c, 4)]);
        await delphi.Grain.CloseActivity(delphi.Rating.Id);
        var closedRound = await Answer(phone, delphi, 2, "r-7", [(c, 5)], new Dictionary<string, string> { [c.ToString()] = "Too late" });

        RefusedAck(WorkshopError.InvalidAnswer, tooLong);
        RefusedAck(WorkshopError.InvalidAnswer, unrated);
        Failed("invalidMessage", notText);
        Failed("notAParticipant", notJoined);
        RefusedAck(WorkshopError.ItemNotInActivity, notInRound);
        RefusedAck(WorkshopError.ActivityClosed, staleRound);
        RefusedAck(WorkshopError.ActivityClosed, closedRound);
        Assert.Equal(before.Select(r => r.Answer.ClientId), (await Stored(token)).Select(r => r.Answer.ClientId));
        var round2 = (await delphi.Grain.GetState())!.Activity(delphi.Rating.Id)!.DelphiRounds![1];
        Assert.Equal(0, round2.Respondents);
        Assert.Empty(round2.Reasons);
    }
}
