using System.Net;
using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Cases;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Issue 8, finding 11: the signer of an override is never the requester, nor the case's officer in charge
/// (ADR 0505, 1402) — by the API and by the case page.</summary>
public abstract class OverrideOfficerInChargeTests(VigilAppFactory app)
{
    /// <summary>An investigator's override request on a case whose officer in charge is the supervisor <c>Sam</c>.</summary>
    private async Task<(TestUser Sam, TestUser Sue, Guid CaseId, Guid RequestId)> PendingWithSupervisorInChargeAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var second = app.ApiClient(sue);
        Assert.Equal(HttpStatusCode.OK, (await OfficerInChargeTests.NameAsync(second, c.Id, sam.Id, c.Version)).StatusCode);
        using var investigator = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious", "Coroner asks for an interim category")).StatusCode);
        var request = Assert.Single(await DecisionsAsync(investigator, c.Id));
        return (sam, sue, c.Id, request.Id);
    }

    [Fact]
    public async Task TheOfficerInCharge_CannotSignAnOverride_ByTheApi_AnotherSupervisorCan()
    {
        var (sam, sue, caseId, requestId) = await PendingWithSupervisorInChargeAsync();
        using var inCharge = app.ApiClient(sam);
        var refused = await PostSeenAsync(inCharge, $"/api/v1/cases/{caseId}/decisions/{requestId}/sign", new SignRequest("I lead it and I agree"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("officer in charge", await ProblemTitleAsync(refused), StringComparison.Ordinal);
        Assert.Equal(["override-requested"], (await DecisionsAsync(inCharge, caseId)).Select(d => d.Kind));

        using var other = app.ApiClient(sue);
        Assert.Equal(HttpStatusCode.OK, (await PostSeenAsync(other, $"/api/v1/cases/{caseId}/decisions/{requestId}/sign", new SignRequest("Independent view: agreed"))).StatusCode);
        Assert.Equal(["override-requested", "override-signed", "classification"], (await DecisionsAsync(inCharge, caseId)).Select(d => d.Kind));
    }

    [Fact]
    public async Task TheOfficerInCharge_IsNotOfferedTheSignForm_AndAPostedSignatureIsRefusedInThePanel()
    {
        var (sam, _, caseId, requestId) = await PendingWithSupervisorInChargeAsync();
        using var web = await app.SignedInClientAsync(sam);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{caseId}"));
        // Offered the decline (as the API allows), never the signature.
        Assert.Equal(["Decline override"], page.QuerySelectorAll($"#override-{requestId} button").Select(b => b.TextContent.Trim()));
        Assert.Contains("officer in charge", page.QuerySelector($"#override-{requestId}-why")!.TextContent, StringComparison.Ordinal);

        var posted = await Forms.PostAsync(web, $"/cases/{caseId}/enquiry?handler=Sign",
            new() { ["__form"] = $"override-{requestId}", ["DecisionId"] = requestId.ToString(), ["Text"] = "I lead it and I agree" }, $"/cases/{caseId}");
        Assert.Equal($"/cases/{caseId}#decisions", posted.Headers.Location!.OriginalString);
        page = Forms.Parse(await web.GetStringAsync($"/cases/{caseId}"));
        Assert.Contains("You are the officer in charge of this case", page.QuerySelector($"#override-{requestId} [data-error-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("I lead it and I agree", page.QuerySelector($"#sign-{requestId}")!.TextContent);
        using var api = app.ApiClient(sam);
        Assert.Equal(["override-requested"], (await DecisionsAsync(api, caseId)).Select(d => d.Kind));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OverrideOfficerInChargeTests_Sqlite(SqliteApp app) : OverrideOfficerInChargeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OverrideOfficerInChargeTests_Postgres(PostgresApp app) : OverrideOfficerInChargeTests(app);
