using System.Text.Json;
using Microsoft.Playwright;

namespace Vigil.E2E.Infrastructure;

/// <summary>What every page a journey visits is held to: axe-core (served by the app from the npm package) finds no
/// serious or critical violation, and the page is captured at phone (390 px) and desktop (1280 px) widths for a
/// person to look at (when VIGIL_SCREENSHOTS is set).</summary>
public static class PageChecks
{
    public static async Task AccessibleAsync(IPage page, string name)
    {
        await page.AddScriptTagAsync(new() { Url = "/lib/axe-core/axe.min.js" });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run({ runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        Assert.True(violations.GetArrayLength() == 0, $"{name}: {violations}");
    }

    /// <summary>Accessible, then captured at both widths; the viewport is left at <paramref name="endWidth"/>.</summary>
    public static async Task CheckAsync(IPage page, string name, int endWidth = 1280)
    {
        await AccessibleAsync(page, name);
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await E2EFixture.ScreenshotAsync(page, $"{name}-{width}");
        }
        await page.SetViewportSizeAsync(endWidth, 900);
    }

    /// <summary>Nothing on the page is wider than the viewport (no sideways scrolling on a phone).</summary>
    public static async Task FitsAsync(IPage page, string name)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name} is {overflow}px wider than the screen");
    }
}

/// <summary>Every error the browser writes to a page's console while it is watched (a CSP refusal, a failed load, a
/// script error), with what the page's own scripts throw.</summary>
public sealed class ConsoleErrors
{
    private readonly List<string> seen = [];

    private ConsoleErrors(IPage page)
    {
        page.Console += (_, message) => { if (message.Type == "error") lock (seen) seen.Add($"{page.Url}: {message.Text}"); };
        page.PageError += (_, error) => { lock (seen) seen.Add($"{page.Url}: {error}"); };
    }

    public static ConsoleErrors Watch(IPage page) => new(page);

    public IReadOnlyList<string> All { get { lock (seen) return [.. seen]; } }
}
