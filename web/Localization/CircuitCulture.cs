using System.Globalization;

namespace Workshop.Web.Localization;

/// <summary>
/// The language a page's circuit started in. Blazor renders a StateHasChanged called from a grain's or a timer's thread
/// in that thread's culture (English), so an update sets the circuit's culture back before it renders.
/// </summary>
public sealed class CircuitCulture
{
    private readonly CultureInfo formats = CultureInfo.CurrentCulture;
    private readonly CultureInfo texts = CultureInfo.CurrentUICulture;

    public Action Around(Action render) => () =>
    {
        CultureInfo.CurrentCulture = formats;
        CultureInfo.CurrentUICulture = texts;
        render();
    };
}
