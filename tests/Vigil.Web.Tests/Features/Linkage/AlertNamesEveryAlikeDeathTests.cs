using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 3175: a death alike to more earlier deaths above the alert threshold than an alert used to name (six) gets
/// a pair with every one of them. Before, the six most probable were named and the rest had no pair and no trace. A store
/// of its own with a threshold every candidate reaches, and eight earlier deaths that share nothing with each other (other
/// places, years apart, each its own finder) and each a person with the new death: no series takes them, so each is a pair.</summary>
public abstract class AlertNamesEveryAlikeDeathTests(Func<IReadOnlyDictionary<string, string>, VigilAppFactory> create)
{
    private const int Earlier = 8;

    /// <summary>Every candidate reaches it: which deaths alert is not what this test is about, how many an alert names is.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Threshold = new Dictionary<string, string> { ["Vigil:Linkage:AlertThreshold"] = "0.000000001" };

    [Fact]
    public Task ADeathAlikeToEightEarlierDeaths_HasAnOpenPairWithEachOfThem() =>
        LinkageClient.OnOwnStoreAsync(create(Threshold), async app =>
        {
            var (newest, earlier) = await NewestAlikeToEightAsync(app);
            using var annApi = app.ApiClient(await app.CreateUserAsync(Roles.Analyst));
            var pairs = (await LinkageClient.QueueAsync(annApi, newest.Id)).Where(r => r.NewerRef == newest.Reference).ToList();
            Assert.Equal(earlier.Select(e => e.Reference).Order(), pairs.Select(p => p.EarlierRef).Order());
            var proposals = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SeriesMembers().CountAsync(m => m.CaseId == newest.Id));
            Assert.Equal(0, proposals);
        });

    /// <summary>ADR 1636: an alert keeps the explanation as scored for its most probable named deaths only (here 3 of 8);
    /// the others are raised all the same, with their score, and their comparison page explains them when opened and says so.</summary>
    [Fact]
    public Task PastTheFirstExplained_APairIsRaisedWithItsScore_AndExplainedWhenOpened() =>
        LinkageClient.OnOwnStoreAsync(create(new Dictionary<string, string>(Threshold) { ["Vigil:Linkage:MaxExplainedPerAlert"] = "3" }), async app =>
        {
            var (newest, earlier) = await NewestAlikeToEightAsync(app);
            var rows = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Candidates().AsNoTracking()
                .Where(c => c.NewerCaseId == newest.Id).OrderByDescending(c => c.Probability).ToListAsync());
            Assert.Equal(Earlier, rows.Count);
            Assert.Equal(3, rows.Count(r => r.Explanation.Length > 0));
            // The most probable are the ones explained (the engine's order, ADR 3174; ties go to the nearer in time).
            var unexplained = rows.First(r => r.Explanation.Length == 0);
            Assert.All(rows.Where(r => r.Explanation.Length > 0), r => Assert.True(r.Probability >= rows.Where(u => u.Explanation.Length == 0).Max(u => u.Probability)));
            Assert.Contains("One of 8 earlier deaths alike this one", unexplained.Summary, StringComparison.Ordinal);

            using var browser = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Analyst));
            var page = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{unexplained.Id}"));
            Assert.Contains("Explained now", page.QuerySelector(".explained-now")!.TextContent, StringComparison.Ordinal);
            Assert.NotEmpty(page.QuerySelectorAll("table.explanation tbody tr"));
            var explained = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{rows.First(r => r.Explanation.Length > 0).Id}"));
            Assert.Null(explained.QuerySelector(".explained-now"));
        });

    /// <summary>Eight earlier deaths that share nothing with one another, and a newest death that shares a person with each.</summary>
    private static async Task<(Vigil.Web.Features.Cases.CaseResponse Newest, List<Vigil.Web.Features.Cases.CaseResponse> Earlier)> NewestAlikeToEightAsync(VigilAppFactory app)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        var finders = Enumerable.Range(0, Earlier).Select(_ => LinkageSamples.UniqueFinder()).ToList();
        var start = LinkageSamples.StartOf(finders[0].Finder);
        var earlier = new List<Vigil.Web.Features.Cases.CaseResponse>();
        foreach (var (finder, i) in finders.Select((f, i) => (f, i)))
        {
            // Each at its finder's own place, 300 days apart: within the ten years a person's keys look back.
            earlier.Add(await LinkageClient.CreateAsync(api, ivy, FoundOn(LinkageSamples.Victim(finder, 0, $"Alike Earlier {i}"), start.AddDays(-300 * (Earlier - i)))));
            await LinkageClient.ComparedAsync(app, earlier[^1].Id);
        }
        var newest = await LinkageClient.CreateAsync(api, ivy, FoundOn(LinkageSamples.Victim(finders[0], 0, "Alike Newest"), start) with
        {
            People = [.. finders.Select(f => new RecordPerson { Role = "witness", Name = f.Finder, Phone = f.Phone })],
        });
        await LinkageClient.ComparedAsync(app, newest.Id);
        return (newest, earlier);
    }

    private static DeathRecord FoundOn(DeathRecord death, DateTimeOffset found) => death with { FoundAt = found, ReportedAt = found.AddMinutes(20) };
}

public sealed class AlertNamesEveryAlikeDeathTests_Sqlite() : AlertNamesEveryAlikeDeathTests(settings => new SqliteApp { Settings = settings });

public sealed class AlertNamesEveryAlikeDeathTests_Postgres() : AlertNamesEveryAlikeDeathTests(settings => new PostgresApp { Settings = settings });
