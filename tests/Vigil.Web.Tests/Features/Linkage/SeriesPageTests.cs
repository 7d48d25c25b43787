using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Linkage.Alerts;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>The series page as the analyst and the reviewer use it (round 54, walk53 findings 10, 15–18): a proposal
/// compared side by side with the series' deaths, the review actions and officers said as the case page says them, the
/// audit in words, and the series reasons without the engine's keys.</summary>
public abstract class SeriesPageTests(VigilAppFactory app)
{
    /// <summary>Finding 16: each proposal links to the pair page's comparison beside the series' deaths; the view reads
    /// both deaths on their trails and is the linkage readers' only, within their scope, as the pair page is.</summary>
    [Fact]
    public async Task AProposal_IsComparedSideBySide_WithTheSeriesDeaths_BothReadOnTheirTrails()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var elsewhere = await app.CreateUserAsync(Roles.Supervisor);
        var first = await DeathAsync(ivy, "Owen Carraway");
        var second = await DeathAsync(ivy, "Mateo Lindqvist");
        var proposed = await DeathAsync(ivy, "Rhys Albright");
        var (seriesId, reference) = await SeriesAsync((MemberStatus.Confirmed, first.Id), (MemberStatus.Confirmed, second.Id), (MemberStatus.Proposed, proposed.Id));

        using var web = await app.SignedInClientAsync(analyst);
        var page = await web.GetStringAsync($"/series/{seriesId}");
        var compare = $"/series/{seriesId}/compare/{proposed.Id}?with={second.Id}";
        Assert.Contains($"href=\"{compare}\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/series/{seriesId}/compare/{proposed.Id}?with={first.Id}\"", page, StringComparison.Ordinal);

