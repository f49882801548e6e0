using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Accessibility;

/// <summary>What the accessibility tests check on a page: axe-core's WCAG 2.1 A/AA rules, the keyboard's path and the visible focus.</summary>
public static class AccessibilityChecks
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>
    /// Screenshots the page as it is (the whole page; with <paramref name="within"/>, e.g. an open dialog, what the window shows),
    /// runs axe-core on it (or only on <paramref name="within"/>) and returns its serious and critical violations, each naming the view, the rule and the elements.
    /// </summary>
    public static async Task<IEnumerable<string>> SeriousViolations(IPage page, string view, ILocator? within = null)
    {
        if (within is null) await Chromium.Screenshot(page, $"a11y-{view}");
        else await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"a11y-{view}.png") });
        var result = within is null ? await page.RunAxe(Wcag21AA) : await within.RunAxe(Wcag21AA);
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{view}: {v.Id} ({v.Impact}): {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target}: {n.Html}")));
    }

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has the focus; fails after 80 presses.</summary>
    public static async Task TabTo(IPage page, ILocator target, bool backwards = false)
    {
        await target.WaitForAsync();
        for (var press = 0; press < 80; press++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
        }
        Assert.Fail($"{target} was not reached with {(backwards ? "Shift+Tab" : "Tab")}; the focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200)")}");
    }

    /// <summary>The focused control draws a visible outline of at least 2 px (its :focus-visible style) in a colour other than transparent.</summary>
    public static async Task AssertFocusShows(ILocator control)
    {
        var style = await control.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [String(e === document.activeElement), s.outlineStyle, s.outlineWidth, s.outlineColor, document.activeElement?.outerHTML.slice(0, 200) ?? ''] ; }");
        Assert.True(style[0] == "true", $"{control} has not the focus; {style[4]} has");
        Assert.NotEqual("none", style[1]);
        Assert.NotEqual("rgba(0, 0, 0, 0)", style[3]);
        Assert.True(double.Parse(style[2].Replace("px", ""), CultureInfo.InvariantCulture) >= 2, $"outline {style[1]} {style[2]} on {control}");
    }
}
