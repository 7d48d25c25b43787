using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

[Collection(E2ECollection.Name)]
public sealed class ReviewerAndAdministratorJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Reviewer_ReadsAnyTeamsCaseAndItsAuditTrail_ButCannotEditIt()
    {
        var page = await app.SignInAsync("reviewer");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "New case" })).ToHaveCountAsync(0);
        await page.GetByLabel("Area", new() { Exact = true }).FillAsync("Westminster");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.Locator("table.cases tbody tr a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h2#audit-h")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit case" })).ToHaveCountAsync(0);
        // The reviewer's own view of the case is itself on the record.
        await Assertions.Expect(page.Locator("table.audit tbody tr", new() { HasText = "view DeathCase" }).First).ToContainTextAsync("reviewer");
        var edit = await page.GotoAsync(page.Url + "/edit");
        Assert.NotEqual(200, edit!.Status);
        await E2EFixture.ScreenshotAsync(page, "reviewer-edit-refused");
    }

    [Fact]
    public async Task Administrator_ManagesUsers_ButDoesNotReadCases()
    {
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/admin/users");
        var row = page.Locator("tr", new() { HasText = "investigator" }).First;
        await Assertions.Expect(row).ToContainTextAsync("active");
        await E2EFixture.ScreenshotAsync(page, "admin-users");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cases", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/cases");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("You do not have access");
    }
}
