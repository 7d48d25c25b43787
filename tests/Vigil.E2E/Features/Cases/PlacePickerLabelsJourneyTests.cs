using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Cases;

/// <summary>Round 52's demo: the new-case page's place picker first fits the force's deaths, and the areas' names were
/// drawn over one another, unreadable. A name that would overlap another is hidden, the area with more deaths kept, and
/// weighed again as the map zooms (ADR 3225): no two names shown overlap, first view, zoomed out or in.</summary>
[Collection(E2ECollection.Name)]
public sealed class PlacePickerLabelsJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task NewCasePlacePicker_ShowsNoAreaNameOverAnother_AsItZoomsOutAndIn()
    {
        var page = await app.SignInAsync("investigator");
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        var map = page.Locator("#location-picker");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-loaded", new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        var first = await SettledAsync(page);
        await E2EFixture.ScreenshotAsync(page, "cases/new-case-place-picker");
        Assert.True(first.Overlaps.Length == 0, "area names over each other: " + string.Join(", ", first.Overlaps));
        Assert.True(first.Shown >= 2, $"{first.Shown} area names shown");

        // Zoomed out, the areas' names crowd together (this store's six East Area names do not touch at the first view).
        await map.FocusAsync();
        foreach (var zoom in new[] { "-", "-", "+" })
        {
            await page.Keyboard.PressAsync(zoom);
            var now = await SettledAsync(page);
            await E2EFixture.ScreenshotAsync(page, "cases/new-case-place-picker-after-" + (zoom == "-" ? "zooming-out" : "zooming-in"));
            Assert.True(now.Overlaps.Length == 0, $"area names over each other after '{zoom}': " + string.Join(", ", now.Overlaps));
            Assert.True(now.Shown >= 1, "no area name shown");
        }
    }

    private sealed record Labels(int Shown, string[] Overlaps);

    /// <summary>The names shown and the pairs of them that overlap, once the map has settled: the picker reloads its deaths
    /// and names a quarter second after each move, and a zoom animates. Asked again up to 20 s while any overlap.</summary>
    private static async Task<Labels> SettledAsync(IPage page)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await page.WaitForTimeoutAsync(700);
            var json = await page.EvaluateAsync<System.Text.Json.JsonElement>(@"() => {
                const boxes = [...document.querySelectorAll('#location-picker .area-label span')]
                    .filter(e => getComputedStyle(e).visibility !== 'hidden').map(e => [e.getBoundingClientRect(), e.textContent]);
                const overlaps = [];
                for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const [a, x] = boxes[i], [b, y] = boxes[j];
                    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push(x + ' / ' + y);
                }
                return { shown: boxes.length, overlaps };
            }");
            var found = new Labels(json.GetProperty("shown").GetInt32(), [.. json.GetProperty("overlaps").EnumerateArray().Select(o => o.GetString() ?? "")]);
            if (found.Overlaps.Length == 0 || DateTime.UtcNow > deadline) return found;
        }
    }
}
