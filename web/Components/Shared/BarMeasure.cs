namespace Workshop.Web.Components.Shared;

/// <summary>One bar: its length as a share of the longest possible, and the figure written beside it.</summary>
public sealed record BarMeasure(double Share, string Value);
