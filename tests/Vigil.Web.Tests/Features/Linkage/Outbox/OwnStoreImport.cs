using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Records;
using Vigil.Web.Features.Import;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Imports into a store of the test's own (<see cref="SharedStore"/>) through the import service, waiting for
/// linkage, and reads it back.</summary>
internal static class OwnStoreImport
{
    public static async Task ImportAsync(ServiceProvider services, Guid team, string source, DeathRecord[] records)
    {
        var summary = await services.GetRequiredService<ImportService>().ImportAsync(LinkageOutboxTests.Lines(records),
            new ImportOptions(team, source, WaitForLinkage: true), null, default);
        Assert.Equal(0, summary.PendingLinkage);
    }

    public static async Task<T> WithDbAsync<T>(ServiceProvider services, Func<VigilDbContext, Task<T>> read)
    {
        await using var scope = services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<VigilDbContext>());
    }

    /// <summary><paramref name="count"/> deaths found by one finder three weeks apart: a finder's series, named "NAMES i".</summary>
    public static DeathRecord[] FinderVictims(int count, string names)
    {
        var finder = LinkageSamples.UniqueFinder();
        return [.. Enumerable.Range(0, count).Select(i => LinkageSamples.Victim(finder, i * 21, $"{names} {i}"))];
    }

    /// <summary>The team's death found last.</summary>
    public static Task<Guid> LatestCaseAsync(ServiceProvider services, Guid team) =>
        WithDbAsync(services, db => db.Cases.Where(c => c.TeamId == team).OrderByDescending(c => c.FoundAt).Select(c => c.Id).FirstAsync());
}
