using MudBlazor;

namespace Workshop.Web.Components.Layout;

public static class WorkshopTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5c99",
            Secondary = "#d9692b",
            AppbarBackground = "#1f5c99",
            Background = "#f6f7f9",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
