using System.Net;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3238 (walk53 finding 21): a family member signed in to the portal who opens a staff address was sent to
/// the staff sign-in, as if she should have a police account. She is told in words that the page is not part of her
/// family updates, with the way home, and nothing of the page or the case.</summary>
public abstract class FamilyOnStaffPagesTests(VigilAppFactory app)
{
    [Fact]
    public async Task AFamilyMember_OnAStaffAddress_IsToldItIsNotHerUpdates_NotSentToTheStaffSignIn()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        using var _ = family;
        foreach (var staffPage in new[] { $"/cases/{f.Case.Id}", $"/cases/{f.Case.Id}/family", "/liaison", "/search?q=Anthony" })
        {
            var answer = await family.GetAsync(staffPage);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            var html = await answer.Content.ReadAsStringAsync();
            var page = Forms.Parse(html);
            Assert.Equal("This page is not part of your family updates", page.QuerySelector("h1")?.TextContent);
            Assert.NotNull(page.QuerySelector("main a[href='/family']"));
            Assert.DoesNotContain(f.Case.Reference, html, StringComparison.Ordinal);
            Assert.DoesNotContain(f.Marker, html, StringComparison.Ordinal);
        }
        // Her portal still works, and signed out of it, the staff address asks for a staff sign-in as before.
        Assert.Equal(HttpStatusCode.OK, (await family.GetAsync("/family")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/logout", new Dictionary<string, string>(), "/family")).StatusCode);
        Assert.Contains("/login?ReturnUrl=", (await family.GetAsync($"/cases/{f.Case.Id}")).Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyOnStaffPagesTests_Sqlite(SqliteApp app) : FamilyOnStaffPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyOnStaffPagesTests_Postgres(PostgresApp app) : FamilyOnStaffPagesTests(app);
