using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>sec64: an FLO who invites a family member again (the link lost, or given to the wrong person) ends the
/// earlier link (ADR 3348). Before, it stayed good until it expired, 72 hours: measured live, the old link opened the
/// member's account after the new one was made, and the new one was then refused.</summary>
public abstract class InvitationResentTests(VigilAppFactory app)
{
    [Fact]
    public async Task InvitingAgain_EndsTheEarlierLink_AndTheNewOneOpensTheAccount()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var earlier = await InviteThroughThePageAsync(flo, f);
        var later = await InviteThroughThePageAsync(flo, f);

        var page = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family"));
        Assert.Single(page.QuerySelectorAll("form input[name=invitationId]"));
        Assert.Equal(HttpStatusCode.Conflict, (await FamilyKit.AcceptAsync(FamilyKit.Browser(app), earlier, "old-" + f.Marker)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(FamilyKit.Browser(app), later, "new-" + f.Marker)).StatusCode);
        var accounts = await app.WithDbAsync(db => db.FamilyAccounts.Where(a => a.FamilyMemberId == f.MemberId).Select(a => a.UserName).ToListAsync());
        Assert.Equal(["new-" + f.Marker], accounts);
    }

    /// <summary>Presses "Invite" on the family page and reads the link it shows once; answers its token.</summary>
    private static async Task<string> InviteThroughThePageAsync(HttpClient flo, FamilyCase f)
    {
        var page = $"/cases/{f.Case.Id}/family";
        var invited = await Forms.PostAsync(flo, page + "?handler=Invite", new() { ["memberId"] = f.MemberId.ToString() }, page);
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var link = Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("#invitation-link")!.TextContent;
        return link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationResentTests_Sqlite(SqliteApp app) : InvitationResentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvitationResentTests_Postgres(PostgresApp app) : InvitationResentTests(app);
