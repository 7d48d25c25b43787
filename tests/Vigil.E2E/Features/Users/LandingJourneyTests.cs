using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>Each demo role signs in and lands on its own work (issue 9.4), and that page passes axe at both widths.</summary>
[Collection(E2ECollection.Name)]
public sealed class LandingJourneyTests(E2EFixture app)
{
    [Theory]
    [InlineData("investigator", "/enquiries/my-work", "My work")]
    [InlineData("supervisor", "/enquiries/supervision", "Supervision")]
    [InlineData("analyst", "/linkage", "Possible links between deaths")]
    [InlineData("flo", "/liaison", "Family liaison")]
    [InlineData("reviewer", "/cases", "Cases")]
    [InlineData("admin", "/admin/users", "Users")]
    public async Task EachRole_LandsWhereItsWorkIs(string user, string path, string heading)
    {
        var page = await app.SignInAsync(user);
        Assert.EndsWith(path, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(heading);
        await PageChecks.CheckAsync(page, $"landing/{user}");
    }

    /// <summary>Every layout names an icon that loads (round 29 walk-through: no page named one, so the browser asked for
    /// /favicon.ico and logged a 404 on every role's first page, and a signed-out request for it was sent to the sign-in page).</summary>
    [Fact]
    public async Task EveryLayout_NamesAnIconThatLoads()
    {
        var page = await app.SignInAsync("investigator");
        foreach (var path in new[] { "/enquiries/my-work", "/login", "/family/login" })
        {
            await page.GotoAsync(path);
            var icon = await page.EvaluateAsync<string?>("() => document.querySelector('link[rel~=icon]')?.href ?? null");
            Assert.True(icon is not null, $"{path} names no icon");
            var response = await page.APIRequest.GetAsync(icon);
            Assert.Equal(200, response.Status);
            Assert.StartsWith("image/", response.Headers["content-type"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownCase_ShowsAPage_NotRawJson()
    {
        var page = await app.SignInAsync("investigator");
        var response = await page.GotoAsync($"/cases/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await PageChecks.AccessibleAsync(page, "not-found");
    }
}
