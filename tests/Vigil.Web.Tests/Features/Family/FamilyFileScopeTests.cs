using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Round 53's review (sec53, ADR 3234): the family file reached through ids and roles beside the case's own.</summary>
public abstract class FamilyFileScopeTests(VigilAppFactory app)
{
    /// <summary>An analyst (who reads every case, ADR 0006) who is also another team's FLO: the family file stays its own
    /// team's. Before, CanLiaise was "a liaison role and the case readable", so this account read, wrote and listed
    /// every family's file in the force.</summary>
    [Fact]
    public async Task AReadAllRoleBesideALiaisonRole_ReachesNoOtherTeamsFamilyFile()
    {
        var f = await FamilyKit.CaseAsync(app);
        var question = "Who found him " + f.Marker;
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>()
            .AddQuestionAsync(f.Case.Id, null, question, "DC Flo", DateTime.UtcNow.AddDays(-1), "recorded", default));
        var outsider = await app.CreateUserAsync(Roles.FamilyLiaison);
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<UserAdmin>().SetRolesAsync(outsider.UserName, [Roles.Analyst], []); return true; });
        using var web = await app.SignedInClientAsync(outsider);
        var page = $"/cases/{f.Case.Id}/family";

        // The analyst role reads the case itself, by design.
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync($"/cases/{f.Case.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync(page + "/report.pdf")).StatusCode);
        Assert.DoesNotContain(f.Case.Reference, await web.GetStringAsync("/liaison?all=true"), StringComparison.Ordinal);
        Assert.DoesNotContain(question, await web.GetStringAsync("/liaison/overdue/questions"), StringComparison.Ordinal);
        // The antiforgery token from a page of the outsider's own: the family page no longer gives them one.
        var logged = await Forms.PostAsync(web, page + "?handler=Contact",
            new() { ["method"] = "phone", ["summary"] = "Spoke " + f.Marker, ["disclosed"] = "Told " + f.Marker }, "/account/password");
        Assert.Equal(HttpStatusCode.NotFound, logged.StatusCode);
        await app.WithDbAsync(async db => Assert.False(await db.FamilyContacts.AnyAsync(c => c.CaseId == f.Case.Id)));

        // The case's own FLO works its family file as before.
        using var flo = await app.SignedInClientAsync(f.Flo);
        Assert.Contains(question, await flo.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Contains(question, await flo.GetStringAsync("/liaison/overdue/questions"), StringComparison.Ordinal);
    }

    /// <summary>The liaison details form rewrites all four of its fields: posted from a page another officer's save has
    /// overtaken, it undid that save unseen (the status the family reads, the identification time, liaison ended).</summary>
    [Fact]
    public async Task LiaisonDetails_FromAPageAnotherOfficersSaveOvertook_AreRefused()
    {
        var f = await FamilyKit.CaseAsync(app);
        var second = await app.CreateUserAsync(Roles.FamilyLiaison, f.Flo.Team);
        var page = $"/cases/{f.Case.Id}/family";
        using var first = await app.SignedInClientAsync(f.Flo);
        var opened = await first.GetStringAsync(page);
        using var other = await app.SignedInClientAsync(second);
        var saved = await PostDetailsAsync(other, page, await other.GetStringAsync(page), "Post-mortem done " + f.Marker);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var overtaken = await PostDetailsAsync(first, page, opened, "Awaiting results " + f.Marker);
        Assert.Equal(HttpStatusCode.Conflict, overtaken.StatusCode);
        Assert.Contains("changed since you opened this page", await overtaken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
            Assert.Equal("Post-mortem done " + f.Marker, (await db.FamilyFiles.SingleAsync(x => x.CaseId == f.Case.Id)).PlainStatus));

        // Read again, the same officer's change is taken.
        var again = await PostDetailsAsync(first, page, await first.GetStringAsync(page), "Awaiting results " + f.Marker);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    /// <summary>A contact or question posted with a member of another case's family (beside this case's id) was stored
    /// naming that person: the register said this family was spoken to through someone of another family.</summary>
    [Fact]
    public async Task AContactOrQuestion_NamingAnotherCasesFamilyMember_IsRefused()
    {
        var f = await FamilyKit.CaseAsync(app);
        var other = await FamilyKit.CaseAsync(app);
        var page = $"/cases/{f.Case.Id}/family";
        using var flo = await app.SignedInClientAsync(f.Flo);
        var contact = await Forms.PostAsync(flo, page + "?handler=Contact",
            new() { ["memberId"] = other.MemberId.ToString(), ["method"] = "phone", ["summary"] = "Spoke " + f.Marker }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, contact.StatusCode);
        var question = await Forms.PostAsync(flo, page + "?handler=Question", new() { ["memberId"] = other.MemberId.ToString(), ["text"] = "When? " + f.Marker }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, question.StatusCode);
        await app.WithDbAsync(async db =>
        {
            Assert.False(await db.FamilyContacts.AnyAsync(c => c.FamilyMemberId == other.MemberId));
            Assert.False(await db.FamilyQuestions.AnyAsync(q => q.FamilyMemberId == other.MemberId));
        });

        var own = await Forms.PostAsync(flo, page + "?handler=Contact",
            new() { ["memberId"] = f.MemberId.ToString(), ["method"] = "phone", ["summary"] = "Spoke " + f.Marker }, page);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
    }

    /// <summary>The details form as the browser holds it: its hidden fields from the page it was opened on, a status typed.</summary>
    private static Task<HttpResponseMessage> PostDetailsAsync(HttpClient client, string page, string html, string status) =>
        Forms.PostHeldAsync(client, page, html, "File", new() { ["plainStatus"] = status });
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyFileScopeTests_Sqlite(SqliteApp app) : FamilyFileScopeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyFileScopeTests_Postgres(PostgresApp app) : FamilyFileScopeTests(app);
