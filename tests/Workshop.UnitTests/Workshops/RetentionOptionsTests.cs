using Workshop.Grains.Workshops.Retention;

namespace Workshop.UnitTests.Workshops;

public class RetentionOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_value_personal_data_is_kept_until_a_facilitator_erases_it(string? value) =>
        Assert.Null(RetentionOptions.Parse(value));

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 30 ", 30)]
    [InlineData("36500", 36500)]
    public void A_whole_number_of_days_is_the_time_personal_data_is_kept_after_the_end(string value, int days) =>
        Assert.Equal(TimeSpan.FromDays(days), RetentionOptions.Parse(value));

    [Theory]
    [InlineData("0")]
    [InlineData("-7")]
    [InlineData("1.5")]
    [InlineData("30d")]
    [InlineData("off")]
    [InlineData("36501")]
    [InlineData("99999999999")]
    public void Any_other_value_is_refused_with_the_setting_and_the_value_named(string value)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => RetentionOptions.Parse(value));

        Assert.Contains(RetentionOptions.Setting, refusal.Message);
        Assert.Contains($"'{value}'", refusal.Message);
    }
}
