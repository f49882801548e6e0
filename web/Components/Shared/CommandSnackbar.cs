using Microsoft.Extensions.Localization;
using MudBlazor;
using Workshop.Web.Hosting;

namespace Workshop.Web.Components.Shared;

public static class CommandSnackbar
{
    /// <summary>
    /// Tells the user what became of a command: <paramref name="success"/> (if any) only once it is done, a refusal in the user's
    /// language (the text of the rule's error, <c>Error.{code}</c>; a refusal without a code is its own text key), or that the
    /// outcome could not be confirmed. Returns whether it was done.
    /// </summary>
    public static bool Report(this ISnackbar snackbar, CommandOutcome outcome, IStringLocalizer text, string? success = null)
    {
        switch (outcome.Result)
        {
            case CommandResult.Done when success is not null:
                snackbar.Add(success, Severity.Success);
                break;
            case CommandResult.Refused:
                snackbar.Add(outcome.Error is { } error ? text[$"Error.{error}"] : text[outcome.Refusal ?? ""], Severity.Error);
                break;
            case CommandResult.Unknown:
                snackbar.Add(text["CouldNotConfirm"], Severity.Warning);
                break;
        }
        return outcome.Done;
    }
}
