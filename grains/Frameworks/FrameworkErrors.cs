namespace Workshop.Grains.Frameworks;

public enum FrameworkError
{
    UnknownFramework,
    UnknownVersion,
    UnknownItem,
    VersionPublished,
    EmptyLabel,
    EmptyCode,
    DuplicateCode,
    MoveUnderDescendant,
    TooLong,
    TooDeep,
    UnknownLanguage,
}

/// <summary>A command broke a framework rule; nothing was changed. Crosses grain calls intact.</summary>
[GenerateSerializer]
public sealed class FrameworkRuleException(FrameworkError error, string message) : Exception(message)
{
    [Id(0)] public FrameworkError Error { get; } = error;
}
