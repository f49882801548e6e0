using System.Collections.Immutable;
using Workshop.Grains.Workshops;

namespace Workshop.UnitTests.Workshops;

public sealed class WorkshopRulesTests
{
    [Theory]
    [InlineData("ana@example.org", false, true)]
    [InlineData("ANA@example.org", false, true)]
    [InlineData("bor@example.org", false, true)]
    [InlineData("eve@example.org", false, false)]
    [InlineData("eve@example.org", true, true)]
    [InlineData("", false, false)]
    [InlineData(null, false, false)]
    public void Only_the_workshops_facilitators_and_administrators_control_it(string? user, bool administrator, bool expected) =>
        Assert.Equal(expected, WorkshopRules.MayControl(["ana@example.org", "bor@example.org"], user, administrator));

    [Fact]
    public void Erasing_personal_data_drops_names_and_segment_answers_and_keeps_pseudonyms_answers_and_results()
    {
        var joinedAt = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var ana = new ParticipantEntry(Fixtures.Id(1), "P001", "Ana Novak", "sl", ImmutableDictionary<string, string>.Empty.Add("country", "SI"), joinedAt, true);
        var bor = new ParticipantEntry(Fixtures.Id(2), "P002", null, "en", ImmutableDictionary<string, string>.Empty, joinedAt, false);
        var timeline = ImmutableList.Create(new TimelineEvent(joinedAt, "joined", "P001"));
        var workshop = new WorkshopState
        {
            Id = Fixtures.Id(100),
            Title = "Focus group",
            Status = WorkshopStatus.Ended,
            Participants = ImmutableDictionary<Guid, ParticipantEntry>.Empty.Add(ana.Id, ana).Add(bor.Id, bor),
            Timeline = timeline,
        };

        var erased = WorkshopRules.WithoutPersonalData(workshop);

        Assert.Equal(ana with { DisplayName = null, Segments = ImmutableDictionary<string, string>.Empty }, erased.Participants[ana.Id]);
        Assert.Equal(bor, erased.Participants[bor.Id]);
        Assert.Same(workshop.Activities, erased.Activities);
        Assert.Same(timeline, erased.Timeline);
        Assert.Equal(workshop with { Participants = erased.Participants }, erased);
    }
}
