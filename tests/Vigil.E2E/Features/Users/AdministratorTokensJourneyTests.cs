using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>ADR 3113: an administrator finds a user's API token on the user's page and revokes it with a reason; the
/// token stops working at once and the panel says when and why.</summary>
[Collection(E2ECollection.Name)]
public sealed class AdministratorTokensJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Administrator_RevokesAnInvestigatorsToken_WithAReason_AndTheTokenStops()
    {
        var officer = await app.SignInAsync("investigator");
        var name = "e2e-laptop-" + Guid.NewGuid().ToString("N")[..6];
        var created = await officer.Context.APIRequest.PostAsync("/api/v1/tokens", new() { DataObject = new { name, days = 30 } });
        Assert.True(created.Ok, $"token not created: {created.Status}");
        var body = (await created.JsonAsync())!.Value;
        var (id, secret) = (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
        using var api = new HttpClient { BaseAddress = new Uri(app.Server.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);

        var page = await app.SignInAsync("admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "investigator", Exact = true }).ClickAsync();
        var panel = page.Locator("#tokens");
        await Assertions.Expect(panel.Locator("tr", new() { HasText = name })).ToContainTextAsync("no");
        await page.GetByLabel("Token to revoke").SelectOptionAsync(new SelectOptionValue { Value = id });
        await page.GetByLabel("Why").FillAsync("Laptop reported lost");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the token" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tokens [data-flash]")).ToContainTextAsync("The token is revoked");
        await Assertions.Expect(panel.Locator("tr", new() { HasText = name })).ToContainTextAsync("Revoked by admin: Laptop reported lost");
        await PageChecks.CheckAsync(page, "users/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
    }
}
