using System.Collections.Immutable;
using Workshop.Grains.Frameworks;

namespace Workshop.UnitTests.Frameworks;

public class FrameworkEditorTests
{
    private static readonly DateTimeOffset Created = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2024, 5, 17, 14, 30, 0, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset Latest = new(2024, 6, 2, 8, 15, 0, TimeSpan.Zero);

    // The example tree, version 1 (published):
    //   1 Domain one          (Domain1)
    //     1.1                 (Comp11)
    //       1.1.1             (Ind111)
    //         1.1.1.a         (Ind111a)
    //     1.2                 (Comp12)
    //     1.3                 (Comp13)
    //   2 Domain two          (Domain2)
    //     2.1                 (Comp21)
    private static readonly Guid Domain1 = Id(1), Comp11 = Id(11), Ind111 = Id(111), Ind111a = Id(1111), Comp12 = Id(12), Comp13 = Id(13);
    private static readonly Guid Domain2 = Id(2), Comp21 = Id(21);
    private static readonly Guid NewItem = Id(999), Missing = Id(404);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    private static ImmutableDictionary<string, string> Texts(params (string Language, string Text)[] texts) =>
        texts.ToImmutableDictionary(t => t.Language, t => t.Text);

    private static FrameworkItem Item(Guid id, Guid? parent, ItemKind kind, string code, int order) =>
        new(id, parent, kind, code, Texts(("sl", $"Oznaka {code}"), ("en", $"Label {code}")), Texts(("en", $"About {code}")), order);

    /// <summary>A framework whose main language is Slovenian, with only version 1, published.</summary>
    private static FrameworkState Published() => new()
    {
        Id = "example",
        Titles = Texts(("sl", "Primer"), ("en", "Example")),
        Languages = ["sl", "en"],
        Source = "test",
        Versions =
        [
            new FrameworkVersion(1, VersionStatus.Published, Created, Created, "seed",
            [
                Item(Domain1, null, ItemKind.Domain, "1", 0),
                Item(Comp11, Domain1, ItemKind.Competency, "1.1", 0),
                Item(Ind111, Comp11, ItemKind.Indicator, "1.1.1", 0),
                Item(Ind111a, Ind111, ItemKind.Indicator, "1.1.1.a", 0),
                Item(Comp12, Domain1, ItemKind.Competency, "1.2", 1),
                Item(Comp13, Domain1, ItemKind.Competency, "1.3", 2),
                Item(Domain2, null, ItemKind.Domain, "2", 1),
                Item(Comp21, Domain2, ItemKind.Competency, "2.1", 0),
            ]),
        ],
    };

    /// <summary>The example framework with an open draft, version 2.</summary>
    private static FrameworkState WithDraft() => FrameworkEditor.StartDraft(Published(), Later, "ana");

    private static ItemDraft Draft(string code, string slLabel, string? enLabel = null, ItemKind kind = ItemKind.Competency) =>
        new(kind, code, enLabel is null ? Texts(("sl", slLabel)) : Texts(("sl", slLabel), ("en", enLabel)));

    private static FrameworkVersion V(FrameworkState state, int number) => state.Version(number)!;

    private static string[] Codes(FrameworkVersion version, Guid? parentId) => version.Children(parentId).Select(i => i.Code).ToArray();

    /// <summary>Every group of siblings is numbered 0..n-1.</summary>
    private static void AssertOrdersAreDense(FrameworkVersion version)
    {
        foreach (var siblings in version.Items.GroupBy(i => i.ParentId))
            Assert.Equal(Enumerable.Range(0, siblings.Count()), siblings.Select(i => i.Order).Order());
    }

    /// <summary>The command throws the rule error and the state it was given is exactly as before.</summary>
    private static void AssertRefused(FrameworkError expected, FrameworkState state, Func<FrameworkState, FrameworkState> command)
    {
        var before = FrameworkSnapshot.Of(state);
        var refusal = Assert.Throws<FrameworkRuleException>(() => command(state));
        Assert.Equal(expected, refusal.Error);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.Equal(before, FrameworkSnapshot.Of(state));
    }

    // ---- StartDraft ----

