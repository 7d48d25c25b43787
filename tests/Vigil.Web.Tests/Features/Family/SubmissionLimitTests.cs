using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Issue 8, finding 9: one portal account cannot bury a case in submissions (each raises a mandatory action
/// and blocks closure) nor fill the disk: open submissions and bytes per day are bounded per account (ADR 0507).</summary>
public abstract class SubmissionLimitTests(VigilAppFactory app)
{
    private static byte[] Note(int bytes) => [.. Enumerable.Repeat((byte)'a', bytes)];

    private Task<int> CountAsync(Guid caseId) => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilySubmissions.CountAsync(s => s.CaseId == caseId));

    [Fact]
    public async Task OpenSubmissions_AreBoundedPerAccount_UntilTheTeamAssessesOne()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        const int limit = 5; // FamilyOptions.MaxOpenSubmissions
        for (var i = 0; i < limit; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, $"item {i}", ("note.txt", Note(100)))).StatusCode);

        var refused = await PortalFlowTests.SubmitAsync(family, "one more", ("note.txt", Note(100)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("not yet looked at", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(limit, await CountAsync(f.Case.Id));
        await app.WithDbAsync(async db => Assert.Equal(limit, await db.CaseActions.CountAsync(a => a.CaseId == f.Case.Id && a.Title == "Assess information from the family")));

        var first = await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilySubmissions
            .Where(s => s.CaseId == f.Case.Id).OrderBy(s => s.SubmittedAt).Select(s => s.Id).FirstAsync());
        Assert.Null(await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().AssessSubmissionAsync(f.Case.Id, first, "read and filed", f.Flo.UserName, default)));
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "after assessment", ("note.txt", Note(100)))).StatusCode);
    }

    [Fact]
    public async Task BytesSentPerDay_AreBoundedPerAccount()
    {
        var f = await FamilyKit.CaseAsync(app);
        await using var small = app.WithWebHostBuilder(b => b.UseSetting("Vigil:Family:MaxBytesPerDay", "3000"));
        using var family = small.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var accepted = await FamilyKit.AcceptAsync(family, await FamilyKit.InviteAsync(app, f), "fam-" + Guid.NewGuid().ToString("N")[..10]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "first", ("a.txt", Note(2000)))).StatusCode);
        var refused = await PortalFlowTests.SubmitAsync(family, "second", ("b.txt", Note(2000)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("in one day", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(f.Case.Id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SubmissionLimitTests_Sqlite(SqliteApp app) : SubmissionLimitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SubmissionLimitTests_Postgres(PostgresApp app) : SubmissionLimitTests(app);
