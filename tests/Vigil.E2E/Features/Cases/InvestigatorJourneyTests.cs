using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Cases;

[Collection(E2ECollection.Name)]
public sealed class InvestigatorJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Investigator_RecordsADeath_FindsItInTheList_AndSeesItsAuditEntry()
    {
        var page = await app.SignInAsync("investigator");
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        var surname = "Lindqvist" + Guid.NewGuid().ToString("N")[..5];
        await page.GetByLabel("Deceased's name").FillAsync($"Gabriel {surname}");
        await page.GetByLabel("Sex", new() { Exact = true }).SelectOptionAsync("male");
        await page.GetByLabel("Age", new() { Exact = true }).FillAsync("22");
        await page.GetByLabel("Found at", new() { Exact = false }).First.FillAsync("2014-09-20T07:15");
        await page.GetByLabel("Latitude", new() { Exact = true }).FillAsync("51.5362");
        await page.GetByLabel("Longitude", new() { Exact = true }).FillAsync("0.0765");
        await page.GetByLabel("Setting", new() { Exact = true }).SelectOptionAsync("churchyard");
        await page.GetByLabel("Area", new() { Exact = true }).FillAsync("Barking and Dagenham");
        await page.GetByLabel("Person 1: role").SelectOptionAsync("finder");
        await page.Locator("#person-name-0").FillAsync("Marjorie Quill");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(surname);
        await Assertions.Expect(page.Locator(".badge").First).ToContainTextAsync("under investigation");
        await E2EFixture.ScreenshotAsync(page, "investigator-case");

        await page.GetByRole(AriaRole.Link, new() { Name = "Cases", Exact = true }).ClickAsync();
        await page.GetByLabel("Name or reference").FillAsync(surname);
        await page.GetByRole(AriaRole.Search, new() { Name = "Filter cases" }).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var row = page.Locator("table.cases tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await E2EFixture.ScreenshotAsync(page, "investigator-list");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        var audit = page.Locator("table.audit tbody tr", new() { HasText = "create DeathCase" });
        await Assertions.Expect(audit).ToHaveCountAsync(1);
        await Assertions.Expect(audit).ToContainTextAsync("investigator");

        // Recording the same death again (a re-run of the form) is caught before anything is saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        await page.GetByLabel("Deceased's name").FillAsync($"Gabriel {surname}");
        await page.GetByLabel("Found at", new() { Exact = false }).First.FillAsync("2014-09-20T09:00");
        await page.GetByLabel("Latitude", new() { Exact = true }).FillAsync("51.5362");
        await page.GetByLabel("Longitude", new() { Exact = true }).FillAsync("0.0765");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        var warning = page.Locator("section.duplicates");
        await Assertions.Expect(warning).ToContainTextAsync("This death may already be recorded");
        await Assertions.Expect(warning.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await E2EFixture.ScreenshotAsync(page, "investigator-duplicate-warning");
    }
}
