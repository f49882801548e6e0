using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Evidence;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Boards.BoardFixtures;

namespace Workshop.UnitTests.Boards;

/// <summary>A board's ranked results, the votes each note carries into the outcome, the evidence on linked items, and what phones see of it all.</summary>
public class BoardResultsTests
{
    /// <summary>
    /// Votes on notes (budget 3, at most 2 on one):
    ///   Ana  N3 2, N1 1
    ///   Bor  N3 1, N2 2
    ///   Cene N1 1, N4 1
    ///   Dana votes, then withdraws.
    /// N3 3 votes from 2 voters, N1 2 from 2, N2 2 from 1, N4 1 from 1, N5 none.
    /// </summary>
    private static BoardState VotedOnNotes() => BoardRules.OpenVoting(FiveNotes(), BoardVoting.Notes)
        .Voted(Ana, (N3, 2), (N1, 1))
        .Voted(Bor, (N3, 1), (N2, 2))
        .Voted(Cene, (N1, 1), (N4, 1))
        .Voted(Dana, (N5, 2))
        .Voted(Dana);

    [Fact]
    public void Results_rank_the_notes_by_votes_with_competition_ranks_for_ties_and_count_the_voters()
    {
        var results = BoardResults.From(VotedOnNotes());

        // Ranks: N3 1; N1 and N2 tie at 2 (N1 first: it is on the board first); N4 4 (the tie took two places); N5 5.
        Assert.Equal(BoardVoting.Notes, results.On);
        Assert.Equal(3, results.Voters);
        Assert.Equal(
            [
                new BoardTargetResult(N3, 3, 2, 1),
                new BoardTargetResult(N1, 2, 2, 2),
                new BoardTargetResult(N2, 2, 1, 2),
                new BoardTargetResult(N4, 1, 1, 4),
                new BoardTargetResult(N5, 0, 0, 5),
            ],
            results.Targets);
    }

    [Fact]
    public void Tied_targets_keep_the_order_of_the_board_whichever_was_voted_first()
    {
        var board = BoardRules.OpenVoting(FiveNotes(), BoardVoting.Notes)
            .Voted(Ana, (N4, 1))
            .Voted(Bor, (N2, 1));

        var results = BoardResults.From(board);

        Assert.Equal([(N2, 1), (N4, 1), (N1, 3), (N3, 3), (N5, 3)], results.Targets.Select(t => (t.Target, t.Rank)));
    }

    [Fact]
    public void With_nobody_voting_every_target_has_no_votes_and_shares_the_first_rank()
    {
        var results = BoardResults.From(BoardRules.OpenVoting(FiveNotes(), BoardVoting.Notes));

        Assert.Equal(0, results.Voters);
        Assert.Equal([N1, N2, N3, N4, N5], results.Targets.Select(t => t.Target));
        Assert.All(results.Targets, t => Assert.Equal((0, 0, 1), (t.Votes, t.Voters, t.Rank)));
    }

    [Fact]
    public void Before_any_vote_is_opened_there_is_nothing_to_rank()
    {
        var results = BoardResults.From(FiveNotes());

        Assert.Equal((BoardVoting.None, 0), (results.On, results.Voters));
        Assert.Empty(results.Targets);
    }

    [Fact]
    public void A_hidden_note_leaves_the_results_with_the_voters_who_voted_only_on_it_and_comes_back_with_its_votes_when_restored()
    {
        var board = VotedOnNotes().Voted(Dana, (N4, 2));

        var hidden = BoardResults.From(BoardRules.Moderate(board, N4, hidden: true, text: null));
        var restored = BoardResults.From(BoardRules.Moderate(BoardRules.Moderate(board, N4, true, null), N4, false, null));

        Assert.Equal([N3, N1, N2, N5], hidden.Targets.Select(t => t.Target));
        // Cene still voted on N1; Dana's only votes were on N4, so she counts again only once it is back.
        Assert.Equal(3, hidden.Voters);
        Assert.Equal(4, restored.Voters);
        Assert.Equal(new BoardTargetResult(N4, 3, 2, 1), restored.Targets.Single(t => t.Target == N4));
    }

