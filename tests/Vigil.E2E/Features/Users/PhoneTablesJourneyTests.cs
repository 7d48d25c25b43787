using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>walk33 left: axe at a phone's width ran only on the family file, where it found tables that scrolled
/// sideways within themselves and that no keyboard could reach (<c>scrollable-region-focusable</c>). The main pages of
/// every role, at 390 × 844, every collapsible section open: axe finds no serious or critical violation, the page
/// itself never scrolls sideways, and no table does either (one holding a link passes axe, yet its last columns are
/// still off screen): each is a card per row (<c>table.stack</c>). Screenshots under VIGIL_SCREENSHOTS/phone-tables/.</summary>
[Collection(E2ECollection.Name)]
public sealed class PhoneTablesJourneyTests(E2EFixture app)
{
    // A death of the demo's hidden series with a note, a bottle, a finder, the man last seen, a linked series and a
    // family: the case page with the most tables.
    private const string StoryCase = "/cases?q=Rhys+Albright";

    public static TheoryData<string, string> Pages => new()
    {
        { "investigator", "my work" },
        { "investigator", "case list" },
        { "investigator", "case page" },
        { "investigator", "enquiry" },
        { "investigator", "person" },
        { "analyst", "linkage queue" },
        { "analyst", "pair" },
        { "analyst", "series" },
        { "analyst", "clusters" },
        { "flo", "liaison list" },
        { "flo", "family file" },
        { "supervisor", "supervision" },
        { "supervisor", "supervision list" },
        { "reviewer", "review register" },
        { "reviewer", "case audit" },
        { "reviewer", "as known" },
        { "reviewer", "missed" },
        { "reviewer", "series missed" },
        { "admin", "users" },
        { "admin", "user" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPage_OnAPhone_HasNoSidewaysScrollingTheKeyboardCannotReach(string user, string name)
    {
        var page = await app.SignInAsync(user, width: 390);
        await page.SetViewportSizeAsync(390, 844);
        await OpenAsync(page, name);
        // Every section of a long page open (its "Open all" button), so its tables are laid out and measured.
        await page.EvaluateAsync("() => document.querySelector('button[data-sections=open]')?.click()");
        await E2EFixture.ScreenshotAsync(page, $"phone-tables/{user}-{name.Replace(' ', '-')}-390");
        await PageChecks.FitsAsync(page, name);
        await NoTableScrollsSidewaysAsync(page, name);
        await PageChecks.AccessibleAsync(page, $"{name} at 390 px");
    }

    private static async Task NoTableScrollsSidewaysAsync(IPage page, string name)
    {
        var sideways = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main table')].filter(t => t.offsetParent && t.scrollWidth > t.clientWidth + 1)" +
            ".map(t => `${t.className || 'table'} in #${t.closest('section')?.id ?? '?'}: ${t.scrollWidth - t.clientWidth} px`)");
        Assert.True(sideways.Length == 0, $"{name}: tables scroll sideways: {string.Join("; ", sideways)}");
    }

    [Fact]
    public async Task FamilyPortal_OnAPhone_HasNoSidewaysScrollingTheKeyboardCannotReach()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var flo = await app.SignInAsync("flo");
        await flo.GotoAsync(StoryCase);
        await FollowAsync(flo, "table.cases tbody tr a");
        await flo.GotoAsync(flo.Url.Split('#')[0] + "/family");
        await flo.Locator("summary", new() { HasText = "Add a family member" }).ClickAsync();
        await flo.GetByLabel("Name", new() { Exact = true }).FillAsync("Sam Example-Cousin " + marker);
        await flo.GetByLabel("Relationship").FillAsync("cousin");
        await flo.GetByRole(AriaRole.Button, new() { Name = "Add family member" }).ClickAsync();
        await flo.GetByLabel("What", new() { Exact = true }).FillAsync("The post-mortem examination has taken place " + marker);
        await flo.GetByRole(AriaRole.Button, new() { Name = "Record disclosure" }).ClickAsync();
        await flo.GetByRole(AriaRole.Button, new() { Name = $"Invite Sam Example-Cousin {marker} to the portal" }).ClickAsync();
        var link = await flo.Locator("#invitation-link").InnerTextAsync();

        var context = await app.Browser.Instance.NewContextAsync(new() { BaseURL = app.Server.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 } });
        var family = await context.NewPageAsync();
        await family.GotoAsync(link);
        await family.GetByLabel("Choose a user name").FillAsync("sam" + marker);
        await family.GetByLabel("Choose a password").FillAsync("we would like to know more");
        await family.GetByLabel("Type the password again").FillAsync("we would like to know more");
        await family.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Assertions.Expect(family.Locator("h1")).ToHaveTextAsync("Updates about the case");
        await Assertions.Expect(family.GetByText("The post-mortem examination has taken place " + marker)).ToBeVisibleAsync();
        await E2EFixture.ScreenshotAsync(family, "phone-tables/family-portal-390");
        await PageChecks.FitsAsync(family, "family portal");
        await NoTableScrollsSidewaysAsync(family, "family portal");
        await PageChecks.AccessibleAsync(family, "family portal at 390 px");
    }

    private static async Task OpenAsync(IPage page, string name)
    {
        switch (name)
        {
            case "my work": await page.GotoAsync("/enquiries/my-work"); break;
            case "case list": await page.GotoAsync("/cases"); break;
            case "case page": await StoryCaseAsync(page); break;
            case "enquiry": await StoryCaseAsync(page); await page.GotoAsync(page.Url.Split('#')[0] + "/enquiry"); break;
            case "person": await StoryCaseAsync(page); await FollowAsync(page, "a[href^='/people/']"); break;
            case "linkage queue": await page.GotoAsync("/linkage"); break;
            case "pair": await page.GotoAsync("/linkage"); await FollowAsync(page, "table.queue a[href^='/linkage/candidates/']"); break;
            case "series": await StoryCaseAsync(page); await FollowAsync(page, "a[href^='/series/']"); break;
            case "clusters": await page.GotoAsync("/linkage/clusters"); break;
            case "liaison list": await page.GotoAsync("/liaison"); break;
            case "family file": await page.GotoAsync("/liaison"); await FollowAsync(page, "table.liaison a"); break;
            case "supervision": await page.GotoAsync("/enquiries/supervision"); break;
            case "supervision list": await page.GotoAsync("/enquiries/supervision"); await FollowAsync(page, "a[href^='/enquiries/lists/']"); break;
            case "review register": await FindingAsync(page); await page.GotoAsync("/reviews"); break;
            case "case audit": await StoryCaseAsync(page); await page.GotoAsync(page.Url.Split('#')[0] + "/audit"); break;
            case "as known": await StoryCaseAsync(page); await page.GotoAsync(page.Url.Split('#')[0] + "/as-known"); break;
            case "missed": await StoryCaseAsync(page); await page.GotoAsync(page.Url.Split('#')[0] + "/missed"); break;
            case "series missed": await StoryCaseAsync(page); await FollowAsync(page, "a[href^='/series/'][href$='/missed']"); break;
            case "users": await page.GotoAsync("/admin/users"); break;
            case "user": await page.GotoAsync("/admin/users"); await FollowAsync(page, "table.users a[href^='/admin/users/']"); break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "no such page in this test");
        }
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
    }

    /// <summary>A finding in the register, so its table is on the page whichever test ran first.</summary>
    private static async Task FindingAsync(IPage page)
    {
        await page.GotoAsync(StoryCase);
        var reference = (await page.Locator("table.cases tbody tr a").First.InnerTextAsync()).Trim();
        await page.GotoAsync("/reviews/new");
        await page.GetByLabel("Case or linked series reference").FillAsync(reference);
        await page.GetByLabel("Severity").SelectOptionAsync("medium");
        await page.GetByLabel("Title").FillAsync("Exhibits listed without where each was kept");
        await page.GetByLabel("Finding").FillAsync("The bottle's movements were not recorded.");
        await page.GetByLabel("Recommendation").FillAsync("Record every movement of an exhibit.");
        await page.GetByLabel("Evidence", new() { Exact = false }).FillAsync("#1 the first entry of the log");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record finding" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("RF-");
    }

    private static async Task StoryCaseAsync(IPage page)
    {
        await page.GotoAsync(StoryCase);
        await FollowAsync(page, "table.cases tbody tr a");
    }

    private static async Task FollowAsync(IPage page, string selector) =>
        await page.GotoAsync((await page.Locator(selector).First.GetAttributeAsync("href"))!);
}
