using System.Net;
using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>Issue 9.2: rows for people, exhibits and substances are added as needed, not five fixed rows (ADR 1432).
/// Without a script the "Add" and "Remove" buttons post the form back, keeping every typed value.</summary>
public abstract class CaseFormRowsTests(VigilAppFactory app)
{
    private static Dictionary<string, string> Form(TestUser user, string name) => new()
    {
        ["Form.TeamId"] = user.TeamId.ToString(), ["Form.DeceasedName"] = name, ["Form.FoundAt"] = "2015-06-19T07:20",
        ["Form.Latitude"] = "51.5362", ["Form.Longitude"] = "0.0765",
    };

    [Fact]
    public async Task TheNewCaseForm_StartsWithOneEmptyRowOfEach_AndAnAddButton()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await client.GetStringAsync("/cases/new"));
        foreach (var list in new[] { CaseForm.PeopleList, CaseForm.ExhibitList, CaseForm.ToxicologyList })
        {
            Assert.Single(page.QuerySelectorAll($"[data-rows='{list}'] [data-row]"));
            Assert.NotNull(page.QuerySelector($"button[name='AddRow'][value='{list}']"));
        }
        // Enter in a field saves: the form's first submit button is the save, not a row's Add or Remove.
        Assert.Null(page.QuerySelector("form[method='post'] button[type='submit']")!.GetAttribute("name"));
    }

    [Fact]
    public async Task AddAndRemove_WithoutAScript_PostBack_KeepingWhatWasTyped_AndSavingNothing()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var fields = Form(ivy, "Rowan " + Guid.NewGuid().ToString("N")[..6]);
        fields["Form.People[0].Role"] = "finder";
        fields["Form.People[0].Name"] = "Abel Finch";
        fields["Form.People[1].Role"] = "caller";
        fields["Form.People[1].Name"] = "Carys Lloyd";
        fields["AddRow"] = CaseForm.PeopleList;
        var added = await Forms.PostAsync(client, "/cases/new", fields);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var page = Forms.Parse(await added.Content.ReadAsStringAsync());
        Assert.Equal(3, page.QuerySelectorAll($"[data-rows='{CaseForm.PeopleList}'] [data-row]").Length);
        Assert.Equal("Carys Lloyd", page.QuerySelector("#person-name-1")!.GetAttribute("value"));
        Assert.Equal("", page.QuerySelector("#person-name-2")!.GetAttribute("value") ?? "");
        Assert.DoesNotContain(page.QuerySelectorAll(".field-error"), e => e.TextContent.Trim().Length > 0);

        fields.Remove("AddRow");
        fields["RemoveRow"] = $"{CaseForm.PeopleList}:0";
        page = Forms.Parse(await (await Forms.PostAsync(client, "/cases/new", fields)).Content.ReadAsStringAsync());
        Assert.Equal("Carys Lloyd", page.QuerySelector("#person-name-0")!.GetAttribute("value"));
        Assert.Equal("caller", page.QuerySelector("#person-role-0 option[selected]")!.GetAttribute("value"));
        Assert.Empty(await CasesNamedAsync(client, fields["Form.DeceasedName"]));
    }

    [Fact]
    public async Task SevenPeople_AreSaved_AndAnErrorInTheSeventhKeepsEveryRow()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var fields = Form(ivy, "Tamsin " + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < 7; i++)
        {
            fields[$"Form.People[{i}].Role"] = "witness";
            fields[$"Form.People[{i}].Name"] = $"Witness number {i + 1}";
        }
        fields["Form.People[6].Role"] = "";
        var refused = await Forms.PostAsync(client, "/cases/new", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = Forms.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(8, page.QuerySelectorAll($"[data-rows='{CaseForm.PeopleList}'] [data-row]").Length); // the seven typed, one empty
        Assert.Equal("Witness number 7", page.QuerySelector("#person-name-6")!.GetAttribute("value"));
        Assert.Contains("Choose this person's role", page.QuerySelectorAll("[data-row]")[6].TextContent, StringComparison.Ordinal);

        fields["Form.People[6].Role"] = "witness";
        var saved = await Forms.PostAsync(client, "/cases/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var api = app.ApiClient(ivy);
        var id = saved.Headers.Location!.OriginalString.Split('/')[^1];
        var c = (await api.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{id}", ApiJson.Client))!;
        Assert.Equal(7, c.Record.People!.Count);

        // The edit form shows the seven and one empty row to add an eighth.
        var edit = Forms.Parse(await client.GetStringAsync($"/cases/{id}/edit"));
        Assert.Equal(8, edit.QuerySelectorAll($"[data-rows='{CaseForm.PeopleList}'] [data-row]").Length);
    }

    [Theory]
    [InlineData("people:9")]
    [InlineData("nothing:0")]
    [InlineData("people:x")]
    public void RemoveRow_IgnoresWhatNamesNoRow(string value)
    {
        var form = new CaseForm { People = [new() { Role = "finder" }] };
        Assert.False(form.RemoveRow(value));
        Assert.Single(form.People);
    }

    [Fact]
    public void Pad_LeavesOneEmptyRowAtTheEnd_AndAddRowStopsAtTheBound()
    {
        var form = new CaseForm { People = [new() { Role = "finder" }] };
        form.Pad();
        form.Pad();
        Assert.Equal(2, form.People.Count);
        Assert.Single(form.Exhibits);
        for (var i = form.People.Count; i < CaseForm.MaxRows; i++) Assert.True(form.AddRow(CaseForm.PeopleList));
        Assert.False(form.AddRow(CaseForm.PeopleList));
        Assert.False(form.AddRow("nothing"));
    }

    private static async Task<List<string>> CasesNamedAsync(HttpClient client, string name)
    {
        var list = Forms.Parse(await client.GetStringAsync($"/cases?q={Uri.EscapeDataString(name.Split(' ')[1])}"));
        return [.. list.QuerySelectorAll("table.cases tbody a").Select(a => a.GetAttribute("href")!)];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseFormRowsTests_Sqlite(SqliteApp app) : CaseFormRowsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseFormRowsTests_Postgres(PostgresApp app) : CaseFormRowsTests(app);
