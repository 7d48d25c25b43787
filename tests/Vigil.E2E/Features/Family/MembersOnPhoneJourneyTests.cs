using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Family;

/// <summary>walk31 left: on a phone the family file's members table had tall, mostly empty rows, and "Invite … to the
/// portal" sat in its last column, off screen to the right of a table that scrolled sideways within itself. Each member
/// is now a card at 390 px, with the invitation in view.</summary>
[Collection(E2ECollection.Name)]
public sealed class MembersOnPhoneJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task FamilyFileMembers_OnAPhone_AreCards_WithTheInvitationInView()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var flo = await app.SignInAsync("flo", width: 390);
        await flo.Locator("table.liaison a").First.ClickAsync();
        await Assertions.Expect(flo.Locator("h1")).ToContainTextAsync("Family liaison");
        await flo.Locator("summary", new() { HasText = "Add a family member" }).ClickAsync();
        await flo.GetByLabel("Name", new() { Exact = true }).FillAsync("Alex Example-Member " + marker);
        await flo.GetByLabel("Relationship").FillAsync("brother");
        await flo.GetByRole(AriaRole.Button, new() { Name = "Add family member" }).ClickAsync();

        var invite = flo.GetByRole(AriaRole.Button, new() { Name = $"Invite Alex Example-Member {marker} to the portal" });
        await Assertions.Expect(invite).ToBeVisibleAsync();
        await invite.ScrollIntoViewIfNeededAsync();
        await E2EFixture.ScreenshotAsync(flo, "phone/family-members-390");
        var box = (await invite.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the invite button spans {box.X:0}–{box.X + box.Width:0} px of a 390 px screen");
        var table = flo.Locator("#members table");
        var sideways = await table.EvaluateAsync<int>("t => t.scrollWidth - t.clientWidth");
        Assert.True(sideways <= 0, $"the members table scrolls {sideways} px sideways");
        await PageChecks.FitsAsync(flo, "family file");
        await PageChecks.AccessibleAsync(flo, "family/members-390");
    }
}
