using System.Text.Json;
using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Family;

/// <summary>Checks run on every portal page: axe-core (served by the app from the npm package) with no serious or
/// critical violation, and screenshots at phone (390 px) and desktop (1280 px) widths for a person to check.</summary>
public static class PortalPage
{
    public static async Task CheckAsync(IPage page, string name)
    {
        await page.AddScriptTagAsync(new() { Url = "/lib/axe-core/axe.min.js" });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run({ runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        Assert.True(violations.GetArrayLength() == 0, $"{name}: {violations}");
        Checked.Add(name);
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await E2EFixture.ScreenshotAsync(page, $"family/{name}-{width}");
        }
        await page.SetViewportSizeAsync(390, 900);
    }

    public static List<string> Checked { get; } = [];
}
