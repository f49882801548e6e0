using Microsoft.Extensions.Logging.Abstractions;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Hosting;

namespace Workshop.WebTests.Hosting;

/// <summary>A page claims success only when the call returned; a rule's refusal keeps its sentence; anything else is unknown.</summary>
public sealed class CommandOutcomeTests
{
    [Fact]
    public async Task A_call_that_returned_is_done_with_its_value()
    {
        var outcome = await CommandOutcome.Of(() => Task.FromResult(42), NullLogger.Instance);

        Assert.Equal(new CommandOutcome<int>(CommandResult.Done, 42), outcome);
    }

    [Fact]
    public async Task A_rules_refusal_is_refused_with_its_sentence()
    {
        var workshop = await CommandOutcome.Of(() => throw new WorkshopRuleException(WorkshopError.WorkshopEnded, "The workshop has ended."), NullLogger.Instance);
        var framework = await CommandOutcome.Of(() => throw new FrameworkRuleException(FrameworkError.VersionPublished, "Version 1 is published."), NullLogger.Instance);

        Assert.Equal(CommandOutcome.Refused("The workshop has ended.", WorkshopError.WorkshopEnded), workshop);
        Assert.Equal(CommandOutcome.Refused("Version 1 is published.", FrameworkError.VersionPublished), framework);
    }

    [Fact]
    public async Task A_call_that_failed_on_the_way_has_an_unknown_outcome_and_never_claims_success()
    {
        var timedOut = await CommandOutcome.Of(() => throw new TimeoutException("Response did not arrive on time."), NullLogger.Instance);
        var lost = await CommandOutcome.Of(() => throw new Orleans.Runtime.SiloUnavailableException("The silo is gone."), NullLogger.Instance);

        Assert.Equal((CommandResult.Unknown, false, (string?)null), (timedOut.Result, timedOut.Done, timedOut.Refusal));
        Assert.Equal(CommandOutcome.Unknown, lost);
    }
}
