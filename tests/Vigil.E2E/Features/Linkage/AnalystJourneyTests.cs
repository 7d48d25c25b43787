using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Linkage;

/// <summary>The analyst's main journey on the demo data: the queue shows the hidden Barking series (the same
/// dog walker found two of the young men), the comparison explains why, and a confirmation forms a linked series.</summary>
[Collection(E2ECollection.Name)]
public sealed class AnalystJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Analyst_FindsTheBarkingSeriesInTheQueue_ComparesTheDeaths_AndConfirmsTheLink()
    {
        var page = await app.SignInAsync("analyst");
        await page.GetByRole(AriaRole.Link, new() { Name = "Linkage", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Possible links");
        // "Mateo Lindqvist, " — the investigator journey records a "Mateo Lindqvist<suffix>" found by the same walker.
        var row = page.Locator("table.queue tbody tr", new() { HasText = "Rhys Albright" }).Filter(new() { HasText = "Mateo Lindqvist, " });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await E2EFixture.ScreenshotAsync(page, "analyst-queue");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Compare");
        await Assertions.Expect(page.Locator(".shared-people")).ToContainTextAsync("Marjorie Quill");
        await Assertions.Expect(page.Locator("table.explanation")).ToContainTextAsync("same");
        await Assertions.Expect(page.Locator("#compare-map.leaflet-container")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#compare-map .leaflet-interactive")).ToHaveCountAsync(3); // two markers and the line between
        await E2EFixture.ScreenshotAsync(page, "analyst-compare");
        Assert.Empty(await SeriousAccessibilityViolationsAsync(page));

        await page.GetByLabel("Confirm the link").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("reason");
        await page.GetByLabel("Confirm the link").CheckAsync();
        await page.GetByLabel("Reason").FillAsync("Same dog walker found both at the same churchyard wall three weeks apart; both GHB.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/linkage", StringComparison.Ordinal));

        await page.GotoAsync("/linkage?status=confirmed");
        var confirmed = page.Locator("table.queue tbody tr", new() { HasText = "Rhys Albright" }).Filter(new() { HasText = "Mateo Lindqvist, " });
        await Assertions.Expect(confirmed).ToHaveCountAsync(1);
        await confirmed.GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator(".death h2 a").First.ClickAsync();
        await Assertions.Expect(page.Locator(".linkage-panel")).ToContainTextAsync("In linked series LS-");
        await E2EFixture.ScreenshotAsync(page, "case-linked-series");
    }

    /// <summary>axe-core (served locally) on the current page: serious and critical WCAG violations, by rule id.</summary>
    private static async Task<string[]> SeriousAccessibilityViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Url = "/lib/axe-core/axe.min.js" });
        return await page.EvaluateAsync<string[]>(
            "async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
    }
}
