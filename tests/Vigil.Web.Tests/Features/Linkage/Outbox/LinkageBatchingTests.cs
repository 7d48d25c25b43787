using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Batching the catch-up (ADR 1531) changes how much the worker reads and commits at once, never what it
/// finds: the same deaths imported into two empty stores, one linked a case at a time and one in batches, give the same
/// pairs and the same proposed series with the same scores.</summary>
public sealed class LinkageBatchingTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task BatchedCatchUp_FindsWhatCaseAtATimeFinds(string provider)
    {
        // Five series of three (each alerts as a pair and then a series) and their deaths interleaved out of found_at
        // order in the file, as in a real export, so batches cut across series.
        var records = Enumerable.Range(0, 5).SelectMany(s =>
        {
            var finder = LinkageSamples.UniqueFinder();
            return Enumerable.Range(0, 3).Select(i => LinkageSamples.Victim(finder, i * 21 + s, $"Batch Victim {s}-{i}"));
        }).OrderBy(r => r.Ref.GetHashCode(StringComparison.Ordinal) % 7).ToArray();

        var oneByOne = await LinkAsync(provider, records, batchSize: 1);
        var batched = await LinkAsync(provider, records, batchSize: 4);
        Assert.NotEmpty(oneByOne.Pairs);
        Assert.NotEmpty(oneByOne.Members);
        Assert.Equal(oneByOne.Pairs, batched.Pairs);
        Assert.Equal(oneByOne.Members, batched.Members);
    }

    private sealed record Found(List<string> Pairs, List<string> Members);

    private static async Task<Found> LinkAsync(string provider, DeathRecord[] records, int batchSize)
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
            .Select(c => $"{refs[c.NewerCaseId]}>{refs[c.EarlierCaseId]} {c.Kind} {c.Probability:F6} {c.Summary}").Order(StringComparer.Ordinal).ToList();
        var members = (await db.SeriesMembers().AsNoTracking().ToListAsync())
            .GroupBy(m => m.SeriesId)
            .Select(g => string.Join(" | ", g.Select(m => $"{refs[m.CaseId]} {m.Status} {m.Evidence} {m.Probability:F6}").Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        return new Found(pairs, members);
    }
}
