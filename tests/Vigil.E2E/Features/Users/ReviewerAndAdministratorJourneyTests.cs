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
        await page.GetByRole(AriaRole.Search, new() { Name = "Filter cases" }).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.Locator("table.cases tbody tr a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h2#audit-h")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit case" })).ToHaveCountAsync(0);
        // The reviewer's own view of the case is itself on the record.
        await Assertions.Expect(page.Locator("table.audit tbody tr", new() { HasText = "viewed the case record" }).First).ToContainTextAsync("reviewer");
        var edit = await page.GotoAsync(page.Url + "/edit");
        Assert.NotEqual(200, edit!.Status);
        await E2EFixture.ScreenshotAsync(page, "reviewer-edit-refused");
    }

    [Fact]
    public async Task Administrator_LandsOnUsers_CreatesAUser_KeepsInputWhenRefused_AndDisablesWithConfirmation()
    {
        var page = await app.SignInAsync("admin");
        Assert.EndsWith("/admin/users", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("tr", new() { HasText = "investigator" }).First).ToContainTextAsync("active");
        await PageChecks.CheckAsync(page, "users/admin-users");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create a user" }).ClickAsync();
        var login = "e2e." + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("User name").FillAsync(login);
        await page.GetByLabel("Full name").FillAsync("DC Imogen Reyes");
        await page.GetByLabel("A new team (optional)").FillAsync("South Area MIT");
        await page.GetByLabel("First password").FillAsync("a long first password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        // Refused (no role chosen): the summary has focus, the message is beside the roles, and nothing typed is lost.
        var summary = page.Locator("[data-error-summary]");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Choose at least one role");
        await Assertions.Expect(page.GetByLabel("User name")).ToHaveValueAsync(login);
        await Assertions.Expect(page.GetByLabel("Full name")).ToHaveValueAsync("DC Imogen Reyes");
        await PageChecks.CheckAsync(page, "users/create-refused");
        await page.GetByLabel("Investigator", new() { Exact = false }).First.CheckAsync();
        await page.GetByLabel("First password").FillAsync("a long first password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-flash]")).ToContainTextAsync($"{login} created");

        await page.GetByRole(AriaRole.Link, new() { Name = login, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("DC Imogen Reyes");
        await PageChecks.CheckAsync(page, "users/manage");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Disable {login}…" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Disable {login}?");
        await PageChecks.AccessibleAsync(page, "users/disable");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Yes, disable {login}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#account [data-flash]")).ToContainTextAsync($"{login} is disabled");

        // Administrators manage accounts and never read cases (ADR 0006): no case list in the menu, none by address.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cases", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/cases");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("You do not have access");
    }
}
