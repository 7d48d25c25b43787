using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>A link between a case a user may see and one they may not must not disclose the other case.</summary>
public abstract class LinkageAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task LinkIntoAnotherTeam_DisclosesNothingOfTheOtherCase_ToInvestigatorOrTeamSupervisor()
    {
        var ours = await app.CreateUserAsync(Roles.Investigator);
        var theirs = await app.CreateUserAsync(Roles.Investigator);
        var ourSupervisor = await app.CreateUserAsync(Roles.Supervisor, ours.Team);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var reviewer = await app.CreateUserAsync(Roles.Reviewer);
        var finder = LinkageSamples.UniqueFinder();
        var secretName = "Hidden " + Guid.NewGuid().ToString("N")[..8];
        var visible = await app.CreateCaseAsync(ours, LinkageSamples.Victim(finder, 0, "Owen Carraway"));
        var hidden = await app.CreateCaseAsync(theirs, LinkageSamples.Victim(finder, 25, secretName));

        using var annApi = app.ApiClient(ann);
        await LinkageClient.ComparedAsync(app, hidden.Id);
        var row = Assert.Single(await LinkageClient.QueueAsync(annApi, hidden.Id), r => r.EarlierRef == visible.Reference);
        using var reviewerApi = app.ApiClient(reviewer);
        Assert.Contains(await LinkageClient.QueueAsync(reviewerApi, hidden.Id), r => r.Id == row.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewerApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(true, "x"), ApiJson.Client)).StatusCode);

        // The team's supervisor analyses too, but only within scope: the pair does not exist for them.
        using var supervisorApi = app.ApiClient(ourSupervisor);
        Assert.DoesNotContain(await LinkageClient.QueueAsync(supervisorApi, visible.Id), r => r.Id == row.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisorApi.GetAsync($"/api/v1/linkage/candidates/{row.Id}/explanation")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisorApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(false, "x"), ApiJson.Client)).StatusCode);
        using var supervisorBrowser = await app.SignedInClientAsync(ourSupervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisorBrowser.GetAsync($"/linkage/candidates/{row.Id}")).StatusCode);

        // While the pair is open, the case page counts it for whoever may read both deaths and for no one else.
        using (var annBrowser = await app.SignedInClientAsync(ann))
            Assert.Contains("1 possible link with deaths you can see is awaiting", Forms.Parse(await annBrowser.GetStringAsync($"/cases/{hidden.Id}")).QuerySelector(".linkage-panel")!.TextContent, StringComparison.Ordinal);
        using (var ourBrowser = await app.SignedInClientAsync(ours))
        {
            var openPage = await ourBrowser.GetStringAsync($"/cases/{visible.Id}");
            Assert.DoesNotContain("possible link", Forms.Parse(openPage).QuerySelector(".linkage-panel")!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(hidden.Reference, openPage, StringComparison.Ordinal);
            Assert.DoesNotContain(secretName, openPage, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(true, "same finder"), ApiJson.Client)).StatusCode);

        using var investigator = await app.SignedInClientAsync(ours);
        Assert.True(IsDenied(await investigator.GetAsync("/linkage")));
        using var investigatorApi = app.ApiClient(ours);
        Assert.Equal(HttpStatusCode.Forbidden, (await investigatorApi.GetAsync("/api/v1/linkage/candidates")).StatusCode);
        var casePage = await investigator.GetStringAsync($"/cases/{visible.Id}");
        var panel = Forms.Parse(casePage).QuerySelector(".linkage-panel")!.TextContent;
        Assert.Contains("LS-", panel, StringComparison.Ordinal);
        Assert.Contains("1 other death in this series is held by other teams", panel, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Reference, casePage, StringComparison.Ordinal);
        Assert.DoesNotContain(secretName, casePage, StringComparison.Ordinal);
        var inbox = await investigator.GetStringAsync("/notifications");
        Assert.Contains(visible.Reference, inbox, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Reference, inbox, StringComparison.Ordinal);
        Assert.DoesNotContain(secretName, inbox, StringComparison.Ordinal);
        var theirNotes = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Notifications().Where(n => n.UserId == theirs.Id).ToListAsync());
        Assert.Contains(theirNotes, n => n.CaseId == hidden.Id);
    }

    /// <summary>Pages answer a denial with the access-denied page, the API with 403.</summary>
    internal static bool IsDenied(HttpResponseMessage r) => r.StatusCode == HttpStatusCode.Forbidden
        || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) == true);
}

[Collection(SqliteCollection.Name)]
public sealed class LinkageAccessTests_Sqlite(SqliteApp app) : LinkageAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LinkageAccessTests_Postgres(PostgresApp app) : LinkageAccessTests(app);
