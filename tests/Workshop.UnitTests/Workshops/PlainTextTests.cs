using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Workshops;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    [InlineData(" \u200B \n\t\uFEFF ")]
    [InlineData("\u202E\u2066\u0000\u0007")]
    [InlineData(null)]
    public void A_text_of_only_invisible_bidi_or_control_characters_is_empty(string? typed)
    {
        Assert.Equal("", PlainText.Line(typed));
        Assert.Equal("", PlainText.Lines(typed));
    }

    [Theory]
    [InlineData("Ana\u202Egnp.exe", "Anagnp.exe")]
    [InlineData("\u2067Bor\u2069 \u200Fand\u200E \u061CCene\u202A\u202B\u202C\u202D", "Bor and Cene")]
    [InlineData("N\u0000U\u0001L\u001FL\u007F\u0085", "NULL")]
    public void Bidi_controls_and_control_characters_are_removed(string typed, string plain) =>
        Assert.Equal(plain, PlainText.Line(typed));

    [Fact]
    public void Half_a_surrogate_pair_is_removed() =>
        Assert.Equal("half a pair  stays out", PlainText.Line("half a pair " + '\uD800' + " stays out"));

    [Fact]
    public void A_text_of_lines_keeps_its_line_breaks_and_a_line_turns_them_and_tabs_into_spaces()
    {
        const string typed = " \u200Bfirst line\r\nsecond\tline\rthird\u200B ";

        Assert.Equal("first line\nsecond line\nthird", PlainText.Lines(typed));
        Assert.Equal("first line second line third", PlainText.Line(typed));
    }

    [Fact]
    public void Joiners_inside_a_text_emoji_and_accents_stay_as_typed_in_composed_form()
    {
        const string coder = "\U0001F469\u200D\U0001F4BB"; // woman technologist: two emoji joined
        const string persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"; // the non-joiner is part of the word

        Assert.Equal($"{coder} Čšž 👍🏽", PlainText.Line($"{coder} Čšž 👍🏽"));
        Assert.Equal(persian, PlainText.Line(persian));
        Assert.Equal("é", PlainText.Line("e\u0301"));
    }
}

public sealed class LanguageTagsTests
{
    [Theory]
    [InlineData("sl", "sl")]
    [InlineData(" EN ", "en")]
    [InlineData("pt-BR", "pt-br")]
    [InlineData("sr-Latn-RS", "sr-latn-rs")]
    [InlineData("fil", "fil")]
    public void A_known_language_is_kept_in_lowercase(string tag, string key) => Assert.Equal(key, LanguageTags.Normalize(tag));

    [Theory]
    [InlineData("zz")]
    [InlineData("<b>x</b>")]
    [InlineData("en-")]
    [InlineData("en us")]
    [InlineData("x-klingon")]
    [InlineData("e")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_or_malformed_language_is_refused(string? tag) => Assert.Null(LanguageTags.Normalize(tag));

    [Fact]
    public void A_language_key_of_2000_characters_is_refused() => Assert.Null(LanguageTags.Normalize(new string('a', 2000)));
}
