using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Linkage;

/// <summary>The analyst's main journey on the demo data: the queue shows the hidden Barking series as ONE item (the
/// engine proposes a candidate series because the man last seen with the young men recurs), its reasons in words; the
/// series page shows the deaths in order and what they share, and the analyst confirms a member with a reason.</summary>
[Collection(E2ECollection.Name)]
public sealed class AnalystJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Analyst_FindsTheBarkingSeriesInTheQueue_OpensIt_AndConfirmsAMember()
    {
        var page = await app.SignInAsync("analyst");
        await page.GetByRole(AriaRole.Link, new() { Name = "Linkage", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Possible links");
        var row = page.Locator("table.queue tbody tr", new() { HasText = "Victor Hale" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("is now in");
        // Reasons are a list, one per signal, not one paragraph.
        await Assertions.Expect(row.Locator("ul.reasons li").First).ToContainTextAsync("is now in");
        await E2EFixture.ScreenshotAsync(page, "analyst-queue");

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Series LS-");
        var members = page.Locator("#members");
        await Assertions.Expect(members).ToContainTextAsync("Rhys Albright");
        await Assertions.Expect(members).ToContainTextAsync("Tobias Fenwick");
        await Assertions.Expect(page.Locator("table.shared")).ToContainTextAsync("Victor Hale");
        await E2EFixture.ScreenshotAsync(page, "analyst-series");
        Assert.Empty(await SeriousAccessibilityViolationsAsync(page));

        // A decision needs a reason; the refusal keeps the analyst on the page.
        var form = page.Locator("form.member-decision").First;
        await form.Locator("input[type=radio][value=confirm]").CheckAsync();
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("reason", new() { IgnoreCase = true });
        form = page.Locator("form.member-decision").First;
        await form.Locator("input[type=radio][value=confirm]").CheckAsync();
        await form.Locator("textarea").FillAsync("The same man was last seen with each of them; GHB in each; found near the same churchyard.");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("p.success")).ToContainTextAsync("confirmed");
        await E2EFixture.ScreenshotAsync(page, "analyst-series-confirmed");
    }

    /// <summary>axe-core (served locally) on the current page: serious and critical WCAG violations, by rule id.</summary>
    private static async Task<string[]> SeriousAccessibilityViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Url = "/lib/axe-core/axe.min.js" });
        return await page.EvaluateAsync<string[]>(
            "async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
    }
}
