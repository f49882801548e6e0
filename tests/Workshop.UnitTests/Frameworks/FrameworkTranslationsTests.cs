using System.Collections.Immutable;
using Workshop.Grains.Frameworks;

namespace Workshop.UnitTests.Frameworks;

public sealed class FrameworkTranslationsTests
{
    private static readonly DateTimeOffset Then = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] NewLanguages = ["it", "fr"];

    private static FrameworkDefinition Seed(string id) => FrameworkDefinitions.Seeds().Single(s => s.Id == id);

    /// <summary>The seed as an install from before the Italian and French labels has it: Slovenian and English only.</summary>
    private static FrameworkDefinition WithoutNewLanguages(FrameworkDefinition seed) => seed with
    {
        Languages = ["sl", "en"],
        Translations = null,
        Title = Only(seed.Title),
        Description = Only(seed.Description!),
        Items = [.. seed.Items.Select(Strip)],
    };

    private static ItemDefinition Strip(ItemDefinition item) => item with
    {
        Labels = Only(item.Labels),
        Descriptions = item.Descriptions is null ? null : Only(item.Descriptions),
        Children = item.Children is null ? null : [.. item.Children.Select(Strip)],
    };

    private static ImmutableDictionary<string, string> Only(ImmutableDictionary<string, string> texts) => texts.RemoveRange(NewLanguages);

    [Theory]
    [InlineData("community-worker")]
    [InlineData("community-network-coordinator")]
    public void Every_item_of_the_Slovenian_models_has_Italian_and_French_labels_that_are_not_the_Slovenian_ones(string id)
    {
        var version = FrameworkDefinitions.ToState(Seed(id), Now).Versions[0];

        Assert.All(version.Items, item => Assert.All(NewLanguages, language =>
        {
            var label = item.Labels.GetValueOrDefault(language);
            Assert.False(string.IsNullOrWhiteSpace(label), $"{id} {item.Code} has no {language} label");
            Assert.NotEqual(item.Labels["sl"], label);
            if (item.Descriptions.TryGetValue("sl", out var original))
                Assert.NotEqual(original, item.Descriptions.GetValueOrDefault(language));
        }));
    }

    [Fact]
    public void Shipped_translations_are_unreviewed_and_the_first_language_is_the_original()
    {
        var state = FrameworkDefinitions.ToState(Seed("community-network-coordinator"), Now);

        Assert.Equal(
            [("sl", TranslationStatus.Original), ("en", TranslationStatus.Machine), ("it", TranslationStatus.Machine), ("fr", TranslationStatus.Machine)],
            state.Languages.Select(l => (l, FrameworkTranslations.StatusOf(state, state.Versions[0], l))));
    }

    [Fact]
    public void An_install_from_before_gets_the_new_languages_as_version_2_with_the_same_item_ids_and_only_label_changes()
    {
        var seed = Seed("community-network-coordinator");
        var installed = FrameworkDefinitions.ToState(WithoutNewLanguages(seed), Then);

        var upgraded = FrameworkTranslations.AddFromSeed(installed, seed, Now);

        var (before, after) = (installed.Versions[0], upgraded.LatestPublished!);
        Assert.Equal((2, VersionStatus.Published, FrameworkTranslations.TranslationOrigin, Now), (after.Number, after.Status, after.Origin, after.PublishedAt!.Value));
        Assert.Equal(before.Items.Select(i => (i.Id, i.ParentId, i.Kind, i.Code, i.Order)), after.Items.Select(i => (i.Id, i.ParentId, i.Kind, i.Code, i.Order)));
        Assert.All(before.Items.Zip(after.Items), pair =>
        {
            Assert.Equal(pair.First.Labels["sl"], pair.Second.Labels["sl"]);
            Assert.Equal(pair.First.Labels["en"], pair.Second.Labels["en"]);
            Assert.True(pair.Second.Labels.ContainsKey("it") && pair.Second.Labels.ContainsKey("fr"));
        });
        Assert.Equal(["sl", "en", "it", "fr"], upgraded.Languages);
        Assert.Equal(TranslationStatus.Machine, FrameworkTranslations.StatusOf(upgraded, after, "it"));
        Assert.Equal(seed.Title["fr"], upgraded.Titles["fr"]);
        Assert.Same(upgraded, FrameworkTranslations.AddFromSeed(upgraded, seed, Now));
    }

    [Fact]
    public void New_languages_wait_while_a_model_owner_has_a_draft_open()
    {
        var seed = Seed("community-worker");
        var withDraft = FrameworkEditor.StartDraft(FrameworkDefinitions.ToState(WithoutNewLanguages(seed), Then), Then, "owner");

        Assert.Same(withDraft, FrameworkTranslations.AddFromSeed(withDraft, seed, Now));
    }

    [Fact]
    public void A_model_owner_marks_a_language_reviewed_on_one_version()
    {
        var state = FrameworkDefinitions.ToState(Seed("community-worker"), Now);

        var marked = FrameworkTranslations.Mark(state, 1, "IT", TranslationStatus.Reviewed);

        Assert.Equal(TranslationStatus.Reviewed, FrameworkTranslations.StatusOf(marked, marked.Versions[0], "it"));
        Assert.Equal(TranslationStatus.Machine, FrameworkTranslations.StatusOf(marked, marked.Versions[0], "fr"));
    }

    [Theory]
    [InlineData(1, "de", TranslationStatus.Reviewed, FrameworkError.UnknownLanguage)]
    [InlineData(1, "sl", TranslationStatus.Machine, FrameworkError.UnknownLanguage)]
    [InlineData(1, "it", TranslationStatus.Original, FrameworkError.UnknownLanguage)]
    [InlineData(7, "it", TranslationStatus.Reviewed, FrameworkError.UnknownVersion)]
    public void Marking_an_unknown_language_or_version_or_the_original_is_refused(int version, string language, TranslationStatus status, FrameworkError error)
    {
        var state = FrameworkDefinitions.ToState(Seed("community-worker"), Now);

        var refused = Assert.Throws<FrameworkRuleException>(() => FrameworkTranslations.Mark(state, version, language, status));

        Assert.Equal(error, refused.Error);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }
}
