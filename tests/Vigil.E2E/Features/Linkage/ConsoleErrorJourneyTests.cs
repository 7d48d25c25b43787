using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Linkage;

/// <summary>Round 29's walk-through saw a CSP console error on every visit to the comparison, the series page and the
/// review register's new finding: Razor's validation summary rendered a hidden item with an inline style, which the
/// CSP (no unsafe-inline) refuses. These pages now write nothing to the console.</summary>
[Collection(E2ECollection.Name)]
public sealed class ConsoleErrorJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task ComparisonSeriesAndNewFinding_WriteNoConsoleError()
    {
        var analyst = await app.SignInAsync("analyst");
        var errors = ConsoleErrors.Watch(analyst);
        await analyst.GotoAsync("/linkage");
        await Assertions.Expect(analyst.Locator("table.queue")).ToBeVisibleAsync();
        var series = (await analyst.Locator("table.queue td[data-label='Linked to'] a[href^='/series/']").First.GetAttributeAsync("href"))!;
        var comparison = (await analyst.Locator("table.queue a[href^='/linkage/candidates/']").First.GetAttributeAsync("href"))!;
        await analyst.GotoAsync(comparison);
        await Assertions.Expect(analyst.Locator("table.explanation")).ToBeVisibleAsync();
        await analyst.GotoAsync(series);
        await Assertions.Expect(analyst.Locator("#members")).ToBeVisibleAsync();

        var reviewer = await app.SignInAsync("reviewer");
        var reviewerErrors = ConsoleErrors.Watch(reviewer);
        await reviewer.GotoAsync("/reviews/new");
        await Assertions.Expect(reviewer.Locator("h1")).ToHaveTextAsync("Record a finding");
        // A refused finding shows the page's own error summary, still without a console error.
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Record finding" }).ClickAsync();
        await Assertions.Expect(reviewer.Locator("[data-error-summary]")).ToBeVisibleAsync();
        await E2EFixture.ScreenshotAsync(reviewer, "reviewer/new-finding-refused");

        Assert.Empty(errors.All.Concat(reviewerErrors.All));
    }

    /// <summary>Round 31 (walk31): the libraries drawing the timeline (vis-timeline's standalone build: 28 refused
    /// <c>&lt;style&gt;</c> elements a visit) and the link chart (Cytoscape.js: one) injected styles the CSP refuses. Each
    /// page of the workspace that draws with a library writes nothing to the console, and still draws.</summary>
    [Fact]
    public async Task TimelineChartAndMapPages_DrawAndWriteNoConsoleError()
    {
        var analyst = await app.SignInAsync("analyst");
        var errors = ConsoleErrors.Watch(analyst);
        await analyst.GotoAsync("/linkage");
        await Assertions.Expect(analyst.Locator("table.queue")).ToBeVisibleAsync();
        var series = (await analyst.Locator("table.queue td[data-label='Linked to'] a[href^='/series/']").First.GetAttributeAsync("href"))!["/series/".Length..];
        await analyst.GotoAsync($"/series/{series}");
        var death = (await analyst.Locator("#members a[href^='/cases/']").First.GetAttributeAsync("href"))!["/cases/".Length..];

        foreach (var subject in new[] { $"case={death}", $"series={series}" })
        {
            await analyst.GotoAsync($"/timeline?{subject}");
            await Assertions.Expect(analyst.Locator("#visual-timeline[data-loaded]")).ToHaveCountAsync(1);
            await Assertions.Expect(analyst.Locator("#visual-timeline .vis-item.vis-point").First).ToBeVisibleAsync();
            // Drawn with the library's own stylesheet: the axis is laid out (vis-timeline's CSS positions it absolutely).
            Assert.Equal("absolute", await analyst.Locator("#visual-timeline .vis-panel.vis-center").EvaluateAsync<string>("e => getComputedStyle(e).position"));

            await analyst.GotoAsync($"/chart?{subject}");
            await Assertions.Expect(analyst.Locator("#link-chart[data-loaded]")).ToHaveCountAsync(1);
            await Assertions.Expect(analyst.Locator("#link-chart canvas").First).ToBeVisibleAsync();
            Assert.Equal("relative", await analyst.Locator("#link-chart").EvaluateAsync<string>("e => getComputedStyle(e).position"));
        }

        await analyst.GotoAsync("/map");
        await Assertions.Expect(analyst.Locator("#map-status")).ToContainTextAsync(" drawn");
        await analyst.GotoAsync("/");
        await Assertions.Expect(analyst.Locator("h1")).ToBeVisibleAsync();

        Assert.Empty(errors.All);
    }
}
