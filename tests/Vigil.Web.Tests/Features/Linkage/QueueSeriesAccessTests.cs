using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage.Alerts;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>The queue shows a series item to a team-scoped reader of the queue (a supervisor) only as far as they may read
/// its deaths (ADR 3132): the item of a decided proposal names that proposal's death, so a rejected death of another team
/// is never the item; and the engine's words on a series are shown only when every death ever in it is readable, rejected
/// ones included (ADR 3114), as on the series page.</summary>
public abstract class QueueSeriesAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task RejectedTab_DoesNotNameAnotherTeamsRejectedDeath_ToASupervisor()
    {
        var (supervisor, _, theirs, name, quoted) = await SeriesWithAnotherTeamsRejectedDeathAsync();
        using var api = app.ApiClient(supervisor);
        var rejected = await api.GetStringAsync("/api/v1/linkage/alerts?status=rejected&size=500");
        Assert.DoesNotContain(theirs, rejected, StringComparison.Ordinal);
        Assert.DoesNotContain(name, rejected, StringComparison.Ordinal);
        Assert.DoesNotContain(quoted, rejected, StringComparison.Ordinal);
        using var web = await app.SignedInClientAsync(supervisor);
        var page = WebUtility.HtmlDecode(await web.GetStringAsync("/linkage?status=rejected&size=500"));
        Assert.DoesNotContain(theirs, page, StringComparison.Ordinal);
        Assert.DoesNotContain(name, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenTab_ShowsTheProposal_WithoutTheWords_WhenARejectedDeathIsAnotherTeams()
    {
        var (supervisor, ours, _, _, quoted) = await SeriesWithAnotherTeamsRejectedDeathAsync();
        using var api = app.ApiClient(supervisor);
        var open = await api.GetStringAsync("/api/v1/linkage/alerts?size=500");
        Assert.Contains(ours, open, StringComparison.Ordinal);
        Assert.DoesNotContain(quoted, open, StringComparison.Ordinal);
    }

    /// <summary>A series of two of the supervisor's team's deaths (one confirmed, one proposed by the engine) and another
    /// team's death the engine proposed and an analyst rejected; the engine's words quote that death.</summary>
    private async Task<(TestUser Supervisor, string Ours, string Theirs, string Name, string Quoted)> SeriesWithAnotherTeamsRejectedDeathAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var name = "Emlyn " + Guid.NewGuid().ToString("N")[..8];
        var one = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var two = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 1, "Alder Finch"));
        var theirs = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 2, name));
        var quoted = "Quoted " + Guid.NewGuid().ToString("N")[..8];
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var series = new LinkedSeries
            {
                Reference = "LS-Q-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Confirmed, Kind = AlertKind.Person,
                Summary = $"finder '{quoted}' in 3 deaths", CreatedAt = DateTime.UtcNow, CreatedBy = AlertWriter.Engine,
            };
            db.Add(series);
            LinkedSeriesMember Member(Guid caseId, string status, double probability) => new()
            {
                SeriesId = series.Id, CaseId = caseId, Status = status, Evidence = AlertKind.Person, Probability = probability,
                AddedAt = DateTime.UtcNow, AddedBy = AlertWriter.Engine, Reasons = $"Strong evidence: finder '{quoted}' and finder '{quoted}'",
            };
            db.Add(Member(one.Id, MemberStatus.Confirmed, 0.9));
            db.Add(Member(two.Id, MemberStatus.Proposed, 0.8));
            var rejected = Member(theirs.Id, MemberStatus.Rejected, 0.97);
            (rejected.DecidedAt, rejected.DecidedBy, rejected.DecisionReason) = (DateTime.UtcNow, "analyst", "not the same finder");
            db.Add(rejected);
            await db.SaveChangesAsync();
            return true;
        });
        return (supervisor, two.Reference, theirs.Reference, name, quoted);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QueueSeriesAccessTests_Sqlite(SqliteApp app) : QueueSeriesAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QueueSeriesAccessTests_Postgres(PostgresApp app) : QueueSeriesAccessTests(app);
