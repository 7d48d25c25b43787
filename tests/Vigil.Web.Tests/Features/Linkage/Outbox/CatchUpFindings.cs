using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>What a catch-up finds in a fresh store when the worker takes the outbox in batches of a given size, read
/// back by source ref so two stores compare: how the worker reads and commits (ADRs 1531, 2601) must never change what
/// it finds.</summary>
internal static class CatchUpFindings
{
    public sealed record Found(List<string> Pairs, List<string> Members, long CasesReadAhead, long CasesReadInTurn);

    /// <summary>Series of <paramref name="deaths"/> deaths (three unless said), each series with its own finder, interleaved out of found_at order in the file
    /// (as in a real export) so that batches cut across series. Series s is found s minutes after the hour: two stores
    /// compare deaths found at one moment in the order of their case ids (ADR 1635), which differ between stores, and a
    /// finder's days fell on another's about one run in a hundred (CI, round 44). Each series at its own spot
    /// (<see cref="LinkageSamples.Apart"/>): random finders' days and places now and then put two series close enough
    /// to alert on each other's deaths (round 46).</summary>
    public static DeathRecord[] InterleavedSeries(int series, int daysApart, string name, int shuffle, int deaths = 3) =>
        Enumerable.Range(0, series).SelectMany(s =>
        {
            var finder = LinkageSamples.UniqueFinder();
            return Enumerable.Range(0, deaths).Select(i => LinkageSamples.Victim(finder, i * daysApart + s, $"{name} {s}-{i}", LinkageSamples.Apart(s)))
                .Select(r => r with { FoundAt = r.FoundAt.AddMinutes(s) });
        }).OrderBy(r => r.Ref.GetHashCode(StringComparison.Ordinal) % shuffle).ToArray();

    /// <param name="inspect">Reads the linked store before it is dropped.</param>
    public static async Task<Found> LinkAsync(string provider, DeathRecord[] records, int batchSize, Func<VigilDbContext, Task>? inspect = null)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var ivy = await store.CreateUserAsync(Roles.Investigator, "batching-team");
        await using var services = CliServices.Build(new Dictionary<string, string?>(store.Settings) { ["Vigil:Linkage:WorkerBatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var summary = await services.GetRequiredService<ImportService>().ImportAsync(LinkageOutboxTests.Lines(records),
            new ImportOptions(ivy.TeamId, "batching"), null, default);
        Assert.Equal(records.Length, summary.Created);
        Assert.Equal(0, summary.PendingLinkage);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var refs = await db.Cases.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.SourceRef);
        var pairs = (await db.Candidates().AsNoTracking().ToListAsync())
            .Select(c => $"{refs[c.NewerCaseId]}>{refs[c.EarlierCaseId]} {c.Kind} {c.Probability:F6} {c.Summary} {c.Explanation}").Order(StringComparer.Ordinal).ToList();
        var members = (await db.SeriesMembers().AsNoTracking().ToListAsync())
            .GroupBy(m => m.SeriesId)
            .Select(g => string.Join(" | ", g.Select(m => $"{refs[m.CaseId]} {m.Status} {m.Evidence} {m.Probability:F6}").Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        if (inspect is not null) await inspect(db);
        var worker = services.GetRequiredService<LinkageWorker>();
        return new Found(pairs, members, worker.CasesReadAhead, worker.CasesReadInTurn);
    }
}
