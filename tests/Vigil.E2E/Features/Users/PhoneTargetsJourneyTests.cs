using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Users;

/// <summary>Round 30's walk-through at a phone's size (390 × 844): a section's long heading wrapped below its ▾ marker,
/// and the map's zoom buttons (30 px), death markers (14 px), series markers (22 px) and clusters (40 px) were smaller
/// than a finger's 44 × 44 px target (WCAG 2.5.5).</summary>
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

    [Fact]
    public async Task Map_ZoomButtonsMarkersAndClusters_Are44PxTargets()
    {
        var page = await app.SignInAsync("analyst", width: 390);
        await page.SetViewportSizeAsync(390, 844);
        await KeepTheMapAsync(page);
        await page.GotoAsync("/map");
        await Assertions.Expect(page.Locator("#death-map[data-loaded]")).ToHaveCountAsync(1);
        await page.Locator("#death-map").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("#death-map .marker-cluster").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#death-map .series-marker").First).ToBeVisibleAsync();
        // Zoom in until single deaths show beside the clusters and series.
        for (var i = 0; i < 4 && await page.Locator("#death-map .death-marker").CountAsync() == 0; i++) await ZoomInAsync(page);
        // Measured once the layout holds still: in round 39's suite a 44 px cluster read 43.x px (shown rounded as 44×44)
        // in a frame where the map was still settling after the last zoom.
        var small = await page.EvaluateAsync<string[]>(@"async () => {
            const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const busy = () => document.querySelector('#death-map .leaflet-zoom-anim, #death-map .leaflet-cluster-anim');
            const measure = () => JSON.stringify([...document.querySelectorAll(
                    '#death-map .leaflet-control-zoom a, #death-map .death-marker, #death-map .series-marker, #death-map .marker-cluster')]
                .map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width < 44 || r.height < 44)
                .map(([e, r]) => e.className + ' ' + r.width.toFixed(2) + '×' + r.height.toFixed(2)));
            let last = null;
            for (let i = 0; i < 30; i++) {
                while (busy()) await frames();
                await frames();
                const now = measure();
                if (now === last) break;
                last = now;
                await new Promise(r => setTimeout(r, 100));
            }
            return JSON.parse(last);
        }");
        Assert.NotEqual(0, await page.Locator("#death-map .death-marker").CountAsync());
        await E2EFixture.ScreenshotAsync(page, "phone/map-390");
        Assert.True(small.Length == 0, "smaller than 44 × 44 px: " + string.Join(", ", small.Distinct().Take(6)));
    }

    /// <summary>Leaflet's map, kept as window.vigilMap when the page makes it (the page's script keeps it to itself).</summary>
    private static Task KeepTheMapAsync(IPage page) => page.AddInitScriptAsync(@"(() => {
        let leaflet;
        Object.defineProperty(window, 'L', { configurable: true, get: () => leaflet, set: v => {
            leaflet = v;
            if (v && v.Map && !v.Map.vigilKept) { v.Map.vigilKept = true; v.Map.addInitHook(function () { window.vigilMap = this; }); }
        } });
    })()");

    /// <summary>Clicks "+" and returns once the map is at the next zoom and the clusters have re-formed. Leaflet counts a
    /// zoom asked for during another's animation from the zoom before it (the click adds nothing), and the clusters
    /// re-form after it: a fixed 700 ms pause let a loaded machine's clicks be lost and the markers be counted early.</summary>
    private static async Task ZoomInAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.vigilMap && !document.querySelector('#death-map .leaflet-zoom-anim, #death-map .leaflet-cluster-anim')");
        await page.EvaluateAsync(@"() => {
            const map = window.vigilMap, to = map.getZoom() + 1;
            window.vigilZoomed = false;
            const h = () => { if (map.getZoom() >= to) { map.off('zoomend', h); window.vigilZoomed = true; } };
            map.on('zoomend', h);
        }");
        await page.Locator("#death-map .leaflet-control-zoom-in").ClickAsync();
        // The clusters start re-forming in the map's own 'zoomend' listener, before this one: their class is on by then.
        await page.WaitForFunctionAsync("() => window.vigilZoomed && !document.querySelector('#death-map .leaflet-cluster-anim')");
    }
}
