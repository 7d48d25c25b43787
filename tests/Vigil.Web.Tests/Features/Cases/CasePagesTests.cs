using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

public abstract class CasePagesTests(VigilAppFactory app)
{
    private static Dictionary<string, string> Form(TestUser user, string name, string latitude = "51.5362") => new()
    {
        ["Form.TeamId"] = user.TeamId.ToString(),
        ["Form.DeceasedName"] = name,
        ["Form.Sex"] = "male",
        ["Form.Age"] = "23",
        ["Form.FoundAt"] = "2015-06-19T07:20",
        ["Form.Latitude"] = latitude,
        ["Form.Longitude"] = "0.0765",
        ["Form.Setting"] = "churchyard",
        ["Form.Area"] = "Barking",
        ["Form.SceneFeatures"] = "note-found",
        ["Form.People[0].Role"] = "last-seen-with",
        ["Form.People[0].Name"] = "the man I was with last night",
        ["Form.Exhibits[0].Type"] = "note",
        ["Form.Exhibits[0].Description"] = "note in hand",
    };

    [Fact]
    public async Task CreateFindAndViewAudit_ThroughTheForms()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var name = "Gabriel " + Guid.NewGuid().ToString("N")[..6];
        var created = await Forms.PostAsync(client, "/cases/new", Form(ivy, name));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var casePath = created.Headers.Location!.OriginalString;

        var list = Forms.Parse(await client.GetStringAsync($"/cases?q={Uri.EscapeDataString(name.Split(' ')[1])}"));
        var link = Assert.Single(list.QuerySelectorAll("table.cases tbody a"));
        Assert.Equal(casePath, link.GetAttribute("href"));

        var page = Forms.Parse(await client.GetStringAsync(casePath));
        Assert.Contains(name, page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("under investigation", page.Body!.TextContent, StringComparison.Ordinal);
        var audit = page.QuerySelectorAll("table.audit tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(audit, r => r.Contains("recorded the case record", StringComparison.Ordinal) && r.Contains(ivy.UserName, StringComparison.Ordinal));
        Assert.Contains(audit, r => r.Contains("viewed the case record", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidForm_ShowsTheMessageNextToTheField_AndSavesNothing()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var fields = Form(ivy, "Nobody " + Guid.NewGuid().ToString("N")[..6], latitude: "95");
        fields["Form.People[1].Name"] = "someone without a role";
        var response = await Forms.PostAsync(client, "/cases/new", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Latitude must be between -90 and 90", page.QuerySelector("[data-valmsg-for='Form.Latitude']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Choose this person's role", page.Body!.TextContent, StringComparison.Ordinal);
        var list = Forms.Parse(await client.GetStringAsync($"/cases?q={Uri.EscapeDataString(fields["Form.DeceasedName"].Split(' ')[1])}"));
        Assert.Empty(list.QuerySelectorAll("table.cases tbody tr"));
    }

    [Fact]
    public async Task SameDeceasedOnTheSameDay_IsShownBeforeSaving_AndSavedOnlyWhenTheOfficerSaysItIsADifferentDeath()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var name = "Gabriel " + Guid.NewGuid().ToString("N")[..6];
        var first = await Forms.PostAsync(client, "/cases/new", Form(ivy, name));
        var firstPath = first.Headers.Location!.OriginalString;

        // The same person, written surname first, found an hour later 2 km away: the name and the day match.
        var again = Form(ivy, $"{name.Split(' ')[1]}, Gabriel", latitude: "51.5500");
        again["Form.FoundAt"] = "2015-06-19T08:20";
        var warned = await Forms.PostAsync(client, "/cases/new", again);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var page = Forms.Parse(await warned.Content.ReadAsStringAsync());
        var warning = page.QuerySelector("section.duplicates")!;
        Assert.Contains("may already be recorded", warning.TextContent, StringComparison.Ordinal);
        Assert.Equal(firstPath, Assert.Single(warning.QuerySelectorAll("li a")).GetAttribute("href"));
        Assert.Contains("same deceased", warning.TextContent, StringComparison.Ordinal);
        // What was typed is kept, so confirming is one tick.
        Assert.Equal("51.5500", page.QuerySelector("input[name='Form.Latitude']")!.GetAttribute("value"));
        Assert.Single(await CasesNamedAsync(client, name));

        again["NotADuplicate"] = "true";
        var saved = await Forms.PostAsync(client, "/cases/new", again);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.NotEqual(firstPath, saved.Headers.Location!.OriginalString);
        Assert.Equal(2, (await CasesNamedAsync(client, name)).Count);
    }

    [Fact]
    public async Task AnUnnamedDeath_IsComparedByPlace_AndADuplicateInAnotherTeamIsNotRevealed()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = await app.SignedInClientAsync(ivy);
        var named = Form(ivy, "Rafe " + Guid.NewGuid().ToString("N")[..6], latitude: "51.4011");
        named["Form.FoundAt"] = "2009-02-03T10:00";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/cases/new", named)).StatusCode);

        var unnamed = Form(ivy, "", latitude: "51.4020"); // about 100 m north, the next morning
        unnamed["Form.FoundAt"] = "2009-02-04T06:00";
        var warned = Forms.Parse(await (await Forms.PostAsync(client, "/cases/new", unnamed)).Content.ReadAsStringAsync());
        Assert.Contains("m away", warned.QuerySelector("section.duplicates")!.TextContent, StringComparison.Ordinal);

        var farAway = Form(ivy, "", latitude: "51.4100"); // about 1 km: not the same scene
        farAway["Form.FoundAt"] = "2009-02-04T06:00";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/cases/new", farAway)).StatusCode);

        var other = await app.CreateUserAsync(Roles.Investigator);
        using var otherClient = await app.SignedInClientAsync(other);
        var sameInOtherTeam = Form(other, named["Form.DeceasedName"], latitude: "51.4011");
        sameInOtherTeam["Form.FoundAt"] = "2009-02-03T10:00";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(otherClient, "/cases/new", sameInOtherTeam)).StatusCode);
    }

