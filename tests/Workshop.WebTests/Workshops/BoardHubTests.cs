using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workshop.Grains.Boards;
using Workshop.Grains.Frameworks;
using Workshop.Grains.Proposals;
using Workshop.Grains.Workshops;
using Workshop.WebTests.Infrastructure;
using static Workshop.WebTests.Infrastructure.Phones;

namespace Workshop.WebTests.Workshops;

/// <summary>
/// A board through the participants' hub with the real .NET SignalR client: the phone posts, lists, edits and deletes
/// its notes, votes and proposes, each post, vote and proposal with a client id that makes a resend harmless, and gets its
/// own notes and votes back on rejoin; the facilitator's side is driven through the grains.
/// </summary>
public sealed class BoardHubTests(HubTestsApp fixture) : HubTest(fixture)
{
    private const string Facilitator = "facilitator@example.org";
    private const string Script = "<script>alert(1)</script>";

    // ---- the facilitator's side, through the grains ----

    /// <summary>A board: the workshop (<see cref="Agenda"/>) opens, reveals, locks and closes it; the facilitator sorts it through <see cref="Grain"/>.</summary>
    private sealed record Board(IWorkshopGrain Agenda, IBoardGrain Grain, IRoomGrain Room, Guid WorkshopId, string Code, ActivityDefinition Definition, ImmutableList<Guid> Items)
    {
        public Guid Id => Definition.Id;

        public async Task<BoardState> State() => (await Grain.Get()).Board;
    }

    /// <summary>A live workshop with an open board on "Our shared vision" and "Challenges": 3 votes, at most 2 on one target.</summary>
    private async Task<Board> OpenBoard(bool visibleAtOnce = false)
    {
        var workshopId = Guid.NewGuid();
        var grain = Grains.GetGrain<IWorkshopGrain>(workshopId);
        var created = await grain.Create(new CreateWorkshop("Focus group Nova Gorica", FrameworkId, 1, Facilitator, "sl"));
        var framework = await Grains.GetGrain<IFrameworkGrain>(FrameworkId).Get();
        var items = framework!.Version(1)!.Items.Where(i => i.Kind == ItemKind.Competency).Take(4).Select(i => i.Id).ToImmutableList();
        var definition = ActivityDefinition.Board(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Our shared vision"),
            [BoardTemplates.SharedVision, BoardTemplates.Challenges], visibleAtOnce, voteBudget: 3, maxVotesPerTarget: 2);
        await grain.AddActivity(definition);
        await grain.OpenActivity(definition.Id);
        return new Board(grain, Grains.GetGrain<IBoardGrain>(definition.Id), Grains.GetGrain<IRoomGrain>(workshopId), workshopId, created.Code, definition, items);
    }

    /// <summary>Everything on the board and the workshop's and board's versions, as text: equal before and after means a refusal changed nothing.</summary>
    private static async Task<string> Unchanged(Board board)
    {
        var state = (await board.Agenda.GetState())!;
        var content = await board.Grain.Get();
        var onBoard = content.Board;
        return JsonSerializer.Serialize(new
        {
            state.Version,
            BoardVersion = content.Version,
            onBoard.Notes,
            onBoard.Clusters,
            Votes = onBoard.Votes.OrderBy(v => v.Key).Select(v => new { v.Key, Targets = v.Value.OrderBy(t => t.Key).ToList() }),
        });
    }

    // ---- the phone's side, through the hub ----

    /// <summary>A phone that joined the board's workshop: its connection and its participant id.</summary>
    private async Task<(HubConnection Connection, Guid ParticipantId)> JoinedPhone(Board board, Channel<JsonElement>? snapshots = null)
    {
        var connection = await Connect(snapshots);
        var reply = await connection.InvokeAsync<JsonElement>("join", new { code = board.Code, name = (string?)null, language = "en" });
        var token = Ok(reply).GetProperty("token").GetString()!;
        return (connection, ParticipantTokens.ParticipantId(token)!.Value);
    }

    /// <summary>A client id as the phone makes one per action (and reuses for the action's resends).</summary>
    private static string NewClientId() => Guid.NewGuid().ToString("N");

