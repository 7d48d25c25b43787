using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Linkage;

/// <summary>The analyst's main journey on the demo data. The demo story confirmed the hidden Barking series after its
/// fourth death (the third and fourth deaths); its first two deaths are still proposed to it, so the queue shows the
/// series as ONE item, its reasons in words. The series page shows the deaths in order and what they share, and the
/// analyst decides a proposed member with a reason.</summary>
[Collection(E2ECollection.Name)]
public sealed class AnalystJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Analyst_FindsTheBarkingSeriesInTheQueue_OpensIt_AndConfirmsAProposedMember()
    {
        var page = await app.SignInAsync("analyst");
        await page.GetByRole(AriaRole.Link, new() { Name = "Linkage", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Possible links");
        var row = page.Locator("table.queue tbody tr", new() { HasText = "Victor Hale" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("confirmed series: 2 confirmed, 2 proposed");
        // Reasons are a list, one per signal, not one paragraph.
        await Assertions.Expect(row.Locator("ul.reasons li").First).ToContainTextAsync("Victor Hale");
        await E2EFixture.ScreenshotAsync(page, "analyst-queue");

        // The item opens the two deaths its reasons are the evidence of, side by side (walk61 finding 10, ADR 3329); the
        // series is a click on from there, where the proposal is decided.
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Compare VGL-");
        await Assertions.Expect(page.Locator("table.explanation")).ToBeVisibleAsync();
        await E2EFixture.ScreenshotAsync(page, "analyst-series-pair");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Confirm or reject VGL-") }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Series LS-");
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("confirmed");
        var members = page.Locator("#members");
        await Assertions.Expect(members.Locator("li.member-confirmed")).ToHaveCountAsync(2);
        await Assertions.Expect(members.Locator("li.member-proposed")).ToHaveCountAsync(2);
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
        await Assertions.Expect(page.Locator("#members [data-flash=members]")).ToContainTextAsync("confirmed"); // the flash, ADR 3236
        await Assertions.Expect(members.Locator("li.member-confirmed")).ToHaveCountAsync(3);
        await Assertions.Expect(members.Locator("li.member-proposed")).ToHaveCountAsync(1);
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
