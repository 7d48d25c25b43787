using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Audit;

/// <summary>Round 51's walk-through, finding 14: a reviewer without a shell could not check the audit trail. Now the
/// reviewer's menu leads to a page that verifies it in the background and says what it found (ADR 3221).</summary>
[Collection(E2ECollection.Name)]
public sealed class AuditVerificationJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Reviewer_VerifiesTheAuditTrail_FromTheMenu_AndReadsIntact()
    {
        var page = await app.SignInAsync("reviewer");
        await page.GetByRole(AriaRole.Link, new() { Name = "Verify audit" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Verify the audit trail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the audit trail now" }).ClickAsync();
        // The page follows the run and shows its result when it ends (the demo's store: about two seconds).
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("Intact.", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#verification-run")).ToContainTextAsync("Run by Helen Marsh");
        await Assertions.Expect(page.Locator("#key-check")).ToContainTextAsync("passed");
        await PageChecks.CheckAsync(page, "audit/verification");
    }
}
