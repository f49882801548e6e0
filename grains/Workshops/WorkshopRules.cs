using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>The limits on what facilitators and participants send, with the reason when refused.</summary>
public static class WorkshopRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDisplayNameLength = 40;
    public const int MaxSegmentAnswerLength = 80;

    public static void ValidateCreate(CreateWorkshop command)
    {
        if (string.IsNullOrWhiteSpace(command.Title) || command.Title.Trim().Length > MaxTitleLength)
            throw Invalid($"A workshop needs a title of 1 to {MaxTitleLength} characters.");
        if (string.IsNullOrWhiteSpace(command.Facilitator)) throw Invalid("A workshop needs a facilitator.");
        foreach (var question in command.SegmentQuestions ?? [])
        {
            if (string.IsNullOrWhiteSpace(question.Key) || question.Labels.IsEmpty) throw Invalid("Every segment question needs a key and a label.");
            if (question.Options.Any(string.IsNullOrWhiteSpace)) throw Invalid($"The options of segment question '{question.Key}' must not be empty.");
        }
        if ((command.SegmentQuestions ?? []).GroupBy(q => q.Key).Any(g => g.Count() > 1)) throw Invalid("Segment question keys must differ.");
    }

    /// <summary>
    /// Checks a join to a started workshop and returns it cleaned (<see cref="PlainText"/>): a name (or none, also when only
    /// invisible characters were typed), a known language, answers only to asked questions.
    /// </summary>
    public static JoinRequest ValidateJoin(WorkshopState workshop, JoinRequest request)
    {
        if (workshop.Status == WorkshopStatus.Draft)
            throw new WorkshopRuleException(WorkshopError.WorkshopNotStarted, "This workshop has not started yet; join when the facilitator starts it.");
        var name = PlainText.Line(request.DisplayName) is { Length: > 0 } typed ? typed : null;
        if (name is { Length: > MaxDisplayNameLength }) throw Invalid($"A name has at most {MaxDisplayNameLength} characters.");
        var language = string.IsNullOrWhiteSpace(request.Language) ? workshop.Language
            : LanguageTags.Normalize(request.Language) ?? throw Invalid("The language must be a language code such as sl, en or pt-BR.");
        var segments = ImmutableDictionary.CreateBuilder<string, string>();
        foreach (var (key, value) in request.Segments ?? ImmutableDictionary<string, string>.Empty)
        {
            var question = workshop.SegmentQuestions.Find(q => q.Key == key) ?? throw Invalid($"This workshop does not ask '{key}'.");
            var answer = PlainText.Line(value);
            if (answer.Length == 0) continue;
            if (answer.Length > MaxSegmentAnswerLength) throw Invalid($"An answer to '{key}' has at most {MaxSegmentAnswerLength} characters.");
            if (question.Options.Count > 0 && !question.Options.Contains(answer)) throw Invalid($"'{answer}' is not one of the choices for '{key}'.");
            segments[key] = answer;
        }
        return new JoinRequest(name, language, segments.ToImmutable());
    }

    /// <summary>
    /// Joins that arrived together, each accepted or refused on its own (<see cref="ValidateJoin"/>): the results in order, and
    /// the participants admitted with their tokens' hashes, numbered on after the <paramref name="joinedBefore"/> who joined before.
    /// </summary>
    public static (ImmutableList<JoinResult> Results, ImmutableList<(ParticipantEntry Entry, string TokenHash)> Admitted) Admit(
        WorkshopState workshop, int joinedBefore, IEnumerable<JoinRequest> requests, DateTimeOffset now)
    {
        var results = ImmutableList.CreateBuilder<JoinResult>();
        var admitted = ImmutableList.CreateBuilder<(ParticipantEntry, string)>();
        foreach (var request in requests)
        {
            JoinRequest clean;
            try { clean = ValidateJoin(workshop, request); }
            catch (WorkshopRuleException e)
            {
                results.Add(new JoinResult(null, e.Error, e.Message));
                continue;
            }
            var (participantId, token, hash) = ParticipantTokens.New();
            var pseudonym = $"P{joinedBefore + admitted.Count + 1:000}";
            admitted.Add((new ParticipantEntry(participantId, pseudonym, clean.DisplayName, clean.Language, clean.Segments ?? ImmutableDictionary<string, string>.Empty, now), hash));
            results.Add(new JoinResult(new Joined(participantId, token, pseudonym), null, null));
        }
        return (results.ToImmutable(), admitted.ToImmutable());
    }

    /// <summary>Only a workshop's facilitators run it, see its raw answers and export them; administrators may step in.</summary>
    public static bool MayControl(IEnumerable<string> facilitators, string? user, bool isAdministrator) =>
        isAdministrator || (!string.IsNullOrEmpty(user) && facilitators.Contains(user, StringComparer.OrdinalIgnoreCase));

    private static WorkshopRuleException Invalid(string message) => new(WorkshopError.InvalidDefinition, message);
}
