using Workshop.Web.Localization;
using static Workshop.Web.Localization.PluralCategory;

namespace Workshop.WebTests.Localization;

/// <summary>Which form a count takes, checked against CLDR's example numbers for each interface language.</summary>
public sealed class PluralRuleTests
{
    [Theory]
    [InlineData(1, One)]
    [InlineData(2, Few)] [InlineData(3, Few)] [InlineData(4, Few)] [InlineData(22, Few)] [InlineData(23, Few)] [InlineData(24, Few)] [InlineData(102, Few)]
    [InlineData(0, Many)] [InlineData(5, Many)] [InlineData(11, Many)] [InlineData(12, Many)] [InlineData(13, Many)] [InlineData(14, Many)]
    [InlineData(21, Many)] [InlineData(25, Many)] [InlineData(101, Many)] [InlineData(112, Many)] [InlineData(1000, Many)]
    public void Polish_says_one_odpowiedz_two_to_four_odpowiedzi_but_five_and_twelve_to_fourteen_odpowiedzi_of_many(int count, PluralCategory expected) =>
        Assert.Equal(expected, PluralRule.Category("pl", count));

    [Theory]
    [InlineData(1, One)] [InlineData(101, One)] [InlineData(201, One)]
    [InlineData(2, Two)] [InlineData(102, Two)]
    [InlineData(3, Few)] [InlineData(4, Few)] [InlineData(103, Few)] [InlineData(104, Few)]
    [InlineData(0, Other)] [InlineData(5, Other)] [InlineData(11, Other)] [InlineData(12, Other)] [InlineData(100, Other)]
    public void Slovenian_counts_by_the_last_two_digits_with_a_dual(int count, PluralCategory expected) =>
        Assert.Equal(expected, PluralRule.Category("sl", count));

    [Theory]
    [InlineData(0, One)] [InlineData(1, One)]
    [InlineData(2, Other)] [InlineData(17, Other)] [InlineData(100, Other)]
    [InlineData(1_000_000, Many)]
    public void French_takes_the_singular_for_zero_and_one(int count, PluralCategory expected) =>
        Assert.Equal(expected, PluralRule.Category("fr", count));

    [Theory]
    [InlineData("en", 0, Other)] [InlineData("en", 1, One)] [InlineData("en", 2, Other)] [InlineData("en", 21, Other)]
    [InlineData("it", 0, Other)] [InlineData("it", 1, One)] [InlineData("it", 2, Other)] [InlineData("it", 1_000_000, Many)]
    [InlineData("zh", 0, Other)] [InlineData("zh", 1, Other)] [InlineData("zh", 2, Other)]
    public void English_and_italian_have_a_singular_only_for_one_and_chinese_has_one_form(string language, int count, PluralCategory expected) =>
        Assert.Equal(expected, PluralRule.Category(language, count));

    [Theory]
    [InlineData("sl")] [InlineData("en")] [InlineData("it")] [InlineData("fr")] [InlineData("pl")] [InlineData("zh")]
    public void Every_count_falls_into_a_category_the_language_lists(string language)
    {
        var categories = PluralRule.Categories(language);
        var used = Enumerable.Range(0, 1001).Append(1_000_000).Select(n => PluralRule.Category(language, n)).Distinct();
        Assert.All(used, category => Assert.Contains(category, categories));
    }
}
