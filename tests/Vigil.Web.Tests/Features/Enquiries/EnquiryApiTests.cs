using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

public abstract class EnquiryApiTests(VigilAppFactory app)
{
    [Fact]
    public async Task Create_RaisesTheActionsItsFactsCallFor_AndAnEditDoesNotRaiseThemAgain()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var client = app.ApiClient(ivy);
        var actions = await ActionsAsync(client, c.Id);
        Assert.Contains(actions, a => a.Source == "note-handwriting" && a.Mandatory);
        Assert.Contains(actions, a => a.Source == "paraphernalia-forensic" && a.Title.Contains("syringe", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.Title == "Trace, interview, eliminate (TIE): last seen with Rowan Vale");
        Assert.Equal(Enumerable.Range(1, actions.Count), actions.Select(a => a.Number));

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{c.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(c.Record with { Narrative = "edited" }), options: ApiJson.Client) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        (await client.SendAsync(put)).EnsureSuccessStatusCode();
        Assert.Equal(actions.Count, (await ActionsAsync(client, c.Id)).Count);
    }

    /// <summary>Issue 8, finding 11: a supervisor's own override is a request too; only a different supervisor signs it.</summary>
    [Fact]
    public async Task NotSuspicious_WithOpenActions_IsRefused_ASupervisorsOverrideAwaitsAnotherSupervisor_AndTheLogShowsIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        using var second = app.ApiClient(sue);

        var refused = await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var why = await ProblemTitleAsync(refused);
        Assert.Contains("mandatory actions still open", why, StringComparison.Ordinal);
        Assert.Contains("post-mortem result is not recorded", why, StringComparison.Ordinal);

        var asked = await ClassifyAsync(supervisor, c.Id, "unexpected-not-suspicious", "Coroner requires an interim category; enquiries continue");
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var request = Assert.Single(await DecisionsAsync(investigator, c.Id));
        Assert.Equal("override-requested", request.Kind);
        Assert.Equal("unexpected-under-investigation", (await investigator.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
        var selfSign = await PostSeenAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("I sign my own"));
        Assert.Equal(HttpStatusCode.Conflict, selfSign.StatusCode);

        var signed = await PostSeenAsync(second, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("Agreed: interim category for the coroner"));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var log = await DecisionsAsync(investigator, c.Id);
        Assert.Equal(["override-requested", "override-signed", "classification"], log.Select(d => d.Kind));
        Assert.Contains("mandatory actions still open", log[1].BlockedBy, StringComparison.Ordinal);
        Assert.Equal(sam.UserName, log[0].DecidedBy);
        Assert.Equal(sue.UserName, log[1].DecidedBy);
        Assert.Equal(log[1].Id, log[2].Signs);
        var csv = await investigator.GetStringAsync($"/api/v1/cases/{c.Id}/decisions.csv");
        Assert.Contains("override-signed", csv, StringComparison.Ordinal);
        Assert.Contains("Coroner requires an interim category; enquiries continue", csv, StringComparison.Ordinal);
        Assert.Equal("unexpected-not-suspicious", (await investigator.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
    }

    [Fact]
    public async Task InvestigatorsOverride_AwaitsAnotherSupervisor_AndTheInvestigatorCannotSignIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);

        var asked = await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious", "Family ask for release of the body");
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var request = Assert.Single(await DecisionsAsync(investigator, c.Id));
        Assert.Equal("override-requested", request.Kind);
        var selfSign = await PostSeenAsync(investigator, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("I sign my own"));
        Assert.Equal(HttpStatusCode.Forbidden, selfSign.StatusCode);
        Assert.Equal("unexpected-under-investigation", (await investigator.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);

        var signed = await PostSeenAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("Reviewed the file; agreed"));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var again = await PostSeenAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("twice"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["override-requested", "override-signed", "classification"], (await DecisionsAsync(investigator, c.Id)).Select(d => d.Kind));
    }

