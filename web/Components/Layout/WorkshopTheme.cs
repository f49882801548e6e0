using MudBlazor;

namespace Workshop.Web.Components.Layout;

public static class WorkshopTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5c99",
            // Darker than MudBlazor's defaults: text in these colours on white (and white on them) reaches 4.5:1 (WCAG 1.4.3).
            Secondary = "#a84a14",
            Success = "#1b7a3a",
            Error = "#b3261e",
            Warning = "#9a5b00",
            Info = "#1565c0",
            AppbarBackground = "#1f5c99",
            Background = "#f6f7f9",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
