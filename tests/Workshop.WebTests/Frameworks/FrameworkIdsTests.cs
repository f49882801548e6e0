using Workshop.Web.Frameworks;

namespace Workshop.WebTests.Frameworks;

public sealed class FrameworkIdsTests
{
    [Theory]
    [InlineData("Mreža č", "mreza-c")]
    [InlineData("Kompetencje pracowników socjalnych w Łodzi", "kompetencje-pracownikow-socjalnych-w-lodzi")]
    [InlineData("Straße, Æsir & Øre", "strasse-aesir-ore")]
    [InlineData("  --社区工作者能力-- ", "framework")]
    [InlineData("Coordinateur·rice de réseau 2026", "coordinateur-rice-de-reseau-2026")]
    public void A_title_becomes_a_lowercase_ascii_slug_that_keeps_letters_without_a_decomposition(string title, string slug) =>
        Assert.Equal(slug, FrameworkIds.Slug(title));

    [Fact]
    public void A_slug_is_at_most_sixty_characters_and_never_ends_with_a_hyphen()
    {
        var slug = FrameworkIds.Slug(string.Join(" ", Enumerable.Repeat("competency", 12)));
        Assert.True(slug.Length <= FrameworkIds.MaxSlugLength);
        Assert.False(slug.EndsWith('-'));
    }
}
