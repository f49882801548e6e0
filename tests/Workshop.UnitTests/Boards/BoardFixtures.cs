using System.Collections.Immutable;
using System.Text.Json;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Boards;

/// <summary>Boards, notes and votes the board tests share, and a deep text copy of a board to prove a refusal changed nothing.</summary>
internal static class BoardFixtures
{
    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static readonly Guid BoardId = Id(9100);
    public static readonly DateTimeOffset Now = new(2025, 5, 14, 10, 0, 0, TimeSpan.Zero);

    // Participants, and the facilitator's notes (no author).
    public static readonly Guid Ana = Id(101), Bor = Id(102), Cene = Id(103), Dana = Id(104);
    public static readonly Guid Facilitator = Guid.Empty;

    // Notes and clusters.
    public static readonly Guid N1 = Id(201), N2 = Id(202), N3 = Id(203), N4 = Id(204), N5 = Id(205);
    public static readonly Guid K1 = Id(301), K2 = Id(302), K3 = Id(303), K4 = Id(304);

    // Framework items a note or cluster is linked to.
    public static readonly Guid ItemA = Id(401), ItemB = Id(402);

    public static ImmutableDictionary<string, string> Title { get; } = ImmutableDictionary<string, string>.Empty.Add("en", "Our board");

    /// <summary>A board under "Our shared vision" and "Challenges": 3 votes each, at most 2 on one note or cluster.</summary>
    public static ActivityDefinition Definition(bool visibleAtOnce = false, int budget = 3, int cap = 2) =>
        ActivityDefinition.Board(BoardId, Title, [BoardTemplates.SharedVision, BoardTemplates.Challenges], visibleAtOnce, budget, cap);

    public static readonly ActivityDefinition Private = Definition();

    public static BoardState Posted(this BoardState board, Guid noteId, Guid author, string text, string prompt = "vision", DateTimeOffset? at = null) =>
        BoardRules.Post(board, Private, noteId, author, prompt, text, at ?? Now);

    /// <summary>Ana's N1 and N2, Bor's N3, Cene's N4 under the vision; the facilitator's N5 under challenges.</summary>
    public static BoardState FiveNotes() => BoardState.Empty
        .Posted(N1, Ana, "Shared data across the network")
        .Posted(N2, Ana, "Regular meetings")
        .Posted(N3, Bor, "A common language")
        .Posted(N4, Cene, "Trust between members")
        .Posted(N5, Facilitator, "Funding", prompt: "challenges");

    public static ImmutableDictionary<Guid, int> Votes(params (Guid Target, int Count)[] votes) =>
        votes.ToImmutableDictionary(v => v.Target, v => v.Count);

    public static BoardState Voted(this BoardState board, Guid participant, params (Guid Target, int Count)[] votes) =>
        BoardRules.Vote(board, Private, participant, Votes(votes));

    /// <summary>
    /// A canonical text copy of everything on a board, taken before a command and compared after it
    /// (records compare their immutable collections by reference, and dictionaries have no fixed order).
    /// </summary>
    public static string Snapshot(BoardState board) => JsonSerializer.Serialize(new
    {
        board.Notes,
        board.Clusters,
        board.Voting,
        Votes = board.Votes.OrderBy(v => v.Key).Select(v => new { v.Key, Targets = v.Value.OrderBy(t => t.Key).ToList() }).ToList(),
    });

    /// <summary>
    /// Runs a command that must be refused: it throws <paramref name="expected"/> with a sentence for the person who tried,
    /// and the board it was given is exactly as it was.
    /// </summary>
    public static WorkshopRuleException Refused(WorkshopError expected, BoardState board, Func<BoardState, BoardState> command)
    {
        var before = Snapshot(board);
        var error = Assert.Throws<WorkshopRuleException>(() => command(board));
        Assert.Equal(expected, error.Error);
        Assert.EndsWith(".", error.Message);
        Assert.Equal(before, Snapshot(board));
        return error;
    }

    /// <summary>Each participant's votes as sorted text, so that votes compare by content.</summary>
    public static IReadOnlyList<string> DescribeVotes(BoardState board) =>
        board.Votes.OrderBy(v => v.Key).Select(v => $"{v.Key}: {string.Join(", ", v.Value.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"))}").ToList();
}
