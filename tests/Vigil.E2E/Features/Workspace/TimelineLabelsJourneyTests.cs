using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Workspace;

/// <summary>Round 29's walk-through: the visual timeline's first view ended at the newest event, whose label (drawn to
/// the right of its point) was cut at the right edge ("r", "a") until the user zoomed out. The first view, and "Show
/// everything", leave room for every label.</summary>
[Collection(E2ECollection.Name)]
public sealed class TimelineLabelsJourneyTests(E2EFixture app)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)] // the narrower the panel, the less room the library's own margin leaves for a label
    public async Task CaseAndSeriesTimelines_ShowTheNewestLabelsWhole(int width)
    {
        var investigator = await app.SignInAsync("investigator", width);
        await investigator.Locator("table.my-actions a").First.ClickAsync();
        await investigator.GetByRole(AriaRole.Link, new() { Name = "Visual timeline" }).ClickAsync();
        await AllLabelsInViewAsync(investigator, $"case timeline at {width} px");
        await E2EFixture.ScreenshotAsync(investigator, $"workspace/timeline-case-labels-{width}");
        await ZoomOutAsync(investigator); // the zoom's animation ends before the next move starts
        await investigator.GetByRole(AriaRole.Button, new() { Name = "Show everything" }).ClickAsync();
        Assert.Equal(0, await SettledCutAsync(investigator)); // back to the same view

        var analyst = await app.SignInAsync("analyst", width);
        await analyst.GotoAsync("/linkage");
        var series = (await analyst.Locator("table.queue td[data-label='Linked to'] a[href^='/series/']").First.GetAttributeAsync("href"))!;
        await analyst.GotoAsync($"/timeline?series={series["/series/".Length..]}");
        await AllLabelsInViewAsync(analyst, $"series timeline at {width} px");
        await E2EFixture.ScreenshotAsync(analyst, $"workspace/timeline-series-labels-{width}");
    }

    /// <summary>Round 30 saw a timeline's labels printed over each other: after "Zoom out" twice and "Show everything" the
    /// view was widened for its labels again on every draw (from the points' places before the library had moved them),
    /// until a 390 px series timeline showed the years 35455 to 45449, its axis and its lanes' points printed on top of
    /// each other. After any zooming, "Show everything" shows the events once each, none on another.</summary>
    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task SeriesTimeline_AfterZooming_ShowEverything_LeavesNoLabelOverAnother(int width)
    {
        var analyst = await app.SignInAsync("analyst", width);
        await analyst.SetViewportSizeAsync(width, 844);
        await analyst.GotoAsync("/linkage");
        var series = (await analyst.Locator("table.queue td[data-label='Linked to'] a[href^='/series/']").First.GetAttributeAsync("href"))!;
        await analyst.GotoAsync($"/timeline?series={series["/series/".Length..]}");
        await Assertions.Expect(analyst.Locator("#visual-timeline[data-fitted]")).ToHaveCountAsync(1);
        await ZoomOutAsync(analyst); // each move's animation ends before the next starts
        await ZoomOutAsync(analyst);
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Show everything" }).ClickAsync();
        await analyst.WaitForTimeoutAsync(1500); // not a wait for an event: the redraws after the fit have time to widen the view again, as round 30's did
        var years = await analyst.EvaluateAsync<int[]>("() => { const w = window.vigilTimeline.getWindow(); return [w.start.getUTCFullYear(), w.end.getUTCFullYear()]; }");
        Assert.True(years[0] >= 2000 && years[1] <= 2100, $"the view shows the years {years[0]} to {years[1]}");
        var over = await analyst.EvaluateAsync<string[]>(@"() => {
            const boxes = [...document.querySelectorAll('#visual-timeline .vis-item.vis-point')].map(e => [e.getBoundingClientRect(), e.textContent]);
            const found = [];
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const [a, x] = boxes[i], [b, y] = boxes[j];
                if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(x + ' / ' + y);
            }
            return found;
        }");
        await E2EFixture.ScreenshotAsync(analyst, $"workspace/timeline-series-after-zoom-{width}");
        Assert.True(over.Length == 0, "labels over each other: " + string.Join(", ", over));
        Assert.Equal(0, await SettledCutAsync(analyst));
    }

    private static async Task AllLabelsInViewAsync(IPage page, string name)
    {
        await Assertions.Expect(page.Locator("#visual-timeline[data-loaded]")).ToHaveCountAsync(1);
        // The first view is set once the labels are measured (data-fitted); on a build without that, the view as drawn.
        await Assertions.Expect(page.Locator("#visual-timeline[data-fitted]")).ToHaveCountAsync(1); // the default 60 s: 10 s was within reach of a loaded machine's draw
        await Assertions.Expect(page.Locator("#visual-timeline .vis-item.vis-point").First).ToBeVisibleAsync();
        var cut = await SettledCutAsync(page);
        Assert.True(cut == 0, $"{name}: a label runs {cut} px past the right edge");
    }

    /// <summary>The cut once the view has settled (the timeline redraws after it is drawn, and animates a move): asked
    /// again for up to 60 s while it is not 0 (a deadline, not 25 tries of 200 ms: a loaded machine's browser can take
    /// longer than 5 s over its redraws).</summary>
    private static async Task<int> SettledCutAsync(IPage page)
    {
        var cut = await CutAsync(page);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (cut > 0 && DateTime.UtcNow < deadline)
        {
            await page.WaitForTimeoutAsync(200);
            cut = await CutAsync(page);
        }
        return cut;
    }

    /// <summary>Clicks "Zoom out" and returns once its animation has ended (vis-timeline's 'rangechanged'), however long
    /// that takes: a fixed pause let a loaded machine's next move start mid-animation.</summary>
    private static async Task ZoomOutAsync(IPage page)
    {
        await page.EvaluateAsync(@"() => {
            const t = window.vigilTimeline;
            window.vigilMoved = false;
            const h = () => { t.off('rangechanged', h); window.vigilMoved = true; };
            t.on('rangechanged', h);
        }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom out" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.vigilMoved === true");
    }

    /// <summary>How far the furthest point's label runs past the right edge of the timeline's panel (0 when none does).</summary>
    private static Task<int> CutAsync(IPage page) => page.EvaluateAsync<int>(@"() => {
        const edge = document.querySelector('#visual-timeline .vis-panel.vis-center').getBoundingClientRect().right;
        let over = 0;
        document.querySelectorAll('#visual-timeline .vis-item.vis-point').forEach(i => { over = Math.max(over, i.getBoundingClientRect().right - edge); });
        return Math.ceil(over);
    }");
}
