using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Features.Oversight;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>A series is named or linked only to readers its page answers (ADR 2802, 2903): a candidate series is the
/// engine's proposal, for the linkage queue's readers who may read every death in it. The case page's oversight panel,
/// the as-known page, the case file and the person page must not name one to an investigator, whether it reaches into
/// another team or stays within theirs; the analyst sees it.</summary>
public abstract class SeriesReferenceAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task CandidateSeries_IsNotNamedOrLinked_ToAnInvestigatorOfItsDeaths()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var ours = await DeathAsync(ivy, "Owen Carraway");
        var theirs = await DeathAsync(other, "Emlyn Padgett");
        var ourOther = await DeathAsync(ivy, "Ifor Penhallow");
        var across = await CandidateSeriesSeed.AddAsync(app, AlertKind.Person, ours.Id, theirs.Id);
        var within = await CandidateSeriesSeed.AddAsync(app, AlertKind.Person, ourOther.Id, ours.Id);
        using var analystWeb = await app.SignedInClientAsync(analyst);
        Assert.Contains($"/series/{within.Id}/missed", await analystWeb.GetStringAsync($"/cases/{ourOther.Id}"), StringComparison.Ordinal);
        Assert.Contains(within.Reference, await analystWeb.GetStringAsync($"/cases/{ourOther.Id}/as-known"), StringComparison.Ordinal);

        using var web = await app.SignedInClientAsync(ivy);
        foreach (var (id, _) in new[] { across, within })
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/series/{id}")).StatusCode);
        foreach (var c in new[] { ours, ourOther })
        {
            foreach (var page in new[] { $"/cases/{c.Id}", $"/cases/{c.Id}/as-known", $"/people/{await FinderAsync(c.Id)}" })
                NamesNeither(await web.GetStringAsync(page));
            NamesNeither(await PdfTools.TextAsync(await web.GetByteArrayAsync($"/cases/{c.Id}/file.pdf")));
        }

        void NamesNeither(string text)
        {
            foreach (var (id, reference) in new[] { across, within })
            {
                Assert.DoesNotContain(reference, text, StringComparison.Ordinal);
                Assert.DoesNotContain($"/series/{id}", text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A death alike nothing else (a finder and place of its own), so the only series it is in is the test's.</summary>
    private Task<CaseResponse> DeathAsync(TestUser owner, string name) => app.CreateCaseAsync(owner, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, name));

    private Task<Guid> FinderAsync(Guid caseId) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<VigilDbContext>().CasePeople.Where(p => p.CaseId == caseId && p.Role == "finder").Select(p => p.PersonId).FirstAsync());

}

[Collection(SqliteCollection.Name)]
public sealed class SeriesReferenceAccessTests_Sqlite(SqliteApp app) : SeriesReferenceAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesReferenceAccessTests_Postgres(PostgresApp app) : SeriesReferenceAccessTests(app);
