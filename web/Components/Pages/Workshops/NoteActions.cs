using Workshop.Grains.Boards;

namespace Workshop.Web.Components.Pages.Workshops;

/// <summary>What the facilitator can do with a note on the board console.</summary>
public sealed record NoteActions(
    Func<BoardNote, bool, Task> Hide,
    Func<BoardNote, Task> Edit,
    Func<BoardNote, Task> Link,
    Func<BoardNote, Task> Propose,
    Func<BoardNote, int?> Votes);
