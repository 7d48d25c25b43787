using Vigil.Web.Features.Import;
using Vigil.Web.Features.Oversight.AsKnown;
using Vigil.Web.Features.Oversight.Missed;
using Vigil.Web.Features.Users;

namespace Vigil.Web.Features.Bench;

/// <summary>`vigil bench asknown` and `vigil bench series`: rebuilding a case with N audit entries "as known on" random
/// moments, and the missed-opportunity report over a linked series of N cases (ADR 0007: measured, not asserted).</summary>
public static class OversightBench
{
    public static Command AsKnown()
    {
        var entries = new Option<int>("--entries") { Description = "Audit entries on the case", DefaultValueFactory = _ => 2000 };
        return BenchRun.Verb("asknown", "Time rebuilding one case with N audit entries as known on random moments", [entries], async (parse, services, ct) =>
        {
            var (id, _) = await CaseWithHistoryAsync(services, parse.GetValue(entries), 0, ct);
            await using var scope = services.CreateAsyncScope();
            var history = scope.ServiceProvider.GetRequiredService<CaseHistory>();
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var times = await db.AuditEntries.Where(e => e.CaseId == id).Select(e => e.At).ToListAsync(ct);
            var random = new Random(5);
            var samples = new List<double>();
            for (var i = 0; i < 60; i++)
            {
                var at = times[random.Next(times.Count)];
                var watch = Stopwatch.StartNew();
                _ = await history.AtAsync(id, at, null, withFamily: true, ct);
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
            var now = Stopwatch.StartNew();
            _ = await history.AtAsync(id, DateTime.UtcNow, null, true, ct);
            var full = now.Elapsed.TotalMilliseconds;
            var differences = await scope.ServiceProvider.GetRequiredService<StoredRows>().CompareAsync(id, ct);
            Report($"as known on a random moment, case with {times.Count:N0} audit entries", samples);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"as known now (all {times.Count:N0} entries): {full:F1} ms; rebuilt equals stored: {differences.Count == 0}"));
            return VigilCli.Ok;
        });
    }

    public static Command Series()
    {
        var cases = new Option<int>("--cases") { Description = "Cases in the linked series", DefaultValueFactory = _ => 10 };
        var entries = new Option<int>("--entries") { Description = "Audit entries per case", DefaultValueFactory = _ => 200 };
        return BenchRun.Verb("series", "Time the missed-opportunity report over a linked series of N cases", [cases, entries], async (parse, services, ct) =>
        {
            var ids = new List<Guid>();
            for (var i = 0; i < parse.GetValue(cases); i++) ids.Add((await CaseWithHistoryAsync(services, parse.GetValue(entries), i, ct)).Id);
            var seriesId = await SeriesAsync(services, ids, ct);
            var samples = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                await using var scope = services.CreateAsyncScope();
                var reports = ActivatorUtilities.CreateInstance<MissedOpportunities>(scope.ServiceProvider,
                    new CaseAccess(scope.ServiceProvider.GetRequiredService<VigilDbContext>(), new Reviewer()),
                    scope.ServiceProvider.GetRequiredService<Shared.ForceTime>());
                var watch = Stopwatch.StartNew();
                var report = await reports.ForSeriesAsync(seriesId, true, ct);
                samples.Add(watch.Elapsed.TotalMilliseconds);
                if (i == 0) Console.WriteLine($"series report: {report!.Cases.Count} cases, {report.Signals.Count} signals, {report.NeverActedOn.Count()} never acted on");
            }
            Report($"missed-opportunity report, series of {ids.Count} cases × {parse.GetValue(entries)} entries", samples);
            return VigilCli.Ok;
        });
    }

    /// <summary>A case imported as a record, then edited through EF (with the audit interceptor) until it has N entries:
    /// narrative edits, people added and removed, actions raised and moved.</summary>
    private static async Task<(Guid Id, int Entries)> CaseWithHistoryAsync(ServiceProvider services, int entries, int n, CancellationToken ct)
    {
        Guid team;
        await using (var scope = services.CreateAsyncScope())
            team = (await scope.ServiceProvider.GetRequiredService<UserAdmin>().EnsureTeamAsync("Bench oversight", ct)).Id;
        var reference = $"BENCH-HIST-{Guid.NewGuid():N}"[..24];
        using (var buffer = new MemoryStream())
        {
            DeathRecordWriter.WriteLine(buffer, new DeathRecord
            {
                Ref = reference, Source = "bench", FoundAt = DateTimeOffset.UtcNow.AddDays(-30 - n), Location = new RecordLocation { Lat = 51.53, Lon = 0.07, Area = "Barking and Dagenham", Setting = "churchyard" },
                Deceased = new RecordDeceased { Name = $"Bench Person {n}", Age = 24, Sex = "male" }, SceneFeatures = ["note-found"],
                People = [new RecordPerson { Role = "finder", Name = "Bench Finder" }], Exhibits = [new RecordExhibit { Type = "note", Description = "note" }],
            });
            buffer.Position = 0;
            await services.GetRequiredService<ImportService>().ImportAsync(buffer, new ImportOptions(team, "bench"), null, ct);
        }
        await using var edit = services.CreateAsyncScope();
        var db = edit.ServiceProvider.GetRequiredService<VigilDbContext>();
        var id = await db.Cases.Where(c => c.SourceRef == reference).Select(c => c.Id).FirstAsync(ct);
        var have = await db.AuditEntries.CountAsync(e => e.CaseId == id, ct);
        for (var i = have; i < entries; i++)
        {
            var c = await db.Cases.FirstAsync(x => x.Id == id, ct);
            c.Narrative = $"Account number {i}";
            c.Version++;
            if (i % 7 == 0) db.RecordEvent("view", "DeathCase", id.ToString(), id, """{"via":"bench"}""");
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return (id, entries);
    }

    private static async Task<Guid> SeriesAsync(ServiceProvider services, List<Guid> ids, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var now = DateTime.UtcNow;
        var series = new LinkedSeries { Reference = $"LS-BENCH-{Guid.NewGuid():N}"[..16], CreatedAt = now, CreatedBy = "bench" };
        db.Add(series);
        for (var i = 0; i < ids.Count; i++)
        {
            db.Add(new LinkedSeriesMember { SeriesId = series.Id, CaseId = ids[i], AddedAt = now, AddedBy = "bench" });
            if (i > 0) db.Add(new LinkCandidate { NewerCaseId = ids[i], EarlierCaseId = ids[i - 1], Probability = 0.05, Summary = "bench", RaisedAt = now.AddDays(-i), Status = LinkStatus.Open });
        }
        await db.SaveChangesAsync(ct);
        return series.Id;
    }

    private static void Report(string what, List<double> samples)
    {
        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {BenchRun.P(samples, 0.50):F1} ms  p95 {BenchRun.P(samples, 0.95):F1} ms  max {samples[^1]:F1} ms ({samples.Count} runs)"));
    }

    /// <summary>The report is built as a reviewer (reads every case) would build it.</summary>
    private sealed class Reviewer : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; } = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Reviewer)], "bench")),
        };
    }
}
