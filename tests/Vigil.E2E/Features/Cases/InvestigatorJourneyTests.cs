using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Cases;

[Collection(E2ECollection.Name)]
public sealed class InvestigatorJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Investigator_RecordsADeath_FindsItInTheList_AndSeesItsAuditEntry()
    {
        var page = await app.SignInAsync("investigator");
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        var surname = "Lindqvist" + Guid.NewGuid().ToString("N")[..5];
        await page.GetByLabel("Deceased's name").FillAsync($"Gabriel {surname}");
        await page.GetByLabel("Sex", new() { Exact = true }).SelectOptionAsync("male");
        await page.GetByLabel("Age", new() { Exact = true }).FillAsync("22");
        await page.GetByLabel("Found at", new() { Exact = false }).First.FillAsync("2014-09-20T07:15");
        // The death is placed by clicking the map (drawn over the deaths already recorded); typing moves the marker.
        var map = page.Locator("#location-picker");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-loaded", new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        await map.ClickAsync(new() { Position = new() { X = 180, Y = 140 } });
        await Assertions.Expect(page.GetByLabel("Latitude", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^-?\d+\.\d{6}$"));
        await Assertions.Expect(page.GetByLabel("Longitude", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^-?\d+\.\d{6}$"));
        var marker = page.Locator("#location-picker .picked-marker");
        var clicked = (await marker.BoundingBoxAsync())!;
        await page.GetByLabel("Latitude", new() { Exact = true }).FillAsync("51.5362");
        await page.GetByLabel("Longitude", new() { Exact = true }).FillAsync("0.0765");
        var typed = (await marker.BoundingBoxAsync())!;
        Assert.True(Math.Abs(typed.X - clicked.X) + Math.Abs(typed.Y - clicked.Y) > 1, "the marker did not follow the typed coordinates");
        await page.GetByLabel("Setting", new() { Exact = true }).SelectOptionAsync("churchyard");
        await page.GetByLabel("Area", new() { Exact = true }).FillAsync("Barking and Dagenham");
        // People rows are added as needed: one to start with, then "Add person" for each more.
        string[] people = ["Marjorie Quill", "Ansel Roe", "Bettany Crewe", "Ivo Hartley"];
        string[] roles = ["finder", "caller", "witness", "witness"];
        for (var i = 0; i < people.Length; i++)
        {
            if (i > 0) await page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
            await page.GetByLabel($"Person {i + 1}: role").SelectOptionAsync(roles[i]);
            await page.Locator($"#person-name-{i}").FillAsync(people[i]);
        }
        var rows = page.Locator("[data-rows='people'] [data-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await PageChecks.CheckAsync(page, "friction/new-case-map-and-rows");
        await E2EFixture.SectionScreenshotsAsync(page, "#location-picker-box", "friction/new-case-map");
        // A row removed from the middle: the rows after it are renumbered, so none is lost when the form is bound.
        await rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Remove this person" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByLabel("Person 2: role")).ToHaveValueAsync("witness");
        await Assertions.Expect(page.Locator("#person-name-2")).ToHaveValueAsync("Ivo Hartley");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(surname);
        var peopleSection = page.Locator("#people");
        foreach (var person in people.Where(p => p != "Ansel Roe")) await Assertions.Expect(peopleSection).ToContainTextAsync(person);
        await Assertions.Expect(peopleSection).Not.ToContainTextAsync("Ansel Roe");
        await Assertions.Expect(page.Locator(".badge").First).ToContainTextAsync("under investigation");
        await E2EFixture.ScreenshotAsync(page, "investigator-case");

        await page.GetByRole(AriaRole.Link, new() { Name = "Cases", Exact = true }).ClickAsync();
        await page.GetByLabel("Name or reference").FillAsync(surname);
        await page.GetByRole(AriaRole.Search, new() { Name = "Filter cases" }).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var row = page.Locator("table.cases tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await E2EFixture.ScreenshotAsync(page, "investigator-list");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        var audit = page.Locator("table.audit tbody tr", new() { HasText = "recorded the case record" });
        await Assertions.Expect(audit).ToHaveCountAsync(1);
        await Assertions.Expect(audit).ToContainTextAsync("investigator");

        // Recording the same death again (a re-run of the form) is caught before anything is saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        await page.GetByLabel("Deceased's name").FillAsync($"Gabriel {surname}");
        await page.GetByLabel("Found at", new() { Exact = false }).First.FillAsync("2014-09-20T09:00");
        await page.GetByLabel("Latitude", new() { Exact = true }).FillAsync("51.5362");
        await page.GetByLabel("Longitude", new() { Exact = true }).FillAsync("0.0765");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        var warning = page.Locator("section.duplicates");
        await Assertions.Expect(warning).ToContainTextAsync("This death may already be recorded");
        // It takes focus, as a refusal's summary does: the save was refused until she checks (walk63 finding 11).
        await Assertions.Expect(warning).ToBeFocusedAsync();
        await Assertions.Expect(warning.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await E2EFixture.ScreenshotAsync(page, "investigator-duplicate-warning");
    }
}
