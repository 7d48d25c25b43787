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
}
