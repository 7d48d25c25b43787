using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>ADR 3121: a member of staff changes their own password from the page header; the new one signs in, the old
/// one no longer does. A user of its own (made by the administrator), so the demo users' passwords stay as they are.</summary>
[Collection(E2ECollection.Name)]
public sealed class PasswordChangeJourneyTests(E2EFixture app)
{
    private const string First = "first long password for e2e";
    private const string Changed = "a second and longer passphrase";

    [Fact]
    public async Task Officer_ChangesTheirPassword_SignsOut_AndOnlyTheNewOneSignsIn()
    {
        var name = "e2e-pw-" + Guid.NewGuid().ToString("N")[..6];
        var admin = await app.SignInAsync("admin");
        await admin.GotoAsync("/admin/users/new");
        await admin.GetByLabel("User name").FillAsync(name);
        await admin.GetByLabel("Full name").FillAsync("Analyst Example");
        await admin.Locator("input[name='Access.Roles'][value='analyst']").CheckAsync();
        await admin.GetByLabel("First password").FillAsync(First);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[data-flash]")).ToContainTextAsync($"{name} created");

        var page = await NewPageAsync();
        await SignInAsync(page, name, First);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Change password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("not the password at all");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(Changed);
        await page.GetByLabel("New password again").FillAsync(Changed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToContainTextAsync("Your current password is not right");
        await PageChecks.AccessibleAsync(page, "users/password-refused");

        await page.GetByLabel("Current password").FillAsync(First);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(Changed);
        await page.GetByLabel("New password again").FillAsync(Changed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-flash]")).ToContainTextAsync("Your password is changed");
        // Still signed in on this browser.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "users/password-changed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await SignInAsync(page, name, First);
        await Assertions.Expect(page.GetByText("The user name or password is not right")).ToBeVisibleAsync();
        await SignInAsync(page, name, Changed);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await app.Browser.Instance.NewContextAsync(new() { BaseURL = app.Server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
