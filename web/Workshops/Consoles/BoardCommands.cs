using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;
using Workshop.Web.Hosting;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>The facilitator's commands on a board activity: moderation, clusters, links to the framework and voting.</summary>
public sealed class BoardCommands(ConsoleSession console, IGrainFactory grains)
{
    private IWorkshopGrain Board => grains.GetGrain<IWorkshopGrain>(console.WorkshopId);
    private string Facilitator => console.Facilitator;

    public Task<CommandOutcome> OpenVoting(Guid activityId, BoardVoting on) => console.Run(() => Board.OpenBoardVoting(activityId, Facilitator, on));
    public Task<CommandOutcome> Hide(Guid activityId, Guid noteId, bool hidden) => console.Run(() => Board.ModerateNote(activityId, Facilitator, noteId, hidden, null));
    public Task<CommandOutcome> Edit(Guid activityId, Guid noteId, string text) => console.Run(() => Board.ModerateNote(activityId, Facilitator, noteId, null, text));
    public Task<CommandOutcome> CreateCluster(Guid activityId, string name) => console.Run(() => Board.CreateCluster(activityId, Facilitator, name));
    public Task<CommandOutcome> RenameCluster(Guid activityId, Guid clusterId, string name) => console.Run(() => Board.RenameCluster(activityId, Facilitator, clusterId, name));
    public Task<CommandOutcome> MergeClusters(Guid activityId, Guid into, Guid from) => console.Run(() => Board.MergeClusters(activityId, Facilitator, into, from));
    /// <summary>Puts a note into a cluster, or back among the unclustered ones (null).</summary>
    public Task<CommandOutcome> Assign(Guid activityId, Guid noteId, Guid? clusterId) => console.Run(() => Board.AssignNote(activityId, Facilitator, noteId, clusterId));
    /// <summary>Links a note or cluster to a framework item, or unlinks it (null).</summary>
    public Task<CommandOutcome> Link(Guid activityId, Guid targetId, Guid? itemId) => console.Run(() => Board.LinkToItem(activityId, Facilitator, targetId, itemId));
}
