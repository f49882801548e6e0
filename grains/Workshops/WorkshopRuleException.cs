namespace Workshop.Grains.Workshops;

/// <summary>Why a workshop command or answer was refused. Append new codes at the end: the numbers cross grain calls and may be stored.</summary>
public enum WorkshopError
{
    // Answers (AnswerRules.Validate).
    WrongKind,
    ItemNotInActivity,
    NegativeDots,
    OverItemCap,
    OverBudget,
    UnknownScale,
    RatingOutOfRange,
    DuplicateRank,
    TooManyRanks,
    EmptyAnswer,
    ClientIdMissing,

    // Workshop and activity state (checked by the grains).
    ActivityClosed,
    ActivityLocked,
    UnknownActivity,
    UnknownWorkshop,
    UnknownCode,
    WorkshopEnded,
    NotAParticipant,
    InvalidToken,
    MessageTooLarge,

    // Activity definitions (ActivityRules.ValidateDefinition).
    InvalidDefinition,

    // Limits per network address (the web host's join limiter).
    TooManyAttempts,

    // Boards and proposals (BoardRules, ProposalRules).
    EmptyNote,
    NoteTooLong,
    TooManyNotes,
    UnknownNote,
    NotYourNote,
    NoteRevealed,
    UnknownCluster,
    UnknownPrompt,
    VotingClosed,
    UnknownTarget,
    InvalidProposal,

    // Facilitators' commands on the workshop as a whole.
    WorkshopNotEnded,
    UnknownFacilitator,

    // Hardening: malformed hub messages, rates per participant, workshops not yet open, proposals outside a board.
    InvalidMessage,
    TooManyAnswers,
    TooManyProposals,
    BoardNotOpen,
    WorkshopNotStarted,

    // Delphi rounds: a reason that is empty, too long or for an item the answer does not rate or rank (AnswerRules.Validate).
    InvalidAnswer,
}

/// <summary>A command or answer broke a workshop rule; nothing was changed. The message is a sentence a participant can read. Crosses grain calls intact.</summary>
[GenerateSerializer]
public sealed class WorkshopRuleException(WorkshopError error, string message) : Exception(message)
{
    [Id(0)] public WorkshopError Error { get; } = error;
}
