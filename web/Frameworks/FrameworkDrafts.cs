using System.Security.Claims;
using Workshop.Grains.Frameworks;
using Workshop.Web.Hosting;

namespace Workshop.Web.Frameworks;

/// <summary>Editing a framework's draft version from its page: facilitators and administrators only (those who see drafts).</summary>
public sealed class FrameworkDrafts(IGrainFactory grains, ILogger<FrameworkDrafts> log)
{
    public const string Refusal = "Only facilitators and administrators edit frameworks.";

    /// <summary>Opens a draft (or returns the open one) and returns its number.</summary>
    public Task<CommandOutcome<int>> StartDraft(string id, ClaimsPrincipal user) => Run(user, () => Framework(id).StartDraft(user.Identity?.Name));
    public Task<CommandOutcome<bool>> Publish(string id, ClaimsPrincipal user, int version) => Run(user, () => Done(Framework(id).Publish(version)));
    /// <summary>Adds an item under <paramref name="parentId"/> (null: at the top) and returns its id.</summary>
    public Task<CommandOutcome<Guid>> AddItem(string id, ClaimsPrincipal user, int version, Guid? parentId, ItemDraft item) => Run(user, () => Framework(id).AddItem(version, parentId, item));
    public Task<CommandOutcome<bool>> UpdateItem(string id, ClaimsPrincipal user, int version, Guid itemId, ItemDraft item) => Run(user, () => Done(Framework(id).UpdateItem(version, itemId, item)));
    public Task<CommandOutcome<bool>> MoveItem(string id, ClaimsPrincipal user, int version, Guid itemId, Guid? newParentId, int index) => Run(user, () => Done(Framework(id).MoveItem(version, itemId, newParentId, index)));
    public Task<CommandOutcome<bool>> DeleteItem(string id, ClaimsPrincipal user, int version, Guid itemId) => Run(user, () => Done(Framework(id).DeleteItem(version, itemId)));

    /// <summary>Marks a language of a version reviewed by a model owner, or unreviewed again.</summary>
    public Task<CommandOutcome<bool>> MarkTranslation(string id, ClaimsPrincipal user, int version, string language, TranslationStatus status) =>
        Run(user, () => Done(Framework(id).MarkTranslation(version, language, status)));

    private IFrameworkGrain Framework(string id) => grains.GetGrain<IFrameworkGrain>(id);

    private static async Task<bool> Done(Task command)
    {
        await command;
        return true;
    }

    private async Task<CommandOutcome<T>> Run<T>(ClaimsPrincipal user, Func<Task<T>> command) =>
        user.CanSeeDrafts() ? await CommandOutcome.Of(command, log) : new CommandOutcome<T>(CommandResult.Refused, default, Refusal);
}
