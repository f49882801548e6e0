using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops.Consoles;

public enum DelphiField { Agreement, Iqr, MinN, Stable, ClosesAt }

/// <summary>
/// The add-activity form's consensus rule and closing time as the facilitator types them (percentages, a wall-clock time),
/// checked field by field so the form can say what is wrong where; the workshop checks the rule again when it is added.
/// </summary>
public sealed class DelphiInput
{
    /// <summary>Whether the activity runs as Delphi rounds with a consensus rule.</summary>
    public bool RuleOn { get; set; }
    /// <summary>Null: agreement is not part of the rule.</summary>
    public int? AgreementPercent { get; set; } = 75;
    /// <summary>Null: the IQR is not part of the rule.</summary>
    public double? IqrLimit { get; set; } = 1;
    public int MinN { get; set; } = 5;
    public int StablePercent { get; set; } = 15;
    /// <summary>When the round closes by itself, on the facilitator's clock; null: closed by hand.</summary>
    public DateTime? ClosesAtLocal { get; set; }

    public ConsensusRule? Rule => RuleOn ? new ConsensusRule(AgreementPercent / 100.0, IqrLimit, MinN, StablePercent / 100.0) : null;

    public DateTimeOffset? ClosesAt(LocalClock clock) => ClosesAtLocal is { } local ? clock.ToInstant(local) : null;

    /// <summary>What is wrong, per field, as the name of the sentence in the resources; empty when the form may be sent.</summary>
    public IReadOnlyDictionary<DelphiField, string> Problems(LocalClock clock, DateTimeOffset now)
    {
        var problems = new Dictionary<DelphiField, string>();
        if (RuleOn)
        {
            if (AgreementPercent is null && IqrLimit is null) problems[DelphiField.Agreement] = "Delphi.NoCriterion";
            if (AgreementPercent is < 50 or > 100) problems[DelphiField.Agreement] = "Delphi.AgreementRange";
            if (IqrLimit is < 0) problems[DelphiField.Iqr] = "Delphi.IqrRange";
            if (MinN < 1) problems[DelphiField.MinN] = "Delphi.MinNRange";
            if (StablePercent is < 1 or > 100) problems[DelphiField.Stable] = "Delphi.StableRange";
        }
        if (ClosesAt(clock) <= now) problems[DelphiField.ClosesAt] = "Delphi.ClosesInThePast";
        return problems;
    }
}