    [Fact]
    public void Starting_a_draft_copies_the_latest_published_version_with_the_same_item_ids_and_a_new_number()
    {
        var published = Published();

        var state = FrameworkEditor.StartDraft(published, Later, "ana");

        Assert.Equal(2, state.Versions.Count);
        var draft = Assert.IsType<FrameworkVersion>(state.Draft);
        Assert.Equal(2, draft.Number);
        Assert.Equal(VersionStatus.Draft, draft.Status);
        Assert.Equal(Later, draft.CreatedAt);
        Assert.Null(draft.PublishedAt);
        Assert.Equal("ana", draft.Author);
        Assert.Equal(
            V(published, 1).Items.Select(i => (i.Id, i.ParentId, i.Kind, i.Code, i.Order)),
            draft.Items.Select(i => (i.Id, i.ParentId, i.Kind, i.Code, i.Order)));
        Assert.Equal(FrameworkSnapshot.Of(published), FrameworkSnapshot.Of(state with { Versions = [V(state, 1)] }));
    }

    [Fact]
    public void Starting_a_draft_copies_the_latest_published_version_rather_than_the_first()
    {
        var state = WithDraft();
        state = FrameworkEditor.UpdateItem(state, 2, Comp12, Draft("1.2", "Spremenjeno"));
        state = FrameworkEditor.Publish(state, 2, Latest);

        state = FrameworkEditor.StartDraft(state, Latest, "bor");

        var draft = state.Draft!;
        Assert.Equal(3, draft.Number);
        Assert.Equal("Spremenjeno", draft.Find(Comp12)!.Labels["sl"]);
        Assert.Equal(V(state, 2).Items.Select(i => i.Id), draft.Items.Select(i => i.Id));
    }

    [Fact]
    public void Starting_a_draft_while_one_is_open_returns_the_open_draft_unchanged()
    {
        var state = FrameworkEditor.AddItem(WithDraft(), 2, NewItem, Domain2, Draft("2.2", "Nova"));
        var before = FrameworkSnapshot.Of(state);

        var again = FrameworkEditor.StartDraft(state, Latest, "someone else");

        Assert.Same(state, again);
        Assert.Equal(before, FrameworkSnapshot.Of(again));
        Assert.Equal(2, again.Draft!.Number);
        Assert.Equal("ana", again.Draft.Author);
        Assert.NotNull(again.Draft.Find(NewItem));
    }

    [Fact]
    public void Starting_a_draft_of_a_framework_without_any_version_is_refused_and_changes_nothing()
    {
        var empty = new FrameworkState { Id = "empty", Languages = ["sl"] };

        AssertRefused(FrameworkError.UnknownFramework, empty, s => FrameworkEditor.StartDraft(s, Later, "ana"));
    }

    [Fact]
    public void Editing_the_draft_leaves_the_published_version_untouched()
    {
        var state = WithDraft();
        var published = FrameworkSnapshot.Of(Published());

        state = FrameworkEditor.AddItem(state, 2, NewItem, Domain1, Draft("1.4", "Nova"));
        state = FrameworkEditor.UpdateItem(state, 2, Comp11, Draft("1.1", "Drugače"));
        state = FrameworkEditor.MoveItem(state, 2, Comp21, Domain1, 0);
        state = FrameworkEditor.DeleteItem(state, 2, Comp13);

        Assert.Equal(published, FrameworkSnapshot.Of(state with { Versions = [V(state, 1)] }));
    }

    // ---- AddItem ----

    [Fact]
    public void Adding_an_item_places_it_last_among_its_siblings()
    {
        var state = FrameworkEditor.AddItem(WithDraft(), 2, NewItem, Domain1, Draft("1.4", "Četrta", "Fourth"));

        var draft = V(state, 2);
        var added = draft.Find(NewItem)!;
        Assert.Equal(Domain1, added.ParentId);
        Assert.Equal(ItemKind.Competency, added.Kind);
        Assert.Equal(3, added.Order);
        Assert.Equal(["1.1", "1.2", "1.3", "1.4"], Codes(draft, Domain1));
        Assert.Equal(9, draft.Items.Count);
        AssertOrdersAreDense(draft);
    }