    /// <summary>K1 "Data" (N1, N2), K2 "Trust" (N3, N4, linked to item B), K3 "Funding" (N5); voting on clusters.</summary>
    private static BoardState VotedOnClusters()
    {
        var board = FiveNotes();
        foreach (var (id, name) in new[] { (K1, "Data"), (K2, "Trust"), (K3, "Funding") }) board = BoardRules.CreateCluster(board, id, name);
        foreach (var (note, cluster) in new[] { (N1, K1), (N2, K1), (N3, K2), (N4, K2), (N5, K3) }) board = BoardRules.Assign(board, note, cluster);
        board = BoardRules.Link(board, K2, ItemB);
        return BoardRules.OpenVoting(board, BoardVoting.Clusters)
            .Voted(Ana, (K2, 2), (K1, 1))
            .Voted(Bor, (K1, 2), (K2, 1))
            .Voted(Cene, (K3, 1));
    }

    [Fact]
    public void Results_on_clusters_rank_the_clusters()
    {
        var results = BoardResults.From(VotedOnClusters());

        Assert.Equal((BoardVoting.Clusters, 3), (results.On, results.Voters));
        Assert.Equal([new BoardTargetResult(K1, 3, 2, 1), new BoardTargetResult(K2, 3, 2, 1), new BoardTargetResult(K3, 1, 1, 3)], results.Targets);
    }

    [Fact]
    public void After_a_merge_the_results_have_the_remaining_cluster_with_only_its_own_votes_and_no_voter_of_only_the_merged_one()
    {
        var merged = BoardRules.Merge(VotedOnClusters(), K1, K3);

        var results = BoardResults.From(merged);

        Assert.Equal([N1, N2, N5], merged.Notes.Where(n => n.Cluster == K1).Select(n => n.Id));
        Assert.Equal([new BoardTargetResult(K1, 3, 2, 1), new BoardTargetResult(K2, 3, 2, 1)], results.Targets);
        Assert.Equal(2, results.Voters);
        Assert.DoesNotContain(Cene, merged.Votes.Keys);
    }

    // ---- the outcome: each note's votes ----

    [Fact]
    public void Each_note_carries_its_own_votes_when_notes_were_voted_on()
    {
        var board = VotedOnNotes();

        var byNote = BoardOutcome.VotesByNote(board, BoardResults.From(board));

        Assert.Equal([(N1, 2), (N2, 2), (N3, 3), (N4, 1), (N5, 0)], byNote.OrderBy(v => v.Key).Select(v => (v.Key, v.Value)));
    }

    [Fact]
    public void Each_note_carries_the_votes_of_its_cluster_when_clusters_were_voted_on_and_a_note_in_no_cluster_has_none()
    {
        var board = BoardRules.Assign(VotedOnClusters(), N5, null);

        var byNote = BoardOutcome.VotesByNote(board, BoardResults.From(board));

        Assert.Equal([(N1, 3), (N2, 3), (N3, 3), (N4, 3), (N5, 0)], byNote.OrderBy(v => v.Key).Select(v => (v.Key, v.Value)));
    }

    [Fact]
    public void Without_a_vote_every_note_carries_no_votes()
    {
        var board = FiveNotes();
        Assert.All(BoardOutcome.VotesByNote(board, BoardResults.From(board)), v => Assert.Equal(0, v.Value));
        Assert.Equal(5, BoardOutcome.VotesByNote(board, BoardResults.From(board)).Count);
    }

    // ---- the outcome: evidence on linked framework items ----

    private static readonly Guid WorkshopId = Id(9900);

    private static WorkshopState Workshop(BoardState board, ActivityDefinition? definition = null, bool revealed = false, ActivityStatus status = ActivityStatus.Closed) => new()
    {
        Id = WorkshopId,
        Title = "Focus group Maribor",
        FrameworkId = "example",
        FrameworkVersion = 1,
        Status = WorkshopStatus.Live,
        CurrentActivity = BoardId,
        Activities = [new ActivityState(definition ?? Private, [], status, 1, revealed, false, null, TallyCounts.Empty, [])],
    };

    /// <summary>What the room shows of the workshop with the board's content.</summary>
    private static WorkshopSnapshot Snapshot(BoardState board, ActivityDefinition? definition = null, bool revealed = false, ActivityStatus status = ActivityStatus.Closed) =>
        WorkshopSnapshot.Of(Workshop(board, definition, revealed, status), 1, 0, null, new BoardContent(BoardId, board, [], 1));

