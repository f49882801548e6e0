using Microsoft.Extensions.Localization;
using Workshop.Grains.Frameworks;

namespace Workshop.Web.Components.Shared;

public static class ItemCounts
{
    /// <summary>"Categories: 3 · Competencies: 19 · …" in the interface language, broadest kind first.</summary>
    public static string Describe(FrameworkVersion version, IStringLocalizer localizer) =>
        string.Join(" · ", version.CountsByKind().OrderBy(c => c.Key).Select(c => $"{localizer[$"Kinds.{c.Key}"]}: {c.Value}"));
}
