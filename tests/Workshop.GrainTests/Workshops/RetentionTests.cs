using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;
using Workshop.Grains.Workshops.Retention;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Workshops;

/// <summary>Retention on: names and segment answers go by themselves, through a reminder, a set time after the end.</summary>
[Collection(RetentionCollection.Name)]
public sealed class RetentionTests(RetentionCluster fixture)
{
    [Fact]
    public async Task An_ended_workshop_loses_its_names_and_segment_answers_to_the_retention_rule_and_keeps_its_results_and_evidence()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains, [LiveWorkshop.Country]);
        var vote = await workshop.OpenDotVote();
        foreach (var name in new[] { "Ana Novak", "Bor Kranjc", "Cene Zupan" })
            AckAssert.Accepted(await (await workshop.Join(name, Slovenia)).Dots(vote, (vote.Items[0], 2)));
        await workshop.Grain.End();
        var ended = await workshop.Record();
        var evidence = await fixture.Grains.GetGrain<IItemEvidenceGrain>(LiveWorkshop.FrameworkId).For(vote.Items[0]);
        Assert.All(ended.Participants, p => Assert.Equal("SI", p.Segments["country"]));

        var erased = await RetentionWorkshops.WaitForErase(workshop.Grain);

        Assert.True(erased.Workshop.PersonalDataErasedAt >= EndedAt(ended) + RetentionCluster.KeepFor, "The personal data was erased before the retention had passed.");
        Assert.All(erased.Participants, p => Assert.Equal((null, 0), (p.DisplayName, p.Segments.Count)));
        Assert.Equal(ended.Participants.Select(p => p.Pseudonym).Order(), erased.Participants.Select(p => p.Pseudonym).Order());
        Assert.Equal(ended.Workshop.Activity(vote.Id)!.ClosedRounds[0].DotVote!.Items, erased.Workshop.Activity(vote.Id)!.ClosedRounds[0].DotVote!.Items);
        Assert.Equal(("personal-data-erased", PersonalDataRetention.ErasedBy), (erased.Timeline[^1].Kind, erased.Timeline[^1].Detail));
        var evidenceAfter = await fixture.Grains.GetGrain<IItemEvidenceGrain>(LiveWorkshop.FrameworkId).For(vote.Items[0]);
        Assert.Equal(evidence.Count, evidenceAfter.Count);
        Assert.Contains(evidenceAfter, e => e.Segment == "country=SI");
        Assert.Null(await Reminder(workshop));
    }

    [Fact]
    public async Task A_silo_restart_between_the_end_and_the_due_time_does_not_stop_the_erase()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains, [LiveWorkshop.Country]);
        await workshop.Grain.Start();
        await workshop.Join("Ana Novak", Slovenia);
        await workshop.Grain.End();
        var ended = await workshop.Record();
        Assert.NotNull(await Reminder(workshop));
        Assert.Null(ended.Workshop.PersonalDataErasedAt);

        await fixture.RestartSiloAsync();

        var erased = await RetentionWorkshops.WaitForErase(workshop.Grain);
        Assert.True(erased.Workshop.PersonalDataErasedAt >= EndedAt(ended) + RetentionCluster.KeepFor, "The personal data was erased before the retention had passed.");
        Assert.Equal((null, 0), (erased.Participants.Single().DisplayName, erased.Participants.Single().Segments.Count));
        Assert.Equal(PersonalDataRetention.ErasedBy, erased.Timeline.Single(e => e.Kind == "personal-data-erased").Detail);
        Assert.Null(await Reminder(workshop));
    }

    [Fact]
    public async Task A_facilitator_who_erases_first_leaves_no_reminder_and_the_timeline_names_only_the_facilitator()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        await workshop.Grain.Start();
        await workshop.Join("Ana Novak");
        await workshop.Grain.End();

        await workshop.Grain.ErasePersonalData(LiveWorkshop.Facilitator);

        Assert.Null(await Reminder(workshop));
        await Task.Delay(RetentionCluster.KeepFor + WorkshopSiloConfigurator.RetryEvery);
        Assert.Equal(LiveWorkshop.Facilitator, (await workshop.Record()).Timeline.Single(e => e.Kind == "personal-data-erased").Detail);
    }

    private static readonly ImmutableDictionary<string, string> Slovenia = ImmutableDictionary<string, string>.Empty.Add("country", "SI");

    private static DateTimeOffset EndedAt(WorkshopRecord workshop) => workshop.Timeline.Single(e => e.Kind == "ended").At;

    private Task<ReminderEntry?> Reminder(LiveWorkshop workshop) =>
        RetentionWorkshops.Reminder(fixture, workshop);
}

/// <summary>Retention off (the default): ending a workshop schedules nothing and its names stay.</summary>
[Collection(SqliteCollection.Name)]
public sealed class RetentionOffTests(SqliteCluster fixture)
{
    [Fact]
    public async Task Without_the_setting_an_ended_workshop_gets_no_reminder_and_keeps_its_names()
    {
        var workshop = await LiveWorkshop.Create(fixture.Grains);
        await workshop.Grain.Start();
        await workshop.Join("Ana Novak");
        await workshop.Grain.End();

        await Task.Delay(RetentionCluster.KeepFor + WorkshopSiloConfigurator.RetryEvery);

        Assert.Null(await RetentionWorkshops.Reminder(fixture, workshop));
        var state = await workshop.Record();
        Assert.Equal("Ana Novak", state.Participants.Single().DisplayName);
        Assert.Null(state.Workshop.PersonalDataErasedAt);
    }
}

/// <summary>Workshops that ended while retention was off get their reminders when it is turned on: the sweep at the next start.</summary>
public sealed class RetentionSweepTests
{
    [Fact]
    public async Task A_workshop_that_ended_before_retention_was_turned_on_is_erased_after_the_next_start()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        Guid id;
        await using (var withoutRetention = await WorkshopClusterFixture.StartClusterAsync(database, new Dictionary<string, string>()))
        {
            var workshop = await LiveWorkshop.Create(withoutRetention.GrainFactory);
            await workshop.Grain.Start();
            await workshop.Join("Ana Novak");
            await workshop.Grain.End();
            id = workshop.Id;
            await withoutRetention.StopAllSilosAsync();
        }

        await using var withRetention = await WorkshopClusterFixture.StartClusterAsync(database, RetentionCluster.Settings);

        var erased = await RetentionWorkshops.WaitForErase(withRetention.GrainFactory.GetGrain<IWorkshopGrain>(id));
        Assert.Null(erased.Participants.Single().DisplayName);
        Assert.Equal(PersonalDataRetention.ErasedBy, erased.Timeline.Single(e => e.Kind == "personal-data-erased").Detail);
        await withRetention.StopAllSilosAsync();
    }
}

internal static class RetentionWorkshops
{
    /// <summary>The workshop's retention reminder as the silo's reminder table holds it, or null.</summary>
    public static Task<ReminderEntry?> Reminder(WorkshopClusterFixture fixture, LiveWorkshop workshop) =>
        fixture.SiloServices.GetRequiredService<IReminderTable>().ReadRow(workshop.Grain.GetGrainId(), PersonalDataRetention.ReminderName);

    public static async Task<WorkshopRecord> WaitForErase(IWorkshopGrain workshop)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var state = (await workshop.GetRecord())!;
            if (state.Workshop.PersonalDataErasedAt is not null) return state;
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new Xunit.Sdk.XunitException("The personal data was not erased within 30 s.");
            await Task.Delay(200);
        }
    }
}
