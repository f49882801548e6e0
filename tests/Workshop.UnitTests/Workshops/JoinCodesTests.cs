using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Workshops;

public class JoinCodesTests
{
    [Fact]
    public void The_alphabet_has_31_distinct_characters_and_none_that_look_alike()
    {
        Assert.Equal(31, JoinCodes.Alphabet.Distinct().Count());
        Assert.Equal(JoinCodes.Alphabet.Length, JoinCodes.Alphabet.Distinct().Count());
        foreach (var lookAlike in "0O1IL")
            Assert.DoesNotContain(lookAlike, JoinCodes.Alphabet);
        Assert.All(JoinCodes.Alphabet, c => Assert.True(char.IsUpper(c) || char.IsDigit(c)));
    }

    [Fact]
    public void A_new_code_is_six_characters_of_the_alphabet()
    {
        for (var i = 0; i < 100; i++)
        {
            var code = JoinCodes.New();
            Assert.Equal(6, code.Length);
            Assert.All(code, c => Assert.Contains(c, JoinCodes.Alphabet));
            Assert.Equal(code, JoinCodes.Normalize(code));
        }
    }

    [Theory]
    [InlineData("ABCDEF", "ABCDEF")]
    [InlineData("  abcdef\t", "ABCDEF")]
    [InlineData("abc-def", "ABCDEF")]
    [InlineData("ABC DEF", "ABCDEF")]
    [InlineData("a-b c-d e-f", "ABCDEF")]
    [InlineData("k7m\u20139pq", "K7M9PQ")]
    public void Typed_codes_are_trimmed_uppercased_and_stripped_of_spaces_and_dashes(string typed, string expected) =>
        Assert.Equal(expected, JoinCodes.Normalize(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ABCDE")]
    [InlineData("ABCDEFG")]
    [InlineData("ABCDE0")]
    [InlineData("ABCDEO")]
    [InlineData("ABCDE1")]
    [InlineData("ABCDEI")]
    [InlineData("ABCDEL")]
    [InlineData("ABC_EF")]
    [InlineData("ABCDÉF")]
    public void Anything_but_six_characters_of_the_alphabet_is_not_a_code(string? typed) =>
        Assert.Null(JoinCodes.Normalize(typed));

    [Fact]
    public void Ten_thousand_codes_use_every_character_about_equally_often()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => JoinCodes.New()).ToArray();
        var frequencies = codes.SelectMany(c => c).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());

        // 60,000 characters over 31: 1,935.5 expected each, binomial SD √(60000·(1/31)·(30/31)) ≈ 43.3.
        // ±25 % (±484, about 11 SD) never fails by chance, yet catches a character never drawn or drawn twice as often.
        Assert.Equal(31, frequencies.Count);
        Assert.All(frequencies, f => Assert.InRange(f.Value, 1452, 2419));
        // 31⁶ ≈ 887 million codes: among 10,000, about 0.06 repeats are expected.
        Assert.True(codes.Distinct().Count() >= 9_990);
    }
}
