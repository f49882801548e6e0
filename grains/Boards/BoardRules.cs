using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Boards;

/// <summary>
/// The rules of a board as pure functions: each returns the new board or throws <see cref="WorkshopRuleException"/>
/// with a sentence for the person who tried, so a refused action changes nothing.
/// </summary>
public static class BoardRules
{
    public const int MaxNoteLength = 280;
    public const int NotesPerMinute = 6;
    public const int ProposalsPerMinute = 3;
    public const int MaxClusterNameLength = 80;
    public const int MaxPrompts = 6;

    public static void ValidateDefinition(ActivityDefinition definition)
    {
        var prompts = definition.Prompts ?? [];
        if (prompts.IsEmpty || prompts.Count > MaxPrompts) throw ActivityRules.Invalid($"A board needs 1 to {MaxPrompts} prompts.");
        if (prompts.Any(p => string.IsNullOrWhiteSpace(p.Key) || p.Labels.IsEmpty || p.Labels.Values.All(string.IsNullOrWhiteSpace)))
            throw ActivityRules.Invalid("Every prompt of a board needs a key and a text.");
        if (prompts.Select(p => p.Key).Distinct().Count() != prompts.Count) throw ActivityRules.Invalid("Two prompts of the board have the same key.");
        if (definition.DotBudget < 1 || definition.MaxDotsPerItem < 1 || definition.MaxDotsPerItem > definition.DotBudget)
            throw ActivityRules.Invalid("A board's votes need a budget of at least 1 and at most the budget on one note or cluster.");
    }

    /// <summary>Makes a note plain (<see cref="PlainText.Lines"/>); refuses an empty or over-long one. The text is always shown as text.</summary>
    public static string NoteText(string? text)
    {
        var trimmed = PlainText.Lines(text);
        if (trimmed.Length == 0) throw Fail(WorkshopError.EmptyNote, "A note needs some text.");
        if (trimmed.Length > MaxNoteLength) throw Fail(WorkshopError.NoteTooLong, $"A note has at most {MaxNoteLength} characters; this one has {trimmed.Length}.");
        return trimmed;
    }

    public static BoardState Post(BoardState board, ActivityDefinition definition, Guid noteId, Guid author, string prompt, string? text, DateTimeOffset now)
    {
        if (definition.Prompts?.Any(p => p.Key == prompt) != true) throw Fail(WorkshopError.UnknownPrompt, "This board has no such column.");
        var clean = NoteText(text);
        var posted = board.Notes.Add(new BoardNote(noteId, prompt, author, clean, now, false, null, null));
        if (author == Guid.Empty) return board with { Notes = posted };
        var recent = WithinRate(board.RecentPosts, author, now, NotesPerMinute, WorkshopError.TooManyNotes, "notes");
        return board with { Notes = posted, RecentPosts = recent };
    }

    /// <summary>Counts a participant's proposal from the board: a few a minute, so that nobody floods the model owner's list.</summary>
    public static BoardState Propose(BoardState board, Guid participant, DateTimeOffset now) =>
        board with { RecentProposals = WithinRate(board.RecentProposals, participant, now, ProposalsPerMinute, WorkshopError.TooManyProposals, "proposals") };

    /// <summary>
    /// Adds <paramref name="now"/> to the times of <paramref name="who"/>'s last actions, or refuses when they already made
    /// <paramref name="perMinute"/> within the last minute. Only the last <paramref name="perMinute"/> times are kept.
    /// </summary>
    private static ImmutableDictionary<Guid, ImmutableList<DateTimeOffset>> WithinRate(
        ImmutableDictionary<Guid, ImmutableList<DateTimeOffset>>? recent, Guid who, DateTimeOffset now, int perMinute, WorkshopError error, string what)
    {
        var times = recent?.GetValueOrDefault(who) ?? [];
        if (times.Count(at => now - at < TimeSpan.FromMinutes(1)) >= perMinute) throw Fail(error, $"At most {perMinute} {what} a minute; wait a moment.");
        return (recent ?? ImmutableDictionary<Guid, ImmutableList<DateTimeOffset>>.Empty).SetItem(who, times.Add(now).TakeLast(perMinute).ToImmutableList());
    }

    /// <summary>A participant changes their own note, only while notes are still private.</summary>
    public static BoardState Edit(BoardState board, Guid author, Guid noteId, string? text, bool notesVisible)
    {
        var note = OwnNote(board, author, noteId, notesVisible);
        return board with { Notes = board.Notes.Replace(note, note with { Text = NoteText(text) }) };
    }

    public static BoardState Delete(BoardState board, Guid author, Guid noteId, bool notesVisible)
    {
        var note = OwnNote(board, author, noteId, notesVisible);
        return board with { Notes = board.Notes.Remove(note), Votes = WithoutVotesOn(board.Votes, noteId) };
    }

    /// <summary>The facilitator hides, restores or rewrites a note (each one an event in the timeline).</summary>
    public static BoardState Moderate(BoardState board, Guid noteId, bool? hidden, string? text)
    {
        var note = RequireNote(board, noteId);
        var changed = note with { Hidden = hidden ?? note.Hidden, Text = text is null ? note.Text : NoteText(text) };
        return board with { Notes = board.Notes.Replace(note, changed) };
    }

    public static BoardState CreateCluster(BoardState board, Guid clusterId, string? name) =>
        board with { Clusters = board.Clusters.Add(new BoardCluster(clusterId, ClusterName(name), null)) };

    public static BoardState RenameCluster(BoardState board, Guid clusterId, string? name)
    {
        var cluster = RequireCluster(board, clusterId);
        return board with { Clusters = board.Clusters.Replace(cluster, cluster with { Name = ClusterName(name) }) };
    }

