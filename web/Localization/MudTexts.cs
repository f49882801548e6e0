using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Workshop.Web.Localization;

/// <summary>MudBlazor's own texts (a required field's error, its close and step buttons) from the interface texts, keyed "MudBlazor.{key}"; MudBlazor keeps its English where a key is missing.</summary>
public sealed class MudTexts(IStringLocalizer<SharedResource> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[$"MudBlazor.{key}"];
}