    private static Task<JsonElement> PostNote(HubConnection connection, Board board, string? text, string? prompt = "vision", string? clientId = null) =>
        connection.InvokeAsync<JsonElement>("postNote", new { activityId = board.Id, prompt, text, clientId = clientId ?? NewClientId() });

    private static Task<JsonElement> EditNote(HubConnection connection, Board board, Guid noteId, string? text) =>
        connection.InvokeAsync<JsonElement>("editNote", new { activityId = board.Id, noteId, text });

    private static Task<JsonElement> DeleteNote(HubConnection connection, Board board, Guid noteId) =>
        connection.InvokeAsync<JsonElement>("deleteNote", new { activityId = board.Id, noteId });

    private static Task<JsonElement> MyNotes(HubConnection connection, Board board) =>
        connection.InvokeAsync<JsonElement>("myNotes", new { activityId = board.Id });

    private static Task<JsonElement> VoteBoard(HubConnection connection, Board board, params (Guid Target, int Count)[] votes) =>
        VoteBoard(connection, board, NewClientId(), votes);

    private static Task<JsonElement> VoteBoard(HubConnection connection, Board board, string clientId, params (Guid Target, int Count)[] votes) =>
        connection.InvokeAsync<JsonElement>("voteBoard", new { activityId = board.Id, votes = votes.ToDictionary(v => v.Target.ToString(), v => v.Count), clientId });

    /// <summary>Proposes <paramref name="draft"/> (an anonymous object of the message's fields) with a client id.</summary>
    private static Task<JsonElement> Propose(HubConnection connection, object draft, string? clientId = null)
    {
        var message = JsonSerializer.SerializeToNode(draft)!.AsObject();
        message["clientId"] = clientId ?? NewClientId();
        return connection.InvokeAsync<JsonElement>("propose", message);
    }

    private static async Task<Guid> Posted(HubConnection connection, Board board, string text, string prompt = "vision") =>
        Ok(await PostNote(connection, board, text, prompt)).GetGuid();

    /// <summary>The call is refused with <paramref name="code"/> and the board is exactly as it was.</summary>
    private static async Task Refused(string code, Board board, Func<Task<JsonElement>> call)
    {
        var before = await Unchanged(board);
        Failed(code, await call());
        Assert.Equal(before, await Unchanged(board));
    }

    private static IEnumerable<(Guid Id, string Text)> Notes(JsonElement notes) =>
        notes.EnumerateArray().Select(n => (n.GetProperty("id").GetGuid(), n.GetProperty("text").GetString()!));

    private static JsonElement BoardOf(JsonElement snapshot) => snapshot.GetProperty("current").GetProperty("board");

    // ---- tests ----

    [Fact]
    public async Task A_joined_phone_posts_lists_edits_and_deletes_its_own_notes_and_markup_comes_back_as_the_exact_text()
    {
        var board = await OpenBoard();
        var (phone, participantId) = await JoinedPhone(board);

        var script = await Posted(phone, board, $"  {Script}  ");
        var typo = await Posted(phone, board, "Fundign", prompt: "challenges");
        var listed = Ok(await MyNotes(phone, board));
        Ok(await EditNote(phone, board, typo, "Funding <b>that lasts</b>"));
        Ok(await DeleteNote(phone, board, script));
        var afterwards = Ok(await MyNotes(phone, board));

        Assert.Equal([(script, Script), (typo, "Fundign")], Notes(listed));
        var first = listed[0];
        Assert.Equal(("vision", participantId, false), (first.GetProperty("prompt").GetString(), first.GetProperty("author").GetGuid(), first.GetProperty("hidden").GetBoolean()));
        Assert.Equal([(typo, "Funding <b>that lasts</b>")], Notes(afterwards));
        Assert.Equal("challenges", afterwards[0].GetProperty("prompt").GetString());
        var stored = Assert.Single((await board.State()).Notes);
        Assert.Equal((typo, participantId, "Funding <b>that lasts</b>"), (stored.Id, stored.Author, stored.Text));
    }

