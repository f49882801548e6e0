using Workshop.Grains.Workshops;
using Workshop.Web.Workshops.Consoles;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>The add-activity form's consensus rule and closing time: the defaults, and each bad value named at its field.</summary>
public sealed class DelphiInputTests
{
    private static readonly LocalClock Utc = LocalClock.Of("UTC");
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_rule_a_facilitator_switches_on_without_changing_anything_is_the_default_one()
    {
        var input = new DelphiInput { RuleOn = true };

        Assert.Equal(new ConsensusRule(0.75, 1, 5, 0.15), input.Rule);
        Assert.Empty(input.Problems(Utc, Now));
    }

    [Fact]
    public void Without_the_rule_switched_on_no_rule_is_sent_and_its_fields_are_not_checked()
    {
        var input = new DelphiInput { AgreementPercent = 10, MinN = 0 };

        Assert.Null(input.Rule);
        Assert.Empty(input.Problems(Utc, Now));
    }

    [Fact]
    public void Each_value_out_of_range_is_named_at_its_own_field()
    {
        var input = new DelphiInput { RuleOn = true, AgreementPercent = 49, IqrLimit = -0.5, MinN = 0, StablePercent = 101, ClosesAtLocal = Now.UtcDateTime.AddMinutes(-1) };

        var problems = input.Problems(Utc, Now);

        Assert.Equal(new Dictionary<DelphiField, string>
        {
            [DelphiField.Agreement] = "Delphi.AgreementRange",
            [DelphiField.Iqr] = "Delphi.IqrRange",
            [DelphiField.MinN] = "Delphi.MinNRange",
            [DelphiField.Stable] = "Delphi.StableRange",
            [DelphiField.ClosesAt] = "Delphi.ClosesInThePast",
        }, problems);
    }

    [Fact]
    public void Agreement_alone_or_the_IQR_alone_makes_a_rule_and_neither_is_refused()
    {
        var agreementOnly = new DelphiInput { RuleOn = true, AgreementPercent = 100, IqrLimit = null };
        var iqrOnly = new DelphiInput { RuleOn = true, AgreementPercent = null, IqrLimit = 0 };
        var neither = new DelphiInput { RuleOn = true, AgreementPercent = null, IqrLimit = null };

        Assert.Equal((1.0, (double?)null), (agreementOnly.Rule!.MinAgreement, agreementOnly.Rule.MaxIqr));
        Assert.Equal(((double?)null, 0.0), (iqrOnly.Rule!.MinAgreement, iqrOnly.Rule.MaxIqr));
        Assert.Empty(agreementOnly.Problems(Utc, Now).Concat(iqrOnly.Problems(Utc, Now)));
        Assert.Equal("Delphi.NoCriterion", neither.Problems(Utc, Now)[DelphiField.Agreement]);
    }

    [Fact]
    public void The_closing_time_is_stored_as_the_instant_of_the_facilitators_clock()
    {
        var input = new DelphiInput { ClosesAtLocal = new DateTime(2026, 12, 1, 17, 0, 0) };

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), input.ClosesAt(LocalClock.Of("Europe/Ljubljana")));
        Assert.Null(new DelphiInput().ClosesAt(Utc));
    }
}
