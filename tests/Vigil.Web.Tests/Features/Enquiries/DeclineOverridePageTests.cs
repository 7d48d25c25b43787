using System.Net;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Features.Cases;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Issue 9.1: the case page offers "Decline override" to exactly the officers the API lets decline — any
/// supervisor of the case's team, the supervisor who asked and the officer in charge included — and "Sign override"
/// only to a supervisor who is neither (ADR 0505, 1402, 1631).</summary>
public abstract class DeclineOverridePageTests(VigilAppFactory app)
{
    private sealed record Setup(TestUser Ivy, TestUser Sam, TestUser Sue, Guid CaseId, Guid RequestId);

    /// <summary>The supervisor Sue asks for an override on Ivy's case, whose officer in charge is the supervisor Sam.</summary>
    private async Task<Setup> SupervisorAsksAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var asker = app.ApiClient(sue);
        Assert.Equal(HttpStatusCode.OK, (await OfficerInChargeTests.NameAsync(asker, c.Id, sam.Id, c.Version)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(asker, c.Id, "unexpected-not-suspicious", "Coroner asks for an interim category")).StatusCode);
        return new(ivy, sam, sue, c.Id, Assert.Single(await DecisionsAsync(asker, c.Id)).Id);
    }

    private async Task<List<string>> ButtonsAsync(TestUser user, Setup s)
    {
        using var web = await app.SignedInClientAsync(user);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{s.CaseId}"));
        Assert.NotNull(page.QuerySelector($"#override-{s.RequestId}"));
        return page.QuerySelectorAll($"#override-{s.RequestId} button").Select(b => b.TextContent.Trim()).ToList();
    }

    [Fact]
    public async Task TheAskerAndTheOfficerInCharge_AreOfferedOnlyDecline_AnotherSupervisorBoth_OthersNeither()
    {
        var s = await SupervisorAsksAsync();
        Assert.Equal(["Decline override"], await ButtonsAsync(s.Sue, s));
        Assert.Equal(["Decline override"], await ButtonsAsync(s.Sam, s));
        Assert.Equal(["Sign override", "Decline override"], await ButtonsAsync(await app.CreateUserAsync(Roles.Supervisor, s.Ivy.Team), s));
        Assert.Empty(await ButtonsAsync(s.Ivy, s));
        Assert.Empty(await ButtonsAsync(await app.CreateUserAsync(Roles.Analyst), s));
        Assert.Empty(await ButtonsAsync(await app.CreateUserAsync(Roles.Reviewer), s));
        using var otherTeam = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Supervisor));
        Assert.Equal(HttpStatusCode.NotFound, (await otherTeam.GetAsync($"/cases/{s.CaseId}")).StatusCode);
    }

    [Fact]
    public async Task TheAskerWithdraws_OnThePage_AnEmptyReasonIsRefusedBesideTheField_ThenTheDeclineIsLogged()
    {
        var s = await SupervisorAsksAsync();
        using var web = await app.SignedInClientAsync(s.Sue);
        var form = new Dictionary<string, string> { ["__form"] = $"override-{s.RequestId}", ["DecisionId"] = s.RequestId.ToString(), ["Text"] = " " };
        var empty = await Forms.PostAsync(web, $"/cases/{s.CaseId}/enquiry?handler=Decline", form, $"/cases/{s.CaseId}");
        Assert.Equal($"/cases/{s.CaseId}#decisions", empty.Headers.Location!.OriginalString);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{s.CaseId}"));
        Assert.Contains("Write why you decline", page.QuerySelector($"#override-{s.RequestId} .field-error")!.TextContent, StringComparison.Ordinal);

        form["Text"] = "Withdrawn: the post-mortem is tomorrow";
        var declined = await Forms.PostAsync(web, $"/cases/{s.CaseId}/enquiry?handler=Decline", form, $"/cases/{s.CaseId}");
        Assert.Equal($"/cases/{s.CaseId}#decisions", declined.Headers.Location!.OriginalString);
        page = Forms.Parse(await web.GetStringAsync($"/cases/{s.CaseId}"));
        Assert.Contains("Override declined", page.QuerySelector("#decisions [data-flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"#override-{s.RequestId}"));
        using var api = app.ApiClient(s.Ivy);
        var log = await DecisionsAsync(api, s.CaseId);
        Assert.Equal(["override-requested", "override-declined"], log.Select(d => d.Kind));
        Assert.Equal((s.Sue.UserName, "Withdrawn: the post-mortem is tomorrow"), (log[1].DecidedBy, log[1].Rationale));
    }

    [Fact]
    public async Task AnInvestigatorPostingADecline_IsRefused_AndNothingIsLogged()
    {
        var s = await SupervisorAsksAsync();
        using var web = await app.SignedInClientAsync(s.Ivy);
        var posted = await Forms.PostAsync(web, $"/cases/{s.CaseId}/enquiry?handler=Decline",
            new() { ["__form"] = $"override-{s.RequestId}", ["DecisionId"] = s.RequestId.ToString(), ["Text"] = "no" }, $"/cases/{s.CaseId}");
        Assert.Equal($"/cases/{s.CaseId}#decisions", posted.Headers.Location!.OriginalString);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{s.CaseId}"));
        Assert.Contains("Only a supervisor can decline", page.QuerySelector("#decisions [data-error-summary]")!.TextContent, StringComparison.Ordinal);
        using var api = app.ApiClient(s.Ivy);
        Assert.Equal(["override-requested"], (await DecisionsAsync(api, s.CaseId)).Select(d => d.Kind));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DeclineOverridePageTests_Sqlite(SqliteApp app) : DeclineOverridePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DeclineOverridePageTests_Postgres(PostgresApp app) : DeclineOverridePageTests(app);
