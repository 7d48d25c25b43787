using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>Round 30's walk-through at a phone's size (390 × 844): a section's long heading wrapped below its ▾ marker.</summary>
[Collection(E2ECollection.Name)]
public sealed class PhoneTargetsJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task CasePage_SectionHeadings_WrapBesideTheirMarker_NotUnderIt()
    {
        var page = await app.SignInAsync("investigator", width: 390);
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("table.my-actions a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#decisions-h button.section-toggle")).ToHaveCountAsync(1);
        // Every line of each heading's text (the heading and its note) starts right of the marker's column.
        var under = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('h2 > button.section-toggle')].flatMap(b => {
            const left = b.getBoundingClientRect().left, range = document.createRange();
            range.selectNodeContents(b);
            return [...range.getClientRects()].filter(r => r.width > 0 && r.left < left + 10).map(() => b.textContent.trim());
        })");
        await E2EFixture.ScreenshotAsync(page, "phone/case-headings-390");
        Assert.True(under.Length == 0, "text under the marker in: " + string.Join(" | ", under.Distinct()));
    }
}