    [Fact]
    public async Task Every_board_call_before_joining_is_refused_with_notAParticipant_and_changes_nothing()
    {
        var board = await OpenBoard();
        var (member, _) = await JoinedPhone(board);
        var note = await Posted(member, board, "A member's note");
        var outsider = await Connect();

        await Refused("notAParticipant", board, () => PostNote(outsider, board, "Let me in"));
        await Refused("notAParticipant", board, () => EditNote(outsider, board, note, "Mine"));
        await Refused("notAParticipant", board, () => DeleteNote(outsider, board, note));
        await Refused("notAParticipant", board, () => MyNotes(outsider, board));
        await Refused("notAParticipant", board, () => VoteBoard(outsider, board, (note, 1)));
        await Refused("notAParticipant", board, () => Propose(outsider,
            new { kind = "newCompetency", item = board.Items[0], labels = new Dictionary<string, string> { ["en"] = "Data stewardship" }, activityId = board.Id }));

        Assert.DoesNotContain(await Grains.GetGrain<IProposalsGrain>(FrameworkId).List(), p => p.Provenance.WorkshopId == board.WorkshopId);
    }

    [Fact]
    public async Task Bad_notes_and_changes_that_break_a_rule_are_refused_with_their_codes_and_change_nothing()
    {
        var board = await OpenBoard();
        var (ana, _) = await JoinedPhone(board);
        var (bor, _) = await JoinedPhone(board);
        var anas = await Posted(ana, board, "Ana's note");

        await Refused("emptyNote", board, () => PostNote(ana, board, ""));
        await Refused("emptyNote", board, () => PostNote(ana, board, " \n\t "));
        await Refused("emptyNote", board, () => PostNote(ana, board, null));
        await Refused("noteTooLong", board, () => PostNote(ana, board, new string('x', 281)));
        await Refused("unknownPrompt", board, () => PostNote(ana, board, "Where?", prompt: "nowhere"));
        await Refused("emptyNote", board, () => EditNote(ana, board, anas, "  "));
        await Refused("noteTooLong", board, () => EditNote(ana, board, anas, new string('x', 281)));
        await Refused("notYourNote", board, () => EditNote(bor, board, anas, "Bor's now"));
        await Refused("notYourNote", board, () => DeleteNote(bor, board, anas));
        await Refused("unknownNote", board, () => DeleteNote(ana, board, Guid.NewGuid()));
        var longest = await Posted(ana, board, new string('y', 280));
        Assert.Equal(new string('y', 280), Notes(Ok(await MyNotes(ana, board))).Single(n => n.Id == longest).Text);
        for (var i = 3; i <= 6; i++) await Posted(ana, board, $"Note {i}");
        await Refused("tooManyNotes", board, () => PostNote(ana, board, "Note 7"));
        await Posted(bor, board, "Bor has notes left");

        await board.Agenda.Reveal(board.Id, true);
        await Refused("noteRevealed", board, () => EditNote(ana, board, anas, "Changed after the reveal"));
        await Refused("noteRevealed", board, () => DeleteNote(ana, board, anas));
        await board.Agenda.Lock(board.Id, true);
        await Refused("activityLocked", board, () => PostNote(bor, board, "During the lock"));
        await Refused("activityLocked", board, () => VoteBoard(bor, board));

        Assert.Equal(7, (await board.State()).Notes.Count);
        Assert.Equal("Ana's note", (await board.State()).Note(anas)!.Text);
    }

    [Fact]
    public async Task A_phone_votes_within_its_budget_and_votes_over_it_over_the_cap_or_while_voting_is_closed_are_refused()
    {
        var board = await OpenBoard();
        var (ana, anaId) = await JoinedPhone(board);
        var n1 = await Posted(ana, board, "Shared data");
        var n2 = await Posted(ana, board, "Open tools");
        var n3 = await Posted(ana, board, "Trust");
        await board.Agenda.Reveal(board.Id, true);
        await Refused("votingClosed", board, () => VoteBoard(ana, board, (n1, 1)));
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);

        Ok(await VoteBoard(ana, board, (n1, 2), (n2, 1)));
        await Refused("overBudget", board, () => VoteBoard(ana, board, (n1, 2), (n2, 1), (n3, 1)));
        await Refused("overItemCap", board, () => VoteBoard(ana, board, (n3, 3)));
        await Refused("unknownTarget", board, () => VoteBoard(ana, board, (Guid.NewGuid(), 1)));

