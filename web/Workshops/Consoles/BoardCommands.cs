using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;
using Workshop.Web.Hosting;

namespace Workshop.Web.Workshops.Consoles;

/// <summary>The facilitator's commands on a board activity: moderation, clusters, links to the framework and voting.</summary>
public sealed class BoardCommands(ConsoleSession console, IGrainFactory grains)
{
    private IBoardGrain Board(Guid activityId) => grains.GetGrain<IBoardGrain>(activityId);
    private string Facilitator => console.Facilitator;

    public Task<CommandOutcome> OpenVoting(Guid activityId, BoardVoting on) => console.Run(() => Board(activityId).OpenVoting(Facilitator, on));
    public Task<CommandOutcome> Hide(Guid activityId, Guid noteId, bool hidden) => console.Run(() => Board(activityId).Moderate(Facilitator, noteId, hidden, null));
    public Task<CommandOutcome> Edit(Guid activityId, Guid noteId, string text) => console.Run(() => Board(activityId).Moderate(Facilitator, noteId, null, text));
    public Task<CommandOutcome> CreateCluster(Guid activityId, string name) => console.Run(() => Board(activityId).CreateCluster(Facilitator, name));
    public Task<CommandOutcome> RenameCluster(Guid activityId, Guid clusterId, string name) => console.Run(() => Board(activityId).RenameCluster(Facilitator, clusterId, name));
    public Task<CommandOutcome> MergeClusters(Guid activityId, Guid into, Guid from) => console.Run(() => Board(activityId).MergeClusters(Facilitator, into, from));
    /// <summary>Puts a note into a cluster, or back among the unclustered ones (null).</summary>
    public Task<CommandOutcome> Assign(Guid activityId, Guid noteId, Guid? clusterId) => console.Run(() => Board(activityId).AssignNote(Facilitator, noteId, clusterId));
    /// <summary>Links a note or cluster to a framework item, or unlinks it (null).</summary>
    public Task<CommandOutcome> Link(Guid activityId, Guid targetId, Guid? itemId) => console.Run(() => Board(activityId).LinkToItem(Facilitator, targetId, itemId));
}
