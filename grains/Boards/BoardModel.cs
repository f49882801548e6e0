using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.Grains.Boards;

/// <summary>A column of a board: the question notes answer, e.g. "Our shared vision".</summary>
[GenerateSerializer, Immutable]
public sealed record BoardPrompt(
    [property: Id(0)] string Key,
    [property: Id(1)] ImmutableDictionary<string, string> Labels);

/// <summary>What the board votes (or voted) on; <see cref="BoardState.VotingOpen"/> says whether votes are taken now.</summary>
public enum BoardVoting { None, Notes, Clusters }

/// <summary>A note: plain text (never markup), by a participant or the facilitator (<see cref="Author"/> empty).</summary>
[GenerateSerializer, Immutable]
public sealed record BoardNote(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Prompt,
    [property: Id(2)] Guid Author,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] bool Hidden,
    [property: Id(6)] Guid? Cluster,
    [property: Id(7)] Guid? LinkedItem);

[GenerateSerializer, Immutable]
public sealed record BoardCluster(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid? LinkedItem);

/// <summary>Everything on a board: notes, clusters, and each participant's votes (never shown per participant).</summary>
[GenerateSerializer, Immutable]
public sealed record BoardState(
    [property: Id(0)] ImmutableList<BoardNote> Notes,
    [property: Id(1)] ImmutableList<BoardCluster> Clusters,
    [property: Id(2)] BoardVoting Voting,
    [property: Id(3)] ImmutableDictionary<Guid, ImmutableDictionary<Guid, int>> Votes,
    [property: Id(4)] bool VotingOpen = false,
    [property: Id(5)] ImmutableDictionary<Guid, ImmutableList<DateTimeOffset>>? RecentPosts = null,
    [property: Id(6)] ImmutableDictionary<Guid, ImmutableList<DateTimeOffset>>? RecentProposals = null)
{
    /// <summary>When each participant last posted (at most <see cref="BoardRules.NotesPerMinute"/> times each): deleting a note does not give its place back.</summary>
    public ImmutableList<DateTimeOffset> PostedBy(Guid author) => RecentPosts?.GetValueOrDefault(author) ?? [];

    public static BoardState Empty { get; } = new([], [], BoardVoting.None, ImmutableDictionary<Guid, ImmutableDictionary<Guid, int>>.Empty);

    public BoardNote? Note(Guid id) => Notes.Find(n => n.Id == id);
    public BoardCluster? Cluster(Guid id) => Clusters.Find(c => c.Id == id);

    /// <summary>What every participant may see: visible notes without their authors, and no one's votes.</summary>
    public BoardState ForParticipants(bool notesVisible) => this with
    {
        Notes = notesVisible ? Notes.Where(n => !n.Hidden).Select(n => n with { Author = Guid.Empty }).ToImmutableList() : [],
        Votes = ImmutableDictionary<Guid, ImmutableDictionary<Guid, int>>.Empty,
        RecentPosts = null,
        RecentProposals = null,
    };
}

[GenerateSerializer, Immutable]
public sealed record BoardTargetResult(
    [property: Id(0)] Guid Target,
    [property: Id(1)] int Votes,
    [property: Id(2)] int Voters,
    [property: Id(3)] int Rank);

/// <summary>The votes on notes or clusters, most first (competition ranks: 1, 2, 2, 4).</summary>
[GenerateSerializer, Immutable]
public sealed record BoardResults(
    [property: Id(0)] BoardVoting On,
    [property: Id(1)] int Voters,
    [property: Id(2)] ImmutableList<BoardTargetResult> Targets)
{
    public static BoardResults From(BoardState board)
    {
        var targets = BoardRules.Targets(board).ToList();
        var votes = targets.Select(t => (long)board.Votes.Values.Sum(v => v.GetValueOrDefault(t))).ToList();
        var voters = targets.Select(t => board.Votes.Values.Count(v => v.GetValueOrDefault(t) > 0)).ToList();
        var ranks = Ranks.Competition(votes);
        var results = targets.Select((t, i) => new BoardTargetResult(t, (int)votes[i], voters[i], ranks[i]))
            .OrderBy(r => r.Rank).ThenBy(r => targets.IndexOf(r.Target)).ToImmutableList();
        // A voter is someone with a vote on a target now on the board (not only on notes hidden since).
        return new BoardResults(board.Voting, board.Votes.Values.Count(v => targets.Any(t => v.GetValueOrDefault(t) > 0)), results);
    }
}

/// <summary>Ready-made prompts for a board.</summary>
public static class BoardTemplates
{
    public static readonly BoardPrompt SharedVision = Prompt("vision",
        ("sl", "Naša skupna vizija"), ("en", "Our shared vision"), ("it", "La nostra visione condivisa"), ("fr", "Notre vision commune"), ("pl", "Nasza wspólna wizja"), ("zh", "我们的共同愿景"));
    public static readonly BoardPrompt Challenges = Prompt("challenges",
        ("sl", "Izzivi"), ("en", "Challenges"), ("it", "Sfide"), ("fr", "Défis"), ("pl", "Wyzwania"), ("zh", "挑战"));
    public static readonly BoardPrompt MissingCompetencies = Prompt("missing",
        ("sl", "Manjkajoče kompetence"), ("en", "Missing competencies"), ("it", "Competenze mancanti"), ("fr", "Compétences manquantes"), ("pl", "Brakujące kompetencje"), ("zh", "缺少的能力"));
    public static readonly BoardPrompt Helps = Prompt("helps",
        ("sl", "Kaj pomaga"), ("en", "What helps"), ("it", "Cosa aiuta"), ("fr", "Ce qui aide"), ("pl", "Co pomaga"), ("zh", "有帮助的因素"));
    public static readonly BoardPrompt Hinders = Prompt("hinders",
        ("sl", "Kaj ovira"), ("en", "What hinders"), ("it", "Cosa ostacola"), ("fr", "Ce qui freine"), ("pl", "Co przeszkadza"), ("zh", "阻碍的因素"));

    /// <summary>The templates a facilitator picks from: a name and its prompts.</summary>
    public static readonly ImmutableList<(string Key, ImmutableList<BoardPrompt> Prompts)> All =
    [
        ("vision", [SharedVision]),
        ("challenges", [Challenges]),
        ("missing", [MissingCompetencies]),
        ("helps-hinders", [Helps, Hinders]),
    ];

    private static BoardPrompt Prompt(string key, params (string Language, string Label)[] labels) =>
        new(key, labels.ToImmutableDictionary(l => l.Language, l => l.Label));
}
