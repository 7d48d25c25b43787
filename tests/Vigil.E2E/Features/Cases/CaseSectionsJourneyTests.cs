using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Cases;

/// <summary>Round 29's walk-through: the case page's section menu listed 5 of its 12 sections, so an investigator could
/// not jump to Actions on a 7,800 px page. Every panel is in the menu, and its heading opens and closes it (ADR 0657).</summary>
[Collection(E2ECollection.Name)]
public sealed class CaseSectionsJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Investigator_JumpsToActionsFromTheMenu_AndClosesAndOpensAPanel()
    {
        var page = await app.SignInAsync("investigator");
        await page.Locator("table.my-actions a").First.ClickAsync();
        var menu = page.Locator("nav.section-menu");
        foreach (var name in new[] { "Classification and decisions", "Actions", "Exhibit custody, laboratory tests and post-mortem results", "Case reviews", "Linked deaths", "Family liaison", "Oversight" })
            await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(1);
        await E2EFixture.ScreenshotAsync(page, "cases/case-page-sections-1280");

        await menu.GetByRole(AriaRole.Link, new() { Name = "Actions", Exact = true }).ClickAsync();
        Assert.EndsWith("#actions", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("table.actions")).ToBeInViewportAsync();

        var toggle = page.Locator("#actions-h button.section-toggle");
        await toggle.ClickAsync();
        await Assertions.Expect(page.Locator("#actions-body")).ToBeHiddenAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(page.Locator("table.actions")).ToBeVisibleAsync();
        await PageChecks.AccessibleAsync(page, "case page with its sections");

        await page.SetViewportSizeAsync(390, 900);
        await page.ReloadAsync();
        await E2EFixture.ScreenshotAsync(page, "cases/case-page-sections-390");
    }
}