    /// <summary>Moves every note of <paramref name="from"/> into <paramref name="into"/> and removes <paramref name="from"/>.</summary>
    public static BoardState Merge(BoardState board, Guid into, Guid from)
    {
        var target = RequireCluster(board, into);
        var source = RequireCluster(board, from);
        if (target == source) return board;
        return board with
        {
            Notes = board.Notes.Select(n => n.Cluster == from ? n with { Cluster = into } : n).ToImmutableList(),
            Clusters = board.Clusters.Remove(source).Replace(target, target with { LinkedItem = target.LinkedItem ?? source.LinkedItem }),
            Votes = WithoutVotesOn(board.Votes, from),
        };
    }

    /// <summary>Puts a note in a cluster, or takes it out (null).</summary>
    public static BoardState Assign(BoardState board, Guid noteId, Guid? clusterId)
    {
        var note = RequireNote(board, noteId);
        if (clusterId is { } id) RequireCluster(board, id);
        return board with { Notes = board.Notes.Replace(note, note with { Cluster = clusterId }) };
    }

    /// <summary>Links a note or a cluster to a framework item (null: unlinks).</summary>
    public static BoardState Link(BoardState board, Guid targetId, Guid? itemId)
    {
        if (board.Note(targetId) is { } note) return board with { Notes = board.Notes.Replace(note, note with { LinkedItem = itemId }) };
        if (board.Cluster(targetId) is { } cluster) return board with { Clusters = board.Clusters.Replace(cluster, cluster with { LinkedItem = itemId }) };
        throw Fail(WorkshopError.UnknownTarget, "There is no such note or cluster on this board.");
    }

    /// <summary>
    /// Opens voting on notes or clusters (a vote on something else starts from nothing; reopening the same keeps the votes),
    /// or closes it with <see cref="BoardVoting.None"/>, keeping the votes and what they were on for the results.
    /// </summary>
    public static BoardState OpenVoting(BoardState board, BoardVoting on) => on == BoardVoting.None
        ? board with { VotingOpen = false }
        : board with
        {
            Voting = on,
            VotingOpen = true,
            Votes = on == board.Voting ? board.Votes : ImmutableDictionary<Guid, ImmutableDictionary<Guid, int>>.Empty,
        };

    /// <summary>A participant's whole set of votes, replacing the previous one: within the budget and the cap per target.</summary>
    public static BoardState Vote(BoardState board, ActivityDefinition definition, Guid participant, IReadOnlyDictionary<Guid, int>? votes)
    {
        if (!board.VotingOpen) throw Fail(WorkshopError.VotingClosed, "Voting on this board is not open.");
        var targets = Targets(board).ToHashSet();
        var clean = (votes ?? ImmutableDictionary<Guid, int>.Empty).Where(v => v.Value != 0).ToImmutableDictionary(v => v.Key, v => v.Value);
        foreach (var (target, count) in clean)
        {
            if (!targets.Contains(target)) throw Fail(WorkshopError.UnknownTarget, "You can only vote on the notes or clusters on the board.");
            if (count < 0) throw Fail(WorkshopError.NegativeDots, "Votes cannot be negative.");
            if (count > definition.MaxDotsPerItem) throw Fail(WorkshopError.OverItemCap, $"At most {definition.MaxDotsPerItem} votes on one {(board.Voting == BoardVoting.Notes ? "note" : "cluster")}.");
        }
        var total = clean.Values.Sum();
        if (total > definition.DotBudget) throw Fail(WorkshopError.OverBudget, $"You have {definition.DotBudget} votes; this uses {total}.");
        return board with { Votes = clean.IsEmpty ? board.Votes.Remove(participant) : board.Votes.SetItem(participant, clean) };
    }

    /// <summary>What can be voted on now: the visible notes, or the clusters.</summary>
    public static IEnumerable<Guid> Targets(BoardState board) => board.Voting switch
    {
        BoardVoting.Notes => board.Notes.Where(n => !n.Hidden).Select(n => n.Id),
        BoardVoting.Clusters => board.Clusters.Select(c => c.Id),
        _ => [],
    };

    /// <summary>Every participant's votes without those on <paramref name="target"/>; a participant left with none has no votes at all, as after withdrawing.</summary>
    private static ImmutableDictionary<Guid, ImmutableDictionary<Guid, int>> WithoutVotesOn(ImmutableDictionary<Guid, ImmutableDictionary<Guid, int>> votes, Guid target) =>
        votes.Select(v => (v.Key, Votes: v.Value.Remove(target))).Where(v => !v.Votes.IsEmpty).ToImmutableDictionary(v => v.Key, v => v.Votes);

    private static BoardNote OwnNote(BoardState board, Guid author, Guid noteId, bool notesVisible)
    {
        var note = RequireNote(board, noteId);
        if (note.Author != author) throw Fail(WorkshopError.NotYourNote, "You can only change your own notes.");
        if (notesVisible) throw Fail(WorkshopError.NoteRevealed, "The notes are on the board for everyone now; they can no longer change.");
        return note;
    }

    private static BoardNote RequireNote(BoardState board, Guid noteId) =>
        board.Note(noteId) ?? throw Fail(WorkshopError.UnknownNote, "This note is no longer on the board.");

    private static BoardCluster RequireCluster(BoardState board, Guid clusterId) =>
        board.Cluster(clusterId) ?? throw Fail(WorkshopError.UnknownCluster, "This cluster is no longer on the board.");

    private static string ClusterName(string? name)
    {
        var trimmed = PlainText.Line(name);
        if (trimmed.Length is 0 or > MaxClusterNameLength) throw Fail(WorkshopError.InvalidDefinition, $"A cluster needs a name of 1 to {MaxClusterNameLength} characters.");
        return trimmed;
    }

    private static WorkshopRuleException Fail(WorkshopError error, string message) => new(error, message);
}