    private static async Task<List<string>> CasesNamedAsync(HttpClient client, string name)
    {
        var list = Forms.Parse(await client.GetStringAsync($"/cases?q={Uri.EscapeDataString(name.Split(' ')[1])}"));
        return [.. list.QuerySelectorAll("table.cases tbody a").Select(a => a.GetAttribute("href")!)];
    }

    /// <summary>The page of a new case, as the investigator who recorded it reads it.</summary>
    private async Task<AngleSharp.Dom.IDocument> NewCasePageAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        using var client = await app.SignedInClientAsync(ivy);
        return Forms.Parse(await client.GetStringAsync($"/cases/{created.Id}"));
    }

    /// <summary>Round 29's walk-through: the menu listed 5 of the page's 12 sections; the working panels (decisions,
    /// actions, custody, reviews, linked deaths, family, oversight) were plain sections, neither listed nor collapsible.</summary>
    [Fact]
    public async Task EveryPanelOfTheCasePage_IsInTheSectionMenu_AndCollapsible()
    {
        var page = await NewCasePageAsync();
        var menu = page.QuerySelectorAll("nav.section-menu a[href^='#']").Select(a => a.GetAttribute("href")![1..]).ToList();
        var panels = page.QuerySelectorAll(".page-body section.panel").ToList();
        Assert.All(panels, p => Assert.Contains(p.Id, menu));
        Assert.All(panels, p => Assert.NotNull(p.GetAttribute("data-collapsible")));
        Assert.All(panels, p => Assert.Contains(p.Children, c => c.LocalName == "h2" && c.Id == p.Id + "-h"));
        Assert.All(panels, p => Assert.Contains(p.Children, c => c.ClassList.Contains("panel-body")));
        foreach (var id in new[] { "facts", "people", "exhibits", "decisions", "actions", "custody", "reviews", "linkage", "family", "oversight", "timeline", "audit" })
            Assert.Contains(id, menu);
        // Each panel's own hooks stay: the flash and forms inside its body, its classes beside "panel".
        Assert.NotNull(page.QuerySelector("#decisions .panel-body form[action$='handler=Classify']"));
        Assert.NotNull(page.QuerySelector("section#linkage.panel.linkage-panel"));
        Assert.NotNull(page.QuerySelector("section#oversight.panel.no-print"));
    }

    /// <summary>walk51 finding 13: "Exhibits" and "Exhibits: chain of custody and forensic results" were two sections of
    /// near names. No section's name begins with another's, and the two exhibit sections say what each holds (ADR 3218).</summary>
    [Fact]
    public async Task NoSectionOfTheCasePage_IsNamedAsTheStartOfAnother()
    {
        var page = await NewCasePageAsync();
        var names = page.QuerySelectorAll("nav.section-menu a[href^='#']").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains("Exhibits and whether tested", names);
        Assert.Contains("Exhibit custody, laboratory tests and post-mortem results", names);
        Assert.Empty(from a in names from b in names where a != b && b.StartsWith(a, StringComparison.OrdinalIgnoreCase) select $"{a} / {b}");
    }

    [Fact]
    public async Task StaleEdit_Gets409_AndKeepsTheNewerVersion()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        using var client = await app.SignedInClientAsync(ivy);
        var edit = $"/cases/{created.Id}/edit";
        var page = Forms.Parse(await client.GetStringAsync(edit));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = page.QuerySelectorAll("input[name], select[name], textarea[name]")
            .Where(e => e.GetAttribute("type") != "checkbox")
            .GroupBy(e => e.GetAttribute("name")!)
            .ToDictionary(g => g.Key, g => g.First() switch
            {
                AngleSharp.Html.Dom.IHtmlSelectElement s => s.Value ?? "",
                AngleSharp.Html.Dom.IHtmlTextAreaElement t => t.Value,
                var e => e.GetAttribute("value") ?? "",
            });
        fields["__RequestVerificationToken"] = token;
        fields["Form.Narrative"] = "first";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(edit, new FormUrlEncodedContent(fields))).StatusCode);
        fields["Form.Narrative"] = "second, from a stale form";
        var stale = await client.PostAsync(edit, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this case", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var now = Forms.Parse(await client.GetStringAsync($"/cases/{created.Id}"));
        Assert.Contains("first", now.QuerySelector(".narrative")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>walk53 findings 22 and 23: "Where: (Flat 4, 12 Cooke Street, Barking), Barking", a minute-old exhibit
    /// "NEVER SUBMITTED FOR TESTING", the timeline's "(enquiry-rules v1.0.0)" and "Other deaths: person". The address
    /// plainly, the exhibit not yet submitted (loud once its action is overdue), the rules and the link in words.</summary>
    [Fact]
    public async Task ANewDeath_SaysItsAddressPlainly_ItsExhibitNotYetSubmitted_AndTheRulesAndPeopleInWords()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy, Samples.Record() with
        {
            Location = new Vigil.Records.RecordLocation { Lat = 51.5362, Lon = 0.0765, Setting = "home-other", Address = "Flat 4, 12 Cooke Street, Barking", Area = "Barking" },
            People = [new Vigil.Records.RecordPerson { Role = "finder", Name = "Oona " + Guid.NewGuid().ToString("N")[..8] }],
            Exhibits = [new Vigil.Records.RecordExhibit { Type = "syringe", Description = "used syringe" }],
        });
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}"));
        var where = page.QuerySelectorAll("dt").First(dt => dt.TextContent == "Where").NextElementSibling!.TextContent;
        Assert.StartsWith("Flat 4, 12 Cooke Street, Barking · someone else's home · ", where, StringComparison.Ordinal);
        var exhibit = page.QuerySelector("#custody h3")!;
        Assert.EndsWith("— not yet submitted for testing", exhibit.TextContent.Trim(), StringComparison.Ordinal);
        Assert.False(exhibit.ClassList.Contains("flag"));
        var timeline = page.QuerySelector("#timeline ol.timeline")!.TextContent;
        Assert.Contains("(raised by the enquiry rules)", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("enquiry-rules v", timeline, StringComparison.Ordinal);
        Assert.Equal(["no other death"], page.QuerySelectorAll("td[data-label='Other deaths'] a").Select(a => a.TextContent));

        // Its action past due, the exhibit is said loudly again, with the action and when it was due.
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == created.Id && a.TriggerKey!.Contains("|exhibit:"))
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.DueAt, DateTime.UtcNow.AddDays(-1))));
        exhibit = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}")).QuerySelector("#custody h3")!;
        Assert.Matches("— NOT SUBMITTED FOR TESTING: A\\d+ was due ", exhibit.TextContent);
        Assert.True(exhibit.ClassList.Contains("flag"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CasePagesTests_Sqlite(SqliteApp app) : CasePagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CasePagesTests_Postgres(PostgresApp app) : CasePagesTests(app);