    [Fact]
    public void A_closed_board_leaves_evidence_on_each_item_a_cluster_or_visible_note_was_linked_to()
    {
        var board = BoardRules.Link(BoardRules.Link(VotedOnClusters(), N5, ItemA), N4, ItemA);
        board = BoardRules.Moderate(board, N4, hidden: true, text: null);
        var state = Workshop(board);
        var at = Now.AddHours(1);

        var evidence = EvidenceBuilder.ForBoard(state, state.Activities[0], board, BoardResults.From(board), at);

        // K2 holds N3 and the hidden N4: one note counts. N5 was linked as a note while clusters were voted on: no votes of its own.
        Assert.Equal([ItemA, ItemB], evidence.Select(e => e.ItemId).Order());
        Assert.All(evidence, e => Assert.Equal((WorkshopId, "Focus group Maribor", BoardId, 1, ActivityKind.Board, (string?)null, at),
            (e.WorkshopId, e.WorkshopTitle, e.ActivityId, e.Round, e.Method, e.Segment, e.At)));
        var onB = evidence.Single(e => e.ItemId == ItemB);
        Assert.Equal(2, onB.N);
        Assert.Equal([("notes", 1.0), ("rank", 1.0), ("voters", 2.0), ("votes", 3.0)], onB.Statistics.OrderBy(s => s.Key).Select(s => (s.Key, s.Value)));
        var onA = evidence.Single(e => e.ItemId == ItemA);
        Assert.Equal(0, onA.N);
        Assert.Equal([("notes", 1.0), ("voters", 0.0), ("votes", 0.0)], onA.Statistics.OrderBy(s => s.Key).Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void A_board_with_nothing_linked_leaves_no_evidence()
    {
        var board = VotedOnNotes();
        var state = Workshop(board);
        Assert.Empty(EvidenceBuilder.ForBoard(state, state.Activities[0], board, BoardResults.From(board), Now));
    }

    // ---- what the phones see ----

    [Fact]
    public void A_phone_sees_no_notes_of_a_private_board_until_the_reveal_then_the_visible_ones_without_authors_or_votes_and_the_results_once_voting_stops()
    {
        var board = BoardRules.Moderate(VotedOnNotes(), N2, hidden: true, text: null);

        var before = Snapshot(board, status: ActivityStatus.Open);
        var whileVoting = Snapshot(board, revealed: true, status: ActivityStatus.Open);
        var after = Snapshot(BoardRules.OpenVoting(board, BoardVoting.None), revealed: true, status: ActivityStatus.Open);

        // The facilitator's snapshot has everything.
        Assert.Equal(5, before.Current!.Board!.Notes.Count);
        Assert.Equal(3, before.Current.Board.Votes.Count);
        Assert.Equal(3, before.Current.Respondents);
        Assert.Equal(BoardResults.From(board).Targets, before.Current.Results!.Board!.Targets);
        var phoneBefore = before.ForParticipants().Current!;
        Assert.Empty(phoneBefore.Board!.Notes);
        Assert.Empty(phoneBefore.Board.Votes);
        Assert.Null(phoneBefore.Results);
        // Revealed while the vote is still open: the notes, but not the running tally.
        Assert.Null(whileVoting.ForParticipants().Current!.Results);
        var phoneAfter = after.ForParticipants().Current!;
        Assert.Equal([N1, N3, N4, N5], phoneAfter.Board!.Notes.Select(n => n.Id));
        Assert.All(phoneAfter.Board.Notes, n => Assert.Equal(Guid.Empty, n.Author));
        Assert.Empty(phoneAfter.Board.Votes);
        Assert.Equal(BoardResults.From(board).Targets, phoneAfter.Results!.Board!.Targets);
    }

    [Fact]
    public void A_phone_sees_the_notes_of_a_board_visible_at_once_before_any_reveal_but_not_the_results()
    {
        var board = VotedOnNotes();

        var phone = Snapshot(board, Definition(visibleAtOnce: true), status: ActivityStatus.Open).ForParticipants().Current!;

        Assert.Equal([N1, N2, N3, N4, N5], phone.Board!.Notes.Select(n => n.Id));
        Assert.All(phone.Board.Notes, n => Assert.Equal(Guid.Empty, n.Author));
        Assert.Empty(phone.Board.Votes);
        Assert.Null(phone.Results);
    }
}
