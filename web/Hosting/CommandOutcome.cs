using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Hosting;

public enum CommandResult { Done, Refused, Unknown }

/// <summary>
/// What became of a command a page sent to a grain: done (the call returned), refused by a rule (with its sentence), or unknown
/// (the call failed on the way, e.g. a timeout or a lost silo: it may or may not have happened, so no page may claim success).
/// A refusal names the rule's error, so a page can say it in the user's language.
/// </summary>
public record CommandOutcome(CommandResult Result, string? Refusal = null, Enum? Error = null)
{
    public bool Done => Result == CommandResult.Done;

    public static readonly CommandOutcome Succeeded = new(CommandResult.Done);
    public static readonly CommandOutcome Unknown = new(CommandResult.Unknown);
    public static CommandOutcome Refused(string sentence, Enum? error = null) => new(CommandResult.Refused, sentence, error);

    /// <summary>Runs a grain call: a rule's refusal is the outcome Refused with its sentence, any other failure Unknown (and logged).</summary>
    public static async Task<CommandOutcome<T>> Of<T>(Func<Task<T>> call, ILogger log)
    {
        try { return new CommandOutcome<T>(CommandResult.Done, await call()); }
        catch (WorkshopRuleException e) { return new CommandOutcome<T>(CommandResult.Refused, default, e.Message, e.Error); }
        catch (FrameworkRuleException e) { return new CommandOutcome<T>(CommandResult.Refused, default, e.Message, e.Error); }
        catch (Exception e)
        {
            log.LogWarning(e, "A command's outcome is unknown");
            return new CommandOutcome<T>(CommandResult.Unknown, default);
        }
    }

    public static async Task<CommandOutcome> Of(Func<Task> call, ILogger log)
    {
        var outcome = await Of(async () => { await call(); return true; }, log);
        return new CommandOutcome(outcome.Result, outcome.Refusal, outcome.Error);
    }
}

/// <summary>A command's outcome with the value a done command returned.</summary>
public sealed record CommandOutcome<T>(CommandResult Result, T? Value, string? Refusal = null, Enum? Error = null) : CommandOutcome(Result, Refusal, Error);