    [Fact]
    public async Task SupervisorWhoAskedForAnOverride_CannotSignIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var supervisor = app.ApiClient(sam);
        // Recorded by hand as a request from the supervisor, to check the signer rule independently of roles.
        await app.WithDbAsync(async db =>
        {
            db.CaseDecisions.Add(new Vigil.Data.Enquiries.CaseDecision { CaseId = c.Id, Sequence = 1, Kind = "override-requested", FromCategory = c.Classification,
                ToCategory = "unexpected-not-suspicious", Rationale = "r", DecidedBy = sam.UserName, DecidedByRole = "supervisor", At = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var request = Assert.Single(await DecisionsAsync(supervisor, c.Id));
        var sign = await PostSeenAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("mine"));
        Assert.Equal(HttpStatusCode.Conflict, sign.StatusCode);
        Assert.Equal("You asked for this override: another supervisor must sign it.", await ProblemTitleAsync(sign));
    }

    [Fact]
    public async Task Close_IsAllowedWithoutOverride_OnceActionsAreReviewed_AndResultsRecorded()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);

        var closeEarly = await ClassifyAsync(investigator, c.Id, ClassificationCommands.Close);
        Assert.Equal(HttpStatusCode.Conflict, closeEarly.StatusCode);
        var first = (await ActionsAsync(investigator, c.Id)).First(a => a.Mandatory);
        (await MoveAsync(investigator, c.Id, first.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        (await MoveAsync(investigator, c.Id, first.Number, "submit-result", text: "done")).EnsureSuccessStatusCode();
        var unreviewed = await MoveAsync(investigator, c.Id, first.Number, "close");
        Assert.Equal(HttpStatusCode.Conflict, unreviewed.StatusCode);
        Assert.Equal($"A{first.Number} is mandatory: a supervisor must review its result before it is closed.", await ProblemTitleAsync(unreviewed));
        var byInvestigator = await MoveAsync(investigator, c.Id, first.Number, "review");
        Assert.Equal(HttpStatusCode.Conflict, byInvestigator.StatusCode);

        await CloseAllMandatoryAsync(app, investigator, supervisor, c.Id, ivy.UserName);
        foreach (var kind in new[] { "post-mortem", "toxicology" })
            (await investigator.PostAsJsonAsync($"/api/v1/cases/{c.Id}/examinations", new ExaminationRequest(kind, "GHB 310 mg/L", null), ApiJson.Client)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(investigator, c.Id, ClassificationCommands.Close)).StatusCode);
        var afterClose = await ClassifyAsync(investigator, c.Id, "homicide");
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
    }

    /// <summary>A post-mortem or toxicology result dated ahead is refused with a problem in words, and nothing is recorded
    /// (it was taken before round 65; a movement in the future never was).</summary>
    [Fact]
    public async Task AnExaminationReceivedInTheFuture_IsRefused_AndNothingIsRecorded()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        var tomorrow = DateTime.UtcNow.AddDays(1);

        var refused = await investigator.PostAsJsonAsync($"/api/v1/cases/{c.Id}/examinations", new ExaminationRequest("toxicology", "GHB 310 mg/L", tomorrow), ApiJson.Client);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("A result cannot be received in the future.", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.ExaminationResults.CountAsync(e => e.CaseId == c.Id)));
        Assert.Equal(HttpStatusCode.NoContent, (await investigator.PostAsJsonAsync($"/api/v1/cases/{c.Id}/examinations",
            new ExaminationRequest("toxicology", "GHB 310 mg/L", DateTime.UtcNow.AddHours(-2)), ApiJson.Client)).StatusCode);
    }

    [Fact]
    public async Task ActionRequestFromAnotherCapability_BecomesTheNextNumberedAction()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var client = app.ApiClient(ivy);
        var before = await ActionsAsync(client, c.Id);
        await app.WithScopeAsync(async sp =>
        {
            var sink = sp.GetRequiredService<ICaseActionSink>();
            Assert.IsType<Vigil.Web.Features.Enquiries.Actions.EnquiryActionSink>(sink);
            var db = sp.GetRequiredService<Vigil.Data.VigilDbContext>();
            await sink.RaiseAsync(db, new ActionRequest(c.Id, "linkage-series", "Review the linked series", "3 deaths linked", true, TimeSpan.FromDays(2), "linkage"), default);
            await db.SaveChangesAsync();
            return true;
        });
        var raised = (await ActionsAsync(client, c.Id)).Single(a => a.Source == "linkage-series");
        Assert.Equal(before.Max(a => a.Number) + 1, raised.Number);
        Assert.True(raised.Mandatory);
    }

    [Fact]
    public async Task Analyst_CanReadButNotEdit()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var analyst = app.ApiClient(ann);
        Assert.NotEmpty(await ActionsAsync(analyst, c.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await ClassifyAsync(analyst, c.Id, "homicide")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(analyst, c.Id, 1, "allocate", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/cases/{c.Id}/examinations", new ExaminationRequest("toxicology", "x", null), ApiJson.Client)).StatusCode);
    }

    [Fact]
    public async Task AnotherTeamsCase_Is404_ForEveryEnquiryRoute()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var client = app.ApiClient(other);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{c.Id}/actions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{c.Id}/decisions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ClassifyAsync(client, c.Id, "homicide")).StatusCode);
    }

    [Fact]
    public async Task EditCarryingAClassification_DoesNotChangeIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var client = app.ApiClient(ivy);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{c.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(c.Record with { Classification = "unexpected-not-suspicious" }), options: ApiJson.Client) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        (await client.SendAsync(put)).EnsureSuccessStatusCode();
        Assert.Equal("unexpected-under-investigation", (await client.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EnquiryApiTests_Sqlite(SqliteApp app) : EnquiryApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EnquiryApiTests_Postgres(PostgresApp app) : EnquiryApiTests(app);
