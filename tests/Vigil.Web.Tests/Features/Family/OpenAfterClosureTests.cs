using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Liaison;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3367: a family keeps portal access after closure until their FLO withdraws it (ADR 3361); the liaison
/// manager's list of the team's closed cases whose portal is still open, so none is left open for years by neglect.</summary>
public abstract class OpenAfterClosureTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheList_ShowsTheTeamsClosedCaseWithAccessOpen_NotOneWithdrawn_NorAnotherTeams_NorAnOpenCase()
    {
        var open = await FamilyKit.CaseAsync(app);
        await FamilyKit.FamilySessionAsync(app, open);
        var withdrawn = await SecondCaseOfTheTeamAsync(open);
        await FamilyKit.FamilySessionAsync(app, withdrawn);
        var stillOpen = await SecondCaseOfTheTeamAsync(open); // access open, never closed
        await FamilyKit.FamilySessionAsync(app, stillOpen);
        var otherTeam = await FamilyKit.CaseAsync(app);
        await FamilyKit.FamilySessionAsync(app, otherTeam);
        using var flo = await app.SignedInClientAsync(open.Flo);
        var account = await app.WithDbAsync(db => db.FamilyAccounts.Where(a => a.CaseId == withdrawn.Case.Id).Select(a => a.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(flo, $"/cases/{withdrawn.Case.Id}/family?handler=Withdraw",
            new() { ["accountId"] = account.ToString() }, $"/cases/{withdrawn.Case.Id}/family")).StatusCode);
        foreach (var f in new[] { open, withdrawn, otherTeam }) await CloseAsync(f);

        var manager = await app.CreateUserAsync(Roles.Supervisor, open.Investigator.Team);
        using var supervisor = await app.SignedInClientAsync(manager);
        Assert.Contains(OpenAfterClosure.Href, await supervisor.GetStringAsync("/liaison"), StringComparison.Ordinal);
        foreach (var reader in new[] { supervisor, flo })
        {
            var page = await reader.GetStringAsync(OpenAfterClosure.Href);
            var row = Assert.Single(Forms.Parse(page).QuerySelectorAll("table.work-list tbody tr"));
            Assert.Contains(open.Case.Reference, row.TextContent, StringComparison.Ordinal);
            Assert.Contains("1 account open", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("0 days ago", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("not recorded", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("goes on", row.TextContent, StringComparison.Ordinal);
            foreach (var hidden in new[] { withdrawn, stillOpen, otherTeam })
                Assert.DoesNotContain(hidden.Case.Reference, page, StringComparison.Ordinal);
        }

        // The FLO tells them and records the exit agreed: the list says so, and the access still open.
        var task = await app.WithDbAsync(db => db.FamilyTasks.Where(t => t.CaseId == open.Case.Id && t.Kind == CaseEventKinds.Closed).Select(t => t.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(flo, $"/cases/{open.Case.Id}/family?handler=Task",
            new() { ["taskId"] = task.ToString(), ["outcome"] = "Agreed: the portal stays open until the inquest " + open.Marker }, $"/cases/{open.Case.Id}/family")).StatusCode);
        var told = Assert.Single(Forms.Parse(await supervisor.GetStringAsync(OpenAfterClosure.Href)).QuerySelectorAll("table.work-list tbody tr"));
        Assert.Contains("Agreed: the portal stays open until the inquest " + open.Marker, told.TextContent, StringComparison.Ordinal);

        // The other team's liaison manager sees their own case, and never this team's.
        using var otherManager = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Supervisor, otherTeam.Investigator.Team));
        var theirs = await otherManager.GetStringAsync(OpenAfterClosure.Href);
        Assert.Contains(otherTeam.Case.Reference, theirs, StringComparison.Ordinal);
        Assert.DoesNotContain(open.Case.Reference, theirs, StringComparison.Ordinal);
    }

    /// <summary>Another case of the same team, with the same FLO deployed and a member.</summary>
    private async Task<FamilyCase> SecondCaseOfTheTeamAsync(FamilyCase f)
    {
        var c = await app.CreateCaseAsync(f.Investigator, Samples.Record());
        var member = new Vigil.Data.Family.FamilyMember { CaseId = c.Id, Name = "Sarah " + f.Marker, Relationship = "sister" };
        await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            await commands.DeployAsync(c.Id, f.Flo.Id, "DC Flo " + f.Marker, "07700 900001", default);
            await commands.AddMemberAsync(member, default);
            return true;
        });
        return f with { Case = c, MemberId = member.Id };
    }

    private async Task CloseAsync(FamilyCase f)
    {
        using var asker = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, f.Investigator.Team));
        using var signer = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, f.Investigator.Team));
        Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(asker, signer, f.Case.Id,
            new ClassifyRequest(ClassificationCommands.Close, "File closed.", null, "Nothing further to do."))).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OpenAfterClosureTests_Sqlite(SqliteApp app) : OpenAfterClosureTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OpenAfterClosureTests_Postgres(PostgresApp app) : OpenAfterClosureTests(app);
