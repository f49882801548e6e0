using Microsoft.Extensions.Localization;
using Workshop.Grains.Frameworks;
using Workshop.Web.Localization;

namespace Workshop.Web.Components.Shared;

public static class ItemCounts
{
    /// <summary>"Categories: 3 · Competencies: 19 · …" in the interface language (its colon too), broadest kind first.</summary>
    public static string Describe(FrameworkVersion version, IStringLocalizer localizer) =>
        string.Join(" · ", version.CountsByKind().OrderBy(c => c.Key).Select(c => localizer.Labelled($"Kinds.{c.Key}", c.Value)));
}
