using System.Collections.Immutable;

namespace Workshop.Grains.Workshops;

/// <summary>Where an item stands against the activity's <see cref="ConsensusRule"/> after a round.</summary>
public enum ConsensusStatus { NoConsensus, In, Out }

/// <summary>
/// Consensus as the facilitator defines it before round 1 of a rating or ranking (issue 11): recorded with the results.
/// Agreement is the share of answers in the top two points of the scale (in) or the bottom two (out).
/// </summary>
/// <param name="MinAgreement">Share from 0.5 to 1 that agreement must reach; null: agreement is not part of the rule.</param>
/// <param name="MaxIqr">Largest interquartile range that counts as consensus (0 or more); null: not part of the rule.</param>
/// <param name="MinN">Fewest answers an item needs before it can reach consensus.</param>
/// <param name="StableBelow">A round is stable when fewer than this share of answers moved by more than one point.</param>
[GenerateSerializer, Immutable]
public sealed record ConsensusRule(
    [property: Id(0)] double? MinAgreement = 0.75,
    [property: Id(1)] double? MaxIqr = 1,
    [property: Id(2)] int MinN = 5,
    [property: Id(3)] double StableBelow = 0.15);

/// <summary>One item on one scale (a ranking's scale key is <see cref="TallyMeasure.Rank"/>) against the rule, in one round.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemConsensus(
    [property: Id(0)] Guid Item,
    [property: Id(1)] string Scale,
    [property: Id(2)] ConsensusStatus Status,
    [property: Id(3)] int N,
    [property: Id(4)] double? Agreement,
    [property: Id(5)] double? Disagreement,
    [property: Id(6)] double? Median,
    [property: Id(7)] double? Iqr);

/// <summary>How one item moved from the previous round to this one, over the participants who answered both.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemStability(
    [property: Id(0)] Guid Item,
    [property: Id(1)] string Scale,
    [property: Id(2)] int Paired,
    [property: Id(3)] double? MovedShare,
    [property: Id(4)] double? MedianChange,
    [property: Id(5)] double? IqrChange);

/// <summary>Stability between two rounds, per item and overall; <see cref="KendallWChange"/> only for rankings.</summary>
[GenerateSerializer, Immutable]
public sealed record RoundStability(
    [property: Id(0)] int Round,
    [property: Id(1)] int PreviousRound,
    [property: Id(2)] ImmutableList<ItemStability> Items,
    [property: Id(3)] int PairedAnswers,
    [property: Id(4)] double? MovedShare,
    [property: Id(5)] bool Stable,
    [property: Id(6)] double? KendallWChange);

/// <summary>A participant's reason for an answer outside the group's previous IQR, anonymous (no participant id).</summary>
[GenerateSerializer, Immutable]
public sealed record DelphiReason(
    [property: Id(0)] Guid Item,
    [property: Id(1)] string Text);

/// <summary>What one closed round of an activity with a consensus rule established.</summary>
/// <param name="Items">The items asked in this round (a later round may ask only those without consensus).</param>
/// <param name="Participants">Participants in the workshop when the round closed (the response rate's denominator).</param>
[GenerateSerializer, Immutable]
public sealed record DelphiRound(
    [property: Id(0)] int Round,
    [property: Id(1)] ImmutableList<Guid> Items,
    [property: Id(2)] int Participants,
    [property: Id(3)] int Respondents,
    [property: Id(4)] ImmutableList<ItemConsensus> Consensus,
    [property: Id(5)] RoundStability? Stability,
    [property: Id(6)] ImmutableList<DelphiReason> Reasons);

/// <summary>The group's previous round on one item and scale, shown on the phone next to the participant's own previous answer.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemFeedback(
    [property: Id(0)] Guid Item,
    [property: Id(1)] string Scale,
    [property: Id(2)] int Round,
    [property: Id(3)] double? Median,
    [property: Id(4)] double? Q1,
    [property: Id(5)] double? Q3,
    [property: Id(6)] ImmutableList<int> Histogram,
    [property: Id(7)] ConsensusStatus Status);
