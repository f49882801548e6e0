using System.Collections.Immutable;

namespace Workshop.Grains.Frameworks;

/// <summary>How far a framework's labels in one language can be trusted: written in it, checked by a model owner, or neither yet.</summary>
public enum TranslationStatus { Original, Reviewed, Machine }

/// <summary>
/// The translation rules of a framework as pure functions: the status of each language of a version, a model owner's
/// review, and a seed's new languages arriving in an existing install as a version of their own (same item ids).
/// </summary>
public static class FrameworkTranslations
{
    /// <summary>What a version of a seed with new languages records as its origin.</summary>
    public const string TranslationOrigin = "translation";

    /// <summary>
    /// A language's status on a version: as recorded, else the framework's first language is the original and the others
    /// are unreviewed until a model owner marks them reviewed (versions made before statuses existed read that way too).
    /// </summary>
    public static TranslationStatus StatusOf(FrameworkState framework, FrameworkVersion version, string language) =>
        version.Translations?.GetValueOrDefault(LocalizedText.Language(language)) is { } recorded ? recorded
        : LocalizedText.Language(language) == framework.DefaultLanguage ? TranslationStatus.Original
        : TranslationStatus.Machine;

    /// <summary>Every language of the framework with its status on <paramref name="version"/>, in the framework's order.</summary>
    public static ImmutableDictionary<string, TranslationStatus> Statuses(FrameworkState framework, FrameworkVersion version) =>
        framework.Languages.ToImmutableDictionary(language => language, language => StatusOf(framework, version, language));

    /// <summary>A model owner marks a language of a version reviewed (or unreviewed again); the original language keeps its status.</summary>
    public static FrameworkState Mark(FrameworkState framework, int versionNumber, string language, TranslationStatus status)
    {
        var version = framework.Version(versionNumber) ?? throw Fail(FrameworkError.UnknownVersion, $"Version {versionNumber} does not exist.");
        var key = LocalizedText.Language(language);
        if (!framework.Languages.Contains(key))
            throw Fail(FrameworkError.UnknownLanguage, $"The framework has no labels in \"{language}\"; its languages are {string.Join(", ", framework.Languages)}.");
        if (key == framework.DefaultLanguage || status == TranslationStatus.Original)
            throw Fail(FrameworkError.UnknownLanguage, $"\"{framework.DefaultLanguage}\" is the framework's original language; only its translations can be marked reviewed or unreviewed.");
        var marked = version with { Translations = Statuses(framework, version).SetItem(key, status) };
        return framework with { Versions = framework.Versions.Replace(version, marked) };
    }

    /// <summary>
    /// The seed's labels and descriptions in languages the latest published version lacks, as a new published version
    /// with the same items (matched by id) and origin <see cref="TranslationOrigin"/>; the state unchanged when there is
    /// nothing new, or while a draft is open (the next start adds them, so no owner's draft is overtaken).
    /// </summary>
    public static FrameworkState AddFromSeed(FrameworkState framework, FrameworkDefinition seed, DateTimeOffset now)
    {
        var latest = framework.LatestPublished;
        var newLanguages = seed.Languages.Select(LocalizedText.Language).Where(l => !framework.Languages.Contains(l)).Distinct().ToImmutableList();
        if (latest is null || framework.Draft is not null || newLanguages.IsEmpty) return framework;

        var seeded = FrameworkDefinitions.ToState(seed with { Id = framework.Id }, now).Versions[0];
        var items = latest.Items.Select(item => seeded.Find(item.Id) is { } source
            ? item with { Labels = WithLanguages(item.Labels, source.Labels, newLanguages), Descriptions = WithLanguages(item.Descriptions, source.Descriptions, newLanguages) }
            : item).ToImmutableList();
        var version = latest with
        {
            Number = framework.Versions.Max(v => v.Number) + 1,
            CreatedAt = now,
            PublishedAt = now,
            Author = "seed",
            Origin = TranslationOrigin,
            Items = items,
            Translations = Statuses(framework, latest).AddRange(newLanguages.Select(l =>
                KeyValuePair.Create(l, seed.Translations?.GetValueOrDefault(l) ?? TranslationStatus.Machine))),
        };
        var seedTitles = LocalizedText.Clean(seed.Title);
        var seedDescriptions = LocalizedText.Clean(seed.Description);
        return framework with
        {
            Languages = framework.Languages.AddRange(newLanguages),
            Titles = WithLanguages(framework.Titles, seedTitles, newLanguages),
            Descriptions = WithLanguages(framework.Descriptions, seedDescriptions, newLanguages),
            Versions = framework.Versions.Add(version),
        };
    }

    private static ImmutableDictionary<string, string> WithLanguages(ImmutableDictionary<string, string> texts, ImmutableDictionary<string, string> from, IEnumerable<string> languages) =>
        texts.SetItems(languages.Where(from.ContainsKey).Select(l => KeyValuePair.Create(l, from[l])));

    private static FrameworkRuleException Fail(FrameworkError error, string message) => new(error, message);
}
