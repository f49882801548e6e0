using System.Collections.Immutable;
using Workshop.Grains.Boards;
using Workshop.Grains.Workshops;
using static Workshop.UnitTests.Boards.BoardFixtures;

namespace Workshop.UnitTests.Boards;

public class BoardRulesTests
{
    // ---- the definition of a board ----

    [Fact]
    public void The_four_templates_are_our_shared_vision_challenges_missing_competencies_and_what_helps_and_what_hinders()
    {
        Assert.Equal(["vision", "challenges", "missing", "helps-hinders"], BoardTemplates.All.Select(t => t.Key));
        Assert.Equal(
            [["Our shared vision"], ["Challenges"], ["Missing competencies"], ["What helps", "What hinders"]],
            BoardTemplates.All.Select(t => t.Prompts.Select(p => p.Labels["en"]).ToArray()));
        Assert.Equal(
            [["Naša skupna vizija"], ["Izzivi"], ["Manjkajoče kompetence"], ["Kaj pomaga", "Kaj ovira"]],
            BoardTemplates.All.Select(t => t.Prompts.Select(p => p.Labels["sl"]).ToArray()));
        Assert.Equal(["vision", "challenges", "missing", "helps", "hinders"], BoardTemplates.All.SelectMany(t => t.Prompts).Select(p => p.Key));
    }

    [Fact]
    public void Every_template_prompt_speaks_the_six_interface_languages()
    {
        Assert.All(BoardTemplates.All.SelectMany(t => t.Prompts), prompt =>
            Assert.Equal(["en", "fr", "it", "pl", "sl", "zh"], prompt.Labels.Keys.Order(StringComparer.Ordinal)));
        Assert.Equal(["我们的共同愿景", "Défis", "Competenze mancanti", "Co pomaga", "Kaj ovira"],
            [BoardTemplates.SharedVision.Labels["zh"], BoardTemplates.Challenges.Labels["fr"], BoardTemplates.MissingCompetencies.Labels["it"],
             BoardTemplates.Helps.Labels["pl"], BoardTemplates.Hinders.Labels["sl"]]);
    }

    [Fact]
    public void Every_template_and_all_of_them_together_make_a_valid_board_with_three_votes_at_most_two_on_one_target()
    {
        foreach (var (_, prompts) in BoardTemplates.All)
            ActivityRules.ValidateDefinition(ActivityDefinition.Board(BoardId, Title, prompts));
        var all = ActivityDefinition.Board(BoardId, Title, BoardTemplates.All.SelectMany(t => t.Prompts));

        ActivityRules.ValidateDefinition(all);
        Assert.Equal((ActivityKind.Board, 3, 2, false, 5), (all.Kind, all.DotBudget, all.MaxDotsPerItem, all.NotesVisibleAtOnce, all.Prompts!.Count));
        Assert.Empty(all.Items);
        Assert.True(ActivityDefinition.Board(BoardId, Title, [BoardTemplates.SharedVision], visibleAtOnce: true).NotesVisibleAtOnce);
    }

    private static void InvalidBoard(ActivityDefinition definition)
    {
        var error = Assert.Throws<WorkshopRuleException>(() => ActivityRules.ValidateDefinition(definition));
        Assert.Equal(WorkshopError.InvalidDefinition, error.Error);
        Assert.EndsWith(".", error.Message);
    }

    private static BoardPrompt Prompt(string key, params (string Language, string Text)[] labels) =>
        new(key, labels.ToImmutableDictionary(l => l.Language, l => l.Text));

    [Fact]
    public void A_board_with_no_prompts_or_more_than_six_is_refused()
    {
        InvalidBoard(ActivityDefinition.Board(BoardId, Title, []));
        InvalidBoard(Private with { Prompts = null });
        InvalidBoard(ActivityDefinition.Board(BoardId, Title, Enumerable.Range(1, 7).Select(i => Prompt($"p{i}", ("en", $"Prompt {i}")))));
        ActivityRules.ValidateDefinition(ActivityDefinition.Board(BoardId, Title, Enumerable.Range(1, 6).Select(i => Prompt($"p{i}", ("en", $"Prompt {i}")))));
    }

