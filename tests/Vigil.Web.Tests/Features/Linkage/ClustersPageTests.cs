using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>The clusters page, on a store of its own: whether four deaths stand out as a cluster depends on every other
/// death in the store (the background), and in the store the test classes share, other tests' deaths (an import test's
/// dozens of sample records) hid it in one full run on both stores while it passed alone.</summary>
public abstract class ClustersPageTests(Func<VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task ClustersPage_ShowsTheClusterInWords_WithItsRecurrenceInterval_ToAnalysts_NotToInvestigators()
    {
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var finder = LinkageSamples.UniqueFinder();
        // A cluster is deaths of a kind beyond the background: four GHB deaths in a month at one wall are one only
        // among a force's other deaths. So the force here has its ordinary deaths (other kinds, elsewhere) in the two
        // years before, in a period no other test writes to; a store holding nothing but these four has no
        // background for them to stand out from, and whether they did depended on what other tests had stored.
        var start = new DateTimeOffset(2013, 6, 1, 7, 20, 0, TimeSpan.Zero);
        for (var i = 0; i < 12; i++) await app.CreateCaseAsync(ivy, Ordinary(start.AddDays(-60 * (i + 1)), i));
        for (var day = 0; day < 4; day++)
            await app.CreateCaseAsync(ivy, LinkageSamples.Victim(finder, day * 10, "GHB " + day) with { FoundAt = start.AddDays(day * 10), ReportedAt = start.AddDays(day * 10).AddMinutes(21) });
        using var analyst = await app.SignedInClientAsync(ann);
        var page = Forms.Parse(await analyst.GetStringAsync("/linkage/clusters?kind=Ghb&days=3650"));
        var cluster = page.QuerySelectorAll("section.cluster").First(s => s.TextContent.Contains(LinkageSamples.PlaceOf(finder.Finder).Area, StringComparison.Ordinal));
        Assert.Matches(@"\d+ GHB/GBL deaths", cluster.QuerySelector(".cluster-result")!.TextContent);
        Assert.Contains("Recurrence interval", cluster.TextContent, StringComparison.Ordinal);
        using var investigator = await app.SignedInClientAsync(ivy);
        Assert.True(LinkageAccessTests.IsDenied(await investigator.GetAsync("/linkage/clusters")));
    }

    [Fact]
    public async Task ClustersPage_LinksOnlySeriesTheSupervisorMayOpen()
    {
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var sam = await app.CreateUserAsync(Roles.Supervisor);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var finder = LinkageSamples.UniqueFinder();
        var start = new DateTimeOffset(2013, 6, 1, 7, 20, 0, TimeSpan.Zero);
        for (var i = 0; i < 12; i++) await app.CreateCaseAsync(sam, Ordinary(start.AddDays(-60 * (i + 1)), i));
        var ghb = new List<Guid>();
        for (var day = 0; day < 4; day++)
            ghb.Add((await app.CreateCaseAsync(sam, LinkageSamples.Victim(finder, day * 10, "GHB " + day) with { FoundAt = start.AddDays(day * 10), ReportedAt = start.AddDays(day * 10).AddMinutes(21) })).Id);
        // The four share a finder, so the engine proposes them as a series of their own (the supervisor's to open): those
        // proposals are taken away, so that the one series the cluster can link is the test's.
        await app.WithDbAsync(async db =>
        {
            db.SeriesMembers().RemoveRange(await db.SeriesMembers().Where(m => ghb.Contains(m.CaseId)).ToListAsync());
            await db.SaveChangesAsync();
        });
        // The engine's proposal joining one of the supervisor's deaths to another team's: the series page answers 404 to them.
        var theirs = await app.CreateCaseAsync(other, Ordinary(start.AddDays(-1000), 12));
        var (_, reference) = await CandidateSeriesSeed.AddAsync(app, AlertKind.Cluster, ghb[0], theirs.Id);
        var area = LinkageSamples.PlaceOf(finder.Finder).Area;
        using var analyst = await app.SignedInClientAsync(ann);
        Assert.Contains(reference, Cluster(await analyst.GetStringAsync("/linkage/clusters?kind=Ghb&days=3650"), area), StringComparison.Ordinal);

        using var supervisor = await app.SignedInClientAsync(sam);
        var seen = Cluster(await supervisor.GetStringAsync("/linkage/clusters?kind=Ghb&days=3650"), area);
        Assert.Contains("GHB 0", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, seen, StringComparison.Ordinal);
    }

    /// <summary>The cluster section of the page that holds deaths of the area.</summary>
    private static string Cluster(string html, string area) =>
        Forms.Parse(html).QuerySelectorAll("section.cluster").First(s => s.TextContent.Contains(area, StringComparison.Ordinal)).InnerHtml;

    /// <summary>An ordinary death of an older person at home, each in a place of its own.</summary>
    private static Vigil.Records.DeathRecord Ordinary(DateTimeOffset at, int i)
    {
        var (lat, lon, area) = LinkageSamples.PlaceOf(Guid.NewGuid().ToString("N"));
        return Samples.Record(name: $"Ordinary {i}", foundAt: at, area: area) with
        {
            Location = new Vigil.Records.RecordLocation { Lat = lat, Lon = lon, Setting = "home-own", Area = area, Description = "at home" },
            Deceased = new Vigil.Records.RecordDeceased { Name = $"Ordinary {i}", Sex = i % 2 == 0 ? "female" : "male", Age = 80 + i },
            Position = "lying-supine", SceneFeatures = [], Toxicology = [], Exhibits = [], People = [],
            CauseOfDeath = "ischaemic heart disease", Manner = "natural", Narrative = "Found in bed.",
        };
    }
}

public sealed class ClustersPageTests_Sqlite() : ClustersPageTests(() => new SqliteApp());

public sealed class ClustersPageTests_Postgres() : ClustersPageTests(() => new PostgresApp());
