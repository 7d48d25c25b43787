using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Family;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Issue 8, finding 4: a family member is never mistaken for staff in the audit trail, whatever user name
/// they chose, and creating their account is attributed to them (the invitation's member), not to "anonymous".</summary>
public abstract class FamilyActorTests(VigilAppFactory app)
{
    [Fact]
    public async Task AFamilyAccountNamedLikeStaff_IsRecordedAndShownAsFamily()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var family = FamilyKit.Browser(app);
        var userName = "supervisor";
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(family, await FamilyKit.InviteAsync(app, f), userName)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = "Who found him? " + f.Marker })).StatusCode);

        var accountId = Guid.Empty;
        await app.WithDbAsync(async db =>
        {
            accountId = (await db.FamilyAccounts.SingleAsync(a => a.CaseId == f.Case.Id)).Id;
            var entries = await db.AuditEntries.Where(e => e.CaseId == f.Case.Id && (e.EntityType == "FamilyAccount" || e.EntityType == "FamilyQuestion" || e.EntityType == "FamilyInvitation"))
                .Where(e => e.Action != "view").ToListAsync();
            var created = Assert.Single(entries, e => e.EntityType == "FamilyAccount" && e.Action == "create");
            Assert.Equal($"family:{accountId}", created.Actor);
            Assert.Equal($"family:{accountId}", Assert.Single(entries, e => e.EntityType == "FamilyQuestion").Actor);
            Assert.DoesNotContain(entries, e => e.Actor.StartsWith("user:", StringComparison.Ordinal) && e.Actor.EndsWith(":" + userName, StringComparison.Ordinal));
            Assert.DoesNotContain(entries, e => e.Actor == "anonymous");
        });

        var shown = Vigil.Web.Features.Audit.AuditActor.Say($"family:{accountId}");
        Assert.NotEqual(userName, shown);
        Assert.StartsWith("family", shown, StringComparison.Ordinal);
        using var investigator = await app.SignedInClientAsync(f.Investigator);
        var rows = Forms.Parse(await investigator.GetStringAsync($"/cases/{f.Case.Id}")).QuerySelectorAll("table.audit tbody tr")
            .Select(r => r.QuerySelectorAll("td")[2].TextContent).ToList();
        Assert.Contains(shown, rows);
        Assert.DoesNotContain(userName, rows);
    }

    /// <summary>walk53 finding 11: a reviewer, who may not read the family's question, saw the notice it raised as "family
    /// member (portal) · recorded a notification". The history says what the family member did.</summary>
    [Fact]
    public async Task APortalQuestion_IsSaidInTheHistory_AsAskedThroughThePortal()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var family = FamilyKit.Browser(app);
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(family, await FamilyKit.InviteAsync(app, f), "fam" + f.Marker)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = "Who found him? " + f.Marker })).StatusCode);

        using var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Vigil.Data.Identity.Roles.Reviewer));
        var rows = Forms.Parse(await reviewer.GetStringAsync($"/cases/{f.Case.Id}/audit")).QuerySelectorAll("table.audit tbody tr")
            .Select(r => r.QuerySelectorAll("td")).Where(td => td[2].GetAttribute("title")!.StartsWith("family:", StringComparison.Ordinal))
            .Select(td => (What: td[3].TextContent, Recorded: td[3].GetAttribute("title"))).ToList();
        Assert.Contains(rows, r => r.What == "asked a question through the portal" && r.Recorded == "create Notification");
        Assert.DoesNotContain(rows, r => r.What == "recorded a notification");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyActorTests_Sqlite(SqliteApp app) : FamilyActorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyActorTests_Postgres(PostgresApp app) : FamilyActorTests(app);
