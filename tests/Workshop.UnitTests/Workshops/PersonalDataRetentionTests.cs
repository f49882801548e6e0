using Microsoft.Extensions.Options;
using Workshop.Grains.Workshops;
using Workshop.Grains.Workshops.Retention;

namespace Workshop.UnitTests.Workshops;

public class PersonalDataRetentionTests
{
    private static readonly DateTimeOffset EndedAt = new(2026, 5, 6, 17, 30, 0, TimeSpan.Zero);

    private static readonly WorkshopState Ended = new()
    {
        Id = Guid.NewGuid(),
        Status = WorkshopStatus.Ended,
        EndedAt = EndedAt,
    };

    private static PersonalDataRetention Retention(int? days) =>
        new(Options.Create(new RetentionOptions { KeepPersonalDataFor = days is { } d ? TimeSpan.FromDays(d) : null }), TimeProvider.System);

    [Fact]
    public void Personal_data_is_due_for_erasure_the_retention_after_the_end() =>
        Assert.Equal(EndedAt.AddDays(30), Retention(30).DueAt(Ended));

    [Fact]
    public void Nothing_is_due_with_retention_off_before_the_end_or_after_an_erase()
    {
        Assert.Null(Retention(null).DueAt(Ended));
        Assert.Null(Retention(30).DueAt(Ended with { Status = WorkshopStatus.Live }));
        Assert.Null(Retention(30).DueAt(Ended with { PersonalDataErasedAt = EndedAt.AddDays(1) }));
    }
}
