using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Cases;

/// <summary>The edit form's place picker (ADR 1433, 1561): an investigator moves a death with the keyboard (focus the
/// map, arrow keys, Enter) and then by a click, and saves; the case page shows the new place.</summary>
[Collection(E2ECollection.Name)]
public sealed partial class MoveDeathOnMapJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Investigator_MovesADeathByTheMap_WithKeysAndAClick_AndSaves()
    {
        var page = await app.SignInAsync("investigator");
        // A death of its own (the demo's investigator holds closed cases), recorded by typing the coordinates.
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        var surname = "Marlowe" + Guid.NewGuid().ToString("N")[..5];
        await page.GetByLabel("Deceased's name").FillAsync($"Orrin {surname}");
        await page.GetByLabel("Found at", new() { Exact = false }).First.FillAsync("2015-03-02T06:40");
        var lat = page.GetByLabel("Latitude", new() { Exact = true });
        var lon = page.GetByLabel("Longitude", new() { Exact = true });
        await lat.FillAsync("51.5390");
        await lon.FillAsync("0.0810");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(surname);
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit case" }).ClickAsync();
        var before = (Number(await lat.InputValueAsync()), Number(await lon.InputValueAsync()));
        var map = page.Locator("#location-picker");
        // Only the deaths in view are drawn, never more than the server's cap.
        await Assertions.Expect(map).ToHaveAttributeAsync("data-loaded", Digits());
        Assert.InRange(int.Parse(await map.GetAttributeAsync("data-loaded") ?? "-1", CultureInfo.InvariantCulture), 0, 500);

        // Keyboard: focus shows a cursor on the marker; three steps east and one north, Enter places the death there.
        await map.FocusAsync();
        await Assertions.Expect(page.Locator("#location-picker .picker-cursor")).ToHaveCountAsync(1);
        foreach (var key in new[] { "ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp" }) await page.Keyboard.PressAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#location-picker-status")).ToContainTextAsync("Placed at");
        var keyed = (Number(await lat.InputValueAsync()), Number(await lon.InputValueAsync()));
        Assert.True(keyed.Item2 > before.Item2, $"the arrow keys did not move the death east: {before} -> {keyed}");
        Assert.True(keyed.Item1 > before.Item1, $"the arrow key did not move the death north: {before} -> {keyed}");
        await PageChecks.AccessibleAsync(page, "edit-case-map-keyboard");

        // A click moves it again; the coordinates saved are the clicked ones.
        await map.ClickAsync(new() { Position = new() { X = 60, Y = 60 } });
        await Assertions.Expect(lat).Not.ToHaveValueAsync(keyed.Item1.ToString("F6", CultureInfo.InvariantCulture));
        var clicked = (Number(await lat.InputValueAsync()), Number(await lon.InputValueAsync()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(
            clicked.Item1.ToString("F5", CultureInfo.InvariantCulture) + ", " + clicked.Item2.ToString("F5", CultureInfo.InvariantCulture));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();
}
