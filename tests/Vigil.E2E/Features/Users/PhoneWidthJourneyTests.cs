using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>The pages each role works on, at a phone's width (390 px), scroll only up and down: a wide table scrolls
/// within itself, never the whole page sideways (round 29 walk-through: the case page was 430 px too wide with its
/// actions, the family file 143 px, the linkage queue 154 px, the comparison 41 px).</summary>
[Collection(E2ECollection.Name)]
public sealed class PhoneWidthJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task CasePage_WithActionsPeopleAndExhibits_FitsAPhone()
    {
        var page = await app.SignInAsync("investigator", width: 390);
        // The demo story's case with a note, a bottle, a finder and the man last seen: opened from My work.
        await page.Locator("table.my-actions a").First.ClickAsync();
        // On a phone the case page's sections start closed unless something in them needs attention (ADR 0657): open
        // the actions as a link to them would, so their wide table is on screen to be measured.
        await page.EvaluateAsync("() => { location.hash = 'actions'; }");
        await Assertions.Expect(page.Locator("table.actions")).ToBeVisibleAsync();
        await PageChecks.FitsAsync(page, "case page");
        await E2EFixture.ScreenshotAsync(page, "phone/case-page-390");
    }

    [Fact]
    public async Task FamilyFile_FitsAPhone()
    {
        var page = await app.SignInAsync("flo", width: 390);
        await page.Locator("table.liaison a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Family liaison");
        await PageChecks.FitsAsync(page, "family file");
        await E2EFixture.ScreenshotAsync(page, "phone/family-file-390");
    }

    [Fact]
    public async Task LinkageQueueAndComparison_FitAPhone()
    {
        var page = await app.SignInAsync("analyst", width: 390);
        await Assertions.Expect(page.Locator("table.queue")).ToBeVisibleAsync();
        await PageChecks.FitsAsync(page, "linkage queue");
        await page.GotoAsync((await page.Locator("table.queue a[href^='/linkage/candidates/']").First.GetAttributeAsync("href"))!);
        await Assertions.Expect(page.Locator("table.explanation")).ToBeVisibleAsync();
        await PageChecks.FitsAsync(page, "comparison");
        await E2EFixture.ScreenshotAsync(page, "phone/comparison-390");
    }
}