    [Fact]
    public void Adding_an_item_without_a_parent_makes_it_the_last_root()
    {
        var state = FrameworkEditor.AddItem(WithDraft(), 2, NewItem, null, Draft("3", "Tretje področje", kind: ItemKind.Domain));

        var draft = V(state, 2);
        Assert.Null(draft.Find(NewItem)!.ParentId);
        Assert.Equal(["1", "2", "3"], Codes(draft, null));
        AssertOrdersAreDense(draft);
    }

    [Fact]
    public void Adding_an_item_to_an_empty_parent_gives_it_order_zero()
    {
        var state = FrameworkEditor.AddItem(WithDraft(), 2, NewItem, Comp12, Draft("1.2.1", "Kazalnik", kind: ItemKind.Indicator));

        Assert.Equal(0, V(state, 2).Find(NewItem)!.Order);
        AssertOrdersAreDense(V(state, 2));
    }

    [Fact]
    public void Added_codes_and_texts_are_trimmed_empty_translations_dropped_and_language_keys_lowercased()
    {
        var item = new ItemDraft(ItemKind.Competency, "  1.4 ",
            Texts(("SL", "  Nova kompetenca "), ("en", "   "), ("de", "")),
            Texts(("sl", " Opis "), ("en", "")));

        var added = V(FrameworkEditor.AddItem(WithDraft(), 2, NewItem, Domain1, item), 2).Find(NewItem)!;

        Assert.Equal("1.4", added.Code);
        Assert.Equal([new KeyValuePair<string, string>("sl", "Nova kompetenca")], added.Labels);
        Assert.Equal([new KeyValuePair<string, string>("sl", "Opis")], added.Descriptions);
    }

    [Fact]
    public void Adding_an_item_with_a_label_only_in_another_language_is_refused_and_changes_nothing()
    {
        var item = new ItemDraft(ItemKind.Competency, "1.4", Texts(("en", "Only English")));

        AssertRefused(FrameworkError.EmptyLabel, WithDraft(), s => FrameworkEditor.AddItem(s, 2, NewItem, Domain1, item));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Adding_an_item_with_an_empty_label_in_the_main_language_is_refused_and_changes_nothing(string label)
    {
        var item = new ItemDraft(ItemKind.Competency, "1.4", Texts(("sl", label), ("en", "Has English")));

        AssertRefused(FrameworkError.EmptyLabel, WithDraft(), s => FrameworkEditor.AddItem(s, 2, NewItem, Domain1, item));
    }

    [Fact]
    public void The_main_language_is_the_first_of_the_frameworks_languages()
    {
        var englishFirst = WithDraft() with { Languages = ["en", "sl"] };
        var slovenianOnly = new ItemDraft(ItemKind.Competency, "1.4", Texts(("sl", "Samo slovensko")));
        var englishOnly = new ItemDraft(ItemKind.Competency, "1.4", Texts(("en", "English only")));

        AssertRefused(FrameworkError.EmptyLabel, englishFirst, s => FrameworkEditor.AddItem(s, 2, NewItem, Domain1, slovenianOnly));
        var state = FrameworkEditor.AddItem(englishFirst, 2, NewItem, Domain1, englishOnly);
        Assert.Equal("English only", V(state, 2).Find(NewItem)!.Labels["en"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Adding_an_item_with_an_empty_code_is_refused_and_changes_nothing(string code)
    {
        AssertRefused(FrameworkError.EmptyCode, WithDraft(), s => FrameworkEditor.AddItem(s, 2, NewItem, Domain1, Draft(code, "Brez kode")));
    }

    [Fact]
    public void A_label_longer_than_the_import_limit_is_refused_in_the_editor_too_and_changes_nothing()
    {
        var longest = new string('x', FrameworkLimits.MaxLabelLength);
        var state = FrameworkEditor.AddItem(WithDraft(), 2, NewItem, Domain1, Draft("1.4", longest));

        Assert.Equal(longest, V(state, 2).Find(NewItem)!.Labels["sl"]);
        AssertRefused(FrameworkError.TooLong, state, s => FrameworkEditor.UpdateItem(s, 2, NewItem, Draft("1.4", "ok", longest + "x")));
        AssertRefused(FrameworkError.TooLong, WithDraft(), s => FrameworkEditor.AddItem(s, 2, NewItem, Domain1, Draft(new string('1', FrameworkLimits.MaxCodeLength + 1), "Predolga koda")));
    }

    [Fact]
    public void Items_cannot_be_added_or_moved_deeper_than_the_import_limit_of_12_levels()
    {
        var state = WithDraft();
        var parent = Ind111a;
        var level = 4;
        for (; level < FrameworkLimits.MaxDepth; level++)
        {
            var id = Guid.NewGuid();
            state = FrameworkEditor.AddItem(state, 2, id, parent, Draft($"L{level + 1}", "Globlje", kind: ItemKind.Indicator));
            parent = id;
        }

        AssertRefused(FrameworkError.TooDeep, state, s => FrameworkEditor.AddItem(s, 2, NewItem, parent, Draft("L13", "Pregloboko", kind: ItemKind.Indicator)));
        AssertRefused(FrameworkError.TooDeep, state, s => FrameworkEditor.MoveItem(s, 2, Comp12, parent, 0));
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData(" 1.2 ")]
    [InlineData("1.1.1.A")]
    public void Adding_an_item_with_a_code_already_used_in_the_version_is_refused_ignoring_case_and_changes_nothing(string code)
    {
        AssertRefused(FrameworkError.DuplicateCode, WithDraft(), s => FrameworkEditor.AddItem(s, 2, NewItem, Domain2, Draft(code, "Dvojnik")));
    }

    [Fact]
    public void A_code_freed_by_deleting_its_item_in_the_draft_can_be_used_again_although_the_published_version_still_has_it()
    {
        var state = FrameworkEditor.DeleteItem(WithDraft(), 2, Comp13);

        state = FrameworkEditor.AddItem(state, 2, NewItem, Domain1, Draft("1.3", "Nova 1.3"));

        Assert.Equal("1.3", V(state, 2).Find(NewItem)!.Code);
        Assert.Equal("1.3", V(state, 1).Find(Comp13)!.Code);
    }

    [Fact]
    public void Adding_an_item_under_an_unknown_parent_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownItem, WithDraft(), s => FrameworkEditor.AddItem(s, 2, NewItem, Missing, Draft("9.9", "Sirota")));
    }

    [Fact]
    public void Adding_an_item_to_a_published_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.VersionPublished, WithDraft(), s => FrameworkEditor.AddItem(s, 1, NewItem, Domain1, Draft("1.4", "Nova")));
    }

