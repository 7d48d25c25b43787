using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Family;
using Vigil.Data.Linkage;
using Vigil.Web.Cli;
using Vigil.Web.Features.Demo;
using Vigil.Web.Features.Oversight.AsKnown;
using Vigil.Web.Features.Oversight.Missed;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>The demo store, seeded day by day with its story, as `vigil demo` seeds it: every case rebuilt from the
/// audit trail equals its stored state, the story ends with the hidden series confirmed, and the series report tells
/// the story the demo plays.</summary>
public abstract class DemoStoreTests
{
    protected abstract VigilAppFactory NewApp();

    [Fact]
    public async Task EveryDemoCase_RebuiltNow_EqualsItsStoredState_TheSeriesIsConfirmed_AndTheSeriesReportTellsTheStory()
    {
        await using var app = NewApp();
        await Demo.DemoStoreSeed.SeedAsync(app, 60);

        var ids = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.Select(c => c.Id).ToListAsync());
        Assert.Equal(64, ids.Count);
        var failures = new List<string>();
        foreach (var id in ids)
        {
            var differences = await OversightKit.CompareNowAsync(app, id);
            if (differences.Count > 0) failures.Add(OversightKit.Show(differences));
        }
        Assert.True(failures.Count == 0, string.Join("\n---\n", failures.Take(3)));

        var series = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Set<LinkedSeries>().AsNoTracking().Include(s => s.Members).SingleAsync());
        // The story's last step: after the fourth death the analyst confirms the third and fourth deaths, which forms
        // the series; the first two stay proposed for the analyst's demo (it once found nothing to confirm and returned).
        Assert.Equal(SeriesStatus.Confirmed, series.Status);
        var memberIds = series.Members.Select(m => m.CaseId).ToList();
        var names = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.AsNoTracking()
            .Where(c => memberIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Deceased.Name));
        var statuses = series.Members.ToDictionary(m => names[m.CaseId] ?? "", m => m.Status);
        Assert.Equal(MemberStatus.Confirmed, statuses["Rhys Albright"]);
        Assert.Equal(MemberStatus.Confirmed, statuses["Tobias Fenwick"]);
        Assert.Equal(MemberStatus.Proposed, statuses["Owen Carraway"]);
        Assert.Equal(MemberStatus.Proposed, statuses["Mateo Lindqvist"]);
        var analyst = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Users.Where(u => u.UserName == "analyst").Select(u => u.Id).SingleAsync());
        Assert.All(series.Members.Where(m => m.Status == MemberStatus.Confirmed), m => Assert.Equal(analyst, m.DecidedBy));
        var seriesId = series.Id;
        // Read by a reviewer who is also the East team's FLO: the family's question is an entry of the family file, which
        // follows the file's reach (ADR 3239), and the story's families are East's.
        var flo = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Users.Where(u => u.UserName == "flo").Select(u => u.Id).SingleAsync());
        var report = await app.WithScopeAsync(sp => AsReviewer.MissedOpportunities(sp, alsoLiaisonOfUser: flo).ForSeriesAsync(seriesId, true, default));
        Assert.Contains(report!.Signals, s => s.Kind == SignalKind.LinkageAlert && s.Sentence.Contains("rejected", StringComparison.Ordinal) && s.Sentence.Contains("Drug deaths are common", StringComparison.Ordinal));
        Assert.Contains(report.NeverActedOn, s => s.Kind == SignalKind.FamilyQuestion && s.Title.Contains("note", StringComparison.Ordinal));
        // The story allocates the note's examination late, to the East team's investigator.
        var investigator = DemoCommand.Users.Single(u => u.User == "investigator").Name;
        var note = Assert.Single(report.Signals, s => s.Kind == SignalKind.Action && s.Rule == "rule note-handwriting");
        Assert.Equal(investigator, note.Officer);
        Assert.Equal($"allocated to {investigator}", note.Responses[0].Line); // named once, not "… (DC …)" again
        // The FLO the story deploys is the demo's FLO by the name she signs in with (round 29 walk-through: it was another name).
        var rhys = names.Single(n => n.Value == "Rhys Albright").Key;
        var deployed = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().FloDeployments.AsNoTracking()
            .Where(d => d.CaseId == rhys).Select(d => d.OfficerName).ToListAsync());
        Assert.Equal([DemoCommand.NameOf("flo")], deployed);
        // Round 66: post-mortem and toxicology results on a few drug deaths, one toxicology level typed wrong and corrected
        // (the replay above rebuilt the superseded row and its correction like any other).
        var results = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().ExaminationResults.AsNoTracking().ToListAsync());
        Assert.Equal(DemoExaminations.Deaths, results.Select(r => r.CaseId).Distinct().Count());
        var superseded = Assert.Single(results, r => r.SupersededAt is not null);
        Assert.StartsWith("Typing slip: the laboratory's report reads ", superseded.SupersededReason, StringComparison.Ordinal);
        Assert.Equal(superseded.CaseId, Assert.Single(results, r => r.CorrectsId == superseded.Id).CaseId);
    }
}

public sealed class DemoStoreTests_Sqlite : DemoStoreTests
{
    protected override VigilAppFactory NewApp() => new SqliteApp { Settings = Demo.DemoStoreSeed.HostSettings };
}

public sealed class DemoStoreTests_Postgres : DemoStoreTests
{
    protected override VigilAppFactory NewApp() => new PostgresApp { Settings = Demo.DemoStoreSeed.HostSettings };
}