        var side = await web.GetStringAsync(compare);
        Assert.Contains($"Compare {proposed.Reference} with {second.Reference}", side, StringComparison.Ordinal);
        Assert.Contains(reference, side, StringComparison.Ordinal);
        Assert.Contains("Rhys Albright", side, StringComparison.Ordinal);
        Assert.Contains("Mateo Lindqvist", side, StringComparison.Ordinal);
        Assert.Contains("Shared people and places", side, StringComparison.Ordinal);
        Assert.Contains("class=\"explanation stack\"", side, StringComparison.Ordinal);
        foreach (var death in new[] { proposed.Id, second.Id })
            Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.CaseId == death && e.Action == "view" && e.Changes.Contains("series-compare"))));

        // The pair page's rules: not for an investigator (no linkage reading), nor for a supervisor outside the deaths'
        // team, nor with a death that is not of the series.
        using var investigator = await app.SignedInClientAsync(ivy);
        var refused = await investigator.GetAsync(compare);
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) == true, $"{refused.StatusCode}");
        using var supervisor = await app.SignedInClientAsync(elsewhere);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync(compare)).StatusCode);
        var outsider = await DeathAsync(ivy, "Cai Trevelyan");
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/series/{seriesId}/compare/{proposed.Id}?with={outsider.Id}")).StatusCode);
    }

    /// <summary>Finding 17: "VGL-… action 10: raised, due …" eight months late, "allocated to {login}".</summary>
    [Fact]
    public async Task AReviewAction_SaysItsNumberTitle_Overdue_AndTheOfficersName()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var owen = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var name = await app.NameAsync(owen, "DS Owen Pryce");
        var first = await DeathAsync(ivy, "Owen Carraway");
        var second = await DeathAsync(ivy, "Mateo Lindqvist");
        var (seriesId, reference) = await SeriesAsync((MemberStatus.Confirmed, first.Id), (MemberStatus.Confirmed, second.Id));
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.CaseActions.Add(Review(first.Id, 90, reference, now.AddDays(-250), ActionStatus.Allocated, owen.UserName));
            db.CaseActions.Add(Review(second.Id, 91, reference, now.AddDays(10), ActionStatus.Raised, null));
            await db.SaveChangesAsync();
        });

        using var web = await app.SignedInClientAsync(analyst);
        var reviews = Section(await web.GetStringAsync($"/series/{seriesId}"), "review-h");
        Assert.Contains($"{first.Reference} A90</a> Review linked series {reference}", reviews, StringComparison.Ordinal);
        Assert.Contains($"{second.Reference} A91</a> Review linked series {reference}", reviews, StringComparison.Ordinal);
        Assert.Equal(1, Count(reviews, "OVERDUE"));
        Assert.Contains(name, reviews, StringComparison.Ordinal);
        Assert.DoesNotContain($"allocated to {owen.UserName}", reviews, StringComparison.Ordinal);
    }

    /// <summary>Finding 18: an officer was listed once per death ("— investigator (VGL-…)" 12 times for 3 people).</summary>
    [Fact]
    public async Task EachOfficer_IsListedOnce_WithTheirDeaths()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var name = await app.NameAsync(ivy, "DC Amira Haddad");
        var deaths = new[] { await DeathAsync(ivy, "Owen Carraway"), await DeathAsync(ivy, "Mateo Lindqvist"), await DeathAsync(ivy, "Rhys Albright") };
        var (seriesId, _) = await SeriesAsync([.. deaths.Select(d => (MemberStatus.Confirmed, d.Id))]);

        using var web = await app.SignedInClientAsync(analyst);
        var officers = Section(await web.GetStringAsync($"/series/{seriesId}"), "officers-h");
        Assert.Equal(1, Count(officers, name));
        foreach (var d in deaths) Assert.Equal(1, Count(officers, d.Reference));
    }

    /// <summary>Finding 10: the series' audit said Who "analyst", What "update member".</summary>
    [Fact]
    public async Task TheSeriesAudit_SaysWhoByName_AndWhatInWords()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var name = await app.NameAsync(analyst, "Nadia Ferreira");
        var first = await DeathAsync(ivy, "Owen Carraway");
        var proposed = await DeathAsync(ivy, "Mateo Lindqvist");
        var (seriesId, _) = await SeriesAsync((MemberStatus.Confirmed, first.Id), (MemberStatus.Proposed, proposed.Id));
        using var api = app.ApiClient(analyst);
        var decided = await api.PostAsJsonAsync($"/api/v1/series/{seriesId}/members/{proposed.Id}/decision", new { confirm = true, reason = "Same churchyard, same finder." });
        Assert.Equal(HttpStatusCode.NoContent, decided.StatusCode);

        using var web = await app.SignedInClientAsync(analyst);
        var audit = Section(await web.GetStringAsync($"/series/{seriesId}"), "audit-h");
        Assert.Contains($"API token &#x27;test&#x27; of {name} ({analyst.UserName})", audit, StringComparison.Ordinal);
        Assert.Contains($"changed a member of a linked series: {proposed.Reference}", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(">update member<", audit, StringComparison.Ordinal);
    }

    /// <summary>ADR 3241's leftover: the Decisions list said "VGL-… confirmed as a member — “reason”" and not who decided it,
    /// where the pair decisions beside it and the rest of the page name officers.</summary>
    [Fact]
    public async Task TheDecisionsList_SaysWhoDecidedEachMember_ByName()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var name = await app.NameAsync(analyst, "Priya Castellanos");
        var first = await DeathAsync(ivy, "Owen Carraway");
        var proposed = await DeathAsync(ivy, "Mateo Lindqvist");
        var (seriesId, _) = await SeriesAsync((MemberStatus.Confirmed, first.Id), (MemberStatus.Proposed, proposed.Id));
        // Proposed by the engine: the list names the members the engine proposed and an analyst decided.
        await app.WithDbAsync(db => db.Set<LinkedSeriesMember>().Where(m => m.SeriesId == seriesId)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.AddedBy, Vigil.Web.Features.Linkage.Alerts.AlertWriter.Engine)));
        using var api = app.ApiClient(analyst);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/series/{seriesId}/members/{proposed.Id}/decision",
            new { confirm = true, reason = "Same churchyard, same finder." })).StatusCode);

        using var web = await app.SignedInClientAsync(analyst);
        var decisions = Section(await web.GetStringAsync($"/series/{seriesId}"), "decisions-h");
        Assert.Contains($"{proposed.Reference} <strong>confirmed</strong> as a member by {name}", decisions, StringComparison.Ordinal);
        Assert.DoesNotContain(analyst.Id, decisions, StringComparison.Ordinal);
    }

    /// <summary>Finding 15: "ghb as in 3 of its 3 deaths" (an engine key, a broken phrase), said as the deaths record it.</summary>
    [Fact]
    public async Task TheSeriesReasons_SayTheSubstanceAsRecorded_AndTheKindInWords()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var first = await DeathAsync(ivy, "Owen Carraway");
        var proposed = await DeathAsync(ivy, "Mateo Lindqvist");
        var reasons = AlertReasons.Join(["Scored against the series as a whole: 100% that it belongs.",
            "Shares with the series: ghb as in 1 of its 1 deaths; churchyard as in 1 of its 1 deaths; GHB/GBL deaths: 1 of its 1 deaths are; found 12 days after its latest death."]);
        var (seriesId, _) = await SeriesAsync(reasons, (MemberStatus.Confirmed, first.Id), (MemberStatus.Proposed, proposed.Id));

        using var web = await app.SignedInClientAsync(analyst);
        var members = Section(await web.GetStringAsync($"/series/{seriesId}"), "members-h");
        Assert.Contains("Shares with the series: GHB, as in 1 of its 1 deaths; churchyard, as in 1 of its 1 deaths; a GHB/GBL death, as 1 of its 1 deaths are;", members, StringComparison.Ordinal);
        Assert.DoesNotContain("ghb as in", members, StringComparison.Ordinal);
    }

    /// <summary>Round 54 left the API giving the series' reasons and its alerts in the engine's words only ("ghb as in 1
    /// of its 1 deaths; GHB/GBL deaths: 1 of its 1 deaths are"): the API now gives them in the pages' words beside the
    /// engine's own, which stay as they were (ADR 3254).</summary>
    [Fact]
    public async Task TheApi_GivesTheSeriesReasonsAndItsAlert_InThePagesWords_BesideTheEnginesOwn()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var first = await DeathAsync(ivy, "Owen Carraway");
        var proposed = await DeathAsync(ivy, "Mateo Lindqvist");
        const string scored = "Scored against the series as a whole: 100% that it belongs.";
        var reasons = AlertReasons.Join([scored, "Shares with the series: ghb as in 1 of its 1 deaths; churchyard as in 1 of its 1 deaths; GHB/GBL deaths: 1 of its 1 deaths are."]);
        var seriesId = await app.WithDbAsync(async db =>
        {
            var series = new LinkedSeries
            {
                Reference = "LS-W-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Confirmed, Kind = AlertKind.Person,
                Summary = reasons, CreatedAt = DateTime.UtcNow, CreatedBy = AlertWriter.Engine,
            };
            db.Add(series);
            foreach (var (status, caseId) in new[] { (MemberStatus.Confirmed, first.Id), (MemberStatus.Proposed, proposed.Id) })
                db.Add(new LinkedSeriesMember
                {
                    SeriesId = series.Id, CaseId = caseId, Status = status, Evidence = AlertKind.Person, Probability = 0.97, AddedAt = DateTime.UtcNow,
                    AddedBy = AlertWriter.Engine, Reasons = reasons, DecidedAt = status == MemberStatus.Proposed ? null : DateTime.UtcNow,
                    DecidedBy = status == MemberStatus.Proposed ? null : "analyst",
                });
            await db.SaveChangesAsync();
            return series.Id;
        });
        using var api = app.ApiClient(analyst);

        var series = JsonNode.Parse(await api.GetStringAsync($"/api/v1/series/{seriesId}"))!;
        var inWords = AlertReasons.Join([scored, "Shares with the series: GHB, as in 1 of its 1 deaths; churchyard, as in 1 of its 1 deaths; a GHB/GBL death, as 1 of its 1 deaths are."]);
        Assert.Equal(reasons, (string?)series["summary"]);
        Assert.Equal(inWords, (string?)series["summary_in_words"]);
        var member = series["members"]!.AsArray().Single(m => (Guid)m!["case_id"]! == proposed.Id)!;
        Assert.Equal(reasons, (string?)member["reasons"]);
        Assert.Equal(inWords, (string?)member["reasons_in_words"]);

        // The alert, as the queue page says it: without the deaths' spellings there, the substance as the engine keeps it.
        var alert = JsonNode.Parse(await api.GetStringAsync($"/api/v1/linkage/alerts?caseId={proposed.Id}"))!.AsArray()
            .Single(a => (string?)a!["link"] == $"/series/{seriesId}")!;
        Assert.Equal(reasons, (string?)alert["summary"]);
        var said = (string?)alert["summary_in_words"];
        Assert.Contains("ghb, as in 1 of its 1 deaths; churchyard, as in 1 of its 1 deaths; a GHB/GBL death, as 1 of its 1 deaths are.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("ghb as in", said, StringComparison.Ordinal);
    }

    /// <summary>The OpenAPI document lists each "…_in_words" field beside the engine's own (ADR 3254).</summary>
    [Fact]
    public async Task OpenApiDocument_ListsTheWordsBesideTheEnginesOwn()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, engine, words) in new[]
        {
            ("SeriesResponse", "summary", "summary_in_words"), ("MemberRow", "reasons", "reasons_in_words"), ("QueueRow", "summary", "summary_in_words"),
            ("QueueItem", "summary", "summary_in_words"), ("ExplanationResponse", "summary", "summary_in_words"),
            ("ExplanationItemResponse", "finding", "finding_in_words"),
        })
        {
            var properties = schemas.GetProperty(schema).GetProperty("properties");
            Assert.True(properties.TryGetProperty(engine, out _), $"{schema} lost {engine}");
            Assert.True(properties.TryGetProperty(words, out _), $"{schema} has no {words}");
        }
    }

    /// <summary>A "review linked series" action as LinkDecisions raises one.</summary>
    private static CaseAction Review(Guid caseId, int number, string reference, DateTime due, string status, string? to) => new()
    {
        CaseId = caseId, Number = number, Title = $"Review linked series {reference}", Source = "linked-series-review", Mandatory = true,
        Status = status, RaisedAt = due.AddDays(-28), RaisedBy = "analyst", DueAt = due, AllocatedTo = to, AllocatedAt = to is null ? null : due.AddDays(-27),
    };

    /// <summary>The page's section headed by the element with this id, to its end.</summary>
    private static string Section(string page, string headingId)
    {
        var start = page.IndexOf($"id=\"{headingId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, headingId);
        return page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static int Count(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    /// <summary>A death alike nothing else (a finder and place of its own), so the only series it is in is the test's.</summary>
    private Task<CaseResponse> DeathAsync(TestUser owner, string name) => app.CreateCaseAsync(owner, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, name));

    private Task<(Guid Id, string Reference)> SeriesAsync(params (string Status, Guid CaseId)[] members) => SeriesAsync("", members);

    /// <summary>A confirmed series of these deaths, each member with its status and these reasons.</summary>
    private Task<(Guid Id, string Reference)> SeriesAsync(string reasons, params (string Status, Guid CaseId)[] members) => app.WithDbAsync(async db =>
    {
        var series = new LinkedSeries
        {
            Reference = "LS-P-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Confirmed, Kind = AlertKind.Person,
            Summary = "", CreatedAt = DateTime.UtcNow, CreatedBy = "engine",
        };
        db.Add(series);
        foreach (var (status, caseId) in members)
            db.Add(new LinkedSeriesMember
            {
                SeriesId = series.Id, CaseId = caseId, Status = status, Evidence = AlertKind.Person, Probability = 0.97, AddedAt = DateTime.UtcNow, AddedBy = "engine",
                Reasons = reasons, DecidedAt = status == MemberStatus.Proposed ? null : DateTime.UtcNow, DecidedBy = status == MemberStatus.Proposed ? null : "analyst",
            });
        await db.SaveChangesAsync();
        return (series.Id, series.Reference);
    });
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesPageTests_Sqlite(SqliteApp app) : SeriesPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesPageTests_Postgres(PostgresApp app) : SeriesPageTests(app);
