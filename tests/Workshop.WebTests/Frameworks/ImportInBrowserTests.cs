using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workshop.Grains.Frameworks;
using Workshop.Web.Identity;
using Workshop.WebTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workshop.WebTests.Frameworks;

/// <summary>A facilitator imports a framework from a file in the browser; a bad file is refused with its reason.</summary>
public sealed class ImportInBrowserTests(Chromium chromium) : BrowserTest(chromium, "owner@example.org")
{
    [Fact]
    public async Task A_CASE_package_uploaded_on_the_frameworks_page_becomes_a_new_framework_and_a_broken_file_imports_nothing()
    {
        var casePath = Path.Combine(App.Folder, "mentor.case.json");
        await File.WriteAllBytesAsync(casePath, await App.CreateClient().GetByteArrayAsync("/api/frameworks/mentor-pl/versions/1/case"));
        var brokenPath = Path.Combine(App.Folder, "broken.json");
        await File.WriteAllTextAsync(brokenPath, "{ \"CFDocument\": ");
        var page = await Browser.NewPage("en-US");
        await SignIn(page, "owner@example.org", "/frameworks");
        // Blazor's InputFile listens for a chosen file only once its script has set the element up, just after the first render.
        await page.WaitForFunctionAsync("() => document.getElementById('import-file')?._blazorInputFileNextFileId !== undefined");

        await page.Locator("#import-file").SetInputFilesAsync(brokenPath);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.Equal(4, (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IFrameworkRegistryGrain>(0).List()).Count);

        await page.Locator("#import-file").SetInputFilesAsync(casePath);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/frameworks/[a-z0-9-]+$"));
        await Expect(page.GetByTestId("version")).ToHaveTextAsync("Version 1");
        var id = new Uri(page.Url).Segments.Last();
        Assert.NotEqual("mentor-pl", id);
        var imported = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IFrameworkGrain>(id).Get())!;
        var original = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IFrameworkGrain>("mentor-pl").Get())!;
        Assert.Equal(original.Version(1)!.Items.Select(i => i.Code).Order(), imported.Version(1)!.Items.Select(i => i.Code).Order());
    }
}
