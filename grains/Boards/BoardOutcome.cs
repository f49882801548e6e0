using System.Collections.Immutable;

namespace Workshop.Grains.Boards;

public static class BoardOutcome
{
    /// <summary>Each note's votes when the board closed: its own when notes were voted on, its cluster's when clusters were.</summary>
    public static ImmutableDictionary<Guid, int> VotesByNote(BoardState board, BoardResults results)
    {
        var votes = results.Targets.ToDictionary(t => t.Target, t => t.Votes);
        return board.Notes.ToImmutableDictionary(n => n.Id, n => votes.GetValueOrDefault(board.Voting == BoardVoting.Clusters && n.Cluster is { } c ? c : n.Id));
    }
}