        var votes = (await board.State()).Votes[anaId];
        Assert.Equal([(n1, 2), (n2, 1)], votes.OrderBy(v => v.Value).Reverse().Select(v => (v.Key, v.Value)));
        var results = (await board.Room.GetSnapshot()).Current!.Results!.Board!;
        Assert.Equal([(n1, 2, 1), (n2, 1, 2), (n3, 0, 3)], results.Targets.Select(t => (t.Target, t.Votes, t.Rank)));
    }

    [Fact]
    public async Task A_phone_proposes_a_change_from_a_note_with_provenance_and_an_invalid_proposal_is_refused()
    {
        var board = await OpenBoard();
        var (ana, _) = await JoinedPhone(board);
        var note = await Posted(ana, board, "We need someone for data stewardship", prompt: "challenges");

        var proposalId = Ok(await Propose(ana, new
        {
            kind = "newCompetency",
            item = board.Items[0],
            labels = new Dictionary<string, string> { ["en"] = $"Data stewardship {Script}" },
            rationale = "From the board",
            activityId = board.Id,
            noteId = note,
        })).GetGuid();
        await Refused("invalidProposal", board, () => Propose(ana, new
        {
            kind = "newCompetency", item = Guid.NewGuid(), labels = new Dictionary<string, string> { ["en"] = "Under nothing" }, activityId = board.Id,
        }));
        await Refused("invalidProposal", board, () => Propose(ana, new { kind = "merge", item = board.Items[1], otherItem = board.Items[1], activityId = board.Id }));
        await Refused("unknownNote", board, () => Propose(ana, new
        {
            kind = "rewording", item = board.Items[1], labels = new Dictionary<string, string> { ["en"] = "New wording" }, activityId = board.Id, noteId = Guid.NewGuid(),
        }));

        var proposals = (await Grains.GetGrain<IProposalsGrain>(FrameworkId).List()).Where(p => p.Provenance.WorkshopId == board.WorkshopId).ToList();
        var proposal = Assert.Single(proposals);
        Assert.Equal((proposalId, ProposalKind.NewCompetency, board.Items[0], $"Data stewardship {Script}", "From the board"),
            (proposal.Id, proposal.Kind, proposal.Item, proposal.Labels["en"], proposal.Rationale));
        Assert.Equal(new ProposalProvenance(board.WorkshopId, "Focus group Nova Gorica", board.Id, note, "P001", 0), proposal.Provenance);
    }

    [Fact]
    public async Task A_phone_is_pushed_the_other_participants_notes_only_after_the_reveal_and_never_their_authors()
    {
        var board = await OpenBoard();
        var snapshots = Channel.CreateUnbounded<JsonElement>();
        var (ana, anaId) = await JoinedPhone(board, snapshots);
        var (bor, borId) = await JoinedPhone(board);
        var seen = new List<JsonElement>();

        var anas = await Posted(ana, board, "Ana's own note");
        var bors = await Posted(bor, board, $"Bor's note {Script}", prompt: "challenges");
        var posted = (await board.Room.GetSnapshot()).Version;
        var beforeReveal = await NextSnapshot(snapshots, s => s.GetProperty("version").GetInt64() >= posted, "the board after both notes", seen);
        await board.Agenda.Reveal(board.Id, true);
        var afterReveal = await NextSnapshot(snapshots, s => s.GetProperty("current").GetProperty("revealed").GetBoolean(), "the revealed board", seen);

        Assert.Empty(BoardOf(beforeReveal).GetProperty("notes").EnumerateArray());
        Assert.All(seen.Where(s => !s.GetProperty("current").GetProperty("revealed").GetBoolean()),
            s => Assert.Empty(BoardOf(s).GetProperty("notes").EnumerateArray()));
        var notes = BoardOf(afterReveal).GetProperty("notes");
        Assert.Equal([(anas, "Ana's own note"), (bors, $"Bor's note {Script}")], Notes(notes));
        Assert.All(notes.EnumerateArray(), n => Assert.Equal("00000000-0000-0000-0000-000000000000", n.GetProperty("author").GetString()));
        Assert.Equal(JsonValueKind.Object, BoardOf(afterReveal).GetProperty("votes").ValueKind);
        Assert.Empty(BoardOf(afterReveal).GetProperty("votes").EnumerateObject());
        Assert.All(seen, s =>
        {
            foreach (var id in new[] { anaId, borId })
            {
                Assert.DoesNotContain(id.ToString(), s.GetRawText(), StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(id.ToString("N"), s.GetRawText(), StringComparison.OrdinalIgnoreCase);
            }
        });
    }

    // ---- client ids and rejoin ----

    [Fact]
    public async Task A_note_a_vote_and_a_proposal_resent_with_their_client_ids_get_the_first_answer_and_are_stored_once()
    {
        var board = await OpenBoard(visibleAtOnce: true);
        var (ana, anaId) = await JoinedPhone(board);
        var (noteCall, voteCall, proposalCall) = (NewClientId(), NewClientId(), NewClientId());
        var draft = Rewording(board, "Facilitates the network", board.Id);

        var note = Ok(await PostNote(ana, board, "Shared data", clientId: noteCall)).GetGuid();
        var noteAgain = Ok(await PostNote(ana, board, "Shared data", clientId: noteCall)).GetGuid();
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);
        Ok(await VoteBoard(ana, board, voteCall, (note, 2)));
        Ok(await VoteBoard(ana, board, voteCall, (note, 2)));
        var proposal = Ok(await Propose(ana, draft, proposalCall)).GetGuid();
        var proposalAgain = Ok(await Propose(ana, draft, proposalCall)).GetGuid();

        Assert.Equal(note, noteAgain);
        Assert.Equal(proposal, proposalAgain);
        var state = await board.State();
        Assert.Equal([note], state.Notes.Select(n => n.Id));
        Assert.Equal([(note, 2)], state.Votes[anaId].Select(v => (v.Key, v.Value)));
        Assert.Equal([proposal], (await ProposalsOf(board)).Select(p => p.Id));
        var timeline = (await board.Agenda.GetRecord())!.Timeline;
        Assert.Equal((1, 1, 1), (timeline.Count(e => e.Kind == "note-posted"), timeline.Count(e => e.Kind == "board-vote"), timeline.Count(e => e.Kind == "proposed")));
    }

    [Fact]
    public async Task A_post_vote_or_proposal_without_a_client_id_or_with_one_over_64_characters_is_refused_as_invalidMessage_and_changes_nothing()
    {
        var board = await OpenBoard(visibleAtOnce: true);
        var (ana, _) = await JoinedPhone(board);
        var note = await Posted(ana, board, "Shared data");
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Notes);
        var tooLong = new string('c', 65);

        await Refused("invalidMessage", board, () => ana.InvokeAsync<JsonElement>("postNote", new { activityId = board.Id, prompt = "vision", text = "Without an id" }));
        await Refused("invalidMessage", board, () => PostNote(ana, board, "With an empty id", clientId: ""));
        await Refused("invalidMessage", board, () => PostNote(ana, board, "With too long an id", clientId: tooLong));
        await Refused("invalidMessage", board, () => ana.InvokeAsync<JsonElement>("voteBoard", new { activityId = board.Id, votes = new Dictionary<string, int> { [note.ToString()] = 1 } }));
        await Refused("invalidMessage", board, () => VoteBoard(ana, board, tooLong, (note, 1)));
        await Refused("invalidMessage", board, () => ana.InvokeAsync<JsonElement>("propose", Rewording(board, "Without an id", board.Id)));
        await Refused("invalidMessage", board, () => Propose(ana, Rewording(board, "With too long an id", board.Id), tooLong));

        Assert.Empty(await ProposalsOf(board));
    }

    [Fact]
    public async Task A_phone_that_lost_its_storage_rejoins_with_its_token_and_gets_back_its_own_notes_also_private_ones_and_its_board_votes()
    {
        var board = await OpenBoard();
        var lost = await Connect();
        var token = Ok(await lost.InvokeAsync<JsonElement>("join", new { code = board.Code, language = "en" })).GetProperty("token").GetString()!;
        var (bor, _) = await JoinedPhone(board);
        var own = await Posted(lost, board, "Private until the reveal");
        await Posted(bor, board, "Bor's note");
        var cluster = await board.Grain.CreateCluster(Facilitator, "Data");
        await board.Grain.OpenVoting(Facilitator, BoardVoting.Clusters);
        Ok(await VoteBoard(lost, board, (cluster, 2)));

        var cleared = await Connect();
        var mine = Ok(await cleared.InvokeAsync<JsonElement>("rejoin", new { token, lastVersion = 0 })).GetProperty("mine");

        Assert.Equal([(own, "Private until the reveal")], Notes(mine.GetProperty("notes")));
        Assert.Equal([board.Id.ToString()], mine.GetProperty("boardVotes").EnumerateObject().Select(b => b.Name));
        Assert.Equal([(cluster.ToString(), 2)], mine.GetProperty("boardVotes").GetProperty(board.Id.ToString()).EnumerateObject().Select(v => (v.Name, v.Value.GetInt32())));
        Assert.Empty(mine.GetProperty("answers").EnumerateArray());
    }

    private static object Rewording(Board board, string text, Guid? activityId = null, string language = "en") =>
        new { kind = "rewording", item = board.Items[0], labels = new Dictionary<string, string> { [language] = text }, activityId };

    private async Task<IEnumerable<Proposal>> ProposalsOf(Board board) =>
        (await Grains.GetGrain<IProposalsGrain>(FrameworkId).List()).Where(p => p.Provenance.WorkshopId == board.WorkshopId);

    [Fact]
    public async Task A_phone_proposes_only_on_the_open_board_and_at_most_three_a_minute()
    {
        var board = await OpenBoard();
        var (ana, _) = await JoinedPhone(board);
        var (bor, _) = await JoinedPhone(board);
        var vote = ActivityDefinition.DotVote(Guid.NewGuid(), ImmutableDictionary<string, string>.Empty.Add("en", "Vote"), board.Items, budget: 3, maxPerItem: 1);
        await board.Agenda.AddActivity(vote);

        await Refused("boardNotOpen", board, () => Propose(ana, Rewording(board, "Without a board")));
        var flood = new List<JsonElement>();
        for (var i = 1; i <= 50; i++) flood.Add(await Propose(ana, Rewording(board, $"Wording {i}", board.Id)));
        Ok(await Propose(bor, Rewording(board, "Bor's own", board.Id)));
        await board.Agenda.OpenActivity(vote.Id);
        await Refused("boardNotOpen", board, () => Propose(bor, Rewording(board, "While the vote is open", board.Id)));
        await Refused("boardNotOpen", board, () => Propose(bor, Rewording(board, "Naming the vote", vote.Id)));

        Assert.All(flood.Take(3), r => Ok(r));
        Assert.All(flood.Skip(3), r => Failed("tooManyProposals", r));
        Assert.Equal(["Wording 1", "Wording 2", "Wording 3", "Bor's own"], (await ProposalsOf(board)).Select(p => p.Labels["en"]));
    }

    [Fact]
    public async Task A_proposal_in_an_unknown_language_is_refused_and_its_texts_are_stored_plain()
    {
        var board = await OpenBoard();
        var (ana, _) = await JoinedPhone(board);

        foreach (var language in new[] { "zz", "<b>x</b>", new string('e', 2000) })
            await Refused("invalidProposal", board, () => Propose(ana, Rewording(board, "New wording", board.Id, language)));
        Ok(await Propose(ana, Rewording(board, "\u202ENew\u0000 wording\u200B", board.Id, "pt-BR")));

        var proposal = Assert.Single(await ProposalsOf(board));
        Assert.Equal([("pt-br", "New wording")], proposal.Labels.Select(l => (l.Key, l.Value)));
    }

    [Fact]
    public async Task A_note_of_only_invisible_characters_is_empty_and_bidi_and_control_characters_are_taken_out_of_a_note()
    {
        var board = await OpenBoard();
        var (ana, _) = await JoinedPhone(board);

        await Refused("emptyNote", board, () => PostNote(ana, board, "\u200B\u200C\u200D\u2060\uFEFF"));
        await Refused("emptyNote", board, () => PostNote(ana, board, "\u202E\u2066\u0000\u0007"));
        var note = await Posted(ana, board, "\u202Eevil.exe\u0000\r\nsecond line\u2069");

        Assert.Equal("evil.exe\nsecond line", (await board.State()).Note(note)!.Text);
    }
}
