using Workshop.Grains.Workshops;
using Workshop.Web.Workshops.Consoles;

namespace Workshop.WebTests.Workshops.Consoles;

/// <summary>Reads and pushes reach a console in any order; the view keeps the newest of each part.</summary>
public sealed class ConsoleViewTests
{
    private static WorkshopState Workshop(long version) => new() { Id = Guid.Empty, Title = $"v{version}", Version = version };

    private static WorkshopSnapshot Snapshot(long version) => new(Guid.Empty, version, $"v{version}", "ABCDEF", WorkshopStatus.Live, 3, null, [], "en");

    [Fact]
    public void A_newer_agenda_or_snapshot_replaces_the_one_shown()
    {
        var view = new ConsoleView(Workshop(1), Snapshot(1));

        var merged = view.Merge(Workshop(2), Snapshot(3));

        Assert.Equal((2L, 3L), (merged.Workshop.Version, merged.Snapshot.Version));
    }

    [Fact]
    public void An_older_read_or_push_that_arrives_late_changes_nothing()
    {
        var view = new ConsoleView(Workshop(5), Snapshot(7));

        var merged = view.Merge(Workshop(4), Snapshot(6));

        Assert.Equal((5L, 7L), (merged.Workshop.Version, merged.Snapshot.Version));
        Assert.Same(view.Workshop, view.Merge(null, null).Workshop);
    }
}
