using System.Security.Claims;
using System.Threading.Channels;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Workshops;
using Workshop.Web.Hosting;

namespace Workshop.Web.Workshops.Consoles;

public enum ConsoleAccess { Missing, Refused, Granted }

/// <summary>
/// One facilitator's console on one workshop: checks access, keeps one view model current from the workshop's snapshots
/// (re-reading the agenda when a snapshot is newer, at most one read in flight plus one trailing) and runs the commands.
/// </summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    private readonly IGrainFactory grains;
    private readonly WorkshopConsoles consoles;
    private readonly ILogger log;
    private readonly Channel<bool> reads = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly object gate = new();
    private IDisposable? subscription;
    private Task reading = Task.CompletedTask;

    internal ConsoleSession(Guid workshopId, string facilitator, IGrainFactory grains, WorkshopConsoles consoles, ILogger log)
    {
        WorkshopId = workshopId;
        Facilitator = facilitator;
        this.grains = grains;
        this.consoles = consoles;
        this.log = log;
        Board = new BoardCommands(this, grains);
    }

    public Guid WorkshopId { get; }
    /// <summary>The signed-in user's name, as the timeline records it.</summary>
    public string Facilitator { get; }
    public ConsoleAccess Access { get; private set; }
    /// <summary>The current view; null unless <see cref="Access"/> is granted.</summary>
    public ConsoleView? View { get; private set; }
    /// <summary>The framework version the workshop pinned, and its items in tree order (for new activities, links and proposals).</summary>
    public FrameworkVersion? Version { get; private set; }
    public IReadOnlyList<FrameworkItem> Items { get; private set; } = [];
    public BoardCommands Board { get; }

    /// <summary>Raised after <see cref="View"/> changed (from any thread).</summary>
    public event Func<Task>? Changed;

    private IWorkshopGrain Grain => grains.GetGrain<IWorkshopGrain>(WorkshopId);
    private IRoomGrain Room => grains.GetGrain<IRoomGrain>(WorkshopId);

    internal async Task Load(ClaimsPrincipal user, WorkshopFeed feed)
    {
        var workshop = await Grain.GetState();
        Access = workshop is null ? ConsoleAccess.Missing : user.MayControl(workshop.Facilitators) ? ConsoleAccess.Granted : ConsoleAccess.Refused;
        if (Access != ConsoleAccess.Granted) return;
        View = new ConsoleView(workshop!, await Room.GetSnapshot());
        Version = (await grains.GetGrain<IFrameworkGrain>(workshop!.FrameworkId).Get())?.Version(workshop.FrameworkVersion);
        Items = Version is null ? [] : ItemSelection.InTreeOrder(Version).ToList();
        reading = ReadWhenAsked();
        subscription = await feed.Subscribe(WorkshopId, OnSnapshot);
        // A change between the first read and the subscription arrived before anyone listened.
        reads.Writer.TryWrite(true);
    }

    private async Task OnSnapshot(WorkshopSnapshot snapshot)
    {
        bool agendaStale;
        lock (gate)
        {
            if (View is null || snapshot.Version <= View.Snapshot.Version) return;
            View = View.Merge(null, snapshot);
            agendaStale = snapshot.Version > View.Workshop.Version;
        }
        if (agendaStale) reads.Writer.TryWrite(true);
        await Notify();
    }

    /// <summary>Reads the workshop whenever asked; asks that arrive during a read are folded into one read after it.</summary>
    private async Task ReadWhenAsked()
    {
        await foreach (var _ in reads.Reader.ReadAllAsync())
        {
            try
            {
                var workshop = await Grain.GetState();
                var snapshot = await Room.GetSnapshot();
                lock (gate) View = View!.Merge(workshop, snapshot);
                await Notify();
            }
            catch (Exception e) { log.LogWarning(e, "Could not read workshop {Workshop} for a console", WorkshopId); }
        }
    }

    private async Task Notify()
    {
        if (Changed is { } changed) await changed();
    }

    public Task<CommandOutcome> Start() => Run(() => Grain.Start());
    public Task<CommandOutcome> AddActivity(ActivityDefinition definition) => Run(() => Grain.AddActivity(definition));
    /// <summary>Opens an activity; opening a closed one starts its next round.</summary>
    public Task<CommandOutcome> OpenActivity(Guid activityId) => Run(() => Grain.OpenActivity(activityId));
    public Task<CommandOutcome> CloseActivity(Guid activityId) => Run(() => Grain.CloseActivity(activityId));
    public Task<CommandOutcome> Reveal(Guid activityId, bool revealed) => Run(() => Grain.Reveal(activityId, revealed));
    public Task<CommandOutcome> Lock(Guid activityId, bool locked) => Run(() => Grain.Lock(activityId, locked));
    /// <summary>Opens the next round of a closed activity with a consensus rule; with <paramref name="onlyWithoutConsensus"/>, on the items without consensus only.</summary>
    public Task<CommandOutcome> OpenNextRound(Guid activityId, bool onlyWithoutConsensus) => Run(() => Grain.OpenNextRound(activityId, onlyWithoutConsensus));
    /// <summary>Changes when a pending or open activity closes by itself, or clears it (null: closed by hand).</summary>
    public Task<CommandOutcome> SetClosesAt(Guid activityId, DateTimeOffset? closesAt) => Run(() => Grain.SetClosesAt(activityId, closesAt));
    public Task<CommandOutcome> SetTimer(Guid activityId, TimeSpan? duration) => Run(() => Grain.SetTimer(activityId, duration));
    public Task<CommandOutcome> End() => Run(() => Grain.End());
    public Task<CommandOutcome> ErasePersonalData() => Run(() => Grain.ErasePersonalData(Facilitator));
    /// <summary>The facilitator proposes a change to the model (from a note when the draft names one).</summary>
    public Task<CommandOutcome> Propose(ProposalDraft draft) => Run(() => Grain.Propose(Facilitator, draft));

    /// <summary>Adds the facilitator with this email as a co-facilitator; refused when no facilitator has it.</summary>
    public async Task<CommandOutcome> AddFacilitator(string email)
    {
        if (Access != ConsoleAccess.Granted) return CommandOutcome.Refused(WorkshopAccess.Refusal);
        var name = await consoles.FacilitatorNamed(email);
        return name is null ? consoles.NoSuchFacilitator : await Run(() => Grain.AddFacilitator(Facilitator, name));
    }

    /// <summary>Runs a command if the user may run this workshop, then reads the workshop again (whatever the outcome: it may have happened).</summary>
    internal async Task<CommandOutcome> Run(Func<Task> command)
    {
        if (Access != ConsoleAccess.Granted) return CommandOutcome.Refused(WorkshopAccess.Refusal);
        var outcome = await CommandOutcome.Of(command, log);
        reads.Writer.TryWrite(true);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        Changed = null;
        subscription?.Dispose();
        reads.Writer.TryComplete();
        await reading;
    }
}
