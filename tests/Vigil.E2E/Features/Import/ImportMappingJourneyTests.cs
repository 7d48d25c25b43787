using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Import;

/// <summary>A supervisor brings in an old system's spreadsheet: upload, map the columns, preview with the bad row
/// marked, save the mapping, import; then the next file in the same layout on a phone, with the saved mapping.</summary>
[Collection(E2ECollection.Name)]
public sealed class ImportMappingJourneyTests(E2EFixture app)
{
    private static string Csv(string run) =>
        "Incident No,Date Found,Lat,Long,Surname,Category\n"
        + $"{run}-1,02/03/2015 07:20,51.5079,-0.0877,Okonkwo-Vale,NS\n"
        + $"{run}-2,31/02/2015 07:20,51.5081,-0.0871,Pettigrew-Lune,NS\n"
        + $"{run}-3,03/03/2015 09:05,51.5101,-0.0901,Ashdown-Ferrer,SUDD\n";

    [Fact]
    public async Task Supervisor_MapsPreviewsSavesAndImports_ThenReusesTheMappingOnAPhone()
    {
        var run = "E2E" + Guid.NewGuid().ToString("N")[..6];
        var mappingName = "Old CMS " + run;

        var page = await app.SignInAsync("supervisor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
        await UploadAsync(page, run + "-a", null);
        await Assertions.Expect(page.Locator("table.sample thead th")).ToHaveCountAsync(7);

        await page.Locator("#field-0").SelectOptionAsync("ref");
        await page.Locator("#field-1").SelectOptionAsync("found_at");
        await Assertions.Expect(page.Locator("#role-1")).ToBeHiddenAsync();
        await page.Locator("#formats-1").FillAsync("dd/MM/yyyy HH:mm");
        await page.Locator("#field-2").SelectOptionAsync("location.lat");
        await page.Locator("#field-3").SelectOptionAsync("location.lon");
        await page.Locator("#field-4").SelectOptionAsync("deceased.name");
        await page.Locator("#field-5").SelectOptionAsync("classification");
        await page.Locator("#values-5").FillAsync("NS = non-suspicious\nSUDD = unexplained");
        await page.GetByLabel("Source (kept with each case").FillAsync("old-cms-" + run);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview the first 50 records" }).ClickAsync();

        var rows = page.Locator("table.preview tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(1)).ToHaveClassAsync("flag");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("column 'Date Found'");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("2 ready to import, 1 with problems");
        await ShotAsync(page, "mapping-preview-1280");

        await page.GetByLabel("Save this mapping as").FillAsync(mappingName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("saved");

        await page.GetByLabel("Team that owns the new cases").SelectOptionAsync(new SelectOptionValue { Label = "East Area MIT" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import every row" }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("3 rows: 2 cases created, 0 updated, 0 unchanged, 1 rejected");
        await Assertions.Expect(page.Locator("ul.rejections li")).ToContainTextAsync("Line 3");
        await ShotAsync(page, "import-result-1280");

        await page.GotoAsync("/cases?q=" + run + "-a-3");
        await Assertions.Expect(page.Locator("table.cases tbody tr")).ToContainTextAsync("Ashdown-Ferrer");

        var phone = await app.SignInAsync("supervisor", 390);
        await phone.GotoAsync("/import");
        await UploadAsync(phone, run + "-b", mappingName);
        await Assertions.Expect(phone.Locator("#field-5")).ToHaveValueAsync("classification");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Preview the first 50 records" }).ClickAsync();
        await Assertions.Expect(phone.Locator("table.preview tbody tr.flag")).ToHaveCountAsync(1);
        await ShotAsync(phone, "mapping-preview-390");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Import every row" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#import-result")).ToContainTextAsync("2 cases created");
        await ShotAsync(phone, "import-result-390");
    }

    private static async Task UploadAsync(IPage page, string run, string? mapping)
    {
        var path = Path.Combine(Path.GetTempPath(), $"old-cms-{run}.csv");
        await File.WriteAllTextAsync(path, Csv(run));
        await page.GetByLabel("File (.csv or .xlsx)").SetInputFilesAsync(path);
        if (mapping is not null) await page.GetByLabel("Start from a saved mapping").SelectOptionAsync(new SelectOptionValue { Label = mapping });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and map columns" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Map the columns");
        File.Delete(path);
    }

    private static Task ShotAsync(IPage page, string name) => E2EFixture.ScreenshotAsync(page, Path.Combine("interop", name));
}
