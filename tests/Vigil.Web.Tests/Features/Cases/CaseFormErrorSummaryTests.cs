using System.Net;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>walk63: a refused "Record a death" said only "There is a problem with what was entered: see the messages
/// next to the fields", and focus stayed at the page's top: 16 Tabs back to the field at fault. The form's summary now
/// names each refused field as a link to it, and is the one that takes focus (site.js, <c>data-error-summary</c>).</summary>
public abstract class CaseFormErrorSummaryTests(VigilAppFactory app)
{
    [Fact]
    public async Task ARefusedNewCase_NamesEachFieldInASummary_ThatLinksToTheField()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var response = await Forms.PostAsync(client, "/cases/new", new()
        {
            ["Form.TeamId"] = ivy.TeamId.ToString(), ["Form.DeceasedName"] = "Perrin Ashdowne", ["Form.Age"] = "300",
            ["Form.Latitude"] = "51.5362", ["Form.Longitude"] = "0.0765", ["Form.People[0].Name"] = "Elspeth Garrow",
        });
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());

        var summary = page.QuerySelector("form [data-error-summary]");
        Assert.NotNull(summary);
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        var links = summary.QuerySelectorAll("a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href")!);
        Assert.Equal("#Form_Age", links["Age must be between 0 and 130"]);
        Assert.Equal("#person-role-0", links["Choose this person's role"]);
        Assert.Contains("#Form_FoundAt", links.Values);
        // Each link goes to an element on the page; the field itself where there is one.
        foreach (var (message, href) in links) Assert.True(page.QuerySelector(href) is not null, $"\"{message}\" links to {href}, not on the page");
        Assert.Equal("select", page.QuerySelector("#person-role-0")!.LocalName);
        Assert.Single(page.QuerySelectorAll(".error-summary"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseFormErrorSummaryTests_Sqlite(SqliteApp app) : CaseFormErrorSummaryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseFormErrorSummaryTests_Postgres(PostgresApp app) : CaseFormErrorSummaryTests(app);
