using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Workshops.Delphi;

public class ConsensusRuleValidationTests
{
    [Fact]
    public void The_default_rule_and_the_bounds_of_each_setting_are_accepted()
    {
        DelphiRules.Validate(new ConsensusRule());
        DelphiRules.Validate(new ConsensusRule(MinAgreement: 0.5, MaxIqr: 0, MinN: 1, StableBelow: 0));
        DelphiRules.Validate(new ConsensusRule(MinAgreement: 1, MaxIqr: null, StableBelow: 1));
        DelphiRules.Validate(new ConsensusRule(MinAgreement: null, MaxIqr: 2.5));
    }

    public static TheoryData<ConsensusRule, string> BadRules => new()
    {
        { new ConsensusRule(MinAgreement: 0.49), "The agreement threshold must lie between 50 % and 100 %; 49 % is outside that range." },
        { new ConsensusRule(MinAgreement: 1.01), "The agreement threshold must lie between 50 % and 100 %; 101 % is outside that range." },
        { new ConsensusRule(MinAgreement: double.NaN), "The agreement threshold must lie between 50 % and 100 %; NaN % is outside that range." },
        { new ConsensusRule(MaxIqr: -0.1), "The IQR limit must be 0 or more; -0.1 is not." },
        { new ConsensusRule(MaxIqr: double.PositiveInfinity), "The IQR limit must be 0 or more; Infinity is not." },
        { new ConsensusRule(MinAgreement: null, MaxIqr: null), "A consensus rule needs an agreement threshold, an IQR limit or both." },
        { new ConsensusRule(MinN: 0), "An item needs at least one answer before it can reach consensus; the minimum n cannot be 0." },
        { new ConsensusRule(StableBelow: 1.5), "A round is stable when fewer than a share from 0 % to 100 % of the answers moved; 150 % is outside that range." },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void A_bad_rule_is_refused_with_a_sentence_saying_what_is_wrong(ConsensusRule rule, string sentence)
    {
        var error = Assert.Throws<WorkshopRuleException>(() => DelphiRules.Validate(rule));
        Assert.Equal(WorkshopError.InvalidDefinition, error.Error);
        Assert.Equal(sentence, error.Message);
    }
}