    [Fact]
    public void A_prompt_without_a_key_or_without_any_text_is_refused()
    {
        InvalidBoard(ActivityDefinition.Board(BoardId, Title, [Prompt(" ", ("en", "Vision"))]));
        InvalidBoard(ActivityDefinition.Board(BoardId, Title, [Prompt("vision")]));
        InvalidBoard(ActivityDefinition.Board(BoardId, Title, [Prompt("vision", ("en", " "), ("sl", ""))]));
        ActivityRules.ValidateDefinition(ActivityDefinition.Board(BoardId, Title, [Prompt("vision", ("en", " "), ("sl", "Vizija"))]));
    }

    [Fact]
    public void Two_prompts_with_the_same_key_are_refused() =>
        InvalidBoard(ActivityDefinition.Board(BoardId, Title, [BoardTemplates.SharedVision, Prompt("vision", ("en", "Another vision"))]));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 0)]
    [InlineData(3, 4)]
    public void A_board_whose_votes_have_no_budget_no_cap_or_a_cap_over_the_budget_is_refused(int budget, int cap) =>
        InvalidBoard(Definition(budget: budget, cap: cap));

    // ---- posting notes ----

    [Fact]
    public void A_posted_note_is_trimmed_and_kept_under_its_prompt_with_its_author_and_time_neither_hidden_clustered_nor_linked()
    {
        var board = BoardState.Empty.Posted(N1, Ana, "  Shared data across the network \n", prompt: "challenges");

        Assert.Equal(new BoardNote(N1, "challenges", Ana, "Shared data across the network", Now, false, null, null), Assert.Single(board.Notes));
        Assert.Same(board.Notes[0], board.Note(N1));
        Assert.Empty(BoardState.Empty.Notes);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=\"alert('x')\">")]
    [InlineData("<b>bold</b> &amp; &lt;tags&gt; \"quoted\" 'single'")]
    [InlineData("@Html.Raw(\"x\") {{ 7*7 }} ${7*7} `rm -rf /`; DROP TABLE notes;--")]
    [InlineData("**markdown** [link](javascript:alert(1)) # heading")]
    [InlineData("Vizija: čšž ČŠŽ, emoji 🚀👍🏽, newline\ninside")]
    public void Markup_or_script_in_a_note_is_stored_as_the_exact_text(string text)
    {
        var posted = BoardState.Empty.Posted(N1, Ana, text);
        var edited = BoardRules.Edit(posted, Ana, N1, text + " ", notesVisible: false);
        var moderated = BoardRules.Moderate(posted, N1, hidden: null, text);

        Assert.Equal(text, posted.Note(N1)!.Text);
        Assert.Equal(text, edited.Note(N1)!.Text);
        Assert.Equal(text, moderated.Note(N1)!.Text);
    }

    [Fact]
    public void A_note_of_280_characters_is_accepted_and_one_of_281_is_refused_as_too_long()
    {
        var longest = new string('x', BoardRules.MaxNoteLength);

        var posted = BoardState.Empty.Posted(N1, Ana, $"  {longest}  ");
        var error = Refused(WorkshopError.NoteTooLong, posted, b => b.Posted(N2, Ana, longest + "y"));

        Assert.Equal(280, BoardRules.MaxNoteLength);
        Assert.Equal(longest, posted.Note(N1)!.Text);
        Assert.Equal("A note has at most 280 characters; this one has 281.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" \t\r\n ")]
    [InlineData("\u00A0\u2003")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    [InlineData("\u202E\u2066\u0000")]
    [InlineData(null)]
    public void An_empty_or_whitespace_only_note_is_refused(string? text)
    {
        var board = FiveNotes();
        var error = Refused(WorkshopError.EmptyNote, board, b => BoardRules.Post(b, Private, Id(299), Ana, "vision", text, Now));
        Assert.Equal("A note needs some text.", error.Message);
    }

    [Fact]
    public void A_note_under_a_prompt_the_board_does_not_have_is_refused()
    {
        var board = FiveNotes();
        Refused(WorkshopError.UnknownPrompt, board, b => b.Posted(Id(299), Ana, "A note", prompt: "missing"));
        Refused(WorkshopError.UnknownPrompt, board, b => b.Posted(Id(299), Ana, "A note", prompt: "Vision"));
        Refused(WorkshopError.UnknownPrompt, board, b => b.Posted(Id(299), Ana, "A note", prompt: ""));
    }

    [Fact]
    public void A_seventh_note_within_a_minute_is_refused_and_a_minute_after_the_first_it_is_accepted()
    {
        var board = BoardState.Empty;
        for (var i = 0; i < BoardRules.NotesPerMinute; i++) board = board.Posted(Id(210 + i), Ana, $"Note {i + 1}", at: Now.AddSeconds(i * 10));

        var error = Refused(WorkshopError.TooManyNotes, board, b => b.Posted(Id(299), Ana, "Note 7", at: Now.AddSeconds(59.999)));
        var aMinuteLater = board.Posted(Id(299), Ana, "Note 7", at: Now.AddMinutes(1));

        Assert.Equal(6, BoardRules.NotesPerMinute);
        Assert.Equal("At most 6 notes a minute; wait a moment.", error.Message);
        Assert.Equal(7, aMinuteLater.Notes.Count);
        // One participant's notes count only against their own limit; the facilitator's not at all.
        var others = board.Posted(Id(298), Bor, "Bor's first", at: Now.AddSeconds(59));
        for (var i = 0; i < 10; i++) others = others.Posted(Id(280 + i), Facilitator, $"Facilitator {i}", at: Now.AddSeconds(59));
        Assert.Equal(17, others.Notes.Count);
    }

    [Fact]
    public void A_note_is_stored_without_bidi_controls_and_control_characters_and_keeps_its_line_breaks()
    {
        var board = BoardState.Empty.Posted(N1, Ana, "\u202Efirst\u0000 line\r\nsecond\u2069\tline\u0007");

        Assert.Equal("first line\nsecond line", board.Note(N1)!.Text);
    }

    [Fact]
    public void A_fourth_proposal_within_a_minute_is_refused_and_a_minute_after_the_first_it_is_counted()
    {
        var board = BoardState.Empty;
        for (var i = 0; i < BoardRules.ProposalsPerMinute; i++) board = BoardRules.Propose(board, Ana, Now.AddSeconds(i * 10));

        var error = Refused(WorkshopError.TooManyProposals, board, b => BoardRules.Propose(b, Ana, Now.AddSeconds(59.999)));
        var aMinuteLater = BoardRules.Propose(board, Ana, Now.AddMinutes(1));
        var bors = BoardRules.Propose(board, Bor, Now.AddSeconds(59));

        Assert.Equal(3, BoardRules.ProposalsPerMinute);
        Assert.Equal("At most 3 proposals a minute; wait a moment.", error.Message);
        Assert.Equal([Now.AddSeconds(10), Now.AddSeconds(20), Now.AddMinutes(1)], aMinuteLater.RecentProposals![Ana]);
        Assert.Equal([Now.AddSeconds(59)], bors.RecentProposals![Bor]);
        Assert.Null(bors.ForParticipants(notesVisible: true).RecentProposals);
    }

    [Fact]
    public void Deleting_a_note_does_not_give_its_place_back_in_the_minute()
    {
        var board = BoardState.Empty;
        for (var i = 0; i < BoardRules.NotesPerMinute; i++) board = board.Posted(Id(210 + i), Ana, $"Note {i + 1}", at: Now.AddSeconds(i * 10));
        board = BoardRules.Delete(board, Ana, Id(215), notesVisible: false);

        Refused(WorkshopError.TooManyNotes, board, b => b.Posted(Id(299), Ana, "Note 7", at: Now.AddSeconds(55)));
        Assert.Equal(6, board.Posted(Id(299), Ana, "Note 7", at: Now.AddMinutes(1)).Notes.Count);
    }

    // ---- a participant edits or deletes their own notes before the reveal ----

    [Fact]
    public void Before_the_reveal_a_participant_edits_their_own_note_and_only_its_text_changes()
    {
        var board = FiveNotes();

        var edited = BoardRules.Edit(board, Ana, N2, "  Monthly meetings  ", notesVisible: false);

        Assert.Equal(board.Note(N2)! with { Text = "Monthly meetings" }, edited.Note(N2));
        Assert.Equal(board.Notes.Remove(board.Note(N2)!), edited.Notes.Remove(edited.Note(N2)!));
        Assert.Equal("Regular meetings", board.Note(N2)!.Text);
    }

    [Fact]
    public void Before_the_reveal_a_participant_deletes_their_own_note_and_the_votes_on_it()
    {
        var board = BoardRules.OpenVoting(FiveNotes(), BoardVoting.Notes).Voted(Bor, (N1, 2), (N3, 1)).Voted(Cene, (N1, 1));

        var deleted = BoardRules.Delete(board, Ana, N1, notesVisible: false);

        Assert.Equal([N2, N3, N4, N5], deleted.Notes.Select(n => n.Id));
        Assert.Equal([$"{Bor}: {N3}=1"], DescribeVotes(deleted));
        Assert.Equal(5, board.Notes.Count);
    }

    [Fact]
    public void Changing_or_deleting_someone_elses_note_is_refused()
    {
        var board = FiveNotes();

        Refused(WorkshopError.NotYourNote, board, b => BoardRules.Edit(b, Bor, N1, "Mine now", notesVisible: false));
        Refused(WorkshopError.NotYourNote, board, b => BoardRules.Delete(b, Bor, N1, notesVisible: false));
        Refused(WorkshopError.NotYourNote, board, b => BoardRules.Edit(b, Ana, N5, "The facilitator's", notesVisible: false));
        Refused(WorkshopError.NotYourNote, board, b => BoardRules.Delete(b, Ana, N5, notesVisible: false));
        // Someone else's note after the reveal: it is not theirs, whatever the reveal.
        Refused(WorkshopError.NotYourNote, board, b => BoardRules.Edit(b, Bor, N1, "Mine now", notesVisible: true));
    }

    [Fact]
    public void Once_notes_are_visible_a_participant_can_no_longer_edit_or_delete_their_own()
    {
        var board = FiveNotes();

        var edit = Refused(WorkshopError.NoteRevealed, board, b => BoardRules.Edit(b, Ana, N1, "Changed after all", notesVisible: true));
        Refused(WorkshopError.NoteRevealed, board, b => BoardRules.Delete(b, Ana, N1, notesVisible: true));

        Assert.Equal("The notes are on the board for everyone now; they can no longer change.", edit.Message);
    }

    [Fact]
    public void Editing_or_deleting_a_note_that_is_not_on_the_board_is_refused()
    {
        var board = FiveNotes();
        Refused(WorkshopError.UnknownNote, board, b => BoardRules.Edit(b, Ana, Id(299), "Text", notesVisible: false));
        Refused(WorkshopError.UnknownNote, board, b => BoardRules.Delete(b, Ana, Id(299), notesVisible: false));
        Refused(WorkshopError.UnknownNote, BoardRules.Delete(board, Ana, N1, false), b => BoardRules.Delete(b, Ana, N1, notesVisible: false));
    }

    [Fact]
    public void An_edit_to_an_empty_or_over_long_text_is_refused()
    {
        var board = FiveNotes();
        Refused(WorkshopError.EmptyNote, board, b => BoardRules.Edit(b, Ana, N1, "   ", notesVisible: false));
        Refused(WorkshopError.EmptyNote, board, b => BoardRules.Edit(b, Ana, N1, null, notesVisible: false));
        Refused(WorkshopError.NoteTooLong, board, b => BoardRules.Edit(b, Ana, N1, new string('x', 281), notesVisible: false));
    }

    // ---- the facilitator moderates ----

    [Fact]
    public void The_facilitator_hides_restores_and_rewrites_a_note_which_stays_on_the_board()
    {
        var board = FiveNotes();

        var hidden = BoardRules.Moderate(board, N3, hidden: true, text: null);
        var restored = BoardRules.Moderate(hidden, N3, hidden: false, text: null);
        var rewritten = BoardRules.Moderate(hidden, N3, hidden: null, text: "  A common vocabulary ");
        var untouched = BoardRules.Moderate(board, N3, hidden: null, text: null);

        Assert.Equal(board.Note(N3)! with { Hidden = true }, hidden.Note(N3));
        Assert.Equal(board.Note(N3), restored.Note(N3));
        Assert.Equal(board.Note(N3)! with { Hidden = true, Text = "A common vocabulary" }, rewritten.Note(N3));
        Assert.Equal(board.Note(N3), untouched.Note(N3));
        Assert.Equal(5, hidden.Notes.Count);
    }

    [Fact]
    public void Moderating_a_note_that_is_not_on_the_board_or_to_an_empty_or_over_long_text_is_refused()
    {
        var board = FiveNotes();
        Refused(WorkshopError.UnknownNote, board, b => BoardRules.Moderate(b, Id(299), hidden: true, text: null));
        Refused(WorkshopError.EmptyNote, board, b => BoardRules.Moderate(b, N1, hidden: true, text: " "));
        Refused(WorkshopError.NoteTooLong, board, b => BoardRules.Moderate(b, N1, hidden: null, text: new string('x', 281)));
    }

    // ---- clusters ----

    [Fact]
    public void The_facilitator_creates_and_renames_clusters_with_trimmed_names_of_1_to_80_characters()
    {
        var eighty = new string('c', BoardRules.MaxClusterNameLength);

        var board = BoardRules.CreateCluster(FiveNotes(), K1, "  Data  ");
        board = BoardRules.CreateCluster(board, K2, eighty);
        var renamed = BoardRules.RenameCluster(board, K1, " Data and tools ");

        Assert.Equal([new BoardCluster(K1, "Data", null), new BoardCluster(K2, eighty, null)], board.Clusters);
        Assert.Equal([new BoardCluster(K1, "Data and tools", null), new BoardCluster(K2, eighty, null)], renamed.Clusters);
        Assert.Same(renamed.Clusters[0], renamed.Cluster(K1));
    }

    [Fact]
    public void A_cluster_name_that_is_empty_or_over_80_characters_is_refused_and_so_is_renaming_an_unknown_cluster()
    {
        var board = BoardRules.CreateCluster(FiveNotes(), K1, "Data");
        var tooLong = new string('c', 81);

        Refused(WorkshopError.InvalidDefinition, board, b => BoardRules.CreateCluster(b, K2, " "));
        Refused(WorkshopError.InvalidDefinition, board, b => BoardRules.CreateCluster(b, K2, null));
        Refused(WorkshopError.InvalidDefinition, board, b => BoardRules.CreateCluster(b, K2, tooLong));
        Refused(WorkshopError.InvalidDefinition, board, b => BoardRules.RenameCluster(b, K1, ""));
        Refused(WorkshopError.InvalidDefinition, board, b => BoardRules.RenameCluster(b, K1, tooLong));
        Refused(WorkshopError.UnknownCluster, board, b => BoardRules.RenameCluster(b, K2, "Tools"));
    }

    [Fact]
    public void A_note_is_put_in_a_cluster_moved_to_another_and_taken_out_again()
    {
        var board = BoardRules.CreateCluster(BoardRules.CreateCluster(FiveNotes(), K1, "Data"), K2, "People");

        var inK1 = BoardRules.Assign(board, N1, K1);
        var inK2 = BoardRules.Assign(inK1, N1, K2);
        var outAgain = BoardRules.Assign(inK2, N1, null);

        Assert.Equal((K1, K2, (Guid?)null), (inK1.Note(N1)!.Cluster, inK2.Note(N1)!.Cluster, outAgain.Note(N1)!.Cluster));
        Assert.All(inK2.Notes.Where(n => n.Id != N1), n => Assert.Null(n.Cluster));
    }

    [Fact]
    public void Putting_an_unknown_note_or_a_note_in_an_unknown_cluster_is_refused()
    {
        var board = BoardRules.CreateCluster(FiveNotes(), K1, "Data");
        Refused(WorkshopError.UnknownNote, board, b => BoardRules.Assign(b, Id(299), K1));
        Refused(WorkshopError.UnknownCluster, board, b => BoardRules.Assign(b, N1, K2));
    }

    /// <summary>K1 "Data" holds N1 and N2, K2 "Trust" holds N3 and N4 and is linked to item B; voting on clusters.</summary>
    private static BoardState TwoClusters()
    {
        var board = BoardRules.CreateCluster(BoardRules.CreateCluster(FiveNotes(), K1, "Data"), K2, "Trust");
        board = BoardRules.Assign(BoardRules.Assign(BoardRules.Assign(BoardRules.Assign(board, N1, K1), N2, K1), N3, K2), N4, K2);
        return BoardRules.Link(board, K2, ItemB);
    }

    [Fact]
    public void Merging_moves_the_notes_into_the_remaining_cluster_removes_the_merged_one_and_drops_the_votes_on_it()
    {
        var board = BoardRules.OpenVoting(TwoClusters(), BoardVoting.Clusters)
            .Voted(Ana, (K1, 2), (K2, 1))
            .Voted(Bor, (K2, 2))
            .Voted(Cene, (K1, 1));

        var merged = BoardRules.Merge(board, K1, K2);

        Assert.Equal([new BoardCluster(K1, "Data", ItemB)], merged.Clusters);
        Assert.Equal([K1, K1, K1, K1, null], merged.Notes.Select(n => n.Cluster));
        Assert.Equal([$"{Ana}: {K1}=2", $"{Cene}: {K1}=1"], DescribeVotes(merged));
        Assert.Equal([K1, K2], board.Clusters.Select(c => c.Id));
    }

    [Fact]
    public void A_merged_cluster_keeps_its_own_link_and_takes_the_link_of_the_other_only_when_it_has_none()
    {
        var onlyK2Linked = TwoClusters();
        var bothLinked = BoardRules.Link(onlyK2Linked, K1, ItemA);
        var noneLinked = BoardRules.Link(onlyK2Linked, K2, null);

        Assert.Equal(ItemA, BoardRules.Merge(bothLinked, K1, K2).Cluster(K1)!.LinkedItem);
        Assert.Equal(ItemB, BoardRules.Merge(bothLinked, K2, K1).Cluster(K2)!.LinkedItem);
        Assert.Equal(ItemB, BoardRules.Merge(onlyK2Linked, K1, K2).Cluster(K1)!.LinkedItem);
        Assert.Null(BoardRules.Merge(noneLinked, K1, K2).Cluster(K1)!.LinkedItem);
    }

    [Fact]
    public void Merging_a_cluster_into_itself_changes_nothing_and_merging_an_unknown_cluster_is_refused()
    {
        var board = TwoClusters();

        Assert.Equal(Snapshot(board), Snapshot(BoardRules.Merge(board, K1, K1)));
        Refused(WorkshopError.UnknownCluster, board, b => BoardRules.Merge(b, K1, K3));
        Refused(WorkshopError.UnknownCluster, board, b => BoardRules.Merge(b, K3, K1));
    }

    // ---- links to framework items ----

    [Fact]
    public void A_note_or_a_cluster_is_linked_to_a_framework_item_and_unlinked_again()
    {
        var board = TwoClusters();

        var noteLinked = BoardRules.Link(board, N5, ItemA);
        var clusterLinked = BoardRules.Link(noteLinked, K1, ItemA);
        var unlinked = BoardRules.Link(BoardRules.Link(clusterLinked, N5, null), K1, null);

        Assert.Equal(ItemA, noteLinked.Note(N5)!.LinkedItem);
        Assert.Equal((ItemA, ItemB), (clusterLinked.Cluster(K1)!.LinkedItem, clusterLinked.Cluster(K2)!.LinkedItem));
        Assert.Null(unlinked.Note(N5)!.LinkedItem);
        Assert.Null(unlinked.Cluster(K1)!.LinkedItem);
        Assert.Equal(ItemB, unlinked.Cluster(K2)!.LinkedItem);
    }

    [Fact]
    public void Linking_something_that_is_neither_a_note_nor_a_cluster_of_the_board_is_refused() =>
        Refused(WorkshopError.UnknownTarget, TwoClusters(), b => BoardRules.Link(b, Id(299), ItemA));

    // ---- dot voting ----

    [Fact]
    public void Opening_a_vote_on_other_targets_starts_from_no_votes_and_stopping_it_keeps_the_votes_for_the_results()
    {
        var onNotes = BoardRules.OpenVoting(TwoClusters(), BoardVoting.Notes).Voted(Ana, (N3, 2));

        var onClusters = BoardRules.OpenVoting(onNotes, BoardVoting.Clusters);
        var stopped = BoardRules.OpenVoting(onClusters.Voted(Ana, (K1, 1)), BoardVoting.None);
        var reopened = BoardRules.OpenVoting(stopped, BoardVoting.Clusters);

        Assert.Equal((BoardVoting.Notes, true, 1), (onNotes.Voting, onNotes.VotingOpen, onNotes.Votes.Count));
        Assert.Equal((BoardVoting.Clusters, true, 0), (onClusters.Voting, onClusters.VotingOpen, onClusters.Votes.Count));
        Assert.Equal((BoardVoting.Clusters, false, 1), (stopped.Voting, stopped.VotingOpen, stopped.Votes.Count));
        Assert.Equal((true, 1), (reopened.VotingOpen, reopened.Votes.Count));
        Assert.Equal(WorkshopError.VotingClosed, Assert.Throws<WorkshopRuleException>(() => BoardRules.Vote(stopped, Definition(), Ana, null)).Error);
    }

    [Fact]
    public void Notes_that_are_not_hidden_or_the_clusters_are_what_can_be_voted_on()
    {
        var board = BoardRules.Moderate(TwoClusters(), N4, hidden: true, text: null);

        Assert.Empty(BoardRules.Targets(board));
        Assert.Equal([N1, N2, N3, N5], BoardRules.Targets(BoardRules.OpenVoting(board, BoardVoting.Notes)));
        Assert.Equal([K1, K2], BoardRules.Targets(BoardRules.OpenVoting(board, BoardVoting.Clusters)));
    }

    [Fact]
    public void A_participants_votes_within_budget_and_cap_replace_their_previous_ones_without_the_zeros()
    {
        var board = BoardRules.OpenVoting(FiveNotes(), BoardVoting.Notes).Voted(Bor, (N1, 1));

        var first = board.Voted(Ana, (N1, 2), (N3, 1));
        var second = first.Voted(Ana, (N4, 2), (N1, 0), (N5, 1));
        var withdrawn = second.Voted(Ana, (N4, 0));
        var withdrawnWithNull = BoardRules.Vote(second, Private, Ana, null);

        Assert.Equal([$"{Ana}: {N1}=2, {N3}=1", $"{Bor}: {N1}=1"], DescribeVotes(first));
        Assert.Equal([$"{Ana}: {N4}=2, {N5}=1", $"{Bor}: {N1}=1"], DescribeVotes(second));
        Assert.Equal([$"{Bor}: {N1}=1"], DescribeVotes(withdrawn));
        Assert.Equal([$"{Bor}: {N1}=1"], DescribeVotes(withdrawnWithNull));
    }

    [Fact]
    public void Votes_over_the_budget_over_the_cap_or_below_zero_are_refused()
    {
        var board = BoardRules.OpenVoting(FiveNotes(), BoardVoting.Notes).Voted(Ana, (N2, 1));

        var overBudget = Refused(WorkshopError.OverBudget, board, b => b.Voted(Ana, (N1, 2), (N3, 1), (N4, 1)));
        var overCap = Refused(WorkshopError.OverItemCap, board, b => b.Voted(Ana, (N1, 3)));
        Refused(WorkshopError.NegativeDots, board, b => b.Voted(Ana, (N1, 2), (N3, -1)));

        Assert.Equal("You have 3 votes; this uses 4.", overBudget.Message);
        Assert.Equal("At most 2 votes on one note.", overCap.Message);
        var onClusters = BoardRules.OpenVoting(TwoClusters(), BoardVoting.Clusters);
        Assert.Equal("At most 2 votes on one cluster.", Refused(WorkshopError.OverItemCap, onClusters, b => b.Voted(Ana, (K1, 3))).Message);
    }

    [Fact]
    public void A_budget_of_five_allows_five_votes_and_refuses_a_sixth()
    {
        var fiveVotes = Definition(budget: 5, cap: 2);
        var board = BoardRules.OpenVoting(FiveNotes(), BoardVoting.Notes);

        var five = BoardRules.Vote(board, fiveVotes, Ana, Votes((N1, 2), (N2, 2), (N3, 1)));

        Assert.Equal(5, five.Votes[Ana].Values.Sum());
        Refused(WorkshopError.OverBudget, board, b => BoardRules.Vote(b, fiveVotes, Ana, Votes((N1, 2), (N2, 2), (N3, 1), (N4, 1))));
    }

    [Fact]
    public void Voting_when_no_vote_is_open_or_on_something_that_is_not_a_target_is_refused()
    {
        var notOpen = FiveNotes();
        var onNotes = BoardRules.OpenVoting(BoardRules.Moderate(TwoClusters(), N4, hidden: true, text: null), BoardVoting.Notes);
        var onClusters = BoardRules.OpenVoting(TwoClusters(), BoardVoting.Clusters);

        Refused(WorkshopError.VotingClosed, notOpen, b => b.Voted(Ana, (N1, 1)));
        Refused(WorkshopError.VotingClosed, notOpen, b => b.Voted(Ana));
        Refused(WorkshopError.UnknownTarget, onNotes, b => b.Voted(Ana, (N4, 1)));
        Refused(WorkshopError.UnknownTarget, onNotes, b => b.Voted(Ana, (K1, 1)));
        Refused(WorkshopError.UnknownTarget, onNotes, b => b.Voted(Ana, (Id(299), 1)));
        Refused(WorkshopError.UnknownTarget, onClusters, b => b.Voted(Ana, (N1, 1)));
    }

    // ---- what participants see ----

    [Fact]
    public void Private_notes_are_not_shown_to_participants_and_visible_ones_are_shown_without_authors_hidden_notes_or_votes()
    {
        var board = BoardRules.Moderate(BoardRules.OpenVoting(TwoClusters(), BoardVoting.Notes), N4, hidden: true, text: null)
            .Voted(Ana, (N3, 2))
            .Voted(Bor, (N1, 1));

        var privately = board.ForParticipants(notesVisible: false);
        var visibly = board.ForParticipants(notesVisible: true);

        Assert.Empty(privately.Notes);
        Assert.Empty(privately.Votes);
        Assert.Equal(board.Clusters, privately.Clusters);
        Assert.Equal(BoardVoting.Notes, privately.Voting);
        Assert.Equal([N1, N2, N3, N5], visibly.Notes.Select(n => n.Id));
        Assert.All(visibly.Notes, n => Assert.Equal(Guid.Empty, n.Author));
        Assert.Equal(board.Notes.Where(n => !n.Hidden).Select(n => n with { Author = Guid.Empty }), visibly.Notes);
        Assert.Empty(visibly.Votes);
        Assert.Equal(board.Clusters, visibly.Clusters);
        Assert.Null(visibly.RecentPosts);
        // The board itself keeps everything.
        Assert.NotEmpty(board.PostedBy(Ana));
        Assert.Equal(2, board.Votes.Count);
        Assert.Equal(Ana, board.Note(N1)!.Author);
    }
}
