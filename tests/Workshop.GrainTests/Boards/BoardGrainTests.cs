using System.Collections.Immutable;
using System.Text.Json;
using Workshop.Grains.Boards;
using Workshop.Grains.Evidence;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.GrainTests.Infrastructure;
using Workshop.GrainTests.Workshops;

namespace Workshop.GrainTests.Boards;

/// <summary>
/// A shared-vision board through <see cref="IBoardGrain"/>, with the workshop (<see cref="IWorkshopGrain"/>) opening, revealing,
/// locking and closing it: notes under prompts, private until revealed, moderation, clusters, links to framework items, votes,
/// the lock, proposals, resends with one client id, and the outcome stored when the board closes.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class BoardGrainTests(SqliteCluster fixture)
{
    private const string Facilitator = LiveWorkshop.Facilitator;
    private const string Script = "<script>alert(1)</script>";

    private IGrainFactory Grains => fixture.Grains;
    private IItemEvidenceGrain Evidence => Grains.GetGrain<IItemEvidenceGrain>(LiveWorkshop.FrameworkId);
    private IProposalsGrain Proposals => Grains.GetGrain<IProposalsGrain>(LiveWorkshop.FrameworkId);

    /// <summary>A live workshop with a board on all the template prompts (3 votes each, at most 2 on one target), opened, and its participants.</summary>
    private sealed record Board(LiveWorkshop Workshop, ActivityDefinition Definition, Phone[] Phones)
    {
        public Guid Id => Definition.Id;
        public IBoardGrain Grain => Workshop.Grains.GetGrain<IBoardGrain>(Id);
        /// <summary>The workshop grain: it opens, reveals, locks and closes the board.</summary>
        public IWorkshopGrain Agenda => Workshop.Grain;

        public async Task<BoardState> State() => (await Grain.Get()).Board;

        public Task<WorkshopSnapshot> Snapshot() => Workshop.Room.GetSnapshot();

        public async Task<ImmutableList<TimelineEvent>> Timeline() => (await Workshop.Record()).Timeline;

        public Task<Guid> Post(Phone phone, string text, string prompt = "vision") => Grain.PostNote(phone.OnBoard, phone.NextClientId(), prompt, text);

        public Task<Guid> PostAsFacilitator(string text, string prompt = "vision") => Grain.PostAsFacilitator(Facilitator, prompt, text);

        public Task Vote(Phone phone, params (Guid Target, int Count)[] votes) => Grain.Vote(phone.OnBoard, phone.NextClientId(), Votes(votes));

        public Task<Guid> Propose(Phone phone, ProposalDraft draft) => Grain.Propose(phone.OnBoard, phone.NextClientId(), draft);
    }

    private async Task<Board> OpenBoard(int participants = 2, bool visibleAtOnce = false, string title = "Focus group Celje")
    {
        var workshop = await LiveWorkshop.Create(Grains, title: title);
        var definition = ActivityDefinition.Board(Guid.NewGuid(), LiveWorkshop.Title("Our shared vision"),
            BoardTemplates.All.SelectMany(t => t.Prompts), visibleAtOnce, voteBudget: 3, maxVotesPerTarget: 2);
        await workshop.Grain.AddActivity(definition);
        await workshop.Grain.OpenActivity(definition.Id);
        var phones = new Phone[participants];
        for (var i = 0; i < participants; i++) phones[i] = await workshop.Join();
        return new Board(workshop, definition, phones);
    }

    /// <summary>A participant of another workshop: the hub vouches for who they are, the board for where they may act.</summary>
    private async Task<Phone> Outsider() => await (await LiveWorkshop.Create(Grains, title: "Another workshop")).Join();

    private static ImmutableDictionary<Guid, int> Votes(params (Guid Target, int Count)[] votes) => votes.ToImmutableDictionary(v => v.Target, v => v.Count);

    /// <summary>Everything on a board, the workshop's version and its timeline, as text: equal before and after means a refusal changed nothing.</summary>
    private static async Task<string> Unchanged(Board board)
    {
        var record = await board.Workshop.Record();
        var content = await board.Grain.Get();
        var onBoard = content.Board;
        return JsonSerializer.Serialize(new
        {
            record.Workshop.Version,
            Timeline = record.Timeline.Count,
            BoardVersion = content.Version,
            onBoard.Notes,
            onBoard.Clusters,
            onBoard.Voting,
            Votes = onBoard.Votes.OrderBy(v => v.Key).Select(v => new { v.Key, Targets = v.Value.OrderBy(t => t.Key).ToList() }),
        });
    }

    /// <summary>The call is refused with <paramref name="expected"/> and a sentence for the person who tried, and the board is as it was.</summary>
    private static async Task Refused(WorkshopError expected, Board board, Func<Task> call)
    {
        var before = await Unchanged(board);
        var error = await Assert.ThrowsAsync<WorkshopRuleException>(call);
        Assert.Equal(expected, error.Error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(before, await Unchanged(board));
    }

    private static ImmutableDictionary<string, string> English(string text) => ImmutableDictionary<string, string>.Empty.Add("en", text);

    // ---- notes ----

    [Fact]
    public async Task Notes_posted_by_participants_and_the_facilitator_stay_private_until_the_reveal_and_then_show_without_authors()
    {
        var board = await OpenBoard();
        var (ana, bor) = (board.Phones[0], board.Phones[1]);

        var anas = await board.Post(ana, $"  {Script}  ");
        var bors = await board.Post(bor, "Funding that lasts", prompt: "challenges");
        var facilitators = await board.PostAsFacilitator("A shared calendar", prompt: "helps");
        var beforeReveal = await board.Snapshot();
        var anasOwn = (await board.Grain.Mine(ana.ParticipantId)).Notes;
        await board.Agenda.Reveal(board.Id, true);
        var afterReveal = await board.Snapshot();

        Assert.Equal([(anas, "vision", ana.ParticipantId, Script), (bors, "challenges", bor.ParticipantId, "Funding that lasts"), (facilitators, "helps", Guid.Empty, "A shared calendar")],
            beforeReveal.Current!.Board!.Notes.Select(n => (n.Id, n.Prompt, n.Author, n.Text)));
        Assert.Empty(beforeReveal.ForParticipants().Current!.Board!.Notes);
        Assert.Equal([(anas, Script)], anasOwn.Select(n => (n.Id, n.Text)));
        var seen = afterReveal.ForParticipants().Current!.Board!;
        Assert.Equal([(anas, Script), (bors, "Funding that lasts"), (facilitators, "A shared calendar")], seen.Notes.Select(n => (n.Id, n.Text)));
        Assert.All(seen.Notes, n => Assert.Equal(Guid.Empty, n.Author));
        Assert.Empty(seen.Votes);
        var posted = (await board.Timeline()).Where(e => e.Kind == "note-posted").ToList();
        Assert.Equal([("P001", "vision"), ("P002", "challenges"), (null, $"helps; by {Facilitator}")], posted.Select(e => (e.Participant, e.Detail)));
        Assert.All(posted, e => Assert.Equal(board.Id, e.Activity));
    }

    [Fact]
    public async Task On_a_board_visible_at_once_every_note_shows_at_once_and_can_no_longer_change()
    {
        var board = await OpenBoard(visibleAtOnce: true);
        var note = await board.Post(board.Phones[0], "Open data by default");

        var seen = (await board.Snapshot()).ForParticipants().Current!.Board!;

        Assert.Equal([(note, Guid.Empty, "Open data by default")], seen.Notes.Select(n => (n.Id, n.Author, n.Text)));
        await Refused(WorkshopError.NoteRevealed, board, () => board.Grain.EditNote(board.Phones[0].OnBoard, note, "Changed"));
        await Refused(WorkshopError.NoteRevealed, board, () => board.Grain.DeleteNote(board.Phones[0].OnBoard, note));
    }

    [Fact]
    public async Task Before_the_reveal_a_participant_edits_and_deletes_their_own_notes_and_after_it_neither_is_accepted()
    {
        var board = await OpenBoard();
        var (ana, bor) = (board.Phones[0], board.Phones[1]);
        var kept = await board.Post(ana, "Regular meetings");
        var deleted = await board.Post(ana, "A typo");
        var borsNote = await board.Post(bor, "Trust");

        await board.Grain.EditNote(ana.OnBoard, kept, $"Monthly meetings {Script}");
        await board.Grain.DeleteNote(ana.OnBoard, deleted);
        await Refused(WorkshopError.NotYourNote, board, () => board.Grain.EditNote(ana.OnBoard, borsNote, "Mine now"));
        await Refused(WorkshopError.NotYourNote, board, () => board.Grain.DeleteNote(ana.OnBoard, borsNote));
        await Refused(WorkshopError.UnknownNote, board, () => board.Grain.EditNote(ana.OnBoard, deleted, "Back again"));
        await board.Agenda.Reveal(board.Id, true);
        await Refused(WorkshopError.NoteRevealed, board, () => board.Grain.EditNote(ana.OnBoard, kept, "Weekly meetings"));
        await Refused(WorkshopError.NoteRevealed, board, () => board.Grain.DeleteNote(ana.OnBoard, kept));

        Assert.Equal([(kept, $"Monthly meetings {Script}"), (borsNote, "Trust")], (await board.State()).Notes.Select(n => (n.Id, n.Text)));
        Assert.Equal([(kept, $"Monthly meetings {Script}")], (await board.Grain.Mine(ana.ParticipantId)).Notes.Select(n => (n.Id, n.Text)));
        var timeline = await board.Timeline();
        Assert.Equal(("P001", board.Id), timeline.Where(e => e.Kind == "note-edited").Select(e => (e.Participant, e.Activity!.Value)).Single());
        Assert.Equal(("P001", board.Id), timeline.Where(e => e.Kind == "note-deleted").Select(e => (e.Participant, e.Activity!.Value)).Single());
    }

    [Fact]
    public async Task Empty_over_long_or_too_many_notes_and_notes_from_outsiders_or_on_a_board_that_is_not_open_are_refused_and_change_nothing()
    {
        var board = await OpenBoard();
        var ana = board.Phones[0];
        var note = await board.Post(ana, "First");

        await Refused(WorkshopError.EmptyNote, board, () => board.Post(ana, ""));
        await Refused(WorkshopError.EmptyNote, board, () => board.Post(ana, " \t\n "));
        await Refused(WorkshopError.NoteTooLong, board, () => board.Post(ana, new string('x', 281)));
        await Refused(WorkshopError.EmptyNote, board, () => board.Grain.EditNote(ana.OnBoard, note, "   "));
        await Refused(WorkshopError.NoteTooLong, board, () => board.Grain.EditNote(ana.OnBoard, note, new string('x', 281)));
        await Refused(WorkshopError.UnknownPrompt, board, () => board.Post(ana, "Where?", prompt: "nowhere"));
        var outsider = await Outsider();
        await Refused(WorkshopError.UnknownActivity, board, () => board.Grain.PostNote(outsider.OnBoard, outsider.NextClientId(), "vision", "An outsider"));
        await Refused(WorkshopError.UnknownActivity, board, () => Grains.GetGrain<IBoardGrain>(Guid.NewGuid()).PostNote(ana.OnBoard, ana.NextClientId(), "vision", "Elsewhere"));
        var longest = await board.Post(ana, new string('y', 280));
        for (var i = 3; i <= 6; i++) await board.Post(ana, $"Note {i}");
        await Refused(WorkshopError.TooManyNotes, board, () => board.Post(ana, "Note 7"));
        var borsFirst = await board.Post(board.Phones[1], "Bor is not limited by Ana");

        Assert.Equal(new string('y', 280), (await board.State()).Note(longest)!.Text);
        Assert.Equal(7, (await board.State()).Notes.Count);
        Assert.Contains(borsFirst, (await board.State()).Notes.Select(n => n.Id));

        // A dot vote is not a board; a board that is not open takes no notes.
        var vote = await board.Workshop.AddDotVote(items: 3);
        await Refused(WorkshopError.UnknownActivity, board, () => Grains.GetGrain<IBoardGrain>(vote.Id).PostNote(ana.OnBoard, ana.NextClientId(), "vision", "On a dot vote"));
        await board.Agenda.CloseActivity(board.Id);
        await Refused(WorkshopError.ActivityClosed, board, () => board.Post(board.Phones[1], "Too late"));
        await Refused(WorkshopError.ActivityClosed, board, () => board.Grain.EditNote(ana.OnBoard, note, "Too late"));
    }

    // ---- the facilitator moderates and clusters ----

    [Fact]
    public async Task Hiding_restoring_and_rewriting_a_note_are_events_in_the_timeline_with_the_facilitators_name_and_time()
    {
        var board = await OpenBoard();
        var note = await board.Post(board.Phones[0], "Something rude");
        await board.Agenda.Reveal(board.Id, true);
        var start = DateTimeOffset.UtcNow;

        await board.Grain.Moderate(Facilitator, note, hidden: true, text: null);
        var whileHidden = (await board.Snapshot()).ForParticipants().Current!.Board!;
        await board.Grain.Moderate("co-facilitator@example.org", note, hidden: false, text: null);
        await board.Grain.Moderate(Facilitator, note, hidden: null, text: $"Something polite {Script}");
        var end = DateTimeOffset.UtcNow;

        Assert.Empty(whileHidden.Notes);
        var seen = (await board.Snapshot()).ForParticipants().Current!.Board!;
        Assert.Equal([(note, $"Something polite {Script}", false)], seen.Notes.Select(n => (n.Id, n.Text, n.Hidden)));
        var moderation = (await board.Timeline()).Where(e => e.Kind is "note-hidden" or "note-restored" or "note-edited").ToList();
        Assert.Equal(
            [("note-hidden", $"note {note:N} by {Facilitator}"), ("note-restored", $"note {note:N} by co-facilitator@example.org"), ("note-edited", $"note {note:N} by {Facilitator}")],
            moderation.Select(e => (e.Kind, e.Detail!)));
        Assert.All(moderation, e =>
        {
            Assert.Null(e.Participant);
            Assert.Equal(board.Id, e.Activity);
            Assert.InRange(e.At, start.AddSeconds(-1), end.AddSeconds(1));
        });
        Assert.True(moderation[0].At <= moderation[1].At && moderation[1].At <= moderation[2].At);
        await Refused(WorkshopError.UnknownNote, board, () => board.Grain.Moderate(Facilitator, Guid.NewGuid(), true, null));
        await Refused(WorkshopError.EmptyNote, board, () => board.Grain.Moderate(Facilitator, note, null, "  "));
    }

    [Fact]
    public async Task The_facilitator_creates_renames_and_merges_clusters_and_puts_notes_in_them()
    {
        var board = await OpenBoard();
        var (ana, bor) = (board.Phones[0], board.Phones[1]);
        var n1 = await board.Post(ana, "Shared data");
        var n2 = await board.Post(bor, "Open tools");
        var n3 = await board.Post(bor, "Trust");

        var data = await board.Grain.CreateCluster(Facilitator, "Data");
        var tools = await board.Grain.CreateCluster(Facilitator, "Tools");
        var people = await board.Grain.CreateCluster(Facilitator, "People");
        await board.Grain.AssignNote(Facilitator, n1, data);
        await board.Grain.AssignNote(Facilitator, n2, tools);
        await board.Grain.AssignNote(Facilitator, n3, people);
        await board.Grain.RenameCluster(Facilitator, data, "Data and tools");
        await board.Grain.MergeClusters(Facilitator, data, tools);
        await board.Grain.AssignNote(Facilitator, n3, null);

        var state = await board.State();
        Assert.Equal([(data, "Data and tools"), (people, "People")], state.Clusters.Select(c => (c.Id, c.Name)));
        Assert.Equal([(n1, (Guid?)data), (n2, data), (n3, null)], state.Notes.Select(n => (n.Id, n.Cluster)));
        var timeline = await board.Timeline();
        Assert.Equal([$"Data by {Facilitator}", $"Tools by {Facilitator}", $"People by {Facilitator}"],
            timeline.Where(e => e.Kind == "cluster-created").Select(e => e.Detail));
        Assert.Equal($"Data and tools by {Facilitator}", timeline.Single(e => e.Kind == "cluster-renamed").Detail);
        Assert.Equal($"{tools:N} into {data:N} by {Facilitator}", timeline.Single(e => e.Kind == "clusters-merged").Detail);
        Assert.Equal(4, timeline.Count(e => e.Kind == "note-clustered"));
        await Refused(WorkshopError.UnknownCluster, board, () => board.Grain.MergeClusters(Facilitator, data, tools));
        await Refused(WorkshopError.UnknownCluster, board, () => board.Grain.AssignNote(Facilitator, n3, tools));
        await Refused(WorkshopError.UnknownCluster, board, () => board.Grain.RenameCluster(Facilitator, tools, "Gone"));
        await Refused(WorkshopError.UnknownNote, board, () => board.Grain.AssignNote(Facilitator, Guid.NewGuid(), data));
        await Refused(WorkshopError.InvalidDefinition, board, () => board.Grain.CreateCluster(Facilitator, "  "));
        await Refused(WorkshopError.InvalidDefinition, board, () => board.Grain.RenameCluster(Facilitator, data, new string('c', 81)));
    }

    [Fact]
    public async Task A_note_or_cluster_is_linked_to_an_item_of_the_pinned_framework_version_and_an_unknown_item_is_refused()
    {
        var board = await OpenBoard();
        var note = await board.Post(board.Phones[0], "Facilitating online meetings");
        var cluster = await board.Grain.CreateCluster(Facilitator, "Facilitation");
        var (first, second) = (board.Workshop.Competencies[0].Id, board.Workshop.Competencies[1].Id);

        await board.Grain.LinkToItem(Facilitator, note, first);
        await board.Grain.LinkToItem(Facilitator, cluster, second);

        var state = await board.State();
        Assert.Equal(first, state.Note(note)!.LinkedItem);
        Assert.Equal(second, state.Cluster(cluster)!.LinkedItem);
        Assert.Equal(2, (await board.Timeline()).Count(e => e.Kind == "linked" && e.Detail!.EndsWith($"by {Facilitator}")));
        await Refused(WorkshopError.ItemNotInActivity, board, () => board.Grain.LinkToItem(Facilitator, note, Guid.NewGuid()));
        await Refused(WorkshopError.UnknownTarget, board, () => board.Grain.LinkToItem(Facilitator, Guid.NewGuid(), first));
        await board.Grain.LinkToItem(Facilitator, note, null);
        Assert.Null((await board.State()).Note(note)!.LinkedItem);
    }

    // ---- votes and the lock ----

    [Fact]
    public async Task Votes_on_clusters_within_the_budget_count_and_votes_over_the_budget_over_the_cap_or_on_notes_are_refused()
    {
        var board = await OpenBoard(participants: 3);
        var (ana, bor, cene) = (board.Phones[0], board.Phones[1], board.Phones[2]);
        var note = await board.Post(ana, "Shared data");
        var data = await board.Grain.CreateCluster(Facilitator, "Data");
        var people = await board.Grain.CreateCluster(Facilitator, "People");
        await Refused(WorkshopError.VotingClosed, board, () => board.Vote(ana, (data, 1)));

        await board.Grain.OpenVoting(Facilitator, BoardVoting.Clusters);
        await board.Vote(ana, (data, 2), (people, 1));
        await board.Vote(bor, (people, 2));
        await board.Vote(cene, (data, 1));
        await board.Vote(cene, (people, 1));
        await Refused(WorkshopError.OverBudget, board, () => board.Vote(bor, (people, 2), (data, 2)));
        await Refused(WorkshopError.OverItemCap, board, () => board.Vote(bor, (data, 3)));
        await Refused(WorkshopError.NegativeDots, board, () => board.Vote(bor, (data, -1)));
        await Refused(WorkshopError.UnknownTarget, board, () => board.Vote(bor, (note, 1)));
        var outsider = await Outsider();
        await Refused(WorkshopError.UnknownActivity, board, () => board.Grain.Vote(outsider.OnBoard, outsider.NextClientId(), Votes((data, 1))));

        var snapshot = await board.Snapshot();
        Assert.Equal(3, snapshot.Current!.Respondents);
        var results = snapshot.Current.Results!.Board!;
        Assert.Equal((BoardVoting.Clusters, 3), (results.On, results.Voters));
        Assert.Equal([new BoardTargetResult(people, 4, 3, 1), new BoardTargetResult(data, 2, 1, 2)], results.Targets);
        Assert.Empty(snapshot.ForParticipants().Current!.Board!.Votes);
        Assert.Equal(4, (await board.Timeline()).Count(e => e.Kind == "board-vote"));
        Assert.Equal($"Clusters by {Facilitator}", (await board.Timeline()).Single(e => e.Kind == "board-voting").Detail);
    }

    [Fact]
    public async Task Merging_a_voted_cluster_drops_its_votes_and_a_participant_who_voted_only_on_it_is_no_longer_counted()
    {
        var board = await OpenBoard();
        var (ana, bor) = (board.Phones[0], board.Phones[1]);
        var data = await board.Grain.CreateCluster(Facilitator, "Data");
        var tools = await board.Grain.CreateCluster(Facilitator, "Tools");
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Clusters);
        await board.Vote(ana, (data, 1), (tools, 2));
        await board.Vote(bor, (tools, 2));

        await board.Grain.MergeClusters(Facilitator, data, tools);

        var snapshot = await board.Snapshot();
        Assert.Equal(1, snapshot.Current!.Respondents);
        Assert.Equal([new BoardTargetResult(data, 1, 1, 1)], snapshot.Current.Results!.Board!.Targets);
        Assert.Equal(1, snapshot.Current.Results.Board.Voters);
    }

    [Fact]
    public async Task A_locked_board_refuses_participants_while_the_facilitator_goes_on_and_unlocked_it_takes_notes_again()
    {
        var board = await OpenBoard();
        var ana = board.Phones[0];
        var note = await board.Post(ana, "Before the lock");
        var cluster = await board.Grain.CreateCluster(Facilitator, "Data");
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Clusters);

        await board.Agenda.Lock(board.Id, true);
        await Refused(WorkshopError.ActivityLocked, board, () => board.Post(ana, "During the lock"));
        await Refused(WorkshopError.ActivityLocked, board, () => board.Grain.EditNote(ana.OnBoard, note, "Changed"));
        await Refused(WorkshopError.ActivityLocked, board, () => board.Grain.DeleteNote(ana.OnBoard, note));
        await Refused(WorkshopError.ActivityLocked, board, () => board.Vote(ana, (cluster, 1)));
        await Refused(WorkshopError.ActivityLocked, board, () => board.Propose(ana,
            new ProposalDraft(ProposalKind.Rewording, board.Workshop.Competencies[0].Id, null, English("During the lock"), null, board.Id)));
        await board.Grain.AssignNote(Facilitator, note, cluster);
        await board.PostAsFacilitator("The facilitator's note");
        await board.Agenda.Lock(board.Id, false);
        await board.Post(ana, "After the lock");
        await board.Vote(ana, (cluster, 1));

        var state = await board.State();
        Assert.Equal(["Before the lock", "The facilitator's note", "After the lock"], state.Notes.Select(n => n.Text));
        Assert.Equal(cluster, state.Note(note)!.Cluster);
        Assert.Single(state.Votes);
    }

    // ---- resends: a phone that lost a reply sends the call again with its client id ----

    [Fact]
    public async Task A_note_a_vote_and_a_proposal_sent_twice_with_one_client_id_are_stored_once_and_the_resend_gets_the_first_answer()
    {
        var board = await OpenBoard(visibleAtOnce: true);
        var ana = board.Phones[0];
        var (noteCall, voteCall, proposalCall) = (ana.NextClientId(), ana.NextClientId(), ana.NextClientId());
        var draft = new ProposalDraft(ProposalKind.Rewording, board.Workshop.Competencies[0].Id, null, English("Facilitates the network"), null, board.Id);

        var note = await board.Grain.PostNote(ana.OnBoard, noteCall, "vision", "Shared data");
        var noteAgain = await board.Grain.PostNote(ana.OnBoard, noteCall, "vision", "Shared data");
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);
        await board.Grain.Vote(ana.OnBoard, voteCall, Votes((note, 2)));
        await board.Grain.Vote(ana.OnBoard, voteCall, Votes((note, 2)));
        var proposal = await board.Grain.Propose(ana.OnBoard, proposalCall, draft);
        var proposalAgain = await board.Grain.Propose(ana.OnBoard, proposalCall, draft);

        Assert.Equal(note, noteAgain);
        Assert.Equal(proposal, proposalAgain);
        var state = await board.State();
        Assert.Equal([note], state.Notes.Select(n => n.Id));
        Assert.Equal([(note, 2)], state.Votes[ana.ParticipantId].Select(v => (v.Key, v.Value)));
        Assert.Equal([proposal], (await Proposals.List()).Where(p => p.Provenance.WorkshopId == board.Workshop.Id).Select(p => p.Id));
        var timeline = await board.Timeline();
        Assert.Equal((1, 1, 1), (timeline.Count(e => e.Kind == "note-posted"), timeline.Count(e => e.Kind == "board-vote"), timeline.Count(e => e.Kind == "proposed")));

        // A resend that arrives once the board is locked still gets the first answer, and stores nothing.
        await board.Agenda.Lock(board.Id, true);
        var before = await Unchanged(board);
        Assert.Equal(note, await board.Grain.PostNote(ana.OnBoard, noteCall, "vision", "Shared data"));
        await board.Grain.Vote(ana.OnBoard, voteCall, Votes((note, 2)));
        Assert.Equal(proposal, await board.Grain.Propose(ana.OnBoard, proposalCall, draft));
        Assert.Equal(before, await Unchanged(board));
    }

    [Fact]
    public async Task A_late_resend_of_a_vote_does_not_undo_the_vote_the_participant_sent_after_it()
    {
        var board = await OpenBoard(visibleAtOnce: true);
        var ana = board.Phones[0];
        var (first, second) = (await board.Post(ana, "Shared data"), await board.Post(ana, "Open tools"));
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);
        var firstCall = ana.NextClientId();

        await board.Grain.Vote(ana.OnBoard, firstCall, Votes((first, 2)));
        await board.Grain.Vote(ana.OnBoard, ana.NextClientId(), Votes((second, 1)));
        await board.Grain.Vote(ana.OnBoard, firstCall, Votes((first, 2)));

        Assert.Equal([(second, 1)], (await board.State()).Votes[ana.ParticipantId].Select(v => (v.Key, v.Value)));
        Assert.Equal(2, (await board.Timeline()).Count(e => e.Kind == "board-vote"));
    }

    [Fact]
    public async Task Another_participant_sending_the_same_client_id_is_not_taken_for_a_resend_of_the_first_ones_call()
    {
        var board = await OpenBoard(visibleAtOnce: true);
        var (ana, bor) = (board.Phones[0], board.Phones[1]);
        const string SameClientId = "1";
        var item = board.Workshop.Competencies[0].Id;

        var anas = await board.Grain.PostNote(ana.OnBoard, SameClientId, "vision", "Ana's note");
        var bors = await board.Grain.PostNote(bor.OnBoard, SameClientId, "vision", "Bor's note");
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);
        await board.Grain.Vote(ana.OnBoard, "vote", Votes((bors, 1)));
        await board.Grain.Vote(bor.OnBoard, "vote", Votes((anas, 2)));
        var anasProposal = await board.Grain.Propose(ana.OnBoard, "proposal", new ProposalDraft(ProposalKind.Rewording, item, null, English("Ana's wording"), null, board.Id));
        var borsProposal = await board.Grain.Propose(bor.OnBoard, "proposal", new ProposalDraft(ProposalKind.Rewording, item, null, English("Bor's wording"), null, board.Id));

        var state = await board.State();
        Assert.Equal([(anas, ana.ParticipantId, "Ana's note"), (bors, bor.ParticipantId, "Bor's note")], state.Notes.Select(n => (n.Id, n.Author, n.Text)));
        Assert.Equal([(bors, 1)], state.Votes[ana.ParticipantId].Select(v => (v.Key, v.Value)));
        Assert.Equal([(anas, 2)], state.Votes[bor.ParticipantId].Select(v => (v.Key, v.Value)));
        var proposals = (await Proposals.List()).Where(p => p.Provenance.WorkshopId == board.Workshop.Id).ToList();
        Assert.Equal([(anasProposal, "P001", "Ana's wording"), (borsProposal, "P002", "Bor's wording")],
            proposals.Select(p => (p.Id, p.Provenance.ProposedBy, p.Labels["en"])));
        var timeline = await board.Timeline();
        Assert.Equal((2, 2, 2), (timeline.Count(e => e.Kind == "note-posted"), timeline.Count(e => e.Kind == "board-vote"), timeline.Count(e => e.Kind == "proposed")));
    }

    // ---- proposals and the outcome ----

    [Fact]
    public async Task Closing_the_board_stores_evidence_on_the_linked_items_and_gives_each_proposal_from_a_note_the_votes_of_its_cluster()
    {
        var board = await OpenBoard(participants: 3, title: "Focus group Koper on boards");
        var (ana, bor, cene) = (board.Phones[0], board.Phones[1], board.Phones[2]);
        var (linkedItem, parentItem, otherItem) = (board.Workshop.Competencies[2].Id, board.Workshop.Competencies[3].Id, board.Workshop.Competencies[4].Id);
        var n1 = await board.Post(ana, "Data stewardship is missing", prompt: "missing");
        var n2 = await board.Post(bor, "Nobody looks after our data", prompt: "challenges");
        var n3 = await board.Post(cene, "Good chairs", prompt: "helps");
        var stewardship = await board.Grain.CreateCluster(Facilitator, "Data stewardship");
        var comfort = await board.Grain.CreateCluster(Facilitator, "Comfort");
        await board.Grain.AssignNote(Facilitator, n1, stewardship);
        await board.Grain.AssignNote(Facilitator, n2, stewardship);
        await board.Grain.AssignNote(Facilitator, n3, comfort);
        await board.Grain.LinkToItem(Facilitator, stewardship, linkedItem);
        await board.Agenda.Reveal(board.Id, true);
        var fromNote = await board.Propose(ana, new ProposalDraft(ProposalKind.NewCompetency, parentItem, null, English("  Data stewardship "), "From the board", board.Id, n1));
        var byFacilitator = await board.Agenda.Propose(Facilitator,
            new ProposalDraft(ProposalKind.Merge, linkedItem, otherItem, ImmutableDictionary<string, string>.Empty, null));
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Clusters);
        await board.Vote(ana, (stewardship, 2), (comfort, 1));
        await board.Vote(bor, (stewardship, 2));
        await board.Vote(cene, (comfort, 2));

        await board.Agenda.CloseActivity(board.Id);

        var evidence = Assert.Single(await Evidence.For(linkedItem), e => e.WorkshopId == board.Workshop.Id);
        Assert.Equal((ActivityKind.Board, board.Id, 1, "Focus group Koper on boards", 2, (string?)null),
            (evidence.Method, evidence.ActivityId, evidence.Round, evidence.WorkshopTitle, evidence.N, evidence.Segment));
        Assert.Equal((4.0, 2.0, 2.0, 1.0), (evidence.Statistics["votes"], evidence.Statistics["voters"], evidence.Statistics["notes"], evidence.Statistics["rank"]));
        Assert.DoesNotContain(await Evidence.For(parentItem), e => e.WorkshopId == board.Workshop.Id);
        var proposals = (await Proposals.List()).Where(p => p.Provenance.WorkshopId == board.Workshop.Id).ToList();
        var proposal = proposals.Single(p => p.Id == fromNote);
        Assert.Equal((ProposalKind.NewCompetency, parentItem, "Data stewardship", "From the board", ProposalStatus.Pending),
            (proposal.Kind, proposal.Item, proposal.Labels["en"], proposal.Rationale, proposal.Status));
        Assert.Equal(new ProposalProvenance(board.Workshop.Id, "Focus group Koper on boards", board.Id, n1, "P001", 4), proposal.Provenance);
        var merge = proposals.Single(p => p.Id == byFacilitator);
        Assert.Equal((ProposalKind.Merge, linkedItem, (Guid?)otherItem), (merge.Kind, merge.Item, merge.OtherItem));
        Assert.Equal(new ProposalProvenance(board.Workshop.Id, "Focus group Koper on boards", null, null, Facilitator, 0), merge.Provenance);
        // The board keeps its outcome: clusters with their notes and votes, and the ranked results of the round.
        var closed = await board.Workshop.Activity(board.Id);
        Assert.Equal(ActivityStatus.Closed, closed.Status);
        var kept = (await board.Workshop.Record()).Board(board.Id);
        Assert.Equal([(n1, (Guid?)stewardship), (n2, stewardship), (n3, comfort)], kept.Notes.Select(n => (n.Id, n.Cluster)));
        Assert.Equal(linkedItem, kept.Cluster(stewardship)!.LinkedItem);
        Assert.Equal(3, kept.Votes.Count);
        var results = Assert.Single(closed.ClosedRounds).Board!;
        Assert.Equal([new BoardTargetResult(stewardship, 4, 2, 1), new BoardTargetResult(comfort, 3, 2, 2)], results.Targets);
        var timeline = await board.Timeline();
        Assert.Equal("notes=3, voters=3", timeline.Single(e => e.Kind == "closed" && e.Activity == board.Id).Detail);
        Assert.Equal([("P001", $"NewCompetency on {parentItem:N}"), (null, $"Merge on {linkedItem:N}")],
            timeline.Where(e => e.Kind == "proposed").Select(e => (e.Participant, e.Detail)));
    }

    [Fact]
    public async Task When_notes_are_voted_on_a_proposal_from_a_note_gets_that_notes_own_votes_and_a_linked_note_leaves_evidence()
    {
        var board = await OpenBoard(visibleAtOnce: true);
        var (ana, bor) = (board.Phones[0], board.Phones[1]);
        var item = board.Workshop.Competencies[5].Id;
        var voted = await board.Post(ana, "Reword: 'coordinate' should be 'facilitate'");
        var other = await board.Post(bor, "Something else");
        await board.Grain.LinkToItem(Facilitator, voted, item);
        var proposal = await board.Propose(bor, new ProposalDraft(ProposalKind.Rewording, item, null, English("Facilitates the network"), null, board.Id, voted));
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);
        await board.Vote(ana, (voted, 2), (other, 1));
        await board.Vote(bor, (voted, 1));

        await board.Agenda.CloseActivity(board.Id);

        var stored = (await Proposals.List()).Single(p => p.Id == proposal);
        Assert.Equal(("P002", voted, 3), (stored.Provenance.ProposedBy, stored.Provenance.NoteId!.Value, stored.Provenance.Votes));
        var evidence = Assert.Single(await Evidence.For(item), e => e.WorkshopId == board.Workshop.Id);
        Assert.Equal((ActivityKind.Board, 2, 3.0, 1.0), (evidence.Method, evidence.N, evidence.Statistics["votes"], evidence.Statistics["notes"]));
    }

    [Fact]
    public async Task A_proposal_from_a_note_made_after_the_board_closed_has_the_votes_the_note_had_at_the_close()
    {
        var board = await OpenBoard();
        var note = await board.Post(board.Phones[0], "A competency for data stewardship");
        await board.Agenda.Reveal(board.Id, true);
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);
        await board.Vote(board.Phones[0], (note, 2));
        await board.Vote(board.Phones[1], (note, 1));
        await board.Agenda.CloseActivity(board.Id);

        var proposal = await board.Agenda.Propose(Facilitator,
            new ProposalDraft(ProposalKind.NewCompetency, board.Workshop.Competencies[0].Id, null, English("Data stewardship"), null, board.Id, note));

        Assert.Equal(3, (await Proposals.List()).Single(p => p.Id == proposal).Provenance.Votes);
    }

    [Fact]
    public async Task A_proposal_on_an_unknown_item_a_merge_of_an_item_with_itself_or_from_a_note_not_on_the_board_is_refused_and_nothing_is_submitted()
    {
        var board = await OpenBoard();
        var ana = board.Phones[0];
        var item = board.Workshop.Competencies[0].Id;
        var note = await board.Post(ana, "A note");

        var outsider = await Outsider();
        // A participant proposes on the board, the facilitator through the workshop.
        async Task RefusedProposal(WorkshopError expected, Phone? participant, ProposalDraft draft) =>
            await Refused(expected, board, () => participant is null ? board.Agenda.Propose(Facilitator, draft) : board.Propose(participant, draft));

        await RefusedProposal(WorkshopError.InvalidProposal, ana, new ProposalDraft(ProposalKind.NewCompetency, Guid.NewGuid(), null, English("New"), null, board.Id));
        await RefusedProposal(WorkshopError.InvalidProposal, null, new ProposalDraft(ProposalKind.Rewording, Guid.NewGuid(), null, English("New wording"), null));
        await RefusedProposal(WorkshopError.InvalidProposal, ana, new ProposalDraft(ProposalKind.Merge, item, item, ImmutableDictionary<string, string>.Empty, null, board.Id));
        await RefusedProposal(WorkshopError.InvalidProposal, null, new ProposalDraft(ProposalKind.Merge, item, Guid.NewGuid(), ImmutableDictionary<string, string>.Empty, null));
        await RefusedProposal(WorkshopError.InvalidProposal, ana, new ProposalDraft(ProposalKind.Rewording, item, null, English("   "), null, board.Id));
        await RefusedProposal(WorkshopError.InvalidProposal, ana, new ProposalDraft(ProposalKind.Rewording, item, null, English(new string('x', 281)), null, board.Id));
        await RefusedProposal(WorkshopError.UnknownNote, ana, new ProposalDraft(ProposalKind.Rewording, item, null, English("New wording"), null, board.Id, Guid.NewGuid()));
        await RefusedProposal(WorkshopError.UnknownNote, null, new ProposalDraft(ProposalKind.Rewording, item, null, English("New wording"), null, null, note));
        await RefusedProposal(WorkshopError.BoardNotOpen, outsider, new ProposalDraft(ProposalKind.Rewording, item, null, English("New wording"), null, board.Id));

        Assert.DoesNotContain(await Proposals.List(), p => p.Provenance.WorkshopId == board.Workshop.Id);
        Assert.DoesNotContain(await board.Timeline(), e => e.Kind == "proposed");
    }

    [Fact]
    public async Task A_participant_proposes_only_on_the_open_board_and_a_fourth_proposal_within_a_minute_is_refused()
    {
        var board = await OpenBoard();
        var (ana, bor) = (board.Phones[0], board.Phones[1]);
        var item = board.Workshop.Competencies[0].Id;
        ProposalDraft Rewording(string text, Guid? activityId) => new(ProposalKind.Rewording, item, null, English(text), null, activityId);
        // As the hub does: to the board the draft names.
        Task<Guid> Propose(Phone phone, ProposalDraft draft) => Grains.GetGrain<IBoardGrain>(draft.ActivityId ?? board.Id).Propose(phone.OnBoard, phone.NextClientId(), draft);

        await Refused(WorkshopError.BoardNotOpen, board, () => Propose(ana, Rewording("Without a board", null)));
        await Refused(WorkshopError.BoardNotOpen, board, () => Propose(ana, Rewording("On no such board", Guid.NewGuid())));
        for (var i = 1; i <= BoardRules.ProposalsPerMinute; i++) await Propose(ana, Rewording($"Wording {i}", board.Id));
        await Refused(WorkshopError.TooManyProposals, board, () => Propose(ana, Rewording("One too many", board.Id)));
        await Propose(bor, Rewording("Bor's own", board.Id));
        await board.Agenda.CloseActivity(board.Id);
        await Refused(WorkshopError.BoardNotOpen, board, () => Propose(bor, Rewording("After the close", board.Id)));
        await board.Agenda.Propose(Facilitator, Rewording("The facilitator's, after the close", board.Id));

        var proposals = (await Proposals.List()).Where(p => p.Provenance.WorkshopId == board.Workshop.Id).ToList();
        Assert.Equal(["Wording 1", "Wording 2", "Wording 3", "Bor's own", "The facilitator's, after the close"], proposals.Select(p => p.Labels["en"]));
    }
}