    [Fact]
    public void Adding_an_item_to_an_unknown_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownVersion, WithDraft(), s => FrameworkEditor.AddItem(s, 7, NewItem, Domain1, Draft("1.4", "Nova")));
    }

    // ---- UpdateItem ----

    [Fact]
    public void Updating_an_item_changes_its_kind_code_and_texts_but_keeps_its_place()
    {
        var update = new ItemDraft(ItemKind.Subcompetency, "1.2-b", Texts(("sl", "Nova oznaka"), ("en", "New label")), Texts(("sl", "Nov opis")));

        var state = FrameworkEditor.UpdateItem(WithDraft(), 2, Comp12, update);

        var updated = V(state, 2).Find(Comp12)!;
        Assert.Equal(new FrameworkItem(Comp12, Domain1, ItemKind.Subcompetency, "1.2-b", updated.Labels, updated.Descriptions, 1), updated);
        Assert.Equal("Nova oznaka", updated.Labels["sl"]);
        Assert.Equal("New label", updated.Labels["en"]);
        Assert.Equal([new KeyValuePair<string, string>("sl", "Nov opis")], updated.Descriptions);
        Assert.Equal(8, V(state, 2).Items.Count);
        Assert.Equal(["1.1", "1.2-b", "1.3"], Codes(V(state, 2), Domain1));
    }

    [Fact]
    public void Updating_an_item_may_keep_its_own_code_in_another_case()
    {
        var state = FrameworkEditor.UpdateItem(WithDraft(), 2, Ind111a, Draft("1.1.1.A", "Isti"));

        Assert.Equal("1.1.1.A", V(state, 2).Find(Ind111a)!.Code);
    }

    [Fact]
    public void Updating_an_item_to_another_items_code_is_refused_ignoring_case_and_changes_nothing()
    {
        var state = FrameworkEditor.UpdateItem(WithDraft(), 2, Comp21, Draft("2.a", "Črka"));

        AssertRefused(FrameworkError.DuplicateCode, state, s => FrameworkEditor.UpdateItem(s, 2, Comp12, Draft("2.A", "Dvojnik")));
    }

    [Fact]
    public void Updating_an_item_with_an_empty_label_in_the_main_language_is_refused_and_changes_nothing()
    {
        var update = new ItemDraft(ItemKind.Competency, "1.2", Texts(("sl", " "), ("en", "English")));

        AssertRefused(FrameworkError.EmptyLabel, WithDraft(), s => FrameworkEditor.UpdateItem(s, 2, Comp12, update));
    }

    [Fact]
    public void Updating_an_item_with_an_empty_code_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.EmptyCode, WithDraft(), s => FrameworkEditor.UpdateItem(s, 2, Comp12, Draft("", "Brez kode")));
    }

    [Fact]
    public void Updating_an_unknown_item_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownItem, WithDraft(), s => FrameworkEditor.UpdateItem(s, 2, Missing, Draft("9", "Ni ga")));
    }

    [Fact]
    public void Updating_an_item_of_a_published_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.VersionPublished, WithDraft(), s => FrameworkEditor.UpdateItem(s, 1, Comp12, Draft("1.2", "Popravek")));
    }

    [Fact]
    public void Updating_an_item_of_an_unknown_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownVersion, WithDraft(), s => FrameworkEditor.UpdateItem(s, 3, Comp12, Draft("1.2", "Popravek")));
    }

    // ---- MoveItem ----

    [Fact]
    public void Moving_an_item_to_the_front_of_its_own_parent_reorders_the_siblings()
    {
        var state = FrameworkEditor.MoveItem(WithDraft(), 2, Comp13, Domain1, 0);

        var draft = V(state, 2);
        Assert.Equal(["1.3", "1.1", "1.2"], Codes(draft, Domain1));
        Assert.Equal(8, draft.Items.Count);
        AssertOrdersAreDense(draft);
    }

    [Fact]
    public void Moving_an_item_further_down_within_its_parent_puts_it_at_the_given_index()
    {
        var state = FrameworkEditor.MoveItem(WithDraft(), 2, Comp11, Domain1, 1);

        Assert.Equal(["1.2", "1.1", "1.3"], Codes(V(state, 2), Domain1));
        AssertOrdersAreDense(V(state, 2));
    }

    [Fact]
    public void Moving_an_item_to_its_current_place_changes_nothing_in_the_tree()
    {
        var draft = WithDraft();

        var state = FrameworkEditor.MoveItem(draft, 2, Comp12, Domain1, 1);

        Assert.Equal(
            V(draft, 2).Items.Select(i => (i.Id, i.ParentId, i.Order)).Order(),
            V(state, 2).Items.Select(i => (i.Id, i.ParentId, i.Order)).Order());
    }

    [Fact]
    public void Moving_an_item_under_another_parent_takes_its_subtree_along_and_renumbers_both_parents()
    {
        var state = FrameworkEditor.MoveItem(WithDraft(), 2, Comp11, Domain2, 0);

        var draft = V(state, 2);
        Assert.Equal(["1.2", "1.3"], Codes(draft, Domain1));
        Assert.Equal(["1.1", "2.1"], Codes(draft, Domain2));
        Assert.Equal(Domain2, draft.Find(Comp11)!.ParentId);
        Assert.Equal(Comp11, draft.Find(Ind111)!.ParentId);
        Assert.Equal(Ind111, draft.Find(Ind111a)!.ParentId);
        Assert.Equal(8, draft.Items.Count);
        Assert.Equal(draft.Items.Count, draft.Items.Select(i => i.Id).Distinct().Count());
        AssertOrdersAreDense(draft);
    }

    [Fact]
    public void Moving_an_item_to_the_roots_makes_it_a_root_at_the_given_index()
    {
        var state = FrameworkEditor.MoveItem(WithDraft(), 2, Comp12, null, 1);

        var draft = V(state, 2);
        Assert.Equal(["1", "1.2", "2"], Codes(draft, null));
        Assert.Equal(["1.1", "1.3"], Codes(draft, Domain1));
        AssertOrdersAreDense(draft);
    }

    [Theory]
    [InlineData(99, new[] { "2.1", "1.1" })]
    [InlineData(1, new[] { "2.1", "1.1" })]
    [InlineData(-5, new[] { "1.1", "2.1" })]
    public void Moving_an_item_to_an_index_outside_the_siblings_places_it_at_the_nearest_end(int index, string[] expected)
    {
        var state = FrameworkEditor.MoveItem(WithDraft(), 2, Comp21, Domain2, index);
        state = FrameworkEditor.MoveItem(state, 2, Comp11, Domain2, index);

        Assert.Equal(expected, Codes(V(state, 2), Domain2));
        AssertOrdersAreDense(V(state, 2));
    }

    [Fact]
    public void Moving_an_item_under_itself_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.MoveUnderDescendant, WithDraft(), s => FrameworkEditor.MoveItem(s, 2, Comp11, Comp11, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Moving_an_item_under_its_own_descendant_is_refused_and_changes_nothing(int generations)
    {
        var descendant = generations switch { 1 => Comp11, 2 => Ind111, _ => Ind111a };

        AssertRefused(FrameworkError.MoveUnderDescendant, WithDraft(), s => FrameworkEditor.MoveItem(s, 2, Domain1, descendant, 0));
    }

    [Fact]
    public void Moving_an_unknown_item_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownItem, WithDraft(), s => FrameworkEditor.MoveItem(s, 2, Missing, Domain1, 0));
    }

    [Fact]
    public void Moving_an_item_under_an_unknown_parent_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownItem, WithDraft(), s => FrameworkEditor.MoveItem(s, 2, Comp12, Missing, 0));
    }

    [Fact]
    public void Moving_an_item_of_a_published_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.VersionPublished, WithDraft(), s => FrameworkEditor.MoveItem(s, 1, Comp13, Domain1, 0));
    }

    [Fact]
    public void Moving_an_item_of_an_unknown_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownVersion, WithDraft(), s => FrameworkEditor.MoveItem(s, 0, Comp13, Domain1, 0));
    }

    // ---- DeleteItem ----

    [Fact]
    public void Deleting_an_item_removes_its_whole_subtree_and_renumbers_its_siblings()
    {
        var state = FrameworkEditor.DeleteItem(WithDraft(), 2, Comp11);

        var draft = V(state, 2);
        Assert.Null(draft.Find(Comp11));
        Assert.Null(draft.Find(Ind111));
        Assert.Null(draft.Find(Ind111a));
        Assert.Equal(["1.2", "1.3"], Codes(draft, Domain1));
        Assert.Equal(new[] { Domain1, Comp12, Comp13, Domain2, Comp21 }.Order(), draft.Items.Select(i => i.Id).Order());
        AssertOrdersAreDense(draft);
    }

    [Fact]
    public void Deleting_a_root_removes_everything_below_it_and_leaves_the_other_roots()
    {
        var state = FrameworkEditor.DeleteItem(WithDraft(), 2, Domain1);

        var draft = V(state, 2);
        Assert.Equal(new[] { Domain2, Comp21 }.Order(), draft.Items.Select(i => i.Id).Order());
        Assert.Equal(0, draft.Find(Domain2)!.Order);
        AssertOrdersAreDense(draft);
    }

    [Fact]
    public void Deleting_a_leaf_removes_only_that_item()
    {
        var state = FrameworkEditor.DeleteItem(WithDraft(), 2, Ind111a);

        Assert.Equal(7, V(state, 2).Items.Count);
        Assert.Null(V(state, 2).Find(Ind111a));
        Assert.NotNull(V(state, 2).Find(Ind111));
    }

    [Fact]
    public void Deleting_an_unknown_item_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownItem, WithDraft(), s => FrameworkEditor.DeleteItem(s, 2, Missing));
    }

    [Fact]
    public void Deleting_an_item_of_a_published_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.VersionPublished, WithDraft(), s => FrameworkEditor.DeleteItem(s, 1, Comp11));
    }

    [Fact]
    public void Deleting_an_item_of_an_unknown_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownVersion, WithDraft(), s => FrameworkEditor.DeleteItem(s, 5, Comp11));
    }

    // ---- Publish ----

    [Fact]
    public void Publishing_the_draft_makes_it_the_latest_published_version_and_closes_it()
    {
        var edited = FrameworkEditor.AddItem(WithDraft(), 2, NewItem, Domain2, Draft("2.2", "Nova"));

        var state = FrameworkEditor.Publish(edited, 2, Latest);

        var published = V(state, 2);
        Assert.Equal(VersionStatus.Published, published.Status);
        Assert.True(published.IsPublished);
        Assert.Equal(Latest, published.PublishedAt);
        Assert.Equal(Later, published.CreatedAt);
        Assert.Null(state.Draft);
        Assert.Same(published, state.LatestPublished);
        Assert.Equal(V(edited, 2).Items, published.Items);
        Assert.Equal(FrameworkSnapshot.Of(Published() with { Versions = [V(Published(), 1)] }), FrameworkSnapshot.Of(state with { Versions = [V(state, 1)] }));
    }

    [Fact]
    public void After_publishing_a_new_draft_starts_from_the_just_published_version()
    {
        var state = FrameworkEditor.Publish(FrameworkEditor.DeleteItem(WithDraft(), 2, Domain2), 2, Latest);

        state = FrameworkEditor.StartDraft(state, Latest, "bor");

        Assert.Equal(3, state.Draft!.Number);
        Assert.Equal(V(state, 2).Items, state.Draft.Items);
        Assert.Equal([1, 2, 3], state.Versions.Select(v => v.Number));
    }

    [Fact]
    public void Publishing_a_published_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.VersionPublished, WithDraft(), s => FrameworkEditor.Publish(s, 1, Latest));
        AssertRefused(FrameworkError.VersionPublished, FrameworkEditor.Publish(WithDraft(), 2, Latest), s => FrameworkEditor.Publish(s, 2, Latest));
    }

    [Fact]
    public void Publishing_an_unknown_version_is_refused_and_changes_nothing()
    {
        AssertRefused(FrameworkError.UnknownVersion, WithDraft(), s => FrameworkEditor.Publish(s, 3, Latest));
    }

    [Fact]
    public void Asking_for_an_unknown_version_is_refused()
    {
        var refusal = Assert.Throws<FrameworkRuleException>(() => FrameworkEditor.RequireVersion(WithDraft(), 42));

        Assert.Equal(FrameworkError.UnknownVersion, refusal.Error);
        Assert.Equal(1, FrameworkEditor.RequireVersion(Published(), 1).Number);
    }

    // ---- Orders over a sequence of edits ----

    [Fact]
    public void Orders_stay_zero_to_n_minus_one_through_a_sequence_of_edits()
    {
        var state = WithDraft();
        var added = new List<Guid>();
        for (var n = 0; n < 4; n++)
        {
            var id = Id(500 + n);
            added.Add(id);
            state = FrameworkEditor.AddItem(state, 2, id, Domain1, Draft($"1.{4 + n}", $"Dodana {n}"));
            AssertOrdersAreDense(V(state, 2));
        }
        state = FrameworkEditor.MoveItem(state, 2, added[3], Domain1, 0);
        AssertOrdersAreDense(V(state, 2));
        state = FrameworkEditor.MoveItem(state, 2, Comp12, Comp21, 0);
        AssertOrdersAreDense(V(state, 2));
        state = FrameworkEditor.DeleteItem(state, 2, Comp11);
        AssertOrdersAreDense(V(state, 2));
        state = FrameworkEditor.MoveItem(state, 2, Domain2, null, 0);
        AssertOrdersAreDense(V(state, 2));
        state = FrameworkEditor.DeleteItem(state, 2, added[1]);

        var draft = V(state, 2);
        AssertOrdersAreDense(draft);
        Assert.Equal(["2", "1"], Codes(draft, null));
        Assert.Equal(["1.7", "1.3", "1.4", "1.6"], Codes(draft, Domain1));
        Assert.Equal(["1.2"], Codes(draft, Comp21));
    }
}
