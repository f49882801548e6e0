using System.Globalization;

namespace Workshop.Grains.Workshops.Retention;

/// <summary>How long a workshop keeps its participants' names and segment answers after it ends.</summary>
public sealed class RetentionOptions
{
    public const string Setting = "Workshop:RetentionDays";

    /// <summary>Null: kept until a facilitator erases them (the default).</summary>
    public TimeSpan? KeepPersonalDataFor { get; set; }

    /// <summary>How soon a due erase that did not happen (a silo was down, a write failed) is tried again.</summary>
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromHours(1);

    public const int MaxDays = 36_500;

    /// <summary>The <see cref="Setting"/>'s value: empty for off, else a whole number of days from 1 to <see cref="MaxDays"/>.</summary>
    public static TimeSpan? Parse(string? days)
    {
        if (string.IsNullOrWhiteSpace(days)) return null;
        if (int.TryParse(days.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxDays)
            return TimeSpan.FromDays(count);
        throw new InvalidOperationException(
            $"{Setting} must be a whole number of days from 1 to {MaxDays} (or empty to keep personal data until a facilitator erases it), not '{days}'.");
    }
}
