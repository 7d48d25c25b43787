using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Cli;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>The bench's and the search reindex's contexts without the audit chain run on the internal service provider EF
/// already keeps for the verb's other contexts. Each made its own before, and EF refuses a process's twenty-first
/// configuration: in the whole test run, `vigil bench caselist` exited 1 (rounds 57 and 58).</summary>
[Collection(Vigil.Web.Tests.Features.Linkage.ConsoleCollection.Name)]
public sealed class UnauditedContextTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vigil-unaudited-").FullName;

    public UnauditedContextTests() => Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", Convert.ToBase64String(new byte[32]));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* best effort */ }
    }

    [Fact]
    public Task OnSqlite_TheUnauditedContexts_ShareTheVerbsEfServices() => AssertSharedAsync(Path.Combine(folder, "vigil.db"));

    [Fact]
    public async Task OnPostgres_TheUnauditedContexts_ShareTheVerbsEfServices()
    {
        var database = "vigil_unaudited_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresServer.CreateDatabaseAsync(database);
        await AssertSharedAsync($"{PostgresServer.ConnectionString};Database={database}");
    }

    private static async Task AssertSharedAsync(string database)
    {
        await using var services = CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = database });
        await DataSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        var audited = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        await using var plain = UnauditedContext.Create(services, database, "bench");
        await using var bulk = UnauditedContext.Create(services, database, "bench", bulk: true);
        // A singleton of EF's internal service provider: the same instance only on the same provider.
        Assert.Same(audited.GetService<IModelSource>(), plain.GetService<IModelSource>());
        Assert.Same(audited.GetService<IModelSource>(), bulk.GetService<IModelSource>());
        Assert.False(plain.BulkInserts);
        Assert.True(bulk.BulkInserts);
        // Still outside the chain: the bench's cases are saved with no audit entry.
        var entries = await audited.AuditEntries.CountAsync();
        await Vigil.Web.Features.Bench.BenchRun.Store(services).EnsureCasesAsync(3, default);
        Assert.Equal(3, await audited.Cases.CountAsync());
        Assert.Equal(entries, await audited.AuditEntries.CountAsync());
    }
}
