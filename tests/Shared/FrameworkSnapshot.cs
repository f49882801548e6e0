using System.Text.Json;
using Workshop.Grains.Frameworks;

namespace Workshop.Tests.Shared;

/// <summary>
/// A deep, canonical text copy of a framework state, taken before a command and compared after it:
/// equal snapshots mean nothing in the state changed (record equality alone compares the immutable
/// collections by reference).
/// </summary>
internal static class FrameworkSnapshot
{
    public static string Of(FrameworkState state) => JsonSerializer.Serialize(new
    {
        state.Id,
        Titles = Sorted(state.Titles),
        Descriptions = Sorted(state.Descriptions),
        state.Languages,
        state.Source,
        Versions = state.Versions.Select(v => new
        {
            v.Number,
            v.Status,
            v.CreatedAt,
            v.PublishedAt,
            v.Author,
            Items = v.Items.Select(i => new
            {
                i.Id,
                i.ParentId,
                i.Kind,
                i.Code,
                Labels = Sorted(i.Labels),
                Descriptions = Sorted(i.Descriptions),
                i.Order,
            }),
        }),
    });

    private static IEnumerable<KeyValuePair<string, string>> Sorted(IReadOnlyDictionary<string, string> texts) =>
        texts.OrderBy(t => t.Key, StringComparer.Ordinal);
}
