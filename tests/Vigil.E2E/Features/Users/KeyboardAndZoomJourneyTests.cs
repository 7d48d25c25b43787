using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>walk63: each role's work with the keyboard alone, and at 400 % zoom (1280 px at 400 % is 320 CSS px,
/// WCAG 1.4.10). After signing in, these journeys press keys only: no click.</summary>
[Collection(E2ECollection.Name)]
public sealed class KeyboardAndZoomJourneyTests(E2EFixture app)
{
    /// <summary>An empty form's refusal takes focus and says each field in words; a user created by keyboard lands focus
    /// on the message saying so (ADR 3340), not on the page's top with the message unread.</summary>
    [Fact]
    public async Task Administrator_CreatesAUserByKeyboardAlone_AndFocusLandsOnWhatHappened()
    {
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/admin/users/new");
        await TabToAsync(page, "button.primary");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToBeFocusedAsync();
        var refusal = await page.Locator("[data-error-summary]").InnerTextAsync();
        Assert.DoesNotContain("field is required", refusal, StringComparison.Ordinal);
        Assert.Contains("Enter a user name.", refusal, StringComparison.Ordinal);

        var name = "kb." + Guid.NewGuid().ToString("N")[..6];
        await TabToAsync(page, "#UserName");
        await page.Keyboard.TypeAsync(name);
        await TabToAsync(page, "#Access_DisplayName");
        await page.Keyboard.TypeAsync("DC Kemi Okafor");
        await TabToAsync(page, "input[name='Access.Roles'][value='analyst']");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "#Password");
        await page.Keyboard.TypeAsync("a long first password 2026");
        await page.Keyboard.PressAsync("Enter");
        var flash = page.Locator("[data-flash]");
        await Assertions.Expect(flash).ToContainTextAsync($"{name} created");
        await Assertions.Expect(flash).ToBeFocusedAsync();
        await E2EFixture.ScreenshotAsync(page, "keyboard/admin-user-created");
    }

    /// <summary>A refused "Record a death": its summary takes focus and names the field; Enter on its link goes to the
    /// field without "#Form_Age" in the address, so a second refusal's summary takes focus again (ADR 3341).</summary>
    [Fact]
    public async Task Investigator_RefusedTwice_IsTakenToTheSummaryEachTime_AndFromItToTheField()
    {
        var page = await app.SignInAsync("investigator");
        await page.GotoAsync("/cases/new");
        await TabToAsync(page, "#Form_Age");
        await page.Keyboard.TypeAsync("300");
        await page.Keyboard.PressAsync("Enter");
        var summary = page.Locator("[data-error-summary]");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Age must be between 0 and 130");
        Assert.Equal(1, await TabToAsync(page, "[data-error-summary] a[href='#Form_Age']"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Form_Age")).ToBeFocusedAsync();
        Assert.DoesNotContain("#", page.Url, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.TypeAsync("301");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Form_Age")).ToHaveValueAsync("301");
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToBeFocusedAsync();
        await E2EFixture.ScreenshotAsync(page, "keyboard/new-case-refused-twice");
    }

    /// <summary>A post answered at "…/family#contacts": the browser's move to the section came after site.js had focused
    /// the refusal's summary, and took focus back to the page. The summary keeps it, as on a page without a section.</summary>
    [Fact]
    public async Task Flo_RefusedContact_OnTheFamilyFile_IsTakenToTheSummary()
    {
        var flo = await app.SignInAsync("flo");
        await flo.GotoAsync("/cases");
        var href = await flo.Locator("table.cases tbody tr a").First.GetAttributeAsync("href");
        await flo.GotoAsync(href + "/family");
        await TabToAsync(flo, "#contacts button[type=submit]", most: 250);
        await flo.Keyboard.PressAsync("Enter");
        await Assertions.Expect(flo.Locator("#contacts [data-error-summary]")).ToBeVisibleAsync();
        Assert.EndsWith("#contacts", flo.Url, StringComparison.Ordinal);
        await Assertions.Expect(flo.Locator("#contacts [data-error-summary]")).ToBeFocusedAsync();
    }

    /// <summary>At 320 px the audit's result held a 64-character chain head on one line: the page scrolled 330 px
    /// sideways. The case list's "Unexpected death – not suspicious" badge and the header's search box did too.</summary>
    [Fact]
    public async Task Reviewer_At400PercentZoom_VerifiesTheTrail_AndNoPageScrollsSideways()
    {
        var page = await app.SignInAsync("reviewer", width: 320);
        await page.GotoAsync("/audit/verification");
        await TabToAsync(page, "#verify-button");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("Intact.", new() { Timeout = 60_000 });
        // The result she asked for takes focus when it is shown, so it is read out (walk63 finding 13).
        await Assertions.Expect(page.Locator("#verdict")).ToBeFocusedAsync();
        await E2EFixture.ScreenshotAsync(page, "zoom400/audit-verification-320");
        await PageChecks.FitsAsync(page, "the audit verification at 320 px");
        await page.GotoAsync("/cases?classification=unexpected-not-suspicious");
        await E2EFixture.ScreenshotAsync(page, "zoom400/cases-320");
        await PageChecks.FitsAsync(page, "the case list at 320 px");
    }

    /// <summary>The focus ring was yellow alone: 1.6:1 on the white page, below WCAG 1.4.11's 3:1, so a keyboard user lost
    /// where she was on every light page (walk63). It is two-tone now (ADR 1658): a ring of at least 3:1 against what it
    /// stands on, both on the light page and on the blue header.</summary>
    [Fact]
    public async Task Investigator_SeesWhereFocusIs_OnTheLightPage_AndOnTheBlueHeader()
    {
        var page = await app.SignInAsync("investigator");
        await page.GotoAsync("/cases");
        await TabToAsync(page, "table.cases tbody a");
        Assert.True(await FocusContrastAsync(page) >= 3, $"the focus ring on a case list link is {await FocusContrastAsync(page):0.0}:1");
        await page.GotoAsync("/cases");
        await TabToAsync(page, ".site-header a");
        Assert.True(await FocusContrastAsync(page) >= 3, $"the focus ring in the header is {await FocusContrastAsync(page):0.0}:1");
        await E2EFixture.ScreenshotAsync(page, "keyboard/focus-in-header");
    }

    /// <summary>The best contrast any colour of the focused element's ring (its outline, its box-shadows) has against
    /// the first opaque background behind it (WCAG 2.x relative luminance).</summary>
    private static Task<double> FocusContrastAsync(IPage page) => page.EvaluateAsync<double>("""
        () => {
          const el = document.activeElement;
          const rgba = s => (s.match(/[\d.]+/g) || []).map(Number);
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                             return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
          const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((p, q) => q - p); return (hi + 0.05) / (lo + 0.05); };
          let behind = [255, 255, 255];
          for (let up = el.parentElement; up; up = up.parentElement) {
            const c = rgba(getComputedStyle(up).backgroundColor);
            if (c.length === 3 || c[3] > 0) { behind = c; break; }
          }
          const style = getComputedStyle(el);
          const ring = [];
          if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ring.push(rgba(style.outlineColor));
          for (const shadow of style.boxShadow.match(/rgba?\([^)]*\)/g) || []) ring.push(rgba(shadow));
          return Math.max(0, ...ring.map(c => ratio(c, behind)));
        }
        """);

    /// <summary>Presses Tab until the element <paramref name="selector"/> names has focus; the count, for the walk's tables.</summary>
    private static async Task<int> TabToAsync(IPage page, string selector, int most = 120)
    {
        for (var presses = 1; presses <= most; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector)) return presses;
        }
        throw new InvalidOperationException($"{selector} not reached in {most} Tabs");
    }
}
